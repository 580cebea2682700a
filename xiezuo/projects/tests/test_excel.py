"""Projects in Excel: the list's export imports back; a bad cell refuses the whole file."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiezuo.importing import ImportRefused
from xiezuo.projects import selectors
from xiezuo.projects.excel import imports, workbooks
from xiezuo.projects.excel.layout import COLUMNS
from xiezuo.projects.models import Project
from xiezuo.spreadsheets import header, workbook_bytes

from .factories import DEBAO_OFFICE, SHENZHEN_OFFICE, project

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "德保县扶贫车间",
    "kind": "产业协作",
    "locations": "451024 德保县",
    "implementing": DEBAO_OFFICE,
    "partners": SHENZHEN_OFFICE,
    "start": "2018-03-01",
    "end": "2018/12/31",
    "households": "120",
    "people": 480,
    "mechanism": "吸纳贫困劳动力就业",
    "helper_fiscal": "3,000,000",
    "social": 50000.5,
}


def workbook(*rows: dict) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header(COLUMNS))
    for cells in rows:
        sheet.append([cells.get(c.key, "") for c in COLUMNS])
    return io.BytesIO(workbook_bytes(book))


def refused(source: io.BytesIO, user) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRefused) as exc:
        imports.import_projects(source=source, user=user)
    return [(e.row, e.column, e.message) for e in exc.value.errors]


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["451024"])


def test_a_good_row_makes_a_project_with_its_budget_lines(clerk):
    [made] = imports.import_projects(source=workbook(GOOD), user=clerk)
    assert made.kind == "industry"
    assert [p.code for p in made.locations.all()] == ["451024"]
    assert selectors.budget_by_source(made) == {
        "helper_fiscal": Decimal("3000000.00"),
        "social": Decimal("50000.50"),
    }
    assert (made.households_expected, made.people_expected) == (120, 480)
    assert selectors.publish_missing(made) == []


def test_the_export_imports_back_as_the_same_projects(clerk):
    programme = project("县级项目", budget=(), planned_start_on=date(2018, 1, 1))
    first = project("甲项目", budget=(("helper_fiscal", "1000000"), ("credit", "250000.75")),
                    parent=programme, planned_start_on=date(2018, 6, 1))  # fmt: skip
    project("乙项目", locations=("451024105",), partners=())
    exported = workbooks.projects_workbook(selectors.project_list(place=None))
    sheet = load_workbook(io.BytesIO(exported)).active
    assert sheet is not None
    assert [c.value for c in sheet[1]][:2] == ["编号 (uid)", "名称 (name)"]
    budget = selectors.budget_by_source(first)
    Project.objects.filter(parent__isnull=False).delete()
    Project.objects.all().delete()
    made = imports.import_projects(source=io.BytesIO(exported), user=clerk)
    again = {p.name: p for p in made}
    assert sorted(again) == ["乙项目", "县级项目", "甲项目"]
    assert again["甲项目"].parent == again["县级项目"]  # named below its child in the file
    assert (
        selectors.budget_by_source(again["甲项目"])
        == budget
        == {
            "helper_fiscal": Decimal("1000000.00"),
            "credit": Decimal("250000.75"),
        }
    )
    assert [p.code for p in again["乙项目"].locations.all()] == ["451024105"]
    assert again["甲项目"].planned_end_on == first.planned_end_on
    assert list(again["甲项目"].partners.values_list("name", flat=True)) == [SHENZHEN_OFFICE]


def test_each_bad_cell_is_named_by_row_and_column_and_nothing_is_written(clerk):
    rows = [
        GOOD,
        {**GOOD, "name": "", "kind": "航天"},
        {**GOOD, "locations": "999999", "implementing": "无名单位"},
        {**GOOD, "end": "明年", "households": "很多", "helper_fiscal": "-5"},
        {**GOOD, "social": "1.005"},
    ]
    assert refused(workbook(*rows), clerk) == [
        (3, "名称", "此单元格必须填写。"),
        (3, "类别", "“航天”不是项目类别。"),
        (4, "项目地点", "没有代码为“999999”的行政区划。"),
        (4, "实施单位", "没有名为“无名单位”的单位。"),
        (5, "计划结束", "“明年”不是日期（应为 YYYY-MM-DD）。"),
        (5, "预期受益贫困户数", "“很多”不是整数。"),
        (5, "东西部协作财政帮扶资金", "金额必须大于零。"),
        (6, "社会帮扶资金及捐赠", "“1.005”：以元计的金额最多两位小数。"),
    ]
    assert not Project.objects.filter(name=GOOD["name"]).exists()


def test_a_row_outside_the_importers_scope_is_refused(clerk):
    assert refused(workbook({**GOOD, "locations": "451228"}), clerk) == [
        (2, "项目地点", "这些地点都不在您的权限范围内。")
    ]


def test_a_refusal_by_the_service_undoes_the_rows_before_it(clerk):
    rows = [GOOD, {**GOOD, "name": "倒排项目", "start": "2018-12-01", "end": "2018-01-01"}]
    assert refused(workbook(*rows), clerk) == [(3, "计划结束", "结束日期早于开始日期。")]
    assert not Project.objects.filter(name=GOOD["name"]).exists()


def test_a_missing_required_column_is_named(clerk):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["名称 (name)", "类别 (kind)"])
    sheet.append(["项目", "industry"])
    assert refused(io.BytesIO(workbook_bytes(book)), clerk) == [(1, "项目地点", "表头中缺少该列")]


def test_a_file_that_is_not_a_workbook_is_refused(clerk):
    assert refused(io.BytesIO(b"name,kind\n"), clerk)[0][0] == 0


def test_the_import_page_lists_the_refusals_with_422(debao_clerk):
    upload = SimpleUploadedFile("p.xlsx", workbook({**GOOD, "kind": "航天"}).getvalue())
    response = debao_clerk.post("/projects/import/", {"file": upload})
    assert response.status_code == 422
    assert (
        '<tr data-row="2"><td class="num">2</td><td>类别</td><td>“航天”不是项目类别。</td></tr>'
        in (response.content.decode())
    )


def test_the_template_has_the_layout_and_instructions(debao_clerk):
    response = debao_clerk.get("/projects/import/template/")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["项目库", "填写说明"]
    assert [c.value for c in book.worksheets[0][1]] == header(COLUMNS)


def test_the_export_follows_the_filters(debao_clerk):
    project("德保项目")
    project("都安项目", locations=("451228",))
    response = debao_clerk.get("/projects/export/?place=451228")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["都安项目"]


def test_a_parent_is_a_project_of_the_file_or_of_the_library(clerk):
    project("已有的县级项目", budget=())
    rows = [
        {**GOOD, "name": "子项目一", "parent": "已有的县级项目"},
        {**GOOD, "name": "子项目二", "parent": "文件中的母项目"},
        {**GOOD, "name": "文件中的母项目"},
    ]
    made = {p.name: p for p in imports.import_projects(source=workbook(*rows), user=clerk)}
    assert made["子项目一"].parent.name == "已有的县级项目"
    assert made["子项目二"].parent == made["文件中的母项目"]


def test_an_unknown_parent_is_named_on_its_row(clerk):
    assert refused(workbook({**GOOD, "parent": "不存在的项目"}), clerk) == [
        (2, "上级项目", "本文件和项目库中都没有名为“不存在的项目”的项目。")
    ]


def test_a_project_may_not_be_its_own_parent_in_a_file(clerk):
    assert refused(workbook({**GOOD, "parent": GOOD["name"]}), clerk) == [
        (2, "上级项目", "项目不能是自己的上级或更上级项目。")
    ]
    assert not Project.objects.filter(name=GOOD["name"]).exists()
