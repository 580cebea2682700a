"""Permission-matrix entries for suppliers, products and their certification: a clerk
records the suppliers and products of the places in his scope and takes the township
check and the bureau review; an approver of the county decides (notice, certify,
reject, suspend, reinstate, withdraw) and records and answers the objections."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.consumption import services
from xiezuo.consumption.excel import PRODUCT_COLUMNS, SUPPLIER_COLUMNS
from xiezuo.consumption.models import Product, Supplier

from .factories import certified_product, product, supplier, to_notice


def _supplier(u: Any, where: str) -> Supplier:
    return supplier(u, place=TARGET_PLACE[where], name=f"矩阵合作社-{where}")


def _applied(u: Any, where: str) -> Product:
    return product(u, _supplier(u, where))


def _in_notice(u: Any, where: str) -> Product:
    return to_notice(u, _applied(u, where))


SUPPLIER = {"name": "矩阵新合作社", "kind": "cooperative", "households_linked": "12"}


def _supplier_on_the_page(c: Any, u: Any, where: str) -> Any:
    return c.post("/consumption/suppliers/new/", {**SUPPLIER, "place": TARGET_PLACE[where]})


def _supplier_edit_on_the_page(c: Any, u: Any, where: str) -> Any:
    found = _supplier(u, where)
    return c.post(
        f"/consumption/suppliers/{found.uid}/edit/", {**SUPPLIER, "place": TARGET_PLACE[where]}
    )


APPLICATION = {
    "name": "矩阵产品",
    "category": "primary",
    "price": "10",
    "households_benefiting": "3",
}


def _apply_on_the_page(c: Any, u: Any, where: str) -> Any:
    found = _supplier(u, where)
    return c.post(f"/consumption/suppliers/{found.uid}/apply/", APPLICATION)


def _product_edit_on_the_page(c: Any, u: Any, where: str) -> Any:
    found = _applied(u, where)
    return c.post(f"/consumption/products/{found.uid}/edit/", APPLICATION)


def _step_on_the_page(step: str, make: Any, **fields: str) -> Any:
    def call(c: Any, u: Any, where: str) -> Any:
        found = make(u, where)
        data = {f"{step}-{key}": value for key, value in fields.items()}
        return c.post(f"/consumption/products/{found.uid}/steps/{step}/", data)

    return call


def _objection_on_the_page(c: Any, u: Any, where: str) -> Any:
    found = _in_notice(u, where)
    return c.post(
        f"/consumption/products/{found.uid}/objections/",
        {"objection-received_on": found.notice_from.isoformat(), "objection-content": "异议"},
    )


def _answer_on_the_page(c: Any, u: Any, where: str) -> Any:
    found = _in_notice(u, where)
    objection = services.objection_record(actor=u, product=found, content="异议")
    prefix = f"answer-{objection.pk}"
    return c.post(
        f"/consumption/objections/{objection.pk}/answer/",
        {f"{prefix}-outcome": "dismissed", f"{prefix}-then": "reject",
         f"{prefix}-answer": "经核实不成立"},
    )  # fmt: skip


def _workbook(u: Any, where: str) -> Any:
    """A file of one application for a supplier inside (or outside) the scope."""
    found = _supplier(u, where)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([f"({c.key})" for c in PRODUCT_COLUMNS])
    cells = {"supplier": found.uid, "name": "矩阵导入产品", "category": "primary"}
    sheet.append([cells.get(c.key, "") for c in PRODUCT_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("products.xlsx", buffer.getvalue())


def _suppliers_workbook(u: Any, where: str) -> Any:
    """A file of one supplier of a place inside (or outside) the scope."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([f"({c.key})" for c in SUPPLIER_COLUMNS])
    cells = {"name": "矩阵导入合作社", "kind": "cooperative", "place": TARGET_PLACE[where]}
    sheet.append([cells.get(c.key, "") for c in SUPPLIER_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("suppliers.xlsx", buffer.getvalue())


ENDPOINTS = [
    Endpoint("page consumption supplier create", Role.CLERK, call=_supplier_on_the_page),
    Endpoint("page consumption supplier edit", Role.CLERK, call=_supplier_edit_on_the_page),
    Endpoint("page consumption product apply", Role.CLERK, call=_apply_on_the_page),
    Endpoint("page consumption product edit", Role.CLERK, call=_product_edit_on_the_page),
    Endpoint("page consumption product check", Role.CLERK,
             call=_step_on_the_page("check", _applied, comment="材料齐全")),
    Endpoint("page consumption product certify", Role.APPROVER,
             call=_step_on_the_page("certify", _in_notice)),
    Endpoint("page consumption product suspend", Role.APPROVER,
             call=_step_on_the_page("suspend", lambda u, w: certified_product(u, _supplier(u, w)),
                                    comment="抽检不合格")),
    Endpoint("page consumption objection create", Role.APPROVER, call=_objection_on_the_page),
    Endpoint("page consumption objection answer", Role.APPROVER, call=_answer_on_the_page),
    # the import is decided per row (a row outside the scope is refused on its row, see
    # test_excel): a file of one application inside the scope
    Endpoint("page consumption product import", Role.CLERK, scoped=False,
             call=lambda c, u, w: c.post("/consumption/import/", {"file": _workbook(u, w)})),
    # the same for suppliers: a row whose place is outside the scope is refused on its row
    Endpoint("page consumption supplier import", Role.CLERK, scoped=False,
             call=lambda c, u, w: c.post("/consumption/suppliers/import/",
                                         {"file": _suppliers_workbook(u, w)})),
]  # fmt: skip
READ_ONLY_PAGES = {
    "consumption_product_list",
    "consumption_product_export",
    "consumption_product_import_template",
    "consumption_supplier_import_template",
    "consumption_product_detail",
    "consumption_supplier_list",
    "consumption_supplier_export",
    "consumption_supplier_detail",
    # the public catalogue: open to all (what it may show is tested by test_catalogue.py)
    "catalogue",
    "catalogue_product",
    "catalogue_product_qr",
}
WRITE_PAGES = {
    "consumption_supplier_create": "page consumption supplier create",
    "consumption_supplier_edit": "page consumption supplier edit",
    "consumption_product_apply": "page consumption product apply",
    "consumption_product_edit": "page consumption product edit",
    "consumption_product_step": "page consumption product check",
    "consumption_objection_create": "page consumption objection create",
    "consumption_objection_answer": "page consumption objection answer",
    "consumption_product_import": "page consumption product import",
    "consumption_supplier_import": "page consumption supplier import",
}


def _supplier_on_the_api(c: Any, u: Any, where: str) -> Any:
    body = {**SUPPLIER, "households_linked": 12, "place": TARGET_PLACE[where]}
    return json_request(c, "post", "/api/v1/consumption/suppliers", body)


def _apply_on_the_api(c: Any, u: Any, where: str) -> Any:
    found = _supplier(u, where)
    body = {**APPLICATION, "households_benefiting": 3, "supplier": found.uid}
    return json_request(c, "post", "/api/v1/consumption/products", body)


def _step_on_the_api(c: Any, u: Any, where: str) -> Any:
    found = _applied(u, where)
    return json_request(
        c, "post", f"/api/v1/consumption/products/{found.uid}/steps", {"kind": "check"}
    )


def _certify_on_the_api(c: Any, u: Any, where: str) -> Any:
    found = _in_notice(u, where)
    return json_request(
        c, "post", f"/api/v1/consumption/products/{found.uid}/steps", {"kind": "certify"}
    )


def _objection_on_the_api(c: Any, u: Any, where: str) -> Any:
    found = _in_notice(u, where)
    body = {"content": "异议", "received_on": found.notice_from.isoformat()}
    return json_request(c, "post", f"/api/v1/consumption/products/{found.uid}/objections", body)


def _answer_on_the_api(c: Any, u: Any, where: str) -> Any:
    found = _in_notice(u, where)
    objection = services.objection_record(actor=u, product=found, content="异议")
    body = {"outcome": "dismissed", "answer": "不成立"}
    return json_request(c, "post", f"/api/v1/consumption/objections/{objection.pk}/answer", body)


ENDPOINTS += [
    Endpoint("api consumption supplier create", Role.CLERK, call=_supplier_on_the_api),
    Endpoint("api consumption product apply", Role.CLERK, call=_apply_on_the_api),
    Endpoint("api consumption product check", Role.CLERK, call=_step_on_the_api),
    Endpoint("api consumption product certify", Role.APPROVER, call=_certify_on_the_api),
    Endpoint("api consumption objection create", Role.APPROVER, call=_objection_on_the_api),
    Endpoint("api consumption objection answer", Role.APPROVER, call=_answer_on_the_api),
]
API_WRITES = {
    ("POST", "/consumption/suppliers"): "api consumption supplier create",
    ("POST", "/consumption/products"): "api consumption product apply",
    ("POST", "/consumption/products/{key}/steps"): "api consumption product check",
    ("POST", "/consumption/products/{key}/objections"): "api consumption objection create",
    ("POST", "/consumption/objections/{pk}/answer"): "api consumption objection answer",
}
