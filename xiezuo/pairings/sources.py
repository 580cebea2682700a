"""The pairing registry's figures, derived, never typed: the first indicator source.

For each helped county and year: how many poor counties, townships and
villages there are paired, how many enterprises are paired with its villages
and how many of its hospitals are paired — as the state at the end of the
year (or today, for the current year). A place is paired as coverage says it
is (`selectors.paired_place_ids`: the helped side of a pairing active that
day), so the figures and the coverage page cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.sources import Figure, Source
from xiezuo.places import codes
from xiezuo.places.models import Designation, Level

from .models import Kind, Pairing
from .selectors import paired_place_ids

FIRST_YEAR = 2016
# the designation that makes a place of each level poor, and the figure it counts in
POOR_KINDS: dict[str, str] = {
    Designation.Kind.POOR_COUNTY: "paired_counties",
    Designation.Kind.POOR_TOWNSHIP: "paired_townships",
    Designation.Kind.POOR_VILLAGE: "paired_villages",
}
_COUNTY_LENGTH = codes.CODE_LENGTHS[Level.COUNTY]


def county_of(code: str | None) -> str | None:
    """The county a place lies in (itself, for a county); None above the county level."""
    if code is None or len(code) < _COUNTY_LENGTH:
        return None
    return code[:_COUNTY_LENGTH]


def pairing_counties(*pairings: Pairing) -> set[str]:
    """The helped counties whose figures these pairings count in."""
    found = set()
    for pairing in pairings:
        place = pairing.helped_place or getattr(pairing.helped_organisation, "place", None)
        county = county_of(place.code if place is not None else None)
        if county is not None:
            found.add(county)
    return found


class PairingSource(Source):
    name = "pairings"
    label = _("the pairing registry")
    elements = (*POOR_KINDS.values(), "enterprises_in_villages", "hospitals_paired")
    page = "pairing_list"

    def places(self) -> Iterable[str]:
        rows = Pairing.objects.values_list("helped_place__code", "helped_organisation__place__code")
        return {c for pair in rows if (c := county_of(pair[0] or pair[1])) is not None}

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        counties = {code for code in places if county_of(code) == code}
        today = timezone.localdate()
        years = [
            year
            for year in range(FIRST_YEAR, today.year + 1)
            if periods is None or str(year) in periods
        ]
        if not counties or not years:
            return
        # (pairing id, kind, helper organisation, helped place, helped organisation, county)
        pairings = []
        for (
            pk,
            kind,
            helper_org,
            place_id,
            place_code,
            org_id,
            org_place,
        ) in Pairing.objects.values_list(
            "pk",
            "kind",
            "helper_organisation_id",
            "helped_place_id",
            "helped_place__code",
            "helped_organisation_id",
            "helped_organisation__place__code",
        ).iterator():
            county = county_of(place_code or org_place)
            if county in counties:
                pairings.append((pk, kind, helper_org, place_id, org_id, county))
        helped = {p[3] for p in pairings if p[3] is not None}
        poor = defaultdict(set)  # place id -> the figures it counts in
        for place_id, kind in Designation.objects.filter(
            place_id__in=helped, kind__in=list(POOR_KINDS)
        ).values_list("place_id", "kind"):
            poor[place_id].add(POOR_KINDS[kind])
        county_of_place = {p[3]: p[5] for p in pairings if p[3] is not None}
        for year in years:
            day = min(date(year, 12, 31), today)
            counted: dict[str, set[tuple[str, int]]] = defaultdict(set)
            for place_id in paired_place_ids(list(poor), on=day):
                for element in poor[place_id]:
                    counted[element].add((county_of_place[place_id], place_id))
            active = _active_ids([p[0] for p in pairings], day)
            for pk, kind, helper_org, _place, org_id, county in pairings:
                if pk not in active:
                    continue
                if kind == Kind.ENTERPRISE_VILLAGE and helper_org is not None:
                    counted["enterprises_in_villages"].add((county, helper_org))
                if kind == Kind.HOSPITAL and org_id is not None:
                    counted["hospitals_paired"].add((county, org_id))
            for element in self.elements:
                per_county: dict[str, int] = dict.fromkeys(counties, 0)
                for county, _unit in counted[element]:
                    per_county[county] += 1
                for county, count in per_county.items():
                    yield Figure(element=element, place=county, period=str(year), value=count)


def _active_ids(ids: list[int], day: date) -> set[int]:
    """Which of these pairings are active on the day (in chunks: a parameter list is bounded)."""
    found: set[int] = set()
    for start in range(0, len(ids), 5000):
        found.update(
            Pairing.objects.active_on(day)
            .filter(pk__in=ids[start : start + 5000])
            .values_list("pk", flat=True)
        )
    return found
