"""Permission-matrix entries for the quotas (a coordinator sets the quotas of the counties
in his scope) and the short visits (a clerk of the sending or the host side records)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.exchange import visits
from xiezuo.places.models import Place

QUOTA = {"year": "2019", "direction": "to_helped", "cadres": "3", "professionals": "5"}
VISIT = {"kind": "medical_shadowing", "direction": "to_helper", "host": "440307",
         "people": "12", "from_on": "2019-04-01", "to_on": "2019-06-30"}  # fmt: skip


def _quota_on_the_page(c: Any, u: Any, where: str) -> Any:
    return c.post("/exchange/quotas/set/", {**QUOTA, "place": TARGET_PLACE[where]})


def _quota_on_the_api(c: Any, u: Any, where: str) -> Any:
    body = {**QUOTA, "year": 2019, "cadres": 3, "professionals": 5, "place": TARGET_PLACE[where]}
    return json_request(c, "put", "/api/v1/exchange/quotas", body)


def _workbook(header: list[str], row: list[Any], name: str) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _quota_import(c: Any, u: Any, where: str) -> Any:
    upload = _workbook(["(place)", "(year)", "(cadres)", "(professionals)"],
                       [TARGET_PLACE[where], 2019, 3, 5], "quotas.xlsx")  # fmt: skip
    return c.post("/exchange/quotas/import/", {"file": upload})


def _visit(u: Any, where: str) -> Any:
    return visits.visit_create(
        actor=u, kind="medical_shadowing", direction="to_helper",
        origin=Place.objects.get(code=TARGET_PLACE[where]),
        host=Place.objects.get(code="440307"), people=3,
        from_on=date(2019, 4, 1), to_on=date(2019, 4, 30),
    )  # fmt: skip


def _visit_on_the_page(c: Any, u: Any, where: str) -> Any:
    return c.post("/exchange/visits/new/", {**VISIT, "origin": TARGET_PLACE[where]})


def _visit_edit_on_the_page(c: Any, u: Any, where: str) -> Any:
    visit = _visit(u, where)
    return c.post(f"/exchange/visits/{visit.uid}/", {**VISIT, "origin": TARGET_PLACE[where]})


def _visit_on_the_api(c: Any, u: Any, where: str) -> Any:
    body = {**VISIT, "people": 12, "origin": TARGET_PLACE[where]}
    return json_request(c, "post", "/api/v1/exchange/visits", body)


def _visit_edit_on_the_api(c: Any, u: Any, where: str) -> Any:
    visit = _visit(u, where)
    body = {**VISIT, "people": 9, "origin": TARGET_PLACE[where]}
    return json_request(c, "put", f"/api/v1/exchange/visits/{visit.uid}", body)


def _visit_import(c: Any, u: Any, where: str) -> Any:
    upload = _workbook(
        ["(kind)", "(direction)", "(origin)", "(host)", "(people)", "(from_on)", "(to_on)"],
        ["medical_shadowing", "to_helper", TARGET_PLACE[where], "440307", 3,
         "2019-04-01", "2019-04-30"],
        "visits.xlsx",
    )  # fmt: skip
    return c.post("/exchange/visits/import/", {"file": upload})


# The imports are decided per row (a row outside the scope is refused on its row, see
# test_quotas_pages and test_visits_pages), so their entries are unscoped: a file of one
# row inside the scope.
ENDPOINTS = [
    Endpoint("page exchange quota set", Role.COORDINATOR, call=_quota_on_the_page),
    Endpoint("api exchange quota set", Role.COORDINATOR, call=_quota_on_the_api),
    Endpoint("page exchange quota import", Role.COORDINATOR, scoped=False,
             call=lambda c, u, w: _quota_import(c, u, "inside")),
    Endpoint("page exchange visit create", Role.CLERK, call=_visit_on_the_page),
    Endpoint("page exchange visit edit", Role.CLERK, call=_visit_edit_on_the_page),
    Endpoint("api exchange visit create", Role.CLERK, call=_visit_on_the_api),
    Endpoint("api exchange visit update", Role.CLERK, call=_visit_edit_on_the_api),
    Endpoint("page exchange visit import", Role.CLERK, scoped=False,
             call=lambda c, u, w: _visit_import(c, u, "inside")),
]  # fmt: skip
READ_ONLY_PAGES = {
    "exchange_quota_report",
    "exchange_quota_export",
    "exchange_quota_import_template",
    "exchange_in_post",
    "exchange_visit_list",
    "exchange_visit_export",
    "exchange_visit_import_template",
}
WRITE_PAGES = {
    "exchange_quota_set": "page exchange quota set",
    "exchange_quota_import": "page exchange quota import",
    "exchange_visit_create": "page exchange visit create",
    "exchange_visit_edit": "page exchange visit edit",
    "exchange_visit_import": "page exchange visit import",
}
API_WRITES = {
    ("PUT", "/exchange/quotas"): "api exchange quota set",
    ("POST", "/exchange/visits"): "api exchange visit create",
    ("PUT", "/exchange/visits/{key}"): "api exchange visit update",
}
