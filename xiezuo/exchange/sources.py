"""The talent exchange's figures, derived from the secondments, never typed.

A secondment counts once it has actually started (a planned one does not), in the year it
started, at the helped-side place: the host for `to_helped`, the origin for `to_helper`
(a township or village counts at its county; a place above county level, as a province's
own departments, counts there):

- `cadres_seconded` — the cadres, by direction and origin: `poor_county` when the place
  they came from is a county designated poor in that year (designated by then and not yet
  exited), else `other` (a helper-side origin is always `other`);
- `professionals_sent` — every other category (teachers, doctors, agricultural and other
  technicians, others), by direction;
- `secondment_person_days` — the days people were in post there, by direction, in each
  year (to the day they ended, or to today for those still in post: `xiezuo indicators
  sync`, run daily, moves it on).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.sources import Figure, Source
from xiezuo.places import codes
from xiezuo.places.models import Designation

from .models import Category, Direction, Secondment

COUNTY_LEVEL = 3
COUNTY_LENGTH = codes.CODE_LENGTHS[COUNTY_LEVEL]


def county_of(code: str) -> str:
    """The county a place below county level is in; a county, or a place above, is itself."""
    return code[:COUNTY_LENGTH] if codes.level_of(code) > COUNTY_LEVEL else code


def counted_at(direction: str, origin: str, host: str) -> str:
    """The division code of the helped-side place a secondment counts at."""
    return county_of(host if direction == Direction.TO_HELPED else origin)


def poor_in(county_codes: Iterable[str]) -> dict[str, tuple[int, int | None]]:
    """county code -> (year designated, year exited) of its poor-county designation."""
    rows = Designation.objects.filter(
        kind=Designation.Kind.POOR_COUNTY, place__code__in=set(county_codes)
    ).values_list("place__code", "year_designated", "year_exited")
    return {code: (designated, exited) for code, designated, exited in rows}


def is_poor(designation: tuple[int, int | None] | None, year: int) -> bool:
    if designation is None:
        return False
    designated, exited = designation
    return designated <= year and (exited is None or year < exited)


def _days_by_year(start: date, end: date) -> Iterator[tuple[int, int]]:
    """(year, days) of the days start..end, both counted."""
    day = start
    while day <= end:
        last = min(end, date(day.year, 12, 31))
        yield day.year, (last - day).days + 1
        day = last + timedelta(days=1)


def _wanted(places: Collection[str]) -> Q:
    """Secondments that may count at these places (a county takes its subtree)."""
    condition = Q(pk__in=[])
    for code in places:
        lookup = "startswith" if codes.level_of(code) == COUNTY_LEVEL else "exact"
        condition |= Q(direction=Direction.TO_HELPED, **{f"host__code__{lookup}": code})
        condition |= Q(direction=Direction.TO_HELPER, **{f"origin__code__{lookup}": code})
    return condition


class ExchangeSource(Source):
    name = "exchange"
    label = _("the talent exchange registry")
    elements = ("cadres_seconded", "professionals_sent", "secondment_person_days")
    page = "exchange_secondment_list"

    def places(self) -> Iterable[str]:
        rows = Secondment.objects.filter(started_on__isnull=False).values_list(
            "direction", "origin__code", "host__code"
        )
        return {counted_at(*row) for row in rows}

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        wanted = set(places)
        rows = [
            (counted_at(direction, origin, host), direction, category, origin, started, ended)
            for direction, category, origin, host, started, ended in Secondment.objects.filter(
                _wanted(wanted), started_on__isnull=False
            ).values_list(
                "direction", "category", "origin__code", "host__code", "started_on", "ended_on"
            )
        ]
        rows = [row for row in rows if row[0] in wanted]
        designations = poor_in(county_of(row[3]) for row in rows)
        today = timezone.localdate()
        cadres: dict[tuple[str, str, str], int] = defaultdict(int)
        professionals: dict[tuple[str, str, str], int] = defaultdict(int)
        days: dict[tuple[str, str, str], int] = defaultdict(int)
        for place, direction, category, origin, started, ended in rows:
            assert started is not None  # only those started are read
            year = started.year
            if category == Category.CADRE:
                poor = is_poor(designations.get(county_of(origin)), year)
                key = f"direction={direction};origin={'poor_county' if poor else 'other'}"
                cadres[(place, str(year), key)] += 1
            else:
                professionals[(place, str(year), f"direction={direction}")] += 1
            for in_year, n in _days_by_year(started, min(ended or today, today)):
                days[(place, str(in_year), f"direction={direction}")] += n
        for element, counts in (
            ("cadres_seconded", cadres),
            ("professionals_sent", professionals),
            ("secondment_person_days", days),
        ):
            for (place, period, key), n in sorted(counts.items()):
                yield Figure(element, place, period, n, key)
