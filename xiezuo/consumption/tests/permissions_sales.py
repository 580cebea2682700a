"""Permission-matrix entries for consumption's sales: a clerk records the purchases whose
buyer or supplier is in his scope, the buyers and the facilities of places in his scope."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.consumption import sales
from xiezuo.consumption.models import Product, Sale

from .records import buyer, product, supplier


def _product(u: Any, where: str) -> Product:
    place = TARGET_PLACE[where]
    return product(u, of=supplier(u, place=place, name=f"矩阵合作社-{where}"),
                   name=f"矩阵产品-{Product.objects.count()}")  # fmt: skip


def _buyer(u: Any, where: str) -> Any:
    return buyer(u, place=TARGET_PLACE[where], name=f"矩阵食堂-{where}")


def _sale(u: Any, where: str) -> Sale:
    item = _product(u, where)
    return sales.sale_record(actor=u, buyer=_buyer(u, where), supplier=item.supplier,
                             product=item, sold_on=date(2019, 5, 10), amount="100")  # fmt: skip


def _sale_on_the_api(c: Any, u: Any, where: str) -> Any:
    item = _product(u, where)
    body = {"buyer": _buyer(u, where).uid, "product": item.uid, "sold_on": "2019-05-10",
            "amount": "100"}  # fmt: skip
    return json_request(c, "post", "/api/v1/consumption/sales", body)


def _reverse_on_the_api(c: Any, u: Any, where: str) -> Any:
    made = _sale(u, where)
    return json_request(c, "post", f"/api/v1/consumption/sales/{made.uid}/reverse", {})


def _buyer_on_the_api(c: Any, u: Any, where: str) -> Any:
    body = {"name": "矩阵采购方", "kind": "canteen", "place": TARGET_PLACE[where]}
    return json_request(c, "post", "/api/v1/consumption/buyers", body)


def _facility_on_the_api(c: Any, u: Any, where: str) -> Any:
    body = {"kind": "showroom", "name": "矩阵展示中心", "serves": TARGET_PLACE[where],
            "opened_on": "2019-05-01"}  # fmt: skip
    return json_request(c, "post", "/api/v1/consumption/facilities", body)


ENDPOINTS = [
    Endpoint("api consumption sale create", Role.CLERK, call=_sale_on_the_api),
    Endpoint("api consumption sale reverse", Role.CLERK, call=_reverse_on_the_api),
    Endpoint("api consumption buyer create", Role.CLERK, call=_buyer_on_the_api),
    Endpoint("api consumption facility create", Role.CLERK, call=_facility_on_the_api),
]
API_WRITES = {
    ("POST", "/consumption/sales"): "api consumption sale create",
    ("POST", "/consumption/sales/{key}/reverse"): "api consumption sale reverse",
    ("POST", "/consumption/buyers"): "api consumption buyer create",
    ("POST", "/consumption/facilities"): "api consumption facility create",
}


def _sale_on_the_page(c: Any, u: Any, where: str) -> Any:
    item = _product(u, where)
    return c.post(
        "/consumption/sales/new/",
        {"buyer": _buyer(u, where).pk, "product": item.pk, "sold_on": "2019-05-10",
         "amount": "100", "idempotency_key": "page:matrix"},
    )  # fmt: skip


def _reverse_on_the_page(c: Any, u: Any, where: str) -> Any:
    made = _sale(u, where)
    return c.post(f"/consumption/sales/{made.uid}/reverse/", {"note": "录错"})


def _buyer_on_the_page(c: Any, u: Any, where: str) -> Any:
    body = {"name": "矩阵采购方", "kind": "canteen", "place": TARGET_PLACE[where]}
    return c.post("/consumption/buyers/new/", body)


def _facility_on_the_page(c: Any, u: Any, where: str) -> Any:
    return c.post(
        "/consumption/facilities/new/",
        {"kind": "showroom", "name": "矩阵展示中心", "serves": TARGET_PLACE[where],
         "opened_on": "2019-05-01"},
    )  # fmt: skip


def _statement(u: Any, where: str) -> Any:
    """A statement of one sale whose buyer and supplier are in the place given."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from xiezuo.consumption.statements import COLUMNS

    item = _product(u, where)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([f"({c.key})" for c in COLUMNS])
    cells = {"sold_on": "2019-05-10", "buyer": _buyer(u, where).uid,
             "supplier": item.supplier.uid, "product": item.uid, "amount": "100",
             "order_number": f"矩阵-{where}-{Sale.objects.count()}"}  # fmt: skip
    sheet.append([cells.get(c.key, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("statement.xlsx", buffer.getvalue())


ENDPOINTS += [
    Endpoint("page consumption sale create", Role.CLERK, call=_sale_on_the_page),
    Endpoint("page consumption sale reverse", Role.CLERK, call=_reverse_on_the_page),
    Endpoint("page consumption buyer create", Role.CLERK, call=_buyer_on_the_page),
    Endpoint("page consumption facility create", Role.CLERK, call=_facility_on_the_page),
    # decided per row (a row outside the scope is refused on its row), so unscoped
    Endpoint("page consumption statement import", Role.CLERK, scoped=False,
             call=lambda c, u, w: c.post("/consumption/sales/import/",
                                         {"file": _statement(u, w)})),
]  # fmt: skip
READ_ONLY_PAGES = {
    "consumption_sale_list",
    "consumption_sale_export",
    "consumption_sale_detail",
    "consumption_sale_import_template",
    "consumption_buyer_list",
    "consumption_facility_list",
}
WRITE_PAGES = {
    "consumption_sale_create": "page consumption sale create",
    "consumption_sale_reverse": "page consumption sale reverse",
    "consumption_buyer_create": "page consumption buyer create",
    "consumption_facility_create": "page consumption facility create",
    "consumption_sale_import": "page consumption statement import",
}
