"""Excel: the spots with their discounts, the visitor reports out, and a county's monthly
return in — all or nothing, with a message per row and column."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiezuo.tourism.excel import VISITOR_COLUMNS
from xiezuo.tourism.models import VisitorReport

from .factories import QUIET, figure, spot

pytestmark = pytest.mark.django_db


def _file(*rows: dict) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"{c.label} ({c.key})" for c in VISITOR_COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key, "") for c in VISITOR_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("visitors.xlsx", buffer.getvalue())


def test_a_countys_return_is_imported_and_moves_the_figure(client_for, recorder):
    scenic = spot(recorder)
    answer = client_for("coordinator", scope=["45"]).post("/tourism/visitors/import/", {
        "file": _file({"place": QUIET, "spot": scenic.name, "period": "2019-05",
                       "visitors": 800, "helper": 200},
                      {"place": QUIET, "spot": scenic.name, "period": "2019-06",
                       "visitors": 900, "helper": 250})})  # fmt: skip
    assert answer.status_code == 302
    assert figure("guangdong_visitors", QUIET, "2019") == 450


def test_one_bad_cell_refuses_the_whole_file_naming_row_and_column(client_for, recorder):
    scenic = spot(recorder)
    answer = client_for("coordinator", scope=["45"]).post("/tourism/visitors/import/", {
        "file": _file({"place": QUIET, "spot": scenic.name, "period": "2019-05",
                       "visitors": 800, "helper": 200},
                      {"place": QUIET, "spot": scenic.name, "period": "2019-05",
                       "visitors": "很多", "helper": 900})})  # fmt: skip
    assert answer.status_code == 422
    html = answer.content.decode()
    assert 'data-row="3"' in html and "接待游客（人次）" in html
    assert "第2行已填报同一景区同一月份" in html
    assert not VisitorReport.objects.filter(spot=scenic).exists()


def test_a_month_already_reported_is_refused_not_replaced(client_for, recorder):
    from xiezuo.tourism import services

    scenic = spot(recorder)
    services.visitor_report_record(actor=recorder, spot=scenic, period="201905", visitors=5,
                                   helper_visitors=1)  # fmt: skip
    answer = client_for("coordinator", scope=["45"]).post("/tourism/visitors/import/", {
        "file": _file({"place": QUIET, "spot": scenic.name, "period": "201905",
                       "visitors": 800, "helper": 200})})  # fmt: skip
    assert answer.status_code == 422
    assert VisitorReport.objects.get(spot=scenic).visitors == 5


def test_a_row_outside_the_scope_is_refused_on_its_row(client_for, recorder):
    scenic = spot(recorder, place="451228")
    answer = client_for("clerk", scope=["451024"]).post("/tourism/visitors/import/", {
        "file": _file({"place": "451228", "spot": scenic.name, "period": "201905",
                       "visitors": 800, "helper": 200})})  # fmt: skip
    assert answer.status_code == 422
    assert "不在您的管理范围内" in answer.content.decode()


def test_the_export_imports_elsewhere_in_the_same_layout(client_for):
    answer = client_for("viewer", scope=["45"]).get("/tourism/visitors.xlsx?period=2017-05")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header = [cell.value for cell in sheet[1]]
    assert all(f"({c.key})" in text for c, text in zip(VISITOR_COLUMNS, header, strict=True))
    helper = sum(row[4] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert helper == sum(
        VisitorReport.objects.filter(period="201705").values_list("helper_visitors", flat=True)
    )


def test_the_spots_export_has_a_row_per_discount(client_for):
    answer = client_for("viewer", scope=["45"]).get("/tourism/spots.xlsx?year=2017&discounted=1")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet.max_row - 1 == 83
