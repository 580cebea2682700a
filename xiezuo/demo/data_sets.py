"""The demo's data set assignments: which places report which data sets."""

from __future__ import annotations

from django.db import transaction

from xiezuo.indicators.models import DataSet
from xiezuo.places.models import Designation, Place

# Data sets the demo's counties report, and the data sets its prefectures report.
DEMO_COUNTY_DATA_SETS = ("LABOUR", "FUNDS", "INDUSTRY", "TALENT", "EDUCATION")
DEMO_PREFECTURE_DATA_SETS = {
    "SOCIAL": ("4501", "4502", "4503", "4510", "4511", "4512", "4513", "4514"),
}


@transaction.atomic
def assign_demo_data_sets() -> int:
    """Assign the demo's data sets to the places that report them; idempotent.

    The county data sets go to Guangxi's designated poor counties (33 in the
    demo), social assistance to the eight cities that raised the funds.
    Returns how many assignments were added.
    """
    poor_counties = list(
        Place.objects.within("45").filter(designations__kind=Designation.Kind.POOR_COUNTY)
    )
    wanted: dict[str, list[Place]] = {code: poor_counties for code in DEMO_COUNTY_DATA_SETS}
    for code, place_codes in DEMO_PREFECTURE_DATA_SETS.items():
        wanted[code] = list(Place.objects.filter(code__in=place_codes))
    added = 0
    for data_set in DataSet.objects.filter(code__in=wanted).prefetch_related("places"):
        have = {p.pk for p in data_set.places.all()}
        new = [p for p in wanted[data_set.code] if p.pk not in have]
        if new:
            data_set.places.add(*new)
            data_set.save(update_fields=["updated_at"])  # DHIS2's lastUpdated: its org units
        added += len(new)
    return added
