"""The placement register's figures, derived, never typed (an indicator source).

Per worker's home county and month the job started: poor workers (and others) newly
brought into jobs in the helper province (新增引导到广东就业, the catalogue's
`workers_placed`, by poverty status as it stood when they were placed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.sources import Figure, Source

from .models import COUNTED_POOR, Destination, Placement


def poverty_option(status: str) -> str:
    return "poor" if status in COUNTED_POOR else "not_poor"


class PlacementSource(Source):
    name = "placements"
    label = _("the placement register")
    elements = ("workers_placed",)
    page = "labour_placement_list"

    def places(self) -> Iterable[str]:
        return set(Placement.objects.values_list("county__code", flat=True).distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        rows = (
            Placement.objects.filter(county__code__in=list(places), destination=Destination.HELPER)
            .annotate(year=ExtractYear("started_on"), month=ExtractMonth("started_on"))
            .values_list("county__code", "year", "month", "poverty_status")
            .annotate(count=Count("id"))
        )
        totals: dict[tuple[str, str, str], int] = defaultdict(int)
        for code, year, month, status, count in rows:
            period = f"{year}{month:02d}"
            if periods is not None and period not in periods:
                continue
            totals[(code, period, poverty_option(status))] += count
        for (code, period, option), count in sorted(totals.items()):
            yield Figure(
                element="workers_placed",
                place=code,
                period=period,
                value=count,
                disaggregation=f"poverty={option}",
            )
