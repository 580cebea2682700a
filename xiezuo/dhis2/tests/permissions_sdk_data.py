"""Permission-matrix entries for the data side of the Android SDK's sync (sdk_data.py).

/api/completeDataSetRegistrations writes: a POST needs a role that may enter
data (clerk and up), each registration's place then inside the scope or it is
refused with a conflict (tested in test_sdk_data.py, since the request itself is
accepted either way); a DELETE un-completes one place's report and needs
"data.enter" on it. Every other path of sdk_data reads.
"""

from __future__ import annotations

import json
from typing import Any

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint
from xiezuo.indicators.models import DataSet
from xiezuo.indicators.services import report_complete
from xiezuo.periods import parse
from xiezuo.places.models import Place

PERIOD = "201907"  # a month with no demo values and no approvals


def _labour() -> DataSet:
    return DataSet.objects.get(code="LABOUR")


def _post(client: Any, where: str) -> Any:
    row = {
        "dataSet": _labour().uid,
        "period": PERIOD,
        "organisationUnit": Place.objects.get(code=TARGET_PLACE[where]).uid,
        "completed": True,
    }
    body = json.dumps({"completeDataSetRegistrations": [row]})
    return client.post("/api/completeDataSetRegistrations", body, content_type="application/json")


def _delete(client: Any, where: str) -> Any:
    place = Place.objects.get(code=TARGET_PLACE[where])
    report_complete(actor=None, data_set=_labour(), place=place, period=parse(PERIOD))
    query = f"ds={_labour().uid}&pe={PERIOD}&ou={place.uid}"
    return client.delete(f"/api/completeDataSetRegistrations?{query}")


ENDPOINTS = [
    Endpoint("dhis2 completeDataSetRegistrations post", Role.CLERK, scoped=False,
             call=lambda c, u, w: _post(c, w)),
    Endpoint("dhis2 completeDataSetRegistrations delete", Role.CLERK,
             call=lambda c, u, w: _delete(c, w)),
]  # fmt: skip

# GET reads; POST and DELETE are the entries above.
OTHER_WRITES = {"dhis2_complete_registrations": "dhis2 completeDataSetRegistrations post"}

READ_ONLY_PAGES = {
    "dhis2_data_approval",
    "dhis2_data_approvals_multiple",
    "dhis2_data_approval_workflows",
    "dhis2_data_approval_workflow",
    "dhis2_validation_rules",
    "dhis2_validation_rule",
    "dhis2_data_store",
    "dhis2_data_store_namespace",
    "dhis2_data_store_entry",
    "dhis2_system_settings",
    "dhis2_system_setting",
    "dhis2_user_settings",
    "dhis2_user_setting",
}
