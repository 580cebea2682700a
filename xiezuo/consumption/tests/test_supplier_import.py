"""Suppliers imported from Excel: every row registered, or none with a message per row and
column; a supplier on record or twice in the file, or a place outside the importer's
scope, refused; an export imports back the same; the template is the export's header."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiezuo.consumption.excel import SUPPLIER_COLUMNS
from xiezuo.consumption.models import Supplier
from xiezuo.places import services as place_services
from xiezuo.places.models import Organisation, Place

from .factories import supplier

pytestmark = pytest.mark.django_db

URL = "/consumption/suppliers/import/"


def _file(*rows: dict[str, Any]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([f"{c.label} ({c.key})" for c in SUPPLIER_COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key, "") for c in SUPPLIER_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("suppliers.xlsx", buffer.getvalue())


def _refused(response: Any) -> list[tuple[str, str, str]]:
    """The refusal table's rows: (row, column, message)."""
    from html.parser import HTMLParser

    rows: list[list[str]] = []

    class Parser(HTMLParser):
        inside = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "tr" and any(key == "data-row" for key, _ in attrs):
                self.inside = True
                rows.append([])
            elif tag == "td" and self.inside:
                rows[-1].append("")

        def handle_endtag(self, tag: str) -> None:
            if tag == "tr":
                self.inside = False

        def handle_data(self, data: str) -> None:
            if self.inside and rows[-1]:
                rows[-1][-1] += data

    Parser().feed(response.content.decode())
    return [(r[0].strip(), r[1].strip(), r[2].strip()) for r in rows]


def _organisation(name: str = "德保县农业农村局") -> Organisation:
    return place_services.organisation_create(
        name=name, kind="government", place=Place.objects.get(code="451024"), side="helped"
    )


def test_an_import_registers_a_supplier_on_every_row(client_for, clerk):
    office = _organisation()
    response = client_for(clerk).post(URL, {"file": _file(
        {"name": "导入甲合作社", "kind": "农民专业合作社", "place": "451024", "households": 12,
         "credit_code": "93451024ma5kxxxx1x", "contact": "韦经理", "organisation": office.name,
         "linkage": "土地流转"},
        {"name": "导入乙公司", "kind": "enterprise", "place": "451024 德保县"},
    )})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    first = Supplier.objects.get(name="导入甲合作社")
    assert (first.kind, first.place.code, first.households_linked) == ("cooperative", "451024", 12)
    assert (first.credit_code, first.contact, first.organisation, first.linkage) == (
        "93451024MA5KXXXX1X",
        "韦经理",
        office,
        "土地流转",
    )
    second = Supplier.objects.get(name="导入乙公司")
    assert (second.kind, second.households_linked, second.created_by) == ("enterprise", 0, clerk)


def test_one_bad_cell_refuses_the_file_with_its_row_and_column(client_for, clerk):
    response = client_for(clerk).post(URL, {"file": _file(
        {"name": "导入甲合作社", "kind": "cooperative", "place": "451024", "households": 3},
        {"name": "导入乙合作社", "kind": "cooperative", "place": "451024", "households": "-3"},
        {"name": "导入丙合作社", "kind": "cooperative", "place": "451024",
         "credit_code": "12345"},
    )})  # fmt: skip
    assert response.status_code == 422
    refused = _refused(response)
    assert [(row, column) for row, column, _ in refused] == [
        ("3", "带动建档立卡贫困户数"),
        ("4", "统一社会信用代码"),
    ]
    assert not Supplier.objects.filter(name__startswith="导入").exists()


def test_an_empty_required_cell_and_an_unknown_kind_are_named(client_for, clerk):
    response = client_for(clerk).post(URL, {"file": _file(
        {"name": "", "kind": "合伙企业", "place": "451024"},
    )})  # fmt: skip
    assert response.status_code == 422
    assert {column for _, column, _ in _refused(response)} == {"名称", "类别"}


def test_a_supplier_already_on_record_for_the_place_and_name_is_refused(client_for, clerk):
    on_record = supplier(clerk, name="德保县已登记合作社")
    response = client_for(clerk).post(URL, {"file": _file(
        {"name": on_record.name, "kind": "cooperative", "place": "451024"},
    )})  # fmt: skip
    assert response.status_code == 422
    assert [(row, column) for row, column, _ in _refused(response)] == [("2", "名称")]
    assert Supplier.objects.filter(name=on_record.name).count() == 1


def test_the_same_name_elsewhere_is_another_supplier(client_for, clerk):
    supplier(clerk, name="同名合作社")
    response = client_for(clerk).post(URL, {"file": _file(
        {"name": "同名合作社", "kind": "cooperative", "place": "451026"},
    )})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Supplier.objects.filter(name="同名合作社").count() == 2


def test_a_supplier_twice_in_the_file_is_refused(client_for, clerk):
    response = client_for(clerk).post(URL, {"file": _file(
        {"name": "导入甲合作社", "kind": "cooperative", "place": "451024"},
        {"name": "导入甲合作社", "kind": "enterprise", "place": "451024"},
    )})  # fmt: skip
    assert response.status_code == 422
    refused = _refused(response)
    assert [(row, column) for row, column, _ in refused] == [("3", "名称")]
    assert "2" in refused[0][2]
    assert not Supplier.objects.filter(name="导入甲合作社").exists()


def test_a_place_outside_the_importers_scope_is_refused(client_for, clerk):
    response = client_for(clerk).post(URL, {"file": _file(
        {"name": "都安导入合作社", "kind": "cooperative", "place": "451228"},
    )})  # fmt: skip
    assert response.status_code == 422
    assert [(row, column) for row, column, _ in _refused(response)] == [("2", "地区")]
    assert not Supplier.objects.filter(name="都安导入合作社").exists()


def test_a_place_on_the_helping_side_is_refused(client_for, make_user):
    everywhere = make_user("coordinator")
    response = client_for(everywhere).post(URL, {"file": _file(
        {"name": "广州导入公司", "kind": "enterprise", "place": "4401"},
    )})  # fmt: skip
    assert response.status_code == 422
    assert [(row, column) for row, column, _ in _refused(response)] == [("2", "地区")]


def test_an_unknown_organisation_is_refused(client_for, clerk):
    response = client_for(clerk).post(URL, {"file": _file(
        {"name": "导入甲合作社", "kind": "cooperative", "place": "451024",
         "organisation": "并不存在的单位"},
    )})  # fmt: skip
    assert response.status_code == 422
    assert [column for _, column, _ in _refused(response)] == ["登记的单位"]


def test_an_export_imports_back_the_same(client_for, clerk):
    office = _organisation()
    supplier(clerk, name="往返甲合作社", credit_code="93451024MA5KXXXX1X", contact="韦经理",
             organisation=office, households_linked=7, linkage="务工、分红")  # fmt: skip
    supplier(clerk, name="往返乙公司", kind="enterprise", place="451026")
    exported = client_for(clerk).get("/consumption/suppliers.xlsx", {"name": "往返"}).content
    fields = ("name", "kind", "place__code", "credit_code", "contact", "organisation",
              "households_linked", "linkage")  # fmt: skip
    before = list(Supplier.objects.filter(name__startswith="往返").values_list(*fields))
    Supplier.objects.filter(name__startswith="往返").delete()

    response = client_for(clerk).post(URL, {"file": SimpleUploadedFile("suppliers.xlsx", exported)})
    assert response.status_code == 302, response.content.decode()[:2000]
    after = list(Supplier.objects.filter(name__startswith="往返").values_list(*fields))
    assert sorted(after) == sorted(before) and len(after) == 2


def test_an_english_export_imports_back_the_same_kinds(client_for, clerk):
    supplier(clerk, name="往返丙家庭农场", kind="family_farm")
    english = client_for(clerk, HTTP_ACCEPT_LANGUAGE="en")
    exported = english.get("/consumption/suppliers.xlsx", {"name": "往返"}).content
    Supplier.objects.filter(name__startswith="往返").delete()
    response = client_for(clerk).post(URL, {"file": SimpleUploadedFile("suppliers.xlsx", exported)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Supplier.objects.get(name="往返丙家庭农场").kind == "family_farm"


def test_the_template_is_the_exports_header_without_rows(client_for, clerk):
    viewer = client_for(clerk)
    template = load_workbook(io.BytesIO(viewer.get(URL + "template/").content)).active
    export = load_workbook(io.BytesIO(viewer.get("/consumption/suppliers.xlsx").content)).active
    assert [c.value for c in template[1]] == [c.value for c in export[1]]
    assert template.max_row == 1


def test_the_supplier_list_links_to_the_import_for_who_may_record(client_for, clerk):
    assert URL in client_for(clerk).get("/consumption/suppliers/").content.decode()
    assert URL not in client_for("viewer").get("/consumption/suppliers/").content.decode()


def test_the_import_page_lists_the_columns(client_for, clerk):
    page = client_for(clerk).get(URL)
    assert page.status_code == 200
    assert "(credit_code)" in page.content.decode()
