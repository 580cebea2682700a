"""The pairing registry's figures, derived, never typed: enter once, count everywhere.

For each helped county and year: how many poor counties, townships and
villages there have an active pairing, how many enterprises are paired with
its villages and how many of its hospitals are paired — as the state at the
end of the year (or today, for the current year). They are written as data
values with source "derived:pairings" and refreshed whenever a pairing is
created, changed or ended, so the analytics show them at once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.utils import timezone

from xiezuo.indicators.checking import CleanValue
from xiezuo.indicators.models import DataElement
from xiezuo.indicators.services import values_write
from xiezuo.periods import PeriodType, parse
from xiezuo.places.models import Designation, Level, Place

from .models import Kind, Pairing

FIRST_YEAR = 2016
# place level -> (the designation that makes it poor, the figure it counts in)
POOR_KIND: dict[int, tuple[str, str]] = {
    Level.COUNTY: ("poor_county", "paired_counties"),
    Level.TOWNSHIP: ("poor_township", "paired_townships"),
    Level.VILLAGE: ("poor_village", "paired_villages"),
}
SOURCE = "derived:pairings"
ELEMENTS = (
    "paired_counties",
    "paired_townships",
    "paired_villages",
    "enterprises_in_villages",
    "hospitals_paired",
)


def _county_code(code: str) -> str | None:
    return code[:6] if len(code) >= 6 else None


def pairing_figures(
    today: date | None = None, *, counties: set[str] | None = None
) -> dict[tuple[str, str, int], int]:
    """(element, county code, year) -> count, for every year from 2016 to this one.

    `counties` limits the work to those helped counties (what one pairing's
    change can alter); None recomputes them all.
    """
    today = today or timezone.localdate()
    poor = {
        (place_id, kind) for place_id, kind in Designation.objects.values_list("place_id", "kind")
    }
    pairings = list(
        Pairing.objects.select_related("helped_place", "helped_organisation__place").only(
            "kind",
            "started_on",
            "ended_on",
            "helper_organisation_id",
            "helped_place__code",
            "helped_place__level",
            "helped_organisation__place__code",
        )
    )
    figures: dict[tuple[str, str, int], int] = defaultdict(int)
    wanted = counties
    counties = set(wanted or ())
    for year in range(FIRST_YEAR, today.year + 1):
        day = min(date(year, 12, 31), today)
        seen: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for p in pairings:
            if p.started_on > day or (p.ended_on is not None and p.ended_on <= day):
                continue
            place = p.helped_place
            if place is None and p.helped_organisation is not None:
                place = p.helped_organisation.place
            if place is None:
                continue
            county = _county_code(place.code)
            if county is None or (wanted is not None and county not in wanted):
                continue
            counties.add(county)
            # A place is paired when it is itself the helped side (as coverage counts);
            # a pairing of an organisation sitting there (its hospital) is not the place's.
            designated = POOR_KIND.get(place.level) if p.helped_place is not None else None
            if designated is not None and (place.pk, designated[0]) in poor:
                seen[designated[1]].add((county, place.pk))
            if p.kind == Kind.ENTERPRISE_VILLAGE and p.helper_organisation_id:
                seen["enterprises_in_villages"].add((county, p.helper_organisation_id))
            if p.kind == Kind.HOSPITAL and p.helped_organisation is not None:
                seen["hospitals_paired"].add((county, p.helped_organisation.pk))
        for element in ELEMENTS:
            for county in counties:
                figures[(element, county, year)] += 0
            for county, _ in seen[element]:
                figures[(element, county, year)] += 1
    return figures


def pairing_counties(*pairings: Pairing) -> set[str]:
    """The helped counties whose figures these pairings count in."""
    found = set()
    for pairing in pairings:
        place = pairing.helped_place or getattr(pairing.helped_organisation, "place", None)
        county = _county_code(place.code) if place is not None else None
        if county is not None:
            found.add(county)
    return found


def sync_pairing_figures(today: date | None = None, *, counties: set[str] | None = None) -> int:
    """Write the derived figures (unchanged ones are left alone); returns how many changed."""
    figures = pairing_figures(today, counties=counties)
    elements = {e.code: e for e in DataElement.objects.filter(code__in=ELEMENTS)}
    if len(elements) < len(ELEMENTS):
        return 0  # the catalogue is not loaded
    places = dict(
        Place.objects.filter(code__in={c for _, c, _ in figures}).values_list("code", "pk")
    )
    cleans = [
        CleanValue(
            element=elements[element],
            place_id=places[county],
            place_code=county,
            period=parse(str(year)),
            disaggregation="",
            value=Decimal(count),
            text="",
        )
        for (element, county, year), count in figures.items()
        if county in places
    ]
    assert all(c.period.type is PeriodType.YEARLY for c in cleans)
    summary = values_write(cleans, source=SOURCE)
    return summary.imported + summary.updated
