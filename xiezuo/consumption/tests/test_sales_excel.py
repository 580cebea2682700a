"""A channel's monthly statement imported all or nothing (a message per row and column; a
repeated order number refused, in the file and against what is stored), and the export."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiezuo.consumption import statements
from xiezuo.consumption.models import Sale
from xiezuo.importing import ImportRefused

from .records import buyer, product, sale

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder(make_user):
    return make_user("coordinator", scope=["44", "45"])


def workbook(*rows: dict[str, str]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append([f"({c.key})" for c in statements.COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key, "") for c in statements.COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("statement.xlsx", buffer.getvalue())


def row(recorder, **change) -> dict[str, str]:
    item = product(recorder)
    platform = buyer(recorder, name="832平台测试", kind="channel_832")
    return {"sold_on": "2019-05-10", "buyer": platform.name, "supplier": item.supplier.name,
            "product": item.name, "quantity": "12", "amount": "480", "order_number": "832-001",
            **change}  # fmt: skip


def refused(source, user) -> list[str]:
    before = Sale.objects.count()
    with pytest.raises(ImportRefused) as caught:
        statements.import_statement(source=source, user=user)
    assert Sale.objects.count() == before
    return [str(e) for e in caught.value.errors]


def test_a_statement_is_imported_a_sale_a_row(recorder):
    created = statements.import_statement(
        source=workbook(row(recorder), row(recorder, order_number="832-002", amount="20.5")),
        user=recorder,
    )
    assert [(s.order_number, str(s.amount)) for s in created] == [
        ("832-001", "480.00"), ("832-002", "20.50"),
    ]  # fmt: skip


def test_an_order_number_repeated_in_the_file_refuses_it_all(recorder):
    errors = refused(workbook(row(recorder), row(recorder)), recorder)
    assert errors == ["第 3 行，“订单号或发票号”列：订单号832-001重复：第2行也有。"]


def test_an_order_number_already_recorded_refuses_it_all(recorder):
    statements.import_statement(source=workbook(row(recorder)), user=recorder)
    errors = refused(workbook(row(recorder, order_number="832-009"), row(recorder)), recorder)
    assert errors == ["第 3 行，“订单号或发票号”列：832平台测试已登记过订单号832-001。"]


def test_every_bad_cell_is_named_by_row_and_column(recorder):
    errors = refused(
        workbook(row(recorder, amount="-5", quantity="许多", product="不存在的产品",
                     sold_on="明天")),
        recorder,
    )  # fmt: skip
    assert len(errors) == 4
    assert all(e.startswith("第 2 行") for e in errors)


def test_the_export_has_a_row_per_sale_and_says_which_count(recorder):
    made = sale(recorder, product(recorder), order_number="EXP-1")
    content = statements.sales_workbook(Sale.objects.filter(pk=made.pk))
    sheet = load_workbook(io.BytesIO(content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    keys = [c.key for c in statements.COLUMNS]
    assert values[0][keys.index("order_number")] == "EXP-1"
    assert values[0][keys.index("counts")] == "是"
