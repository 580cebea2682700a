"""Permission-matrix entries for the DHIS2-compatible API (/api/…, beside /api/v1/).

Only /api/dataValues writes: saving and deleting one value need "data.enter"
on its place (clerk and above, inside the scope). Every other path reads.
"""

from __future__ import annotations

from typing import Any

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint
from xiezuo.indicators.services import value_set

PERIOD = "201907"  # a month with no demo values and no approvals


def _query(where: str) -> str:
    return f"de=job_fairs&pe={PERIOD}&ou={TARGET_PLACE[where]}"


def _stored(where: str) -> str:
    """A value to delete at the target place; returns the query naming it."""
    value_set(actor=None, element="job_fairs", place=TARGET_PLACE[where], period=PERIOD, value="2")
    return _query(where)


def _post(client: Any, where: str) -> Any:
    return client.post(f"/api/dataValues?{_query(where)}&value=5")


def _delete(client: Any, where: str) -> Any:
    return client.delete(f"/api/dataValues?{_stored(where)}")


ENDPOINTS = [
    Endpoint("dhis2 dataValues save", Role.CLERK, call=lambda c, u, w: _post(c, w)),
    Endpoint("dhis2 dataValues delete", Role.CLERK, call=lambda c, u, w: _delete(c, w)),
]

# /api/dataValues reads on GET; POST and DELETE are the entries above.
OTHER_WRITES = {"dhis2_data_values": "dhis2 dataValues save"}

READ_ONLY_PAGES = {
    "dhis2_system_info",
    "dhis2_import_task",  # only the job's owner or an administrator; tested in test_async_import
    "dhis2_import_task_summary",
    "dhis2_me",
    "dhis2_me_authorization",
    "dhis2_ping",  # "pong" to anyone: no data read
    "dhis2_system_ping",
    "dhis2_organisation_units",
    "dhis2_organisation_unit",
    "dhis2_organisation_unit_levels",
    "dhis2_organisation_unit_level",
    "dhis2_analytics",
    "dhis2_analytics_data_value_set",
    "dhis2_analytics_raw_data",
    "dhis2_data_elements",
    "dhis2_data_element",
    "dhis2_data_sets",
    "dhis2_data_set",
    "dhis2_indicators",
    "dhis2_indicator",
    "dhis2_category_combos",
    "dhis2_category_combo",
    "dhis2_category_option_combos",
    "dhis2_category_option_combo",
    "dhis2_categories",
    "dhis2_category",
}
