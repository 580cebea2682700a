"""The figures an assessment is judged on, pre-filled from the data.

For each criterion of a unit's assessment in a year:

- the actual is the analytics' value of the criterion's `data` item over the unit's
  subtree and the year (`xiezuo.indicators.analytics.value_of`), its source the pivot
  table with the same selection (`/pivot/?dx=…&pe=…&ou=…`);
- the target is, in this order: the analytics' value of `target_data` (with its pivot
  link), the method's `target_value` (no link: the method is the source), or the sum of
  the work plan's targets set on the same figure for the unit and the year (linked to the
  first target's work item).

Every reported value counts, approved or not: the cycle's verification is where a figure
is checked, and the verifier sees each source.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from xiezuo.indicators.analytics import value_of
from xiezuo.periods import parse
from xiezuo.places.models import Place
from xiezuo.plans.selectors import planned_targets

from .models import Criterion


@dataclass(frozen=True)
class Figures:
    actual: Decimal | None
    actual_source: str
    target: Decimal | None
    target_source: str


def pivot_link(item: str, *, year: int, place: Place) -> str:
    return reverse("pivot") + "?" + urlencode({"dx": item, "pe": str(year), "ou": place.code})


def plan_targets(
    criteria: list[Criterion], *, place: Place, year: int
) -> dict[str, tuple[Decimal, str]]:
    """The work plan's targets for the items the criteria count, for the unit and the year:
    item → (the sum of the targets, a link to the first one's work item). One query."""
    items = {c.data for c in criteria if c.data and not c.target_data and c.target_value is None}
    if not items:
        return {}
    found = planned_targets(items=items, places=[place], periods=[str(year)])
    answer = {}
    for item in items:
        target = found.get((item.replace(" ", ""), place.code, str(year)))
        if target is not None:
            link = reverse("plan_item_detail", args=[target.item_id])
            answer[item] = (target.value, link)
    return answer


def figures_for(
    criterion: Criterion,
    *,
    place: Place,
    year: int,
    planned: dict[str, tuple[Decimal, str]] | None = None,
) -> Figures:
    periods = [parse(str(year))]
    actual, actual_source = None, ""
    if criterion.data:
        actual = value_of(criterion.data, place=place, periods=periods)
        actual_source = pivot_link(criterion.data, year=year, place=place)
    target, target_source = None, ""
    if criterion.target_data:
        target = value_of(criterion.target_data, place=place, periods=periods)
        target_source = pivot_link(criterion.target_data, year=year, place=place)
    elif criterion.target_value is not None:
        target = criterion.target_value
    elif criterion.data:
        if planned is None:
            planned = plan_targets([criterion], place=place, year=year)
        if criterion.data in planned:
            target, target_source = planned[criterion.data]
    return Figures(actual, actual_source, target, target_source)
