"""Work items in Excel: the board's export imports back; a bad row refuses the whole file."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from xiezuo.importing import ImportRefused
from xiezuo.indicators.models import DataElement
from xiezuo.places.models import Place
from xiezuo.plans import selectors, services
from xiezuo.plans.board import supervision_board
from xiezuo.plans.excel import imports, layout, workbooks
from xiezuo.plans.models import Category, Document, Milestone, Target, WorkItem
from xiezuo.plans.status import Status

from .factories import BAISE, DEBAO, OFFICE, ON, document, work_item

pytestmark = pytest.mark.django_db

GOOD = {
    "category": "劳务协作",
    "title": "组织贫困劳动力技能培训",
    "lead": OFFICE,
    "supporting": f"{BAISE}；{DEBAO}",
    "places": "4510 百色市、德保县",
    "start": "2018-01-01",
    "due": date(2018, 12, 31),
    "milestones": "制定培训计划 2018-03-31\n完成年度培训 2018/11/30",
    "targets": "people_trained[poverty=poor] @45 2018 10,000",
}


def row(**cells) -> list:
    values = {**GOOD, **cells}
    return [values.get(c.key, "") for c in layout.COLUMNS]


def workbook(*rows: list, header: list | None = None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header if header is not None else layout.header())
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def label(key: str) -> str:
    return str(layout.BY_KEY[key].label)


def written(doc: Document) -> tuple[int, int, int, int]:
    return (
        WorkItem.objects.filter(document=doc).count(),
        Category.objects.filter(document=doc).count(),
        Milestone.objects.filter(item__document=doc).count(),
        Target.objects.filter(item__document=doc).count(),
    )


def refused(doc: Document, source: io.BytesIO) -> list:
    before = written(doc)
    with pytest.raises(ImportRefused) as exc:
        imports.import_items(document=doc, source=source)
    assert written(doc) == before, "a refused file wrote something"
    return exc.value.errors


def snapshot(doc: Document) -> list[tuple]:
    return [
        (
            i.category.number,
            i.category.name,
            i.number,
            i.title,
            i.description,
            i.lead.name,
            sorted(o.name for o in i.supporting.all()),
            sorted(p.code for p in i.places.all()),
            i.starts_on,
            i.due_on,
            [(m.title, m.due_on) for m in i.milestones.all()],
            [(t.expression, t.place.code, t.period, t.value) for t in i.targets.all()],
        )
        for i in WorkItem.objects.filter(document=doc).order_by("number")
    ]


# --- the round trip ----------------------------------------------------------------------


def test_the_boards_export_imports_into_another_document_as_the_same_items(plan):
    source, items = plan
    services.item_update(item=items[4], description="面向建档立卡贫困劳动力\n分两期")
    services.target_create(
        item=items[4],
        figure=DataElement.objects.get(code="people_trained"),
        options="poverty=poor",
        place=Place.objects.get(code="45"),
        period="2018",
        value=10000,
    )
    exported = workbooks.board_workbook(supervision_board(source, on=ON))

    copy = document("副本", categories=())
    summary = imports.import_items(document=copy, source=io.BytesIO(exported))

    assert summary.items == 6 and summary.categories == ["组织领导", "劳务协作"]
    assert snapshot(copy) == snapshot(source)


def test_the_export_is_the_import_layout_with_status_and_reasons(plan):
    source, _ = plan
    exported = load_workbook(io.BytesIO(workbooks.board_workbook(supervision_board(source, on=ON))))
    sheet = exported.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == layout.header()
    columns = layout.columns_of_header(rows[0])
    first = rows[1]
    assert first[columns["title"]] == "召开联席会议"
    assert first[columns["places"]] == "4510 百色市"
    assert first[columns["milestones"]] == "印发会议纪要 2018-04-30"
    assert first[columns["status"]] == str(Status.OVERDUE.label)
    assert first[columns["reasons"]] == "应于 2018年5月31日 完成，尚未完成。"
    # the plan's order: by category, then number (item 6 is of the first category)
    assert [r[columns["number"]] for r in rows[1:]] == [1, 2, 6, 3, 4, 5]


def test_a_target_is_written_as_it_is_read():
    doc = document()
    work = work_item(doc, 2, "培训", OFFICE, ["45"])
    services.target_create(
        item=work,
        figure=DataElement.objects.get(code="people_trained"),
        options="poverty=poor",
        place=Place.objects.get(code="45"),
        period="2018",
        value=Decimal("10000"),
    )
    work = selectors.item_list(document=doc).get(pk=work.pk)
    cells = dict(zip([c.key for c in layout.COLUMNS], workbooks.item_cells(work), strict=True))
    assert cells["targets"] == "people_trained[poverty=poor] @45 2018 10000"


# --- the import --------------------------------------------------------------------------


def test_a_good_file_adds_items_milestones_and_targets():
    doc = document()
    summary = imports.import_items(document=doc, source=workbook(row()))
    assert (summary.items, summary.milestones, summary.targets) == (1, 2, 1)
    created = WorkItem.objects.get(document=doc)
    assert created.category.name == "劳务协作" and created.number == 1
    assert sorted(o.name for o in created.supporting.all()) == sorted([BAISE, DEBAO])
    assert sorted(p.code for p in created.places.all()) == ["4510", "451024"]
    assert [(m.title, m.due_on) for m in created.milestones.all()] == [
        ("制定培训计划", date(2018, 3, 31)),
        ("完成年度培训", date(2018, 11, 30)),
    ]
    target = created.targets.get()
    assert (target.expression, target.place.code, target.period, target.value) == (
        "people_trained[poverty=poor]",
        "45",
        "2018",
        Decimal("10000"),
    )


def test_items_are_added_after_the_last_and_new_categories_after_the_documents():
    doc = document()  # categories 1 组织领导, 2 劳务协作
    work_item(doc, 1, "已有任务", OFFICE, [], number=4)
    imports.import_items(
        document=doc,
        source=workbook(
            row(category="产业合作", title="甲"),
            row(category="劳务协作", title="乙"),
            row(category="生态建设", title="丙", number=20),
            row(category="产业合作", title="丁"),
        ),
    )
    found = {i.title: (i.number, i.category.number, i.category.name) for i in doc.items.all()}
    assert found["甲"] == (21, 3, "产业合作")
    assert found["乙"] == (22, 2, "劳务协作")
    assert found["丙"] == (20, 4, "生态建设")
    assert found["丁"] == (23, 3, "产业合作")


def test_the_start_defaults_to_the_documents_and_blank_rows_are_skipped():
    doc = document()
    imports.import_items(
        document=doc, source=workbook(row(start=None, milestones="", targets=""), [None] * 5)
    )
    assert doc.items.get().starts_on == doc.starts_on


def test_columns_are_found_by_their_label_in_any_order():
    doc = document()
    keys = ["due", "lead", "title", "category"]
    header = [str(layout.BY_KEY[k].label) for k in keys]
    imports.import_items(
        document=doc, source=workbook(["2018-12-31", OFFICE, "甲", "劳务协作"], header=header)
    )
    assert doc.items.get().title == "甲"


BAD_ROWS = [
    ("unknown lead", {"lead": "无此单位"}, "lead", "无此单位"),
    ("unknown supporting", {"supporting": f"{BAISE}、无此单位"}, "supporting", "无此单位"),
    ("unknown place code", {"places": "4510、459999"}, "places", "459999"),
    ("unknown place name", {"places": "无此县"}, "places", "无此县"),
    ("bad start date", {"start": "2018-02-30"}, "start", "2018-02-30"),
    ("bad due date", {"due": "明年"}, "due", "明年"),
    ("malformed milestone", {"milestones": "没有日期的节点"}, "milestones", "没有日期的节点"),
    ("milestone bad date", {"milestones": "节点 2018-13-01"}, "milestones", "2018-13-01"),
    ("unknown element", {"targets": "no_such_thing @45 2018 10"}, "targets", "no_such_thing"),
    (
        "unknown option",
        {"targets": "people_trained[poverty=rich] @45 2018 10"},
        "targets",
        "poverty=rich",
    ),
    ("unknown target place", {"targets": "people_trained @4599 2018 10"}, "targets", "4599"),
    ("bad target period", {"targets": "people_trained @45 someday 10"}, "targets", "someday"),
    ("bad target value", {"targets": "people_trained @45 2018 many"}, "targets", "many"),
    ("malformed target", {"targets": "people_trained 45 2018"}, "targets", "people_trained"),
    ("bad number", {"number": "第三"}, "number", "第三"),
    ("no title", {"title": ""}, "title", ""),
]


@pytest.mark.parametrize(
    ("case", "cells", "column", "fragment"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS]
)
def test_a_bad_row_refuses_the_whole_file_with_its_row_and_column(case, cells, column, fragment):
    doc = document()
    errors = refused(doc, workbook(row(title="好的一行"), row(**cells), row(title="又一行")))
    assert [(e.row, e.column) for e in errors] == [(3, label(column))]
    assert fragment in errors[0].message


def test_a_due_date_before_the_start_is_refused_beside_the_due_date():
    doc = document()
    errors = refused(doc, workbook(row(start="2018-07-01", due="2018-03-01")))
    assert [(e.row, e.column, e.message) for e in errors] == [
        (2, label("due"), _("The due date is before the start."))
    ]


def test_a_number_the_document_has_is_refused():
    doc = document()
    work_item(doc, 1, "已有任务", OFFICE, [], number=3)
    errors = refused(doc, workbook(row(number=3)))
    assert [(e.row, e.column, e.message) for e in errors] == [
        (2, label("number"), _("Item %(number)s exists.") % {"number": 3})
    ]


def test_a_number_given_twice_is_refused_on_its_second_row():
    doc = document()
    errors = refused(doc, workbook(row(number=7), row(number=8), row(number=7)))
    assert [(e.row, e.column) for e in errors] == [(4, label("number"))]
    assert "2" in errors[0].message


def test_every_bad_cell_is_named_not_only_the_first():
    doc = document()
    errors = refused(doc, workbook(row(lead="无此单位", due="明年"), row(), row(places="459999")))
    assert [(e.row, e.column) for e in errors] == [
        (2, label("lead")),
        (2, label("due")),
        (4, label("places")),
    ]


def test_a_file_that_is_not_a_workbook_is_refused():
    doc = document()
    errors = refused(doc, io.BytesIO("类别,标题\n劳务协作,培训\n".encode()))
    assert len(errors) == 1 and errors[0].row == 0
    old_excel = refused(doc, io.BytesIO(b"\xd0\xcf\x11\xe0" + b"\x00" * 100))
    assert ".xls" in old_excel[0].message
    broken_zip = refused(doc, io.BytesIO(b"PK\x03\x04" + b"\x00" * 100))
    assert len(broken_zip) == 1


def test_a_header_without_the_required_columns_is_refused():
    doc = document()
    errors = refused(doc, workbook(["x", "y"], header=["分类 (category)", "备注"]))
    assert {e.column for e in errors} == {label("title"), label("lead"), label("due")}
    assert {e.row for e in errors} == {1}


def test_an_empty_sheet_is_refused():
    doc = document()
    errors = refused(doc, workbook())
    assert errors[0].row == 0


def test_messages_are_in_the_users_language():
    from django.utils import translation

    doc = document()
    with translation.override("en"):
        errors = refused(doc, workbook(row(lead="无此单位")))
        assert errors[0].column == "Lead organisation"
        assert errors[0].message == "No organisation is named “无此单位”."


# --- the template ------------------------------------------------------------------------


def test_the_template_is_the_layout_empty_with_an_instructions_sheet():
    doc = document()
    book = load_workbook(io.BytesIO(workbooks.template_workbook(doc)))
    sheet, notes = book.worksheets
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [tuple(layout.header())]
    assert sheet["A1"].comment.text == str(layout.BY_KEY["category"].help)
    assert set(layout.columns_of_header(rows[0])) == set(layout.BY_KEY)
    assert any(
        "people_trained[poverty=poor] @45 2018 10000" in str(c)
        for r in notes.iter_rows(values_only=True)
        for c in r
    )


def test_the_instructions_example_row_imports():
    doc = document()
    notes = load_workbook(io.BytesIO(workbooks.template_workbook(doc))).worksheets[1]
    rows = list(notes.iter_rows(values_only=True))
    example = workbook(list(rows[-1]), header=list(rows[-2]))
    assert imports.import_items(document=doc, source=example).items == 1


# --- the pages ---------------------------------------------------------------------------


def upload(source: io.BytesIO, name: str = "items.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, source.getvalue(), content_type=layout.CONTENT_TYPE)


def test_a_coordinator_imports_a_file_and_lands_on_the_board(client_for):
    doc = document()
    response = client_for("coordinator").post(
        f"/plans/{doc.pk}/import/", {"file": upload(workbook(row(), row(title="第二项")))}
    )
    assert response.status_code == 302 and response["Location"] == f"/plans/{doc.pk}/board/"
    assert doc.items.count() == 2


def test_the_import_page_lists_each_refused_cell(client_for):
    doc = document()
    response = client_for("coordinator").post(
        f"/plans/{doc.pk}/import/", {"file": upload(workbook(row(), row(lead="无此单位")))}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="import-refused"' in html and 'data-row="3"' in html and "无此单位" in html
    assert doc.items.count() == 0


def test_the_import_page_refuses_a_missing_file_beside_the_file_field(client_for, errors_beside):
    doc = document()
    response = client_for("coordinator").post(f"/plans/{doc.pk}/import/", {})
    assert response.status_code == 422
    assert errors_beside(response, "id_file") == ["请选择要导入的 Excel 文件（.xlsx）。"]
    assert 'id="import-refused"' not in response.content.decode()


def test_the_import_page_refuses_a_file_over_10_mb_beside_the_file_field(
    client_for, errors_beside, monkeypatch
):
    monkeypatch.setattr("xiezuo.spreadsheets.MAX_IMPORT_BYTES", 100)
    doc = document()
    response = client_for("coordinator").post(
        f"/plans/{doc.pk}/import/", {"file": upload(workbook(row()))}
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_file") == ["文件大于 10 MB。"]
    assert doc.items.count() == 0


def test_a_viewer_may_not_import(client_for):
    doc = document()
    response = client_for("viewer").post(
        f"/plans/{doc.pk}/import/", {"file": upload(workbook(row()))}
    )
    assert response.status_code == 403
    assert doc.items.count() == 0


def test_the_template_and_the_export_download_as_workbooks(client_for):
    doc = document()
    client = client_for("viewer")
    for url in (
        f"/plans/{doc.pk}/import/template.xlsx",
        f"/plans/{doc.pk}/board.xlsx?on=2018-06-14",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == layout.CONTENT_TYPE
        assert "attachment" in response["Content-Disposition"]
        load_workbook(io.BytesIO(response.content))
