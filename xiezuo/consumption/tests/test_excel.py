"""Products in Excel: the export reads back in, an import is all or nothing with a message
per row and column, and a row outside the importer's scope is refused on its row."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiezuo.consumption.excel import PRODUCT_COLUMNS
from xiezuo.consumption.models import Product

from .factories import certified_product, supplier

pytestmark = pytest.mark.django_db


def _file(*rows: dict[str, str]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([f"{c.label} ({c.key})" for c in PRODUCT_COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key, "") for c in PRODUCT_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("products.xlsx", buffer.getvalue())


def test_the_export_has_the_certificate_and_the_price_exactly(client_for, clerk):
    made = certified_product(clerk)
    response = client_for(clerk).get("/consumption/products.xlsx", {"place": "451024"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    mine = next(r for r in rows if r[0] == made.uid)
    assert made.certificate_number in mine and 68 in mine


def test_an_import_applies_for_every_row(client_for, clerk):
    made = supplier(clerk)
    response = client_for(clerk).post("/consumption/import/", {"file": _file(
        {"supplier": made.uid, "name": "德保脐橙", "category": "初级农产品", "price": "68"},
        {"supplier": made.name, "name": "德保红心柚", "category": "primary", "price": "12.5"},
    )})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(Product.objects.filter(supplier=made).values_list("status", flat=True)) == {
        "applied"
    }
    assert Product.objects.filter(supplier=made).count() == 2


def test_one_bad_row_refuses_the_file_and_names_its_row_and_column(client_for, clerk):
    made = supplier(clerk)
    response = client_for(clerk).post("/consumption/import/", {"file": _file(
        {"supplier": made.uid, "name": "德保脐橙", "category": "primary", "price": "68"},
        {"supplier": made.uid, "name": "德保红心柚", "category": "primary", "price": "-12"},
    )})  # fmt: skip
    assert response.status_code == 422
    page = response.content.decode()
    assert ("3" in page and "-12" not in page) or "价格" in page or "Price" in page
    assert not Product.objects.filter(supplier=made).exists()


def test_a_row_outside_the_importers_scope_is_refused(client_for, clerk, make_user):
    elsewhere = supplier(make_user("coordinator", scope=["45"]), place="451228", name="都安某社")
    response = client_for(clerk).post("/consumption/import/", {"file": _file(
        {"supplier": elsewhere.uid, "name": "都安山羊", "category": "primary"},
    )})  # fmt: skip
    assert response.status_code == 422
    assert not Product.objects.filter(supplier=elsewhere).exists()
