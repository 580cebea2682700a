"""The tourism registry's figures, derived, never typed (an indicator source).

Each counts at the record's place (a spot's place, a project's helped place), per year —
the TOURISM data set is yearly, as the seed's figures are ("4929.12万人次 in 2017, +66.68 %
on 2016"); the monthly visitor reports are kept, and shown, month by month, and summed
into the year here, so the data set's entry grid, approvals and growth stay yearly:

- `tourism_projects`: the tourism cooperation projects agreed there in the year;
- `discount_scenic_spots`: a stock — the spots there with a ticket discount valid on at
  least one day of the year (a discount with no end runs to the current year; a spot
  with several discounts counts once);
- `guangdong_visitors`: the visitors from the helper province that its spots reported for
  the months of the year.

A stock runs to the current year: `xiezuo indicators sync` run daily carries it on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.sources import Figure, Source

from .models import Discount, ScenicSpot, TourismProject, VisitorReport


class TourismSource(Source):
    name = "tourism"
    label = _("the tourism registry")
    elements = ("tourism_projects", "discount_scenic_spots", "guangdong_visitors")
    page = "tourism_spot_list"

    def places(self) -> Iterable[str]:
        found = set(ScenicSpot.objects.values_list("place__code", flat=True).distinct())
        return found | set(TourismProject.objects.values_list("place__code", flat=True).distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        wanted = list(places)
        projects = (
            TourismProject.objects.filter(place__code__in=wanted)
            .annotate(year=ExtractYear("agreed_on"))
            .values_list("place__code", "year")
            .annotate(n=Count("id"))
            .order_by("place__code", "year")
        )
        for code, year, n in projects:
            yield Figure("tourism_projects", code, str(year), n)
        this_year = timezone.localdate().year
        spots: dict[tuple[str, str], set[int]] = defaultdict(set)
        for spot, code, valid_from, valid_to in Discount.objects.filter(
            spot__place__code__in=wanted
        ).values_list("spot_id", "spot__place__code", "valid_from", "valid_to"):
            last = min(valid_to.year, this_year) if valid_to else this_year
            for year in range(valid_from.year, last + 1):
                spots[(code, str(year))].add(spot)
        for (code, year), found in sorted(spots.items()):
            yield Figure("discount_scenic_spots", code, year, len(found))
        visitors: dict[tuple[str, str], int] = defaultdict(int)
        for code, period, helper in (
            VisitorReport.objects.filter(spot__place__code__in=wanted)
            .values_list("spot__place__code", "period")
            .annotate(helper=Sum("helper_visitors"))
        ):
            visitors[(code, period[:4])] += helper
        for (code, year), total in sorted(visitors.items()):
            yield Figure("guangdong_visitors", code, year, total)
