"""Projects for the tests, on the demo's places and organisations.

`project()` makes a project that lacks nothing for publishing: an industry project in
Debao (451024) implemented by Debao's poverty office with Shenzhen's assistance office
as helper-side partner and 3,000,000 yuan of helper fiscal aid.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from xiezuo.places.models import Organisation, Place
from xiezuo.projects.models import Project
from xiezuo.projects.services import project_create

DEBAO = "451024"
DUAN = "451228"
DEBAO_OFFICE = "德保县扶贫开发办公室"
SHENZHEN_OFFICE = "深圳市对口帮扶办公室"  # helper side
GUANGXI_OFFICE = "广西壮族自治区扶贫开发领导小组办公室"  # helped side
PROPOSED = date(2018, 1, 10)


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def places(*codes: str) -> list[Place]:
    found = list(Place.objects.filter(code__in=codes).order_by("code"))
    assert len(found) == len(set(codes)), f"not all of {codes} are demo places"
    return found


def project(
    name: str = "德保县扶贫车间建设项目",
    *,
    locations: tuple[str, ...] = (DEBAO,),
    budget: tuple[tuple[str, str], ...] = (("helper_fiscal", "3000000"),),
    partners: tuple[str, ...] = (SHENZHEN_OFFICE,),
    **fields: Any,
) -> Project:
    """A complete project; `fields` override project_create's arguments."""
    arguments: dict[str, Any] = {
        "kind": "industry",
        "implementing_organisation": org(DEBAO_OFFICE),
        "planned_start_on": date(2018, 3, 1),
        "planned_end_on": date(2018, 12, 31),
        "households_expected": 120,
        "people_expected": 480,
        "benefit_mechanism": "吸纳贫困劳动力就业，按月发放工资",
        "proposed_on": PROPOSED,
        **fields,
    }
    return project_create(
        name=name,
        locations=places(*locations),
        partners=[org(n) for n in partners],
        budget_lines=[{"source": s, "amount": Decimal(a)} for s, a in budget],
        **arguments,
    )
