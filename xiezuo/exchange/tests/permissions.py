"""Permission-matrix entries for the exchange registry: a clerk of the sending or the
receiving side records a secondment; a clerk of a person's place of work (or of the
organisation he works for) registers and changes him."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.exchange import services
from xiezuo.exchange.models import Person, Secondment
from xiezuo.places.models import Place

HELPER = "440305"  # Nanshan, on the helper side: in no clerk's scope of the matrix


def _person(u: Any, where: str, home: str | None = None) -> Person:
    return services.person_register(
        actor=u, name=f"矩阵人员-{where}", category="cadre",
        home=Place.objects.get(code=home or TARGET_PLACE[where]),
    )  # fmt: skip


def _secondment(u: Any, where: str) -> Secondment:
    return services.secondment_create(
        actor=u, person=_person(u, where, HELPER), direction="to_helped", kind="secondment",
        origin=Place.objects.get(code=HELPER), host=Place.objects.get(code=TARGET_PLACE[where]),
        planned_start=date(2021, 3, 1), planned_end=date(2023, 2, 28),
    )  # fmt: skip


def _secondment_fields(where: str) -> dict[str, str]:
    return {
        "direction": "to_helped", "kind": "secondment", "origin": HELPER,
        "host": TARGET_PLACE[where], "planned_start": "2021-03-01", "planned_end": "2023-02-28",
    }  # fmt: skip


def _person_fields(where: str) -> dict[str, str]:
    return {"name": "矩阵新人员", "category": "teacher", "home": TARGET_PLACE[where]}


ENDPOINTS = [
    Endpoint("page exchange person create", Role.CLERK,
             call=lambda c, u, w: c.post("/exchange/people/new/", _person_fields(w))),
    Endpoint("page exchange person edit", Role.CLERK,
             call=lambda c, u, w: c.post(f"/exchange/people/{_person(u, w).uid}/edit/",
                                         _person_fields(w))),
    Endpoint("page exchange secondment create", Role.CLERK,
             call=lambda c, u, w: c.post(
                 f"/exchange/people/{_person(u, w, HELPER).uid}/secondments/new/",
                 _secondment_fields(w))),
    Endpoint("page exchange secondment edit", Role.CLERK,
             call=lambda c, u, w: c.post(f"/exchange/secondments/{_secondment(u, w).uid}/edit/",
                                         {**_secondment_fields(w), "started_on": "2021-03-02"})),
    Endpoint("page exchange secondment report add", Role.CLERK,
             call=lambda c, u, w: c.post(
                 f"/exchange/secondments/{_secondment(u, w).uid}/reports/new/",
                 {"title": "矩阵工作总结", "on": "2021-06-30"})),
    Endpoint("api exchange person create", Role.CLERK,
             call=lambda c, u, w: json_request(c, "post", "/api/v1/exchange/people",
                                               _person_fields(w))),
    Endpoint("api exchange person update", Role.CLERK,
             call=lambda c, u, w: json_request(
                 c, "patch", f"/api/v1/exchange/people/{_person(u, w).uid}", {"rank": "科长"})),
    Endpoint("api exchange secondment create", Role.CLERK,
             call=lambda c, u, w: json_request(
                 c, "post", "/api/v1/exchange/secondments",
                 {**_secondment_fields(w), "person": _person(u, w, HELPER).uid})),
    Endpoint("api exchange secondment update", Role.CLERK,
             call=lambda c, u, w: json_request(
                 c, "patch", f"/api/v1/exchange/secondments/{_secondment(u, w).uid}",
                 {"started_on": "2021-03-02"})),
    Endpoint("api exchange secondment report add", Role.CLERK,
             call=lambda c, u, w: json_request(
                 c, "post", f"/api/v1/exchange/secondments/{_secondment(u, w).uid}/reports",
                 {"title": "矩阵工作总结", "on": "2021-06-30"})),
]  # fmt: skip
READ_ONLY_PAGES = {
    "exchange_secondment_list",
    "exchange_secondment_export",
    "exchange_secondment_detail",
    "exchange_secondment_import_template",
    "exchange_person_list",
    "exchange_person_detail",
    "exchange_secondment_report_file",
}
WRITE_PAGES = {
    "exchange_person_create": "page exchange person create",
    "exchange_person_edit": "page exchange person edit",
    "exchange_secondment_create": "page exchange secondment create",
    "exchange_secondment_edit": "page exchange secondment edit",
    "exchange_secondment_report_add": "page exchange secondment report add",
    "exchange_secondment_import": "page exchange secondment import",
}
API_WRITES = {
    ("POST", "/exchange/people"): "api exchange person create",
    ("PATCH", "/exchange/people/{uid}"): "api exchange person update",
    ("POST", "/exchange/secondments"): "api exchange secondment create",
    ("PATCH", "/exchange/secondments/{uid}"): "api exchange secondment update",
    ("POST", "/exchange/secondments/{uid}/reports"): "api exchange secondment report add",
}


def _workbook(where: str) -> Any:
    """A file of one secondment to the place inside (or outside) the scope."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from xiezuo.exchange.excel import COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"({c.key})" for c in COLUMNS])
    cells = {"name": "矩阵导入人员", "category": "cadre", **_secondment_fields(where),
             "direction": "to_helped", "kind": "secondment"}  # fmt: skip
    sheet.append([cells.get(c.key, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("secondments.xlsx", buffer.getvalue())


# The import is decided per row (a row outside the scope is refused on its row, see
# test_excel), so its entry is unscoped: a file of one secondment inside the scope.
ENDPOINTS += [
    Endpoint("page exchange secondment import", Role.CLERK, scoped=False,
             call=lambda c, u, w: c.post("/exchange/import/", {"file": _workbook(w)})),
]  # fmt: skip
