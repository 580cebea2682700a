"""The demo's tourism registry: the seed's tourism figures recorded, not typed.

- 83 scenic spots in the 33 poor counties, each granting visitors from Guangdong a ticket
  discount (free or half price) from a day of 2017, with no end;
- 28 tourism cooperation projects of the 5 kinds, agreed in 2017 in those counties with
  Guangdong;
- three tourist routes promoted through poor counties of Baise, Hechi and Chongzuo
  (illustrative: the seed names no route);
- monthly visitor reports of every spot for 2016 and 2017 whose visitors from Guangdong
  add up to the seed's 29,572,340 (2016) and 49,291,200 (2017), +66.68 %; all visitors
  are about four times those.

The totals are the seed's; which county, spot, name, grade, day and month each record
has is illustrative (spread as the other demo figures are, `values.spread`), and so
marked (spots and projects `illustrative`, their notes say so). Loading again records
nothing: each kind of record is made only when none of the demo's is there yet; the
records are written in bulk and the figures refreshed once (`sources.sync`).
"""

from __future__ import annotations

from datetime import date

from xiezuo.accounts.models import User
from xiezuo.indicators import sources
from xiezuo.places.models import Place
from xiezuo.tourism import services
from xiezuo.tourism.models import (
    Audience,
    Discount,
    DiscountKind,
    Grade,
    ProjectKind,
    Route,
    ScenicSpot,
    SpotKind,
    TourismProject,
    VisitorReport,
)

from .values import POOR_COUNTIES, A, months, spread

NOTE = "示意：景区名称、等级与所在县为演示而设，合计数为种子文章数字"
SPOTS = 83  # with discounts for Guangdong visitors, 2017
PROJECTS = 28  # agreed in 2017, of the 5 kinds
VISITORS = {"2016": 29_572_340, "2017": 49_291_200}  # from Guangdong
HELPER = "44"  # Guangdong: the helper side of the projects
GRADES = [Grade.AAAA, Grade.AAA, Grade.AAA, Grade.AA, Grade.AAAAA, Grade.NONE]
KINDS = [SpotKind.NATURAL, SpotKind.CULTURAL, SpotKind.RURAL, SpotKind.RED, SpotKind.NATURAL]
PROJECT_WORDS = {
    ProjectKind.ROUTES: "精品旅游线路开发",
    ProjectKind.PROMOTION: "粤桂旅游推介",
    ProjectKind.INVESTMENT: "景区提升投资",
    ProjectKind.TRAINING: "旅游从业人员培训",
    ProjectKind.BRAND: "旅游品牌营销",
}


def load_tourism(actor: User) -> int:
    """Record the demo's tourism registry; returns how many records were made."""
    counties = {p.code: p for p in Place.objects.filter(code__in=POOR_COUNTIES)}
    made = _spots(actor, counties)
    made += _projects(actor, counties)
    made += _visitors(actor)
    made += _routes(actor, counties)
    if made:
        sources.sync("tourism", places=set(counties))
    return made


# (name, prefecture whose poor counties it passes, promoted since)
ROUTES = [
    ("百色红色旅游精品线路", "4510", date(2017, 5, 1)),
    ("河池长寿养生旅游线路", "4512", date(2017, 9, 1)),
    ("崇左边关风情旅游线路", "4514", date(2018, 3, 1)),
]


def _routes(actor: User, counties: dict[str, Place]) -> int:
    if Route.objects.filter(illustrative=True, note=NOTE).exists():
        return 0
    for name, prefecture, since in ROUTES:
        passes = [p for code, p in sorted(counties.items()) if code.startswith(prefecture)][:4]
        services.route_create(
            actor=actor, name=name, places=passes, since=since, note=NOTE, illustrative=True
        )
    return len(ROUTES)


def _spots(actor: User, counties: dict[str, Place]) -> int:
    if ScenicSpot.objects.filter(illustrative=True, note=NOTE).exists():
        return 0
    spots = []
    number = 0
    for code, _year, n in spread(A("discount_scenic_spots", SPOTS, POOR_COUNTIES, "2017")):
        for k in range(n):
            number += 1
            spots.append(
                ScenicSpot(
                    name=f"{counties[code].name}景区（示意）{k + 1}号",
                    place=counties[code],
                    grade=GRADES[number % len(GRADES)],
                    kind=KINDS[number % len(KINDS)],
                    note=NOTE,
                    illustrative=True,
                    created_by=actor,
                )
            )
    ScenicSpot.objects.bulk_create(spots)
    saved = list(ScenicSpot.objects.filter(illustrative=True, note=NOTE).order_by("id"))
    Discount.objects.bulk_create(
        Discount(
            spot=spot,
            audience=Audience.HELPER_PROVINCE,
            kind=DiscountKind.FREE if i % 3 else DiscountKind.HALF_PRICE,
            valid_from=date(2017, 1 + i % 12, 1 + i % 28),
            note="示意：起始日期为演示而设",
            created_by=actor,
        )
        for i, spot in enumerate(saved)
    )
    return len(spots) * 2


def _projects(actor: User, counties: dict[str, Place]) -> int:
    if TourismProject.objects.filter(illustrative=True, note=NOTE).exists():
        return 0
    guangdong = Place.objects.get(code=HELPER)
    kinds = list(ProjectKind)
    projects = []
    number = 0
    for code, _year, n in spread(A("tourism_projects", PROJECTS, POOR_COUNTIES, "2017")):
        for _k in range(n):
            kind = kinds[number % len(kinds)]
            number += 1
            projects.append(
                TourismProject(
                    name=f"{counties[code].name}{PROJECT_WORDS[kind]}项目（示意）{number}号",
                    kind=kind,
                    place=counties[code],
                    helper_place=guangdong,
                    agreed_on=date(2017, 1 + number % 12, 1 + (number * 7) % 28),
                    note=NOTE,
                    illustrative=True,
                    created_by=actor,
                )
            )
    TourismProject.objects.bulk_create(projects)
    return len(projects)


def _visitors(actor: User) -> int:
    spots = list(ScenicSpot.objects.filter(illustrative=True, note=NOTE).order_by("id"))
    if VisitorReport.objects.filter(spot__in=spots).exists():
        return 0
    by_key = {f"{spot.place_id}:{spot.name}": spot for spot in spots}
    reports = []
    for year, total in VISITORS.items():
        cells = spread(
            A("guangdong_visitors", total, list(by_key), months(f"{year}01", f"{year}12"))
        )
        for key, period, helper in cells:
            reports.append(
                VisitorReport(
                    spot=by_key[key],
                    period=period,
                    helper_visitors=helper,
                    visitors=helper * 4 + int(period[-2:]) * 37,
                    created_by=actor,
                )
            )
    VisitorReport.objects.bulk_create(reports, batch_size=500)
    return len(reports)
