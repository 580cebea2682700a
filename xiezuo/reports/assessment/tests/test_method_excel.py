"""A method to Excel and back: the same method, or a refusal per sheet, row and column."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from xiezuo.reports.assessment import excel_methods, methods
from xiezuo.reports.assessment.models import Method

pytestmark = pytest.mark.django_db
BASE = "/assessments/methods/"


def _workbook(code: str = "east-west-2021"):
    content = excel_methods.method_workbook(Method.objects.get(code=code))
    return load_workbook(io.BytesIO(content))


def _upload(workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("method.xlsx", buffer.getvalue())


def _set(sheet, key: str, row: int, value) -> None:
    """Set the cell of a column (found by its code in the header) in a row."""
    for cell in sheet[1]:
        if str(cell.value).endswith(f"({key})"):
            sheet.cell(row=row, column=cell.column, value=value)
            return
    raise AssertionError(key)


def _field(sheet, field: str, value) -> None:
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == field:
            row[1].value = value
            return
    raise AssertionError(field)


def test_the_download_has_the_four_sheets_and_a_row_per_criterion(client_for):
    answer = client_for("viewer").get(f"{BASE}east-west-2021.xlsx")
    assert answer.status_code == 200
    workbook = load_workbook(io.BytesIO(answer.content))
    assert workbook.sheetnames == ["方法", "考核指标", "等次", "分组"]
    assert workbook["考核指标"].max_row == 1 + 19
    assert workbook["分组"]["A2"].value == "national_key"


def test_a_method_comes_back_from_its_download_as_a_new_method(client_for):
    workbook = _workbook()
    _field(workbook["方法"], "code", "gx-2023")
    answer = client_for("coordinator").post(f"{BASE}import/", {"file": _upload(workbook)})
    assert answer.status_code == 302
    copy = Method.objects.get(code="gx-2023")
    original = methods.method_dump(Method.objects.get(code="east-west-2021"))
    assert methods.method_dump(copy) | {"code": "east-west-2021"} == original


def test_importing_an_unchanged_download_changes_nothing():
    workbook = _workbook()
    method, outcome = excel_methods.method_import(source=_upload(workbook))
    assert outcome == "unchanged" and method.code == "east-west-2021"


def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written(client_for):
    workbook = _workbook()
    _field(workbook["方法"], "code", "gx-2023")
    _set(workbook["考核指标"], "data", 3, "no_such_figure")
    _set(workbook["考核指标"], "cap", 2, 0.5)
    answer = client_for("coordinator").post(f"{BASE}import/", {"file": _upload(workbook)})
    assert answer.status_code == 422
    page = answer.content.decode()
    assert 'data-row="3"' in page and "no_such_figure" in page and "考核指标 · 数据来源" in page
    assert 'data-row="2"' in page and "考核指标 · 封顶" in page
    assert not Method.objects.filter(code="gx-2023").exists()


def test_weights_that_do_not_add_up_are_refused_on_the_full_score_row(client_for):
    workbook = _workbook()
    _set(workbook["考核指标"], "weight", 2, 9)
    answer = client_for("coordinator").post(f"{BASE}import/", {"file": _upload(workbook)})
    assert answer.status_code == 422
    assert "方法 · full_score" in answer.content.decode()


def test_a_file_that_is_not_a_workbook_is_refused(client_for):
    upload = SimpleUploadedFile("method.xlsx", b"not a workbook")
    answer = client_for("coordinator").post(f"{BASE}import/", {"file": upload})
    assert answer.status_code == 422
