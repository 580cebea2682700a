"""The signed-project list in Excel: the export imports back; the import is all or nothing,
with a message per row and column."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiezuo.investment.excel import COLUMNS
from xiezuo.investment.models import InvestmentProject

from .factories import QUIET, enterprise, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client_for):
    """A clerk of Nanning (4501)."""
    return client_for("clerk", scope=["4501"])


def upload(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"({c.key})" for c in COLUMNS])
    for cells in rows:
        sheet.append([cells.get(c.key, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("projects.xlsx", buffer.getvalue())


def row(**cells):
    base = {"name": "导入项目", "enterprise": enterprise().name, "place": f"{QUIET} 兴宁区",
            "sector": "农业", "signed_on": "2019-03-01", "planned": "1,000,000.50"}  # fmt: skip
    return {**base, **cells}


def test_the_export_imports_back_as_the_same_projects(clerk, recorder):
    project(recorder, name="甲项目", planned_investment="1000000.50", jobs_expected=30)
    project(recorder, name="乙项目", sector="other", planned_investment="2000000")
    exported = clerk.get(f"/investment/projects.xlsx?place={QUIET}").content
    InvestmentProject.objects.filter(place__code=QUIET).update(name="旧")
    response = clerk.post("/investment/import/", {"file": SimpleUploadedFile("x.xlsx", exported)})
    assert response.status_code == 302, response.content.decode()[:2000]
    again = {
        (p.name, p.sector, p.planned_investment, p.jobs_expected)
        for p in InvestmentProject.objects.filter(place__code=QUIET).exclude(name="旧")
    }
    assert again == {("甲项目", "agriculture", 1000000.50, 30), ("乙项目", "other", 2000000, 0)}


def test_one_bad_cell_refuses_the_file_naming_its_row_and_column(clerk):
    response = clerk.post(
        "/investment/import/",
        {
            "file": upload(
                [row(), row(name="坏行", planned="12.345", sector="工业", place="999999")]
            )
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    refused = page[page.index('id="import-refused"') :]
    assert refused.count('data-row="3"') == 3
    assert "计划总投资（元）" in refused and "最多两位小数" in refused
    assert "产业类别" in refused or "工业" in refused
    assert not InvestmentProject.objects.filter(name="导入项目").exists()


def test_a_row_outside_the_importers_scope_is_refused(clerk):
    response = clerk.post("/investment/import/", {"file": upload([row(place="451024")])})
    assert response.status_code == 422
    assert "不在您的负责范围" in response.content.decode()
    assert not InvestmentProject.objects.filter(name="导入项目").exists()


def test_a_refusal_by_the_service_is_named_on_its_row(clerk):
    helped = enterprise("南宁本地企业", side="helped")
    response = clerk.post(
        "/investment/import/", {"file": upload([row(), row(name="乙", enterprise=helped.name)])}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-row="3"' in page and "不是帮扶方单位" in page
    assert not InvestmentProject.objects.filter(name="导入项目").exists()


def test_the_template_has_every_column_with_its_code(clerk):
    sheet = load_workbook(io.BytesIO(clerk.get("/investment/import/template/").content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[1] == "名称 (name)" and len(header) == len(COLUMNS)
