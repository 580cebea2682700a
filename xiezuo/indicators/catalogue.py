"""The catalogue shipped with Xiezuo: the figures an East–West cooperation is judged by.

Grouped by the assessment areas; it covers every figure of the seed article.
`catalogue_load()` creates or updates it (by code) and is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction

from .models import (
    DataElement,
    DataSet,
    Dimension,
    DimensionOption,
    Indicator,
    ValidationRule,
)

# code: (zh, en, [(option code, zh, en)])
DIMENSIONS: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {
    "poverty": (
        "贫困状况",
        "Poverty status",
        [
            ("poor", "建档立卡贫困人口", "Registered poor"),
            ("not_poor", "非贫困人口", "Not poor"),
        ],
    ),
    "direction": (
        "交流方向",
        "Direction",
        [
            ("to_helped", "帮扶方派往受援方", "Helper side to helped side"),
            ("to_helper", "受援方派往帮扶方", "Helped side to helper side"),
        ],
    ),
    "origin": (
        "来源地",
        "From",
        [
            ("poor_county", "贫困县", "A poor county"),
            ("other", "其他地区", "Elsewhere"),
        ],
    ),
    "sector": (
        "产业类别",
        "Sector",
        [
            ("agriculture", "农业", "Agriculture"),
            ("other", "其他产业", "Other sectors"),
        ],
    ),
    "school_level": (
        "学段",
        "School level",
        [
            ("high_school", "普通高中", "Senior high school"),
            ("vocational", "中等职业学校", "Vocational school"),
        ],
    ),
    "donor_origin": (
        "捐赠来源",
        "Donor from",
        [
            ("guangdong", "广东", "Guangdong"),
            ("other", "其他", "Elsewhere"),
        ],
    ),
    "donor_kind": (
        "捐赠者类别",
        "Donor",
        [
            ("enterprise", "企业", "Enterprise"),
            ("organisation", "社会组织", "Social organisation"),
            ("individual", "个人", "Individual"),
        ],
    ),
    "sex": ("性别", "Sex", [("female", "女", "Female"), ("male", "男", "Male")]),
    "channel": (
        "销售渠道",
        "Channel",
        [
            ("direct", "单位直接采购", "Bought directly"),
            ("platform_832", "832平台", "National 832 platform"),
            ("east_west", "东西部扶贫产品市场", "East–West product market"),
            ("ecommerce", "电商", "E-commerce"),
            ("fair", "展销会", "Sales fair"),
        ],
    ),
    "buyer_origin": (
        "采购方",
        "Buyer from",
        [
            ("helper", "帮扶方", "The helper side"),
            ("helped", "受援方", "The helped side"),
            ("other", "其他地区", "Elsewhere"),
        ],
    ),
    "destination": (
        "就业地",
        "Where employed",
        [
            ("helper", "帮扶方省份", "The helper province"),
            ("local", "本省", "The home province"),
            ("elsewhere", "其他地区", "Elsewhere"),
        ],
    ),
}


@dataclass(frozen=True)
class Element:
    code: str
    zh: str
    en: str
    value_type: str = "integer"
    aggregation: str = "sum"
    unit_zh: str = ""
    unit_en: str = ""
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Set:
    code: str
    zh: str
    en: str
    area: str
    period_type: str
    elements: list[Element] = field(default_factory=list)


E = Element
MONEY: dict[str, Any] = {"value_type": "money", "unit_zh": "元", "unit_en": "yuan"}
PEOPLE: dict[str, Any] = {"unit_zh": "人", "unit_en": "people"}
TIMES: dict[str, Any] = {"unit_zh": "人次", "unit_en": "person-times"}
COUNT: dict[str, Any] = {"unit_zh": "个", "unit_en": ""}
EVENTS: dict[str, Any] = {"unit_zh": "场", "unit_en": "events"}
CLASSES: dict[str, Any] = {"unit_zh": "期", "unit_en": "classes"}

DATA_SETS: list[Set] = [
    Set(
        "LEADERSHIP",
        "组织领导",
        "Organisation and leadership",
        "leadership",
        "Yearly",
        [
            E("joint_meetings", "联席会议", "Joint meetings", unit_zh="次", unit_en="meetings"),
            E(
                "leader_visits",
                "党政领导互访",
                "Visits of party and government leaders",
                unit_zh="次",
            ),
            E("work_items_done", "重点工作完成项数", "Key work items done", **COUNT),
        ],
    ),
    Set(
        "FUNDS",
        "帮扶资金",
        "Funds",
        "funds",
        "Yearly",
        [
            E("aid_money_goods", "广东援助款物", "Guangdong's aid in money and goods", **MONEY),
            E("fiscal_aid", "财政援助资金", "Fiscal aid", **MONEY),
            E("fiscal_aid_in_place", "财政援助资金到位", "Fiscal aid in place", **MONEY),
            E("fiscal_aid_disbursed", "财政援助资金拨付", "Fiscal aid disbursed", **MONEY),
            E("project_spending", "项目资金支出", "Spent by projects", **MONEY),
        ],
    ),
    Set(
        "INDUSTRY",
        "产业协作",
        "Industry",
        "industry",
        "Yearly",
        [
            E(
                "industry_events",
                "产业专项展销对接活动",
                "Industry fairs and matchmaking events",
                **EVENTS,
            ),
            E("projects_signed", "签约项目", "Projects signed", dimensions=("sector",), **COUNT),
            E(
                "planned_investment",
                "计划总投资",
                "Planned investment",
                dimensions=("sector",),
                **MONEY,
            ),
            E("investment_in_place", "招商引资到位资金", "Investment in place", **MONEY),
            E(
                "veg_base_area_intent",
                "蔬菜基地意向面积",
                "Vegetable base area (intent)",
                value_type="number",
                unit_zh="亩",
                unit_en="mu",
            ),
            E(
                "veg_supply_intent",
                "蔬菜年供应意向",
                "Vegetable supply a year (intent)",
                value_type="number",
                unit_zh="吨",
                unit_en="tonnes",
            ),
            E(
                "industrial_parks",
                "共建产业园区",
                "Industrial parks built together",
                aggregation="last",
                **COUNT,
            ),
            E(
                "investment_jobs",
                "签约项目带动就业",
                "Jobs created by signed projects",
                aggregation="last",
                dimensions=("poverty",),
                **PEOPLE,
            ),
            E("workshops", "帮扶车间", "Assistance workshops", aggregation="last", **COUNT),
            E(
                "workshop_employed",
                "帮扶车间吸纳就业",
                "People employed in assistance workshops",
                aggregation="last",
                dimensions=("poverty",),
                **PEOPLE,
            ),
        ],
    ),
    Set(
        "ZONE",
        "粤桂合作特别试验区",
        "Yue-Gui special cooperation zone",
        "industry",
        "SixMonthly",
        [
            E(
                "zone_enterprises",
                "入区企业",
                "Enterprises in the zone",
                aggregation="last",
                unit_zh="家",
            ),
            E(
                "zone_output",
                "累计工业总产值",
                "Industrial output to date",
                aggregation="last",
                **MONEY,
            ),
            E(
                "zone_investment_in_place",
                "累计招商引资到位资金",
                "Investment in place to date",
                aggregation="last",
                **MONEY,
            ),
        ],
    ),
    Set(
        "CONSUMPTION",
        "消费扶贫",
        "Consumption assistance",
        "consumption",
        "Yearly",
        [
            E(
                "market_stalls",
                "免租农产品批发市场档位",
                "Rent-free wholesale market stalls",
                aggregation="last",
                **COUNT,
            ),
            E("showrooms", "农产品展示销售中心", "Produce showrooms", aggregation="last", **COUNT),
            E(
                "supply_base_area",
                "供应基地面积",
                "Supply base area",
                value_type="number",
                aggregation="last",
                unit_zh="亩",
                unit_en="mu",
            ),
            E(
                "supply_cooperatives",
                "供应基地合作社",
                "Cooperatives in the supply bases",
                aggregation="last",
                unit_zh="家",
            ),
        ],
    ),
    # The sales and certification figures, per county and month (the facilities' stocks
    # above stay yearly: the seed states them per year; a month's figures add up to a year).
    Set(
        "CONSUMPTION_SALES",
        "消费扶贫销售",
        "Consumption assistance sales",
        "consumption",
        "Monthly",
        [
            E("sales_fairs", "农产品扶贫展销会", "Produce sales fairs", **EVENTS),
            E(
                "products_sold",
                "扶贫产品销售额",
                "Certified products sold",
                dimensions=("channel", "buyer_origin"),
                **MONEY,
            ),
            E(
                "uncertified_sales",
                "非认定产品销售额",
                "Sales of products not certified",
                dimensions=("channel", "buyer_origin"),
                **MONEY,
            ),
            E("products_certified", "新认定扶贫产品", "Products certified", **COUNT),
            E(
                "households_benefiting",
                "销售带动贫困户",
                "Poor households benefiting from sales",
                unit_zh="户",
                unit_en="households",
            ),
        ],
    ),
    Set(
        "LABOUR",
        "劳务协作",
        "Labour cooperation",
        "labour",
        "Monthly",
        [
            E("job_fairs", "扶贫劳务招聘会", "Job fairs", **EVENTS),
            E("training_classes", "培训班", "Training classes", **CLASSES),
            E("people_trained", "培训人次", "People trained", dimensions=("poverty",), **TIMES),
            E(
                "school_leaver_posts",
                "适合两后生的岗位信息",
                "Job posts for school leavers",
                **COUNT,
            ),
            E(
                "school_leaver_agreements",
                "两后生签订就业协议",
                "School leavers with employment agreements",
                dimensions=("poverty",),
                **PEOPLE,
            ),
            E(
                "workers_placed",
                "新增引导到广东就业",
                "Workers newly placed in Guangdong",
                dimensions=("poverty",),
                **PEOPLE,
            ),
            E(
                "out_of_poverty_by_job",
                "就业脱贫人数",
                "People out of poverty through employment",
                **PEOPLE,
            ),
            E(
                "workers_employed",
                "帮助实现就业",
                "Workers helped into jobs",
                dimensions=("destination", "poverty"),
                **PEOPLE,
            ),
            E(
                "stable_3_months",
                "稳定就业3个月以上",
                "In work 3 months on",
                dimensions=("poverty",),
                **PEOPLE,
            ),
            E(
                "stable_6_months",
                "稳定就业6个月以上",
                "In work 6 months on",
                dimensions=("poverty",),
                **PEOPLE,
            ),
        ],
    ),
    Set(
        "TALENT",
        "人才交流",
        "Talent exchange",
        "talent",
        "Yearly",
        [
            E(
                "cadres_seconded",
                "挂职干部",
                "Cadres seconded",
                dimensions=("direction", "origin"),
                **PEOPLE,
            ),
            E(
                "professionals_sent",
                "专业技术人才",
                "Professionals sent",
                dimensions=("direction",),
                **PEOPLE,
            ),
            E(
                "secondment_person_days",
                "挂职（服务）人天",
                "Person-days in post on secondment",
                dimensions=("direction",),
                unit_zh="人天",
                unit_en="person-days",
            ),
            E(
                "cadre_training_classes",
                "扶贫干部培训班",
                "Poverty-cadre training classes",
                **CLASSES,
            ),
            E("cadre_trainees", "扶贫干部培训人次", "Poverty cadres trained", **TIMES),
            E(
                "leader_training_classes",
                "致富带头人培训班",
                "Village business leader classes",
                **CLASSES,
            ),
            E("leader_trainees", "致富带头人培训人次", "Village business leaders trained", **TIMES),
            E(
                "intent_agreements",
                "种养意向书",
                "Planting and breeding intent agreements",
                unit_zh="份",
            ),
            E(
                "leaders_fostered",
                "培育创业致富带头人",
                "Village business leaders fostered",
                **PEOPLE,
            ),
        ],
    ),
    Set(
        "EDUCATION",
        "教育协作",
        "Education",
        "education",
        "Yearly",
        [
            E(
                "internship_bases",
                "在粤就业实习基地",
                "Internship bases in Guangdong enterprises",
                **COUNT,
            ),
            E(
                "university_staff_exchange",
                "高校教师进修挂职",
                "University staff on exchange",
                **PEOPLE,
            ),
            E(
                "undergraduates_studying",
                "在粤学习本科生",
                "Undergraduates studying in Guangdong",
                **PEOPLE,
            ),
            E(
                "students_funded",
                "资助贫困学生",
                "Poor students funded",
                dimensions=("school_level",),
                **PEOPLE,
            ),
            E(
                "principals_trained",
                "培训中职校长",
                "Vocational school principals trained",
                **PEOPLE,
            ),
            E("teachers_trained", "培训教师", "Teachers trained", **TIMES),
        ],
    ),
    Set(
        "HEALTH",
        "医疗协作",
        "Health",
        "health",
        "Yearly",
        [
            E(
                "hospitals_paired",
                "结对县级医院",
                "County hospitals paired",
                aggregation="last",
                unit_zh="家",
            ),
            E(
                "medical_staff_shadowing",
                "赴粤跟诊医务人员",
                "Medical staff shadowing in Guangdong",
                **PEOPLE,
            ),
            E(
                "medical_staff_exchange",
                "赴粤交流学习医务人员",
                "Medical staff on study exchange",
                **PEOPLE,
            ),
        ],
    ),
    Set(
        "TOURISM",
        "旅游协作",
        "Tourism cooperation",
        "tourism",
        "Yearly",
        [
            E("tourism_projects", "旅游扶贫协作项目", "Tourism cooperation projects", **COUNT),
            E(
                "discount_scenic_spots",
                "门票减免景区",
                "Scenic spots with ticket discounts",
                aggregation="last",
                **COUNT,
            ),
            E("guangdong_visitors", "接待广东游客", "Visitors from Guangdong", **TIMES),
        ],
    ),
    Set(
        "SOCIAL",
        "社会帮扶",
        "Social assistance",
        "social",
        "Monthly",
        [
            E("social_funds_raised", "募集社会帮扶资金", "Social assistance funds raised", **MONEY),
            E(
                "donation_cash",
                "捐款",
                "Donations in cash",
                dimensions=("donor_origin", "donor_kind"),
                **MONEY,
            ),
            E(
                "donation_goods",
                "捐物折款",
                "Donations in goods (value)",
                dimensions=("donor_origin",),
                **MONEY,
            ),
        ],
    ),
    Set(
        "COUNTY_PAIRING",
        "携手奔小康",
        "County pairing programme",
        "county_pairing",
        "Yearly",
        [
            E(
                "paired_counties",
                "结对贫困县",
                "Poor counties paired",
                aggregation="last",
                unit_zh="个",
            ),
            E(
                "paired_townships",
                "结对贫困乡镇",
                "Poor townships paired",
                aggregation="last",
                unit_zh="个",
            ),
            E(
                "paired_villages",
                "结对贫困村",
                "Poor villages paired",
                aggregation="last",
                unit_zh="个",
            ),
            E(
                "enterprises_in_villages",
                "村企结对企业",
                "Enterprises paired with villages",
                aggregation="last",
                unit_zh="家",
            ),
        ],
    ),
]

# code, zh, en, area, numerator, denominator, factor, unit
INDICATORS = [
    (
        "poor_share_trained",
        "培训人员中贫困人口占比",
        "Share of the poor among people trained",
        "labour",
        "people_trained[poverty=poor]",
        "people_trained",
        100,
        "%",
    ),
    (
        "investment_in_place_rate",
        "投资到位率",
        "Investment in place against plan",
        "industry",
        "investment_in_place",
        "planned_investment",
        100,
        "%",
    ),
    (
        "fiscal_aid_disbursement_rate",
        "财政援助资金拨付率",
        "Fiscal aid disbursed",
        "funds",
        "fiscal_aid_disbursed",
        "fiscal_aid_in_place",
        100,
        "%",
    ),
    (
        "placements_per_fair",
        "场均就业人数",
        "Workers placed per job fair",
        "labour",
        "workers_placed",
        "job_fairs",
        1,
        "人",
    ),
    (
        "investment_per_project",
        "项目平均计划投资",
        "Planned investment per project",
        "industry",
        "planned_investment",
        "projects_signed",
        1,
        "元",
    ),
]

# code, zh name, en name, left, operator, right, zh message, en message
VALIDATION_RULES = [
    ("disbursed_within_in_place", "拨付不超过到位资金", "Disbursed within funds in place",
     "fiscal_aid_disbursed", "<=", "fiscal_aid_in_place",
     "拨付资金不能多于到位资金", "Funds disbursed cannot exceed funds in place"),
    ("in_place_within_aid", "到位资金不超过援助资金", "Funds in place within fiscal aid",
     "fiscal_aid_in_place", "<=", "fiscal_aid",
     "到位资金不能多于财政援助资金", "Funds in place cannot exceed fiscal aid"),
    ("out_of_poverty_within_placed", "就业脱贫不超过贫困劳动力就业",
     "Out of poverty by a job within poor workers placed",
     "out_of_poverty_by_job", "<=", "workers_placed[poverty=poor]",
     "就业脱贫人数不能多于新增贫困劳动力就业人数",
     "People out of poverty by a job cannot exceed poor workers placed"),
    ("fostered_within_trained", "培育带头人不超过培训学员",
     "Leaders fostered within leaders trained",
     "leaders_fostered", "<=", "leader_trainees",
     "培育的致富带头人不能多于培训学员", "Leaders fostered cannot exceed leaders trained"),
    ("agreements_within_posts", "两后生协议不超过岗位", "School-leaver agreements within posts",
     "school_leaver_agreements", "<=", "school_leaver_posts",
     "签订就业协议的两后生不能多于岗位数",
     "School leavers with agreements cannot exceed the posts"),
]  # fmt: skip


M = TypeVar("M", bound=models.Model)


def _put(model: type[M], *, defaults: dict[str, Any], **lookup: Any) -> tuple[M, bool]:
    """As `update_or_create`, but an object already as wanted is not saved again: its
    `updated_at` (DHIS2's lastUpdated, what an incremental metadata sync asks for) stays."""
    found = model._default_manager.filter(**lookup).first()
    if found is None:
        return model._default_manager.create(**lookup, **defaults), True
    changed = [name for name, value in defaults.items() if getattr(found, name) != value]
    if changed:
        for name in changed:
            setattr(found, name, defaults[name])
        found.save()
    return found, False


def _set_members(owner: DataElement | DataSet, related: Any, wanted: list[Any]) -> None:
    """Set a many-to-many collection; a change is a change of its owner (DHIS2 keeps the
    collection in the object, so its lastUpdated moves)."""
    if {m.pk for m in related.all()} != {m.pk for m in wanted}:
        related.set(wanted)
        owner.save(update_fields=["updated_at"])


@transaction.atomic
def catalogue_load() -> int:
    """Create or update the catalogue; returns how many objects were created."""
    created = 0
    dimensions = {}
    for code, (zh, en, options) in DIMENSIONS.items():
        dimension, made = _put(Dimension, code=code, defaults={"name_zh": zh, "name_en": en})
        created += made
        dimensions[code] = dimension
        for order, (option_code, option_zh, option_en) in enumerate(options):
            _, made = _put(
                DimensionOption,
                dimension=dimension,
                code=option_code,
                defaults={
                    "name_zh": option_zh,
                    "name_en": option_en,
                    "sort_order": order,
                },
            )
            created += made
    for data_set_spec in DATA_SETS:
        data_set, made = _put(
            DataSet,
            code=data_set_spec.code,
            defaults={
                "name_zh": data_set_spec.zh,
                "name_en": data_set_spec.en,
                "period_type": data_set_spec.period_type,
            },
        )
        created += made
        for order, spec in enumerate(data_set_spec.elements):
            element, made = _put(
                DataElement,
                code=spec.code,
                defaults={
                    "name_zh": spec.zh,
                    "name_en": spec.en,
                    "area": data_set_spec.area,
                    "value_type": spec.value_type,
                    "aggregation": spec.aggregation,
                    "unit_zh": spec.unit_zh,
                    "unit_en": spec.unit_en,
                    "sort_order": order,
                },
            )
            created += made
            _set_members(element, element.dimensions, [dimensions[d] for d in spec.dimensions])
        _set_members(
            data_set,
            data_set.data_elements,
            list(DataElement.objects.filter(code__in=[e.code for e in data_set_spec.elements])),
        )
    for code, zh, en, area, numerator, denominator, factor, unit in INDICATORS:
        _, made = _put(
            Indicator,
            code=code,
            defaults={
                "name_zh": zh,
                "name_en": en,
                "area": area,
                "numerator": numerator,
                "denominator": denominator,
                "factor": factor,
                "unit_zh": unit,
                "unit_en": unit,
            },
        )
        created += made
    for code, zh, en, left, operator, right, message_zh, message_en in VALIDATION_RULES:
        _, made = _put(
            ValidationRule,
            code=code,
            defaults={
                "name_zh": zh,
                "name_en": en,
                "left": left,
                "operator": operator,
                "right": right,
                "message_zh": message_zh,
                "message_en": message_en,
            },
        )
        created += made
    return created
