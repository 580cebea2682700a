"""The permission matrix's entries for what the DHIS2 Android SDK downloads (sdk_metadata.py).

Every one of these views is `@endpoint("GET")`: it reads, and any other method is a 405. The
catalogue's collections are open to whoever may read figures (`analytics.view`); the collections
Xiezuo does not hold are empty to everyone signed in. The names follow the registries in
sdk_metadata, so a collection added there is listed here by the same decision.
"""

from xiezuo.dhis2 import sdk_metadata

READ_ONLY_PAGES = {
    "dhis2_apps",
    "dhis2_category_option_org_units",
    "dhis2_schemas",
    "dhis2_schema",
    *(f"dhis2_{c}" for c in sdk_metadata.REAL_COLLECTIONS),
    *(f"dhis2_{c}_object" for c in sdk_metadata.REAL_COLLECTIONS),
    *(f"dhis2_{c}" for c in sdk_metadata.EMPTY_COLLECTIONS),
    *(f"dhis2_{c}_object" for c in sdk_metadata.EMPTY_COLLECTIONS),
    *(f"dhis2_{path}" for path in sdk_metadata.EMPTY_DATA),
}
