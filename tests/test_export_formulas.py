"""Texts in the exports stay text: a name or a note that begins with “=” is never a formula
in an Excel export, a CSV meant for people escapes it, and a control character stored
before such characters were refused (written here directly, as an old record would be)
never makes an export fail."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from xiezuo.spreadsheets import append_row, cells, csv_text, workbook_bytes

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","点我")'
STORED = FORMULA + "\x01\x1f"  # what an old record holds: control characters openpyxl refuses


def text_cells(content: bytes) -> dict[str, str]:
    """Every cell of the file holding a string: its value and its type; and no formula."""
    book = load_workbook(io.BytesIO(content))
    found: dict[str, str] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    found[cell.value] = cell.data_type
    return found


def assert_written_as_text(content: bytes, expected: str = FORMULA) -> None:
    found = text_cells(content)
    assert expected in found, sorted(found)[:20]
    assert found[expected] == "s"


# --- the helpers


@pytest.mark.parametrize("write_only", [False, True])
@pytest.mark.parametrize("text", [FORMULA, "=1+1", "+1+1", "-1+1", "@SUM(A1)"])
def test_a_text_is_written_as_text_in_either_mode(write_only, text):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("x") if write_only else book.active
    append_row(sheet, [text, 12, "普通"])
    sheet_back = load_workbook(io.BytesIO(workbook_bytes(book))).worksheets[0]
    cell = sheet_back.cell(row=1, column=1)
    assert (cell.value, cell.data_type) == (text, "s")
    assert sheet_back.cell(row=1, column=2).value == 12


@pytest.mark.parametrize("write_only", [False, True])
def test_characters_a_workbook_cannot_hold_are_left_out(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("x") if write_only else book.active
    append_row(sheet, ["甲\x00乙\x08丙\x0b\x1f丁", "行一\n行二\t制表"])
    back = load_workbook(io.BytesIO(workbook_bytes(book))).worksheets[0]
    assert [c.value for c in back[1]] == ["甲乙丙丁", "行一\n行二\t制表"]


def test_a_cell_made_beforehand_keeps_its_style_and_is_text():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    head = cells(sheet, ["=1+1"], bold=True)
    append_row(sheet, head)
    cell = load_workbook(io.BytesIO(workbook_bytes(book))).worksheets[0]["A1"]
    assert (cell.value, cell.data_type, cell.font.b) == ("=1+1", "s", True)


def test_no_cell_of_a_saved_workbook_is_a_formula():
    book = Workbook()
    book.active.append(["=1+1"])  # written without the helper
    assert_written_as_text(workbook_bytes(book), "=1+1")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("百色市", "百色市"),
        ("-12.5", "-12.5"),  # a number is a number
        ("+3", "+3"),
    ],
)
def test_a_csv_for_people_escapes_what_could_be_a_formula(value, shown):
    assert csv_text(value) == shown


# --- every export


@pytest.fixture
def coordinator(client_for: Callable[..., Client]) -> Client:
    return client_for("coordinator", scope=["44", "45"])


@pytest.fixture
def administrator(client_for: Callable[..., Client]) -> Client:
    return client_for("administrator")


def download(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_plans_board_and_its_year_end_report(coordinator):
    from xiezuo.plans.models import Document, WorkItem

    document = Document.objects.filter(items__isnull=False).first()
    assert document is not None
    WorkItem.objects.filter(pk=document.items.first().pk).update(title=STORED)
    assert_written_as_text(download(coordinator, f"/plans/{document.pk}/board.xlsx"))
    assert_written_as_text(download(coordinator, f"/plans/{document.pk}/report.xlsx"))


def test_the_projects_export(coordinator):
    from xiezuo.projects.models import Project

    project = Project.objects.first()
    assert project is not None
    Project.objects.filter(pk=project.pk).update(name=STORED)
    assert_written_as_text(download(coordinator, "/projects/export/"))


def test_the_investment_export(coordinator):
    from xiezuo.investment.models import InvestmentProject

    project = InvestmentProject.objects.first()
    assert project is not None
    InvestmentProject.objects.filter(pk=project.pk).update(name=STORED)
    assert_written_as_text(
        download(coordinator, f"/investment/projects.xlsx?place={project.place.code}")
    )


def test_the_ledger_and_a_statement(administrator):
    from xiezuo.ledger.models import Account, Transfer

    transfer = Transfer.objects.first()
    assert transfer is not None
    Account.objects.filter(pk=transfer.source_id).update(name_zh=STORED)
    account = Account.objects.get(pk=transfer.target_id)  # its statement names the source
    assert_written_as_text(download(administrator, f"/ledger/{account.code}/statement.xlsx"))
    assert_written_as_text(download(administrator, "/ledger/ledger.xlsx"))


def test_the_labour_workers_export(administrator):
    from xiezuo.labour.models import Worker

    worker = Worker.objects.first()
    assert worker is not None
    Worker.objects.filter(pk=worker.pk).update(name=STORED)
    assert_written_as_text(
        download(administrator, f"/labour/excel/workers/?place={worker.home.code}")
    )


def test_the_data_export_of_a_value_comment():
    from xiezuo.indicators import exports, sources
    from xiezuo.indicators.models import DataValue
    from xiezuo.periods import parse

    value = next(
        v
        for v in DataValue.objects.select_related("data_element", "place").iterator()
        if sources.owner_of(v.data_element.code) is None
        and v.data_element.data_sets.filter(period_type=parse(v.period).type.dhis2_name).exists()
    )
    DataValue.objects.filter(pk=value.pk).update(comment=STORED)
    selection = exports.Selection(
        data_set=value.data_element.data_sets.get(period_type=parse(value.period).type.dhis2_name),
        places=[value.place],
        periods=[parse(value.period)],
        children=False,
        id_scheme="CODE",
    )
    assert_written_as_text(exports.xlsx_file(selection).read())
    # the CSV for machines (/api/dataValueSets.csv) is as DHIS2 writes it: not escaped
    rows = list(csv.reader(io.StringIO(exports.text_of(selection, "csv"))))
    assert STORED in [row[8] for row in rows]


def test_the_pivot_table_in_excel_and_csv(client_for):
    from xiezuo.places.models import Place

    Place.objects.filter(code="4510").update(name=STORED)
    query = "dx=projects_signed&pe=2016;2017&ou=45&level=2&rows=ou&columns=pe"
    viewer = client_for("viewer")
    assert_written_as_text(download(viewer, f"/pivot/export.xlsx?{query}"))
    rows = list(
        csv.reader(io.StringIO(download(viewer, f"/pivot/export.csv?{query}").decode("utf-8-sig")))
    )
    labels = [row[0] for row in rows[1:]]
    assert "'" + STORED in labels


def test_the_unpaired_places_export(client_for):
    from xiezuo.places.models import Place

    viewer = client_for("viewer")
    first = load_workbook(io.BytesIO(download(viewer, "/coverage/unpaired.xlsx?place=45")))
    code = next(first.worksheets[-1].iter_rows(min_row=2, values_only=True))[0]
    Place.objects.filter(code=code).update(name=STORED)
    assert_written_as_text(download(viewer, "/coverage/unpaired.xlsx?place=45"))
