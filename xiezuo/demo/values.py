"""The demo programme's reported figures, 1996–2018, built so that the seed's figures
come out of the analytics exactly.

Each allocation spreads a total over places and periods with fixed,
uneven weights (the same every run), so that the places report different
numbers that add up to the seed's. Which place and month a figure is split
into is illustrative; the totals are the seed article's, and the fiscal aid
of 2016–2018 comes from the sources in shared/data/cooperation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from xiezuo import periods

SEED = "广西日报 2018-06-14《携手共圆小康梦》"

POOR_COUNTIES = [
    "450123", "450124", "450125", "450224", "450225", "450226", "450328", "450329",
    "451003", "451022", "451024", "451026", "451027", "451028", "451029", "451030",
    "451031", "451081", "451121", "451123", "451223", "451224", "451225", "451226",
    "451227", "451228", "451229", "451321", "451324", "451422", "451423", "451424", "451425",
]  # fmt: skip
BAISE = [c for c in POOR_COUNTIES if c.startswith("4510")]
HECHI = [c for c in POOR_COUNTIES if c.startswith("4512")]
EIGHT_CITIES = ["4501", "4502", "4503", "4510", "4511", "4512", "4513", "4514"]


def months(first: str, last: str) -> list[str]:
    return [p.id for p in periods.between(periods.parse(first), periods.parse(last))]


def years(first: int, last: int) -> list[str]:
    return [str(y) for y in range(first, last + 1)]


LABOUR = months("201701", "201803")  # labour cooperation to March 2018


@dataclass(frozen=True)
class Allocation:
    element: str
    total: int
    places: tuple[str, ...]
    periods: tuple[str, ...]
    disaggregation: str = ""
    # Allocations with the same weight key are split in the same proportions, so
    # that figures tied by a validation rule (disbursed ≤ in place) hold everywhere.
    weight_key: str = ""


def A(
    element: str,
    total: int,
    places: list[str] | str,
    period_ids: list[str] | str,
    disaggregation: str = "",
    weight_key: str = "",
) -> Allocation:
    places_t = (places,) if isinstance(places, str) else tuple(places)
    periods_t = (period_ids,) if isinstance(period_ids, str) else tuple(period_ids)
    return Allocation(element, total, places_t, periods_t, disaggregation, weight_key)


ALLOCATIONS: list[Allocation] = [
    # Organisation and leadership: the third joint meeting was in May 2018.
    A("joint_meetings", 3, "45", ["2016", "2017", "2018"]),
    # Funds: 20+ 亿元 of money and goods from Guangdong since 1996.
    A("aid_money_goods", 2_036_000_000, "45", years(1996, 2018)),
    # Fiscal aid is not typed: it comes from the fund ledger (FISCAL below, demo/ledger.py).
    # Industry: the fairs, signed projects, investment in place, parks and the special
    # cooperation zone are not typed: they come from the investment registry
    # (demo/investment.py). Hezhou's vegetable base (intent, 2017) has no registry.
    A("veg_base_area_intent", 120_000, "4511", "2017"),
    A("veg_supply_intent", 250_000, "4511", "2017"),
    # Consumption assistance in Shenzhen for Baise and Hechi (2018) is not typed: its
    # stalls, showroom, supply bases, cooperatives and fairs are records (demo/consumption.py).
    # Labour cooperation to March 2018.
    # Labour cooperation is not typed: job fairs, training classes, people trained, school
    # leavers' agreements and posts, placements and the exits from poverty through a job are
    # records of the labour registries (PLACED … below, demo/labour.py).
    # Talent exchange, 2017: the cadres and professionals seconded each way are not typed:
    # they are secondments of the exchange registry (demo/exchange.py).
    A("cadre_training_classes", 3, "45", "2017"),
    A("cadre_trainees", 227, "45", "2017"),
    # Village business leaders: the Shanglin pilot, 2016–2017.
    A("leader_training_classes", 2, "450125", "2016"),
    A("leader_training_classes", 5, "450125", "2017"),
    A("leader_trainees", 220, "450125", "2016"),
    A("leader_trainees", 483, "450125", "2017"),
    A("intent_agreements", 954, "450125", "2017"),
    A("leaders_fostered", 96, "450125", "2016"),
    A("leaders_fostered", 120, "450125", "2017"),
    # Education, 2018.
    A("internship_bases", 14, "45", "2018"),
    A("undergraduates_studying", 56, "450107", "2018"),
    A("students_funded", 750, POOR_COUNTIES, "2018", "school_level=high_school"),
    A("students_funded", 238, POOR_COUNTIES, "2018", "school_level=vocational"),
    A("principals_trained", 50, "45", "2018"),
    # Health, 2018: medical staff shadowing and on study exchange, and (education) the
    # university staff at SCUT, are not typed: they are short visits of the talent exchange
    # (demo/exchange_visits.py).
    # Tourism: the projects, the scenic spots with discounts and the visitors from Guangdong
    # are not typed: they come from the tourism registry (demo/tourism.py).
    # Social assistance.
    A("social_funds_raised", 183_000_000, EIGHT_CITIES, months("201601", "201805")),
    # Donations are not typed: they come from the donation register (demo/donations.py).
]


# The fiscal aid the demo's ledger records (demo/ledger.py), by county and year: pledged
# by the helper city (财政援助资金), received in the county (到位), paid to its projects (拨付).
FISCAL: list[Allocation] = [
    # Shenzhen gave 1,000万元 per Baise poor county a year in 2016–17 (sourced).
    *[A("fiscal_aid", 10_000_000, c, y) for c in BAISE for y in ("2016", "2017")],
    A("fiscal_aid", 1_033_000_000, POOR_COUNTIES, "2018", weight_key="fiscal"),  # to July 2018
    A("fiscal_aid_in_place", 985_000_000, POOR_COUNTIES, "2018", weight_key="fiscal"),
    A("fiscal_aid_disbursed", 812_000_000, POOR_COUNTIES, "2018", weight_key="fiscal"),
]


def _weight(*parts: str) -> int:
    digest = hashlib.blake2b(":".join(parts).encode(), digest_size=2).digest()
    return 1 + int.from_bytes(digest, "big") % 7


# recorded as placements of synthetic poor workers (demo/labour.py), not typed
PLACED = A("workers_placed", 55_900, POOR_COUNTIES, LABOUR, "poverty=poor", weight_key="placed")

# recorded as job fairs, training classes with their trainees (synthetic workers) and
# school leavers with agreements (demo/labour.py `load_training`), not typed
FAIRS = A("job_fairs", 135, POOR_COUNTIES, LABOUR)
CLASSES = A("training_classes", 237, POOR_COUNTIES, LABOUR)
TRAINED = [
    A("people_trained", 14_062, POOR_COUNTIES, LABOUR, "poverty=poor"),
    A("people_trained", 4_016, POOR_COUNTIES, LABOUR, "poverty=not_poor"),
]
LEAVER_AGREEMENTS = A("school_leaver_agreements", 949, POOR_COUNTIES, LABOUR, "poverty=poor")
# recorded as postings for school leavers offered to the poor counties (their openings)
LEAVER_POSTS = A("school_leaver_posts", 50_036, POOR_COUNTIES, LABOUR)
# recorded as exits from poverty through the job of a demo placement; split as the
# placements are, so that no county has more exits than placements in a month
OUT_OF_POVERTY = A("out_of_poverty_by_job", 17_028, POOR_COUNTIES, LABOUR, weight_key="placed")


def spread(allocation: Allocation) -> Iterator[tuple[str, str, int]]:
    """(place, period, value) whose values add up to the allocation's total exactly."""
    cells = [(p, t) for p in allocation.places for t in allocation.periods]
    key = allocation.weight_key or f"{allocation.element}:{allocation.disaggregation}"
    weights = [_weight(key, p, t) for p, t in cells]
    whole = sum(weights)
    # Largest remainders: each cell gets the whole part of its share, and the
    # units left go to the cells with the largest fractions (by weight order).
    shares = [allocation.total * w // whole for w in weights]
    fractions = sorted(
        range(len(cells)), key=lambda i: (-(allocation.total * weights[i] % whole), i)
    )
    for i in fractions[: allocation.total - sum(shares)]:
        shares[i] += 1
    for (place, period), share in zip(cells, shares, strict=True):
        if share:
            yield place, period, share


def demo_values() -> Iterator[tuple[str, str, str, str, Decimal]]:
    """(element, place, period, disaggregation, value) of every demo value."""
    for allocation in ALLOCATIONS:
        for place, period, value in spread(allocation):
            yield allocation.element, place, period, allocation.disaggregation, Decimal(value)


@dataclass(frozen=True)
class SeedFigure:
    """A figure the seed quotes, and the query that must give it."""

    code: str
    group: str
    label_zh: str
    label_en: str
    item: str
    places: tuple[str, ...]
    periods: tuple[str, ...]
    seed_text: str
    seed_value: Decimal
    at_least: bool = False  # the seed says "more than" (多): the value may exceed it
    growth: bool = False  # the figure is growth against the periods just before


def F(
    code: str,
    group: str,
    zh: str,
    en: str,
    item: str,
    places: list[str] | str,
    period_ids: list[str] | str,
    seed_text: str,
    seed_value: float | int | str,
    at_least: bool = False,
    growth: bool = False,
) -> SeedFigure:
    return SeedFigure(
        code,
        group,
        zh,
        en,
        item,
        (places,) if isinstance(places, str) else tuple(places),
        (period_ids,) if isinstance(period_ids, str) else tuple(period_ids),
        seed_text,
        Decimal(str(seed_value)),
        at_least,
        growth,
    )


FIGURES: list[SeedFigure] = [
    F(
        "aid_since_1996",
        "funds",
        "广东援助广西款物（1996年以来）",
        "Guangdong's aid in money and goods since 1996",
        "aid_money_goods",
        "45",
        years(1996, 2018),
        "20多亿元",
        2_000_000_000,
        at_least=True,
    ),
    F(
        "joint_meetings",
        "leadership",
        "粤桂扶贫协作联席会议（至2018年）",
        "Joint meetings to 2018",
        "joint_meetings",
        "45",
        years(2016, 2018),
        "第三次联席会议",
        3,
    ),
    F(
        "industry_events",
        "industry",
        "产业专项展销、对接活动（至2017年底）",
        "Industry fairs and matchmaking to end 2017",
        "industry_events",
        "45",
        ["2016", "2017"],
        "4场",
        4,
    ),
    F(
        "projects_signed",
        "industry",
        "签约项目（至2017年底）",
        "Projects signed to end 2017",
        "projects_signed",
        "45",
        ["2016", "2017"],
        "61个",
        61,
    ),
    F(
        "planned_investment",
        "industry",
        "签约项目计划总投资（至2017年底）",
        "Planned investment to end 2017",
        "planned_investment",
        "45",
        ["2016", "2017"],
        "276.5亿元",
        27_650_000_000,
    ),
    F(
        "agri_projects_2018",
        "industry",
        "百色、河池深圳推介会引进农业产业项目（2018年）",
        "Agricultural projects Baise and Hechi brought in (2018)",
        "projects_signed[sector=agriculture]",
        ["4510", "4512"],
        "2018",
        "6个",
        6,
    ),
    F(
        "agri_investment_2018",
        "industry",
        "其中计划总投资",
        "Their planned investment",
        "planned_investment[sector=agriculture]",
        ["4510", "4512"],
        "2018",
        "56.7亿元",
        5_670_000_000,
    ),
    F(
        "veg_base_area",
        "industry",
        "贺州“菜篮子”基地意向面积（2017年）",
        "Hezhou vegetable base (intent, 2017)",
        "veg_base_area_intent",
        "4511",
        "2017",
        "12万亩",
        120_000,
    ),
    F(
        "veg_supply",
        "industry",
        "年供应广东蔬菜意向",
        "Vegetables for Guangdong a year (intent)",
        "veg_supply_intent",
        "4511",
        "2017",
        "25万吨以上",
        250_000,
        at_least=True,
    ),
    F(
        "zone_enterprises",
        "industry",
        "粤桂合作特别试验区入区企业（2018年上半年）",
        "Enterprises in the special zone (mid 2018)",
        "zone_enterprises",
        "4504",
        "2018S1",
        "320家",
        320,
    ),
    F(
        "zone_output",
        "industry",
        "试验区完成工业总产值",
        "The zone's industrial output",
        "zone_output",
        "4504",
        "2018S1",
        "171.83亿元",
        17_183_000_000,
    ),
    F(
        "zone_investment",
        "industry",
        "试验区招商引资到位资金",
        "Investment in place in the zone",
        "zone_investment_in_place",
        "4504",
        "2018S1",
        "78.05亿元",
        7_805_000_000,
    ),
    F(
        "market_stalls",
        "consumption",
        "深圳免租农产品批发市场档位（2018年）",
        "Rent-free market stalls in Shenzhen (2018)",
        "market_stalls",
        "45",
        "2018",
        "4个",
        4,
    ),
    F(
        "supply_base_area",
        "consumption",
        "中央大厨房供应基地面积",
        "Central-kitchen supply base area",
        "supply_base_area",
        "45",
        "2018",
        "5.12万亩",
        51_200,
    ),
    F(
        "supply_cooperatives",
        "consumption",
        "供应基地合作社",
        "Cooperatives in the supply bases",
        "supply_cooperatives",
        "45",
        "2018",
        "13家",
        13,
    ),
    F(
        "job_fairs",
        "labour",
        "扶贫劳务招聘会（至2018年3月）",
        "Job fairs to March 2018",
        "job_fairs",
        "45",
        LABOUR,
        "135场",
        135,
    ),
    F(
        "training_classes",
        "labour",
        "培训班",
        "Training classes",
        "training_classes",
        "45",
        LABOUR,
        "237期",
        237,
    ),
    F(
        "people_trained",
        "labour",
        "培训人次",
        "People trained",
        "people_trained",
        "45",
        LABOUR,
        "1.8万多人次",
        18_000,
        at_least=True,
    ),
    F(
        "poor_trained",
        "labour",
        "其中贫困人口",
        "of them poor",
        "people_trained[poverty=poor]",
        "45",
        LABOUR,
        "1.4万多人次",
        14_000,
        at_least=True,
    ),
    F(
        "school_leaver_posts",
        "labour",
        "适合“两后生”的岗位信息",
        "Job posts for school leavers",
        "school_leaver_posts",
        "45",
        LABOUR,
        "5万多个",
        50_000,
        at_least=True,
    ),
    F(
        "school_leaver_agreements",
        "labour",
        "贫困家庭“两后生”签订就业协议",
        "School leavers from poor families with employment agreements",
        "school_leaver_agreements[poverty=poor]",
        "45",
        LABOUR,
        "949名",
        949,
    ),
    F(
        "workers_placed",
        "labour",
        "新增引导贫困劳动力到广东就业",
        "Poor workers newly placed in Guangdong",
        "workers_placed[poverty=poor]",
        "45",
        LABOUR,
        "5.59万",
        55_900,
    ),
    F(
        "out_of_poverty_by_job",
        "labour",
        "帮助实现就业脱贫",
        "People out of poverty through employment",
        "out_of_poverty_by_job",
        "45",
        LABOUR,
        "1.7万多人",
        17_000,
        at_least=True,
    ),
    F(
        "cadres_to_guangxi",
        "talent",
        "广东选派来桂挂职干部（2017年）",
        "Cadres seconded from Guangdong (2017)",
        "cadres_seconded[direction=to_helped]",
        "45",
        "2017",
        "71名",
        71,
    ),
    F(
        "professionals",
        "talent",
        "广东选派专业技术人才",
        "Professionals sent from Guangdong",
        "professionals_sent[direction=to_helped]",
        "45",
        "2017",
        "162名",
        162,
    ),
    F(
        "cadres_to_guangdong",
        "talent",
        "广西选派到广东挂职干部",
        "Cadres seconded to Guangdong",
        "cadres_seconded[direction=to_helper]",
        "45",
        "2017",
        "92名",
        92,
    ),
    F(
        "cadres_from_poor_counties",
        "talent",
        "其中贫困县党政干部",
        "of them from poor counties",
        "cadres_seconded[direction=to_helper;origin=poor_county]",
        "45",
        "2017",
        "33名",
        33,
    ),
    F(
        "cadre_classes",
        "talent",
        "扶贫干部培训班",
        "Poverty-cadre training classes",
        "cadre_training_classes",
        "45",
        "2017",
        "3期",
        3,
    ),
    F(
        "cadre_trainees",
        "talent",
        "培训扶贫干部、业务骨干",
        "Cadres trained",
        "cadre_trainees",
        "45",
        "2017",
        "227人次",
        227,
    ),
    F(
        "leader_classes",
        "talent",
        "贫困村致富带头人培训班（2017年）",
        "Village leader classes (2017)",
        "leader_training_classes",
        "45",
        "2017",
        "5期",
        5,
    ),
    F(
        "leader_trainees",
        "talent",
        "培训学员",
        "Village leaders trained",
        "leader_trainees",
        "45",
        "2017",
        "483人次",
        483,
    ),
    F(
        "intent_agreements",
        "talent",
        "签订种植养殖意向书",
        "Intent agreements",
        "intent_agreements",
        "45",
        "2017",
        "954份",
        954,
    ),
    F(
        "shanglin_classes",
        "talent",
        "上林县试点培训班（2016—2017年）",
        "Shanglin pilot classes (2016–17)",
        "leader_training_classes",
        "450125",
        ["2016", "2017"],
        "7期",
        7,
    ),
    F(
        "shanglin_trainees",
        "talent",
        "上林县试点培训学员",
        "Shanglin pilot trainees",
        "leader_trainees",
        "450125",
        ["2016", "2017"],
        "700多人",
        700,
        at_least=True,
    ),
    F(
        "shanglin_agreements",
        "talent",
        "上林县试点签订种养意向书",
        "Shanglin pilot intent agreements",
        "intent_agreements",
        "450125",
        ["2016", "2017"],
        "954份",
        954,
    ),
    F(
        "shanglin_leaders",
        "talent",
        "培育创业致富带头人",
        "Village business leaders fostered",
        "leaders_fostered",
        "450125",
        ["2016", "2017"],
        "216人",
        216,
    ),
    F(
        "internship_bases",
        "education",
        "在广东优质企业建立就业实习基地（2018年）",
        "Internship bases in Guangdong (2018)",
        "internship_bases",
        "45",
        "2018",
        "14个",
        14,
    ),
    F(
        "university_staff",
        "education",
        "广西大学赴华南理工大学进修挂职",
        "Guangxi University staff at SCUT",
        "university_staff_exchange",
        "45",
        "2018",
        "6名",
        6,
    ),
    F(
        "undergraduates",
        "education",
        "在华南理工大学学习的本科生",
        "Undergraduates studying at SCUT",
        "undergraduates_studying",
        "45",
        "2018",
        "56名",
        56,
    ),
    F(
        "high_school_funded",
        "education",
        "资助贫困高中生",
        "Poor high-school students funded",
        "students_funded[school_level=high_school]",
        "45",
        "2018",
        "750人",
        750,
    ),
    F(
        "vocational_funded",
        "education",
        "资助贫困职校生",
        "Poor vocational students funded",
        "students_funded[school_level=vocational]",
        "45",
        "2018",
        "238人",
        238,
    ),
    F(
        "principals",
        "education",
        "培训中职校长",
        "Vocational school principals trained",
        "principals_trained",
        "45",
        "2018",
        "50名",
        50,
    ),
    F(
        "hospitals_paired",
        "health",
        "县级综合医院与广东医院结对",
        "County hospitals paired with Guangdong hospitals",
        "hospitals_paired",
        "45",
        "2018",
        "15家",
        15,
    ),
    F(
        "shadowing_baise",
        "health",
        "百色赴深圳跟诊医务人员",
        "Baise medical staff shadowing in Shenzhen",
        "medical_staff_shadowing",
        "4510",
        "2018",
        "45名",
        45,
    ),
    F(
        "shadowing_hechi",
        "health",
        "河池赴深圳跟诊医务人员",
        "Hechi medical staff shadowing in Shenzhen",
        "medical_staff_shadowing",
        "4512",
        "2018",
        "45名",
        45,
    ),
    F(
        "exchange_jingxi_napo",
        "health",
        "靖西、那坡赴龙岗交流学习医务人员",
        "Jingxi and Napo staff at Longgang",
        "medical_staff_exchange",
        ["451081", "451026"],
        "2018",
        "65名",
        65,
    ),
    F(
        "tourism_projects",
        "tourism",
        "旅游扶贫协作实施项目",
        "Tourism cooperation projects",
        "tourism_projects",
        "45",
        "2017",
        "28个",
        28,
    ),
    F(
        "scenic_spots",
        "tourism",
        "对广东游客门票减免景区",
        "Scenic spots with discounts for Guangdong visitors",
        "discount_scenic_spots",
        "45",
        "2017",
        "83个",
        83,
    ),
    F(
        "visitors",
        "tourism",
        "广西接待广东游客（2017年）",
        "Visitors from Guangdong (2017)",
        "guangdong_visitors",
        "45",
        "2017",
        "4929.12万人次",
        49_291_200,
    ),
    F(
        "visitors_growth",
        "tourism",
        "同比增长",
        "Growth on 2016",
        "guangdong_visitors",
        "45",
        "2017",
        "66.68%",
        "66.68",
        growth=True,
    ),
    F(
        "social_funds",
        "social",
        "募集社会帮扶资金（至2018年）",
        "Social assistance funds raised to 2018",
        "social_funds_raised",
        "45",
        months("201601", "201812"),
        "1.83亿元",
        183_000_000,
    ),
    F(
        "enterprise_donation",
        "social",
        "一家企业捐赠深百小镇易地扶贫搬迁",
        "One enterprise's donation to the relocation town",
        "donation_cash[donor_kind=enterprise]",
        "451003",
        months("201801", "201812"),
        "1亿元",
        100_000_000,
    ),
    F(
        "evening_cash",
        "social",
        "“牵手百色，教育扶贫”慈善晚会捐款",
        "Baise education charity evening: cash",
        "donation_cash",
        "4510",
        "201805",
        "2300多万元",
        23_000_000,
        at_least=True,
    ),
    F(
        "evening_goods",
        "social",
        "晚会捐赠教学物资",
        "Charity evening: teaching goods",
        "donation_goods",
        "4510",
        "201805",
        "2200多万元",
        22_000_000,
        at_least=True,
    ),
    F(
        "evening_guangdong",
        "social",
        "其中广东方面捐款",
        "of the cash, from Guangdong",
        "donation_cash[donor_origin=guangdong]",
        "4510",
        "201805",
        "2000多万元",
        20_000_000,
        at_least=True,
    ),
    F(
        "retired_official",
        "social",
        "一位退休老同志个人累计捐款",
        "One retired official's personal donations",
        "donation_cash[donor_kind=individual]",
        "4510",
        months("200901", "201712"),
        "19万元",
        190_000,
    ),
    F(
        "paired_counties",
        "county_pairing",
        "结对贫困县",
        "Poor counties paired",
        "paired_counties",
        "45",
        "2018",
        "33个",
        33,
    ),
    F(
        "paired_townships",
        "county_pairing",
        "结对贫困乡镇",
        "Poor townships paired",
        "paired_townships",
        "45",
        "2018",
        "82个",
        82,
    ),
    F(
        "paired_villages",
        "county_pairing",
        "结对贫困村",
        "Poor villages paired",
        "paired_villages",
        "45",
        "2018",
        "106个",
        106,
    ),
]
