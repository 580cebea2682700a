"""Exports: a data set's values for places and periods as JSON, CSV, ADX and Excel; the template."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from xiezuo.indicators import exports
from xiezuo.indicators.models import DataValue
from xiezuo.periods import PeriodType, parse
from xiezuo.places.models import Place

from .factories import data_set, run_import

pytestmark = pytest.mark.django_db

YEAR_2018 = parse("2018").parts(PeriodType.MONTHLY)
TYPED = "LABOUR_TYPED"


@pytest.fixture(autouse=True)
def typed_labour(db):
    """The labour form's figures that are typed, not derived by a registry: an export of
    owned figures cannot be imported again (they are refused on every path)."""
    from xiezuo.indicators.models import DataSet
    from xiezuo.indicators.sources import owner_of

    labour = data_set("LABOUR")
    typed = DataSet.objects.create(
        code=TYPED, name_zh="劳务协作（填报）", name_en="Labour (typed)",
        period_type=labour.period_type,
    )  # fmt: skip
    typed.data_elements.set([e for e in labour.data_elements.all() if owner_of(e.code) is None])
    return typed


def selection(codes=("451024",), scheme="CODE", children=False, year=YEAR_2018):
    return exports.Selection(
        data_set=data_set(TYPED),
        places=list(Place.objects.filter(code__in=codes)),
        periods=year,
        children=children,
        id_scheme=scheme,
    )


def labour_2018(codes=("451024",)):
    """The labour values of 2018 stored for the places, which the selection exports."""
    return DataValue.objects.filter(
        place__code__in=codes, period__startswith="2018", data_element__data_sets__code=TYPED
    )


def test_json_holds_every_stored_value_of_the_selection():
    data = json.loads(exports.text_of(selection(), "json"))
    assert data["dataSet"] == TYPED
    assert len(data["dataValues"]) == labour_2018().count() > 0
    first = data["dataValues"][0]
    assert first["orgUnit"] == "451024" and first["period"].startswith("2018")


def test_csv_has_dhis2_columns():
    rows = list(csv.reader(io.StringIO(exports.text_of(selection(scheme="UID"), "csv"))))
    assert rows[0][:6] == [
        "dataelement",
        "period",
        "orgunit",
        "categoryoptioncombo",
        "attributeoptioncombo",
        "value",
    ]
    assert len(rows) - 1 == labour_2018().count()
    assert rows[1][2] == Place.objects.get(code="451024").uid


def test_children_selects_the_whole_subtree():
    data = json.loads(exports.text_of(selection(codes=("4510",), children=True), "json"))
    assert (
        len(data["dataValues"])
        == DataValue.objects.filter(
            place_code__startswith="4510",
            period__startswith="2018",
            data_element__data_sets__code=TYPED,
        ).count()
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "adx"])
def test_an_export_imported_again_changes_nothing(make_user, fmt):
    text = exports.text_of(selection(), fmt)
    summary = run_import(make_user("administrator"), text, fmt, id_scheme="CODE")
    assert summary.status == "SUCCESS", summary.conflicts[:3]
    assert summary.ignored == labour_2018().count() and summary.imported == summary.updated == 0


def test_the_empty_template_has_a_row_per_place_period_element_and_disaggregation():
    chosen = selection(children=True, year=[parse("201901")])
    sheet = load_workbook(exports.xlsx_file(chosen, empty=True)).active
    townships = Place.objects.filter(parent__code="451024").count()
    labour = data_set(TYPED)
    per_place = sum(2 if e.dimensions.exists() else 1 for e in labour.data_elements.all())
    assert sheet.max_row - 1 == townships * per_place
    assert all(row[-2] is None for row in sheet.iter_rows(min_row=2, values_only=True))
    assert "(dim:poverty)" in " ".join(str(c.value) for c in sheet[1])


def test_the_filled_template_shows_the_stored_values():
    sheet = load_workbook(exports.xlsx_file(selection())).active
    filled = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[-2] is not None]
    assert len(filled) == labour_2018().count()


def test_the_api_exports_csv_for_a_place_in_scope(client_for):
    client = client_for("viewer", scope=["451024"])
    response = client.get(
        "/api/dataValueSets.csv",
        {
            "dataSet": TYPED,
            "orgUnit": "451024",
            "startDate": "2018-01-01",
            "endDate": "2018-12-31",
        },
    )
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) - 1 == labour_2018().count()


def test_the_api_refuses_a_place_outside_the_scope(client_for):
    client = client_for("viewer", scope=["451024"])
    response = client.get(
        "/api/dataValueSets.json", {"dataSet": "LABOUR", "orgUnit": "451228", "period": "201801"}
    )
    assert response.status_code == 403
    assert response.json()["message"] == "这些数据不在您的权限范围内。"


def test_the_api_asks_for_a_data_set(client_for):
    response = client_for("viewer").get(
        "/api/dataValueSets.json", {"orgUnit": "451024", "period": "201801"}
    )
    assert response.status_code == 409 and "dataSet" in response.json()["message"]


def test_the_export_page_refuses_a_place_outside_the_scope(client_for):
    client = client_for("viewer", scope=["451024"])
    response = client.get(
        "/data/export/",
        {"data_set": "LABOUR", "place": "451228", "start": "201801", "format": "csv"},
    )
    assert response.status_code == 403
    assert "<p>这些数据不在您的权限范围内。</p>" in response.content.decode()


def test_the_export_page_refuses_a_bad_period_beside_it(client_for, errors_beside):
    response = client_for("viewer").get(
        "/data/export/",
        {"data_set": "LABOUR", "place": "451024", "start": "2018-1", "format": "csv"},
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_start") == [
        "“2018-1”不是有效的报告期（如 2018、2018S1、2018Q2、201805）"
    ]
    assert errors_beside(response, "id_place") == []


# --- figures a registry owns


def health(year="2019", places=("451024",)):
    return exports.Selection(
        data_set=data_set("HEALTH"),
        places=list(Place.objects.filter(code__in=places)),
        periods=[parse(year)],
        id_scheme="CODE",
    )


def education(year="2018", places=("450107",)):
    """Xixiangtang (Guangxi University): its staff at SCUT are short visits of the talent
    exchange (owned), its undergraduates in Guangdong a typed figure."""
    return exports.Selection(
        data_set=data_set("EDUCATION"),
        places=list(Place.objects.filter(code__in=places)),
        periods=[parse(year)],
        id_scheme="CODE",
    )


@pytest.mark.parametrize("empty", [False, True])
def test_the_template_keeps_owned_figures_off_the_sheet_that_is_imported(empty):
    book = load_workbook(exports.xlsx_file(education(), empty=empty))
    entered, registry = book.worksheets
    elements = {row[4] for row in entered.iter_rows(min_row=2, values_only=True)}
    assert "university_staff_exchange" not in elements
    assert {"principals_trained", "undergraduates_studying"} <= elements
    assert registry.title == "来自台账"
    rows = list(registry.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[4], r[7]) for r in rows] == [
        ("450107", "2018", "university_staff_exchange", 6)
    ]
    assert rows[0][8] == "由短期交流台账自动统计，请到台账中修改记录。"


def test_a_filled_template_goes_back_in_without_touching_the_owned_figures(make_user):
    clerk = make_user("clerk", scope=["450107"])
    file = exports.xlsx_file(education())  # the typed undergraduates and the owned staff visit
    summary = run_import(clerk, file, "xlsx", dry_run=True)
    assert summary.conflict_count == 0, summary.conflicts
    # the one typed figure (undergraduates_studying), unchanged; the owned one is not read
    assert (summary.imported, summary.updated, summary.ignored) == (0, 0, 1)


def test_a_data_set_without_owned_figures_has_one_sheet():
    assert len(load_workbook(exports.xlsx_file(selection())).worksheets) == 1


def test_json_and_csv_exports_say_a_registry_stored_the_owned_figure():
    data = json.loads(exports.text_of(health(), "json"))
    by_element = {v["dataElement"]: v for v in data["dataValues"]}
    assert by_element["hospitals_paired"]["storedBy"] == "derived:pairings"
    rows = list(csv.DictReader(io.StringIO(exports.text_of(health(), "csv"))))
    assert {r["dataelement"]: r["storedby"] for r in rows}["hospitals_paired"] == (
        "derived:pairings"
    )
