"""The demo's investment registry: the seed's industry figures recorded, not typed.

- 4 industry fairs and matchmaking events in 2016–2017 (for Guangxi as a whole), and the
  investment promotion fair of 2018-05-08 in Shenzhen for Baise and Hechi;
- 61 projects signed to the end of 2017 (23 agricultural, 83.4亿元; 38 others, 193.1亿元)
  in the 33 poor counties, and the 6 agricultural projects of 56.7亿元 Baise and Hechi
  counties signed at the 2018 fair; 91.2亿元 of investment in place over 2016–2017;
- the 4 parks the seed names, and the Yue-Gui special cooperation zone at Wuzhou with
  286 enterprises at the end of 2017 and 320 by mid 2018, whose half-yearly returns add
  up to the seed's output (152.6亿元, 171.83亿元) and investment in place (70.12亿元,
  78.05亿元) to date;
- a few assistance workshops.

The totals are the seed's; which county, day, enterprise and name each record has is
illustrative (spread as the other demo figures are, `values.spread`), and so marked.
Loading again records nothing: each record is found by its name first.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from xiezuo.accounts.models import User
from xiezuo.investment import services
from xiezuo.investment.models import (
    IndustrialPark,
    InvestmentEvent,
    InvestmentProject,
    ParkKind,
    ParkReturn,
    Sector,
    Workshop,
)
from xiezuo.places.models import Organisation, Place

from .values import BAISE, HECHI, POOR_COUNTIES, A, spread

FEN = 100
# events: name, day, venue
EVENTS = [
    ("粤桂扶贫协作产业专项展销对接活动（示意）第一场", date(2016, 9, 20), "南宁"),
    ("粤桂扶贫协作产业专项展销对接活动（示意）第二场", date(2016, 11, 18), "深圳"),
    ("粤桂扶贫协作产业专项展销对接活动（示意）第三场", date(2017, 5, 16), "广州"),
    ("粤桂扶贫协作产业专项展销对接活动（示意）第四场", date(2017, 10, 26), "南宁"),
]
FAIR_2018 = ("百色、河池投资合作推介会", date(2018, 5, 8), "深圳")

# sector, projects, planned investment (yuan), counties, years
SIGNED = [
    (Sector.AGRICULTURE, 23, 8_340_000_000, POOR_COUNTIES, ["2016", "2017"]),
    (Sector.OTHER, 38, 19_310_000_000, POOR_COUNTIES, ["2016", "2017"]),
]
AGRI_2018 = (Sector.AGRICULTURE, 6, 5_670_000_000, BAISE + HECHI, ["2018"])
IN_PLACE = 9_120_000_000  # over the projects signed in 2016–2017

# name, kind, county, established on (illustrative)
PARKS = [
    ("德保静脉产业园", ParkKind.INDUSTRIAL, "451024", date(2018, 3, 1)),
    ("田东深百产业园", ParkKind.INDUSTRIAL, "451022", date(2018, 3, 15)),
    ("深圳靖西越南高平跨境产业园", ParkKind.CROSS_BORDER, "451081", date(2018, 4, 1)),
    ("深巴大健康特别试验区", ParkKind.INDUSTRIAL, "451227", date(2018, 4, 20)),
]
ZONE = "粤桂合作特别试验区"
ZONE_PLACE, ZONE_PARTNER, ZONE_SINCE = "4504", "4412", date(2014, 10, 1)
# half-year: enterprises in the zone, output to date, investment in place to date (yuan)
ZONE_RETURNS = [
    ("2017S2", 286, 15_260_000_000, 7_012_000_000),
    ("2018S1", 320, 17_183_000_000, 7_805_000_000),
]
WORKSHOPS = [  # county (its first township), name, run by, opened on, [(as of, employed, poor)]
    ("451024", "德保县扶贫车间（示意）一号", "深圳帮扶企业（示意）", date(2017, 6, 1),
     [(date(2017, 12, 31), 60, 35), (date(2018, 5, 31), 80, 46)]),
    ("451022", "田东县扶贫车间（示意）一号", "深圳帮扶企业（示意）", date(2017, 9, 1),
     [(date(2017, 12, 31), 40, 22)]),
    ("451227", "巴马县扶贫车间（示意）一号", "广东帮扶企业（示意）", date(2018, 3, 1),
     [(date(2018, 5, 31), 55, 30)]),
]  # fmt: skip


def split(total: int, keys: list[str], salt: str) -> dict[str, int]:
    """`total` split over `keys` in fixed, uneven shares that add up to it exactly."""
    shares = {key: 0 for key in keys}
    for key, _period, share in spread(A(salt, total, keys, "all")):
        shares[key] = share
    return shares


def _yuan(fen: int) -> Decimal:
    return (Decimal(fen) / FEN).quantize(Decimal("0.01"))


def _enterprises() -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            kind=Organisation.Kind.ENTERPRISE, side=Organisation.Side.HELPER, illustrative=True
        ).order_by("place__code", "name")
    )


def load_investment(actor: User) -> int:
    """Record the demo's investment registry; returns how many records were made."""
    made = _events(actor)
    made += _projects(actor)
    made += _parks(actor)
    made += _zone(actor)
    made += _workshops(actor)
    return made


def _events(actor: User) -> int:
    known = set(InvestmentEvent.objects.values_list("name", flat=True))
    guangxi = Place.objects.get(code="45")
    made = 0
    for name, day, venue in [*EVENTS, FAIR_2018]:
        if name in known:
            continue
        sourced = (name, day, venue) == FAIR_2018  # the seed's own words
        services.event_create(
            actor=actor, name=name, held_on=day, place=guangxi, venue=venue,
            organisers="" if sourced else "粤桂扶贫协作办公室（示意）",
            note="" if sourced else "示意：名称与日期为演示而设", illustrative=not sourced,
        )  # fmt: skip
        made += 1
    return made


def _planned(sector: str, n: int, total: int, counties: list[str], years: list[str]) -> list:
    """(county, day, sector, planned yuan, number) of each project of one batch."""
    cells = spread(A("projects_signed", n, counties, years, f"sector={sector}"))
    slots = []
    for county, year, count in cells:
        for k in range(count):
            slots.append((county, year, k))
    keys = [f"{c}:{y}:{k}" for c, y, k in slots]
    amounts = split(total * FEN, keys, f"planned:{sector}:{years[0]}")
    batch = []
    for number, ((county, year, k), key) in enumerate(zip(slots, keys, strict=True), start=1):
        month = 1 + (int(county[-2:]) + 3 * k) % 9  # January to September
        day = FAIR_2018[1] if year == "2018" else date(int(year), month, 10 + k % 15)
        batch.append((county, day, sector, _yuan(amounts[key]), number))
    return batch


def _projects(actor: User) -> int:
    known = set(InvestmentProject.objects.values_list("name", flat=True))
    enterprises = _enterprises()
    fair = InvestmentEvent.objects.get(name=FAIR_2018[0])
    rows = [row for batch in [*SIGNED, AGRI_2018] for row in _planned(*batch)]
    places = {p.code: p for p in Place.objects.filter(code__in={r[0] for r in rows})}
    words = {Sector.AGRICULTURE: "农业", Sector.OTHER: "产业"}
    made = 0
    projects = []
    for i, (county, day, sector, planned, number) in enumerate(rows):
        name = f"{places[county].name}{day.year}年{words[sector]}签约项目（示意）{number}号"
        project = InvestmentProject.objects.filter(name=name).first() if name in known else None
        if project is None:
            project = services.project_create(
                actor=actor, name=name, enterprise=enterprises[i % len(enterprises)],
                place=places[county], sector=sector, signed_on=day, planned_investment=planned,
                event=fair if day == FAIR_2018[1] else None, jobs_expected=50 + (i * 37) % 250,
                benefit_mechanism="示意：优先吸纳建档立卡贫困户就业，带动贫困户增收",
                illustrative=True,
            )  # fmt: skip
            made += 1
        projects.append(project)
    return made + _in_place(actor, [p for p in projects if p.signed_on.year < 2018])


def _in_place(actor: User, projects: list[InvestmentProject]) -> int:
    """91.2亿元 over the projects of 2016–2017, in proportion to plan, 60 days after signing;
    and each project's jobs at the end of 2017 (illustrative)."""
    keys = [p.uid for p in projects]
    amounts = split(IN_PLACE * FEN, keys, "in_place")
    made = 0
    for i, project in enumerate(projects):
        if project.in_place.exists():
            continue
        services.in_place_record(
            actor=actor, project=project, amount=_yuan(amounts[project.uid]),
            on=min(project.signed_on + timedelta(days=60), date(2017, 12, 31)),
            voucher=f"示意-到位-{project.uid}", note="示意：到位金额合计为种子文章数字",
        )  # fmt: skip
        jobs = project.jobs_expected // 2
        services.job_report_record(
            actor=actor, project=project, on=date(2017, 12, 31), jobs=jobs, poor=jobs // 3 + i % 5
        )
        made += 2
    return made


def _parks(actor: User) -> int:
    known = set(IndustrialPark.objects.values_list("name", flat=True))
    shenzhen = Place.objects.get(code="4403")
    made = 0
    for name, kind, county, since in PARKS:
        if name in known:
            continue
        services.park_create(
            actor=actor, name=name, kind=kind, place=Place.objects.get(code=county),
            established_on=since, partner_places=[shenzhen],
            note="名称见种子文章；设立日期为演示而设", illustrative=True,
        )  # fmt: skip
        made += 1
    return made


def _zone(actor: User) -> int:
    """The zone, its enterprises (286 to the end of 2017, 34 more by mid 2018) and their
    half-yearly returns: each enterprise's figures to date grow, and add up to the seed's."""
    made = 0
    zone = IndustrialPark.objects.filter(name=ZONE).first()
    if zone is None:
        zone = services.park_create(
            actor=actor, name=ZONE, kind=ParkKind.SPECIAL_ZONE,
            place=Place.objects.get(code=ZONE_PLACE), established_on=ZONE_SINCE,
            partner_places=[Place.objects.get(code=ZONE_PARTNER)],
            note="名称与数字见种子文章；设立日期与入区企业为演示而设", illustrative=True,
        )  # fmt: skip
        made += 1
    output: dict[str, int] = {}
    investment: dict[str, int] = {}
    previous_n = 0
    previous_output = previous_investment = 0
    for period, n, output_total, investment_total in ZONE_RETURNS:
        if zone.enterprises.count() < n:
            year = int(period[:4])
            first = ZONE_SINCE if previous_n == 0 else date(year, 1, 1)
            span = (date(year, 12, 31) if period.endswith("S2") else date(year, 6, 30)) - first
            services.park_enterprises_add(
                actor=actor, park=zone,
                enterprises=[
                    services.EnterpriseDetails(
                        name=f"试验区入区企业（示意）{k:03d}号",
                        entered_on=first + timedelta(days=(k * 97) % span.days),
                        illustrative=True,
                    )
                    for k in range(previous_n + 1, n + 1)
                ],
            )  # fmt: skip
            made += n - previous_n
        enterprises = list(zone.enterprises.order_by("name")[:n])
        names = [e.name for e in enterprises]
        more_output = split((output_total - previous_output) * FEN, names, f"output:{period}")
        more_investment = split(
            (investment_total - previous_investment) * FEN, names, f"investment:{period}"
        )
        for name in names:
            output[name] = output.get(name, 0) + more_output[name]
            investment[name] = investment.get(name, 0) + more_investment[name]
        if not ParkReturn.objects.filter(enterprise__park=zone, period=period).exists():
            services.park_returns_record(
                actor=actor, park=zone, period=period,
                returns=[
                    services.ReturnDetails(e, _yuan(output[e.name]), _yuan(investment[e.name]))
                    for e in enterprises
                ],
            )  # fmt: skip
            made += len(enterprises)
        previous_n, previous_output, previous_investment = n, output_total, investment_total
    return made


def _workshops(actor: User) -> int:
    known = set(Workshop.objects.values_list("name", flat=True))
    made = 0
    for county, name, run_by, opened_on, reports in WORKSHOPS:
        if name in known:
            continue
        township = Place.objects.filter(parent__code=county).order_by("code").first()
        assert township is not None, county
        workshop = services.workshop_create(
            actor=actor, name=name, place=township, enterprise_name=run_by,
            opened_on=opened_on, illustrative=True,
        )  # fmt: skip
        for on, employed, poor in reports:
            services.workshop_report_record(
                actor=actor, workshop=workshop, on=on, employed=employed, poor=poor
            )
        made += 1 + len(reports)
    return made
