"""The secondment list in Excel: the export imports back; the import registers new people
and is all or nothing, with a message per row and column."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiezuo.exchange.excel import COLUMNS
from xiezuo.exchange.models import Person, Secondment

from .factories import DEBAO, NANSHAN, person, secondment

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client_for):
    """A clerk of Baise (4510)."""
    return client_for("clerk", scope=["4510"])


def upload(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"({c.key})" for c in COLUMNS])
    for cells in rows:
        sheet.append([cells.get(c.key, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("secondments.xlsx", buffer.getvalue())


def row(**cells):
    base = {"name": "蒙导入", "category": "党政干部", "direction": "帮扶方派往受援方",
            "kind": "挂职", "origin": NANSHAN, "host": f"{DEBAO} 德保县",
            "planned_start": "2021-03-01", "planned_end": "2023-02-28",
            "started_on": "2021-03-01"}  # fmt: skip
    return {**base, **cells}


def test_the_export_imports_back_as_the_same_secondments(clerk, recorder):
    first = secondment(recorder, who=person(recorder, name="甲干部"))
    secondment(recorder, who=person(recorder, name="乙医生", category="doctor"),
               kind="professional_support")  # fmt: skip
    exported = clerk.get(f"/exchange/secondments.xlsx?place={DEBAO}&year=2021").content
    before = {(s.person_id, s.kind, s.category, s.host_id, s.started_on)
              for s in Secondment.objects.filter(started_on__year=2021)}  # fmt: skip
    Secondment.objects.filter(started_on__year=2021).delete()
    response = clerk.post("/exchange/import/", {"file": SimpleUploadedFile("x.xlsx", exported)})
    assert response.status_code == 302, response.content.decode()[:2000]
    after = {(s.person_id, s.kind, s.category, s.host_id, s.started_on)
             for s in Secondment.objects.filter(started_on__year=2021)}  # fmt: skip
    assert after == before
    assert Person.objects.filter(name="甲干部").count() == 1  # found again, not registered twice
    assert first.person.secondments.count() == 1


def test_a_row_naming_a_new_person_registers_him(clerk):
    response = clerk.post("/exchange/import/", {"file": upload([row(rank="副县长")])})
    assert response.status_code == 302, response.content.decode()[:2000]
    who = Person.objects.get(name="蒙导入")
    assert (who.rank, who.home.code, who.secondments.get().host.code) == ("副县长", NANSHAN, DEBAO)


def test_a_bad_cell_refuses_the_file_with_its_row_and_column(clerk):
    response = clerk.post(
        "/exchange/import/",
        {"file": upload([row(), row(name="坏行", planned_end="不是日期", kind="出差")])},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-row="3"' in page and 'data-row="2"' not in page
    assert "计划结束" in page and "“出差”" in page
    assert not Person.objects.filter(name__in=["蒙导入", "坏行"]).exists()


def test_a_refusal_by_the_service_is_named_on_its_row_and_undoes_the_others(clerk):
    bad = row(name="倒序", started_on="2021-03-01", ended_on="2021-02-01")
    response = clerk.post("/exchange/import/", {"file": upload([row(), bad])})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-row="3"' in page and "结束" in page
    assert not Person.objects.filter(name__in=["蒙导入", "倒序"]).exists()


def test_a_row_outside_the_scope_is_refused_on_its_row(clerk):
    response = clerk.post("/exchange/import/", {"file": upload([row(host="451228")])})
    assert response.status_code == 422
    assert 'data-row="2"' in response.content.decode()
