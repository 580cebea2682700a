"""The demo project library: a few projects in Guangxi's poor counties.

The seed names the 深百小镇 relocation project and the 1亿元 Shenzhen's
Tencent gave to it; its other details, and the other projects (Debao's
2018 programme with two sub-projects, an industrial park in Tiandong still
being prepared), are invented and flagged illustrative. Loading is
idempotent: a project is known by its name and left alone once there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xiezuo.accounts.models import User
from xiezuo.places.models import Organisation, Place
from xiezuo.projects import services
from xiezuo.projects.models import Project

from .plans import SEED


@dataclass(frozen=True)
class DemoProject:
    name: str
    kind: str
    locations: tuple[str, ...]
    implementing: str
    partners: tuple[str, ...]
    planned: tuple[date, date]
    budget: tuple[tuple[str, str], ...] = ()
    households: int | None = None
    people: int | None = None
    mechanism: str = ""
    parent: str = ""
    steps: tuple[tuple[str, date], ...] = ()
    published: bool = False
    source: str = ""
    proposed_on: date = date(2018, 1, 15)


SHENZHEN = "深圳市对口帮扶办公室"
DEBAO_OFFICE = "德保县扶贫开发办公室"
BAISE_OFFICE = "百色市扶贫开发办公室"
DEBAO_PROGRAMME = "德保县2018年东西部扶贫协作项目"

PROJECTS = [
    DemoProject(
        name="深百小镇易地扶贫搬迁项目",
        kind="relocation",
        locations=("451003",),
        implementing=BAISE_OFFICE,
        partners=("深圳市腾讯计算机系统有限公司", SHENZHEN),
        planned=(date(2017, 6, 1), date(2019, 6, 30)),
        budget=(("social", "100000000"),),
        households=1200,
        people=5000,
        mechanism="搬迁安置，配套扶贫车间与物业，贫困户就近就业并分享物业收益",
        steps=(("approved", date(2017, 5, 20)), ("in_progress", date(2017, 6, 1))),
        published=True,
        source=SEED,
    ),
    DemoProject(
        name=DEBAO_PROGRAMME,
        kind="other",
        locations=("451024",),
        implementing=DEBAO_OFFICE,
        partners=(SHENZHEN,),
        planned=(date(2018, 1, 1), date(2018, 12, 31)),
        mechanism="统筹县内东西部协作资金项目",
        steps=(("approved", date(2018, 2, 1)), ("in_progress", date(2018, 3, 1))),
        published=True,
    ),
    DemoProject(
        name="德保县扶贫车间建设项目",
        kind="industry",
        locations=("451024",),
        implementing=DEBAO_OFFICE,
        partners=(SHENZHEN,),
        planned=(date(2018, 3, 1), date(2018, 10, 31)),
        budget=(("helper_fiscal", "3000000"), ("helped_fiscal", "500000")),
        households=120,
        people=480,
        mechanism="吸纳贫困劳动力在车间就业，按月发放工资",
        parent=DEBAO_PROGRAMME,
        steps=(
            ("approved", date(2018, 2, 1)),
            ("in_progress", date(2018, 3, 5)),
            ("completed", date(2018, 10, 20)),
            ("accepted", date(2018, 11, 15)),
        ),
        published=True,
    ),
    DemoProject(
        name="德保县贫困村道路硬化项目",
        kind="infrastructure",
        locations=("451024105",),
        implementing=DEBAO_OFFICE,
        partners=(SHENZHEN,),
        planned=(date(2018, 4, 1), date(2018, 12, 31)),
        budget=(("helper_fiscal", "2000000"), ("enterprise", "350000.50")),
        households=300,
        people=1150,
        mechanism="改善贫困村出行条件，贫困户参与施工获得劳务收入",
        parent=DEBAO_PROGRAMME,
        steps=(("approved", date(2018, 3, 10)), ("in_progress", date(2018, 4, 2))),
    ),
    DemoProject(
        name="田东深百产业园标准厂房项目",
        kind="industry",
        locations=("451022",),
        implementing=BAISE_OFFICE,
        partners=(),
        planned=(date(2018, 7, 1), date(2019, 12, 31)),
        budget=(("helper_fiscal", "8000000"),),
    ),
]


def load_projects() -> int:
    """The demo projects not there yet; how many were created."""
    created = 0
    by = User.objects.filter(username="clerk").first()
    for spec in PROJECTS:
        if Project.objects.filter(name=spec.name).exists():
            continue
        project = services.project_create(
            name=spec.name,
            kind=spec.kind,
            locations=Place.objects.filter(code__in=spec.locations),
            partners=Organisation.objects.filter(name__in=spec.partners),
            implementing_organisation=Organisation.objects.get(name=spec.implementing),
            planned_start_on=spec.planned[0],
            planned_end_on=spec.planned[1],
            households_expected=spec.households,
            people_expected=spec.people,
            benefit_mechanism=spec.mechanism,
            parent=Project.objects.get(name=spec.parent) if spec.parent else None,
            budget_lines=[{"source": s, "amount": a} for s, a in spec.budget],
            source=spec.source,
            illustrative=True,
            proposed_on=min([spec.proposed_on, *(day for _, day in spec.steps)]),
            by=by,
        )
        for status, day in spec.steps:
            services.project_step(project=project, status=status, on=day, by=by)
        created += 1
    if created:  # a programme is complete only once its sub-projects are there
        for spec in PROJECTS:
            if spec.published:
                services.project_publish(project=Project.objects.get(name=spec.name))
    return created
