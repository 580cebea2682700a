"""The county profile (一县一档): everything about one place on one page and in one file.

Each section is read through the owning app's selectors and shown only to a reader the
app's own view action allows (`policy.can`); the figures by year come from the analytics
in one query, beside their targets (the catalogue's and the plans' for that place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Max

from xiezuo.accounts import policy
from xiezuo.indicators.analytics import Query, analytics
from xiezuo.indicators.models import Aggregation, DataElement, DataValue
from xiezuo.periods import parse
from xiezuo.places import codes
from xiezuo.places.models import Place
from xiezuo.places.selectors import designation_list, place_ancestors
from xiezuo.reports.dashboard import SPLIT_LABELS, element_code

YEARS = 5  # the figures table: the last five years
SECTION_SIZE = 20  # the first records of each registry list

# The figures of the profile, each with the view action of the registry it comes from.
FIGURES: list[tuple[str, str]] = [
    ("fiscal_aid_in_place", "ledger.view"),
    ("fiscal_aid_disbursed", "ledger.view"),
    ("projects_signed", "investment.view"),
    ("planned_investment", "investment.view"),
    ("investment_in_place", "investment.view"),
    ("workers_placed", "labour.view"),
    ("people_trained", "labour.view"),
    ("cadres_seconded[direction=to_helped]", "exchange.view"),
    ("cadres_seconded[direction=to_helper]", "exchange.view"),
    ("professionals_sent[direction=to_helped]", "exchange.view"),
    ("products_certified", "consumption.view"),
    ("products_sold", "consumption.view"),
    ("paired_villages", "pairing.view"),
]


@dataclass
class FigureCell:
    value: Decimal | None
    target: Decimal | None


@dataclass
class FigureRow:
    item: str
    name: str
    unit: str
    cells: list[FigureCell]


@dataclass
class Profile:
    place: Place
    ancestors: list[Place]
    year: int
    years: list[int]
    designations: list[Any]
    figures: list[FigureRow]
    left_out: bool = False
    # each registry's section, or None when the reader may not see it
    pairings: dict[str, list[Any]] | None = None
    projects: list[tuple[Any, Decimal]] | None = None
    projects_total: int = 0
    investment: list[Any] | None = None
    investment_total: int = 0
    products: list[Any] | None = None
    products_total: int = 0
    secondments: list[Any] | None = None
    secondments_total: int = 0
    plan_items: list[tuple[Any, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_year(self) -> int | None:
        """The year the place left the poor list (摘帽), if it was on one."""
        exits = [d.year_exited for d in self.designations if d.year_exited]
        return max(exits) if exits else None


def latest_year(place: Place) -> int:
    """The last year with flows (sums, averages) for the place's subtree, this year at the
    latest. Stocks (a last value, such as the villages paired) are carried on to this
    year and do not count: they would open a profile on years without activity."""
    low, high = codes.subtree_range(place.code)
    last = (
        DataValue.objects.in_provinces([place.code])
        .filter(place_code__gte=low, place_code__lt=high)
        .exclude(data_element__aggregation=Aggregation.LAST)
        .aggregate(last=Max("end_month"))["last"]
    )
    this_year = date.today().year
    return min(this_year, last // 12) if last is not None else this_year


def _figures(
    place: Place, years: list[int], items: list[str], unapproved_within: tuple[str, ...] | None
) -> tuple[list[FigureRow], bool]:
    if not items:
        return [], False
    result = analytics(
        Query(
            items=items,
            periods=[parse(str(y)) for y in years],
            places=[place],
            places_as_filter=True,
            unapproved_within=unapproved_within,
        )
    )
    from xiezuo.plans.selectors import planned_targets

    planned = planned_targets(items=items, places=[place], periods=[str(y) for y in years])
    elements = {
        e.code: e for e in DataElement.objects.filter(code__in={element_code(i) for i in items})
    }
    rows = []
    for item in items:
        element = elements.get(element_code(item))
        if element is None:
            continue
        cells = []
        for y in years:
            # the one rule of the dashboard: the work plan's target, else the catalogue's
            in_plan = planned.get((item, place.code, str(y)))
            target = in_plan.value if in_plan else result.target(item, str(y), None)
            cells.append(FigureCell(result.get(item, str(y), None), target))
        rows.append(FigureRow(item, str(SPLIT_LABELS.get(item, element.name)), element.unit, cells))
    return rows, bool(result.hidden)


def place_profile(place: Place, *, user: Any, year: int | None = None) -> Profile:
    """The profile of `place` as `user` may read it, with figures for the five years to
    `year` (default: the last year with figures)."""
    last = year or latest_year(place)
    years = list(range(last - YEARS + 1, last + 1))
    items = [item for item, action in FIGURES if policy.can(user, action)]
    figures, left_out = _figures(place, years, items, policy.unapproved_scope(user))
    profile = Profile(
        place=place,
        ancestors=place_ancestors(place),
        year=last,
        years=years,
        designations=list(designation_list(place)),
        figures=figures,
        left_out=left_out,
    )
    if policy.can(user, "pairing.view"):
        from xiezuo.pairings.selectors import pairings_of

        profile.pairings = pairings_of(place=place)
    if policy.can(user, "project.view"):
        from xiezuo.projects.selectors import projects_in, with_budgets

        capped = projects_in(place)
        profile.projects = with_budgets(capped)
        profile.projects_total = capped.total
    if policy.can(user, "investment.view"):
        from xiezuo.investment.selectors import ProjectFilters, project_list

        signed = project_list(ProjectFilters(place=place.code)).order_by("-signed_on", "pk")
        profile.investment = list(signed[:SECTION_SIZE])
        profile.investment_total = signed.count()
    if policy.can(user, "consumption.view"):
        from xiezuo.consumption.models import ProductStatus
        from xiezuo.consumption.selectors import ProductFilters, product_list

        products = product_list(ProductFilters(place=place.code, status=ProductStatus.CERTIFIED))
        profile.products = list(products[:SECTION_SIZE])
        profile.products_total = products.count()
    if policy.can(user, "exchange.view"):
        from xiezuo.exchange.selectors import SecondmentFilters, secondment_list

        secondments = secondment_list(SecondmentFilters(place=place.code))
        profile.secondments = list(secondments[:SECTION_SIZE])
        profile.secondments_total = secondments.count()
    if policy.can(user, "plan.view"):
        from xiezuo.plans.selectors import item_assessments, item_list

        items_here = list(item_list().filter(places=place)[:SECTION_SIZE])
        statuses = item_assessments(items_here)
        profile.plan_items = [(i, statuses[i.pk]) for i in items_here]
    return profile
