"""Permission-matrix entries for importing and exporting data values.

An import needs a role that may enter data (clerk and up); each value's
place must then be in the user's scope, or that value is refused with a
conflict — tested in test_imports_scope.py, since the request itself is
accepted either way.
"""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint


def _body(where: str) -> str:
    value = {
        "dataElement": "job_fairs",
        "period": "201901",
        "orgUnit": TARGET_PLACE[where],
        "value": "1",
    }
    return json.dumps({"dataValues": [value]})


def _csv(where: str) -> SimpleUploadedFile:
    text = f"dataelement,period,orgunit,value\njob_fairs,201901,{TARGET_PLACE[where]},1\n"
    return SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv")


ENDPOINTS = [
    Endpoint("api data value sets import", Role.CLERK, scoped=False,
             call=lambda c, u, w: c.post("/api/dataValueSets", _body(w),
                                         content_type="application/json")),
    Endpoint("page data import", Role.CLERK, scoped=False,
             call=lambda c, u, w: c.post("/data/import/", {
                 "file": _csv(w), "strategy": "CREATE_AND_UPDATE", "atomic_mode": "ALL",
                 "id_scheme": "CODE"})),
]  # fmt: skip

READ_ONLY_PAGES = {"import_job", "import_export"}
WRITE_PAGES = {"import_upload": "page data import"}
OTHER_WRITES = {"api_data_value_sets": "api data value sets import"}
