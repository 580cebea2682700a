"""A figure a registry owns cannot be typed over, imported or deleted, on any path.

Debao (451024) has had a county hospital paired with a Guangdong hospital since
2018, so the pairing registry counts `hospitals_paired` = 1 there in 2019; the
element sits in the HEALTH data set (whose other figures are counted from the short visits
of the talent exchange); a figure that is typed (`principals_trained`, none at Debao in
2019) goes with it in the files. Every path that writes a data value must refuse
the owned figure, say where it comes from, and leave the registry's value as
it was.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiezuo.indicators import services
from xiezuo.indicators.checking import CleanValue
from xiezuo.indicators.models import DataElement, DataValueChange
from xiezuo.indicators.sources import OwnedElementError
from xiezuo.periods import parse

from .factories import SUMMARIES, poll, post_values, stored

pytestmark = pytest.mark.django_db

OWNED = "hospitals_paired"
TYPED = "principals_trained"  # EDUCATION: no registry counts it
YEAR = "2019"  # no typed figures at Debao that year
REFUSED = "由结对帮扶台账自动统计"  # the message names the registry the figure comes from


def assert_untouched() -> None:
    value = stored(YEAR, OWNED)
    assert value is not None and (value.value, value.source) == (1, "derived:pairings")
    assert not DataValueChange.objects.filter(
        data_element__code=OWNED, place__code="451024", period=YEAR
    ).exists()


def test_the_demo_counts_debaos_hospital_from_the_registry():
    assert_untouched()


# --- the entry grid


def test_the_grid_shows_the_owned_figure_read_only_with_where_it_comes_from(debao_clerk):
    page = debao_clerk.get(f"/data/entry/HEALTH/451024/{YEAR}/").content.decode()
    cell = page[page.index('id="cell-hospitals_paired--total"') :]
    cell = cell[: cell.index("</td>")]
    assert "<input" not in cell
    assert "来自结对帮扶台账" in cell
    assert 'href="/pairings/"' in cell
    page = debao_clerk.get(f"/data/entry/EDUCATION/451024/{YEAR}/").content.decode()
    typed = page[page.index(f'id="cell-{TYPED}--total"') :]
    assert "<input" in typed[: typed.index("</td>")]


def test_a_cell_posted_for_the_owned_figure_is_refused_beside_the_cell(debao_clerk):
    url = f"/data/entry/HEALTH/451024/{YEAR}/cell/"
    response = debao_clerk.post(url, {"element": OWNED, "key": "", "value": "7"})
    assert response.status_code == 422
    assert REFUSED in response.content.decode()
    response = debao_clerk.post(url, {"element": OWNED, "key": "", "value": ""})  # emptying it
    assert response.status_code == 422
    assert_untouched()


def test_the_history_of_the_owned_figure_names_the_registry(debao_clerk):
    url = f"/data/entry/HEALTH/451024/{YEAR}/history/?element={OWNED}&key="
    assert "由结对帮扶台账统计" in debao_clerk.get(url).content.decode()


# --- /api/dataValues


def test_api_data_values_refuses_to_post_the_owned_figure(debao_clerk):
    response = debao_clerk.post(f"/api/dataValues?de={OWNED}&pe={YEAR}&ou=451024&value=7")
    assert response.status_code == 409
    assert REFUSED in response.json()["message"]
    assert_untouched()


def test_api_data_values_refuses_to_delete_the_owned_figure(debao_clerk):
    response = debao_clerk.delete(f"/api/dataValues?de={OWNED}&pe={YEAR}&ou=451024")
    assert response.status_code == 409
    assert REFUSED in response.json()["message"]
    assert_untouched()


# --- /api/dataValueSets, every format and strategy


def _json(value: str = "7") -> str:
    return json.dumps(
        {
            "dataValues": [
                {"dataElement": TYPED, "period": YEAR, "orgUnit": "451024", "value": "3"},
                {"dataElement": OWNED, "period": YEAR, "orgUnit": "451024", "value": value},
            ]
        }
    )


CSV = f"dataelement,period,orgunit,value\n{TYPED},{YEAR},451024,3\n{OWNED},{YEAR},451024,7\n"
ADX = f"""<?xml version="1.0" encoding="UTF-8"?>
<adx xmlns="urn:ihe:qrph:adx:2015">
  <group orgUnit="451024" period="{YEAR}-01-01/P1Y">
    <dataValue dataElement="{TYPED}" value="3"/>
    <dataValue dataElement="{OWNED}" value="7"/>
  </group>
</adx>"""
XML = f"""<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" period="{YEAR}" orgUnit="451024">
  <dataValue dataElement="{TYPED}" value="3"/>
  <dataValue dataElement="{OWNED}" value="7"/></dataValueSet>"""

FORMATS = [
    ("application/json", _json()),
    ("application/csv", CSV),
    ("application/adx+xml", ADX),
    ("application/xml", XML),
]


def _owned_conflicts(summary: dict) -> list[dict]:
    return [c for c in summary.get("conflicts", []) if c["objects"].get("dataElement") == OWNED]


@pytest.mark.parametrize(("content_type", "body"), FORMATS, ids=["json", "csv", "adx", "xml"])
def test_an_import_refuses_the_owned_figure_and_writes_nothing(debao_clerk, content_type, body):
    response = post_values(debao_clerk, body, content_type, atomicMode="ALL")
    assert response.status_code == 409
    summary = response.json()["response"]
    conflicts = _owned_conflicts(summary)
    assert len(conflicts) == 1 and REFUSED in conflicts[0]["value"]
    assert summary["importCount"]["imported"] == 0  # atomicMode ALL: nothing is written
    assert stored(YEAR, TYPED) is None
    assert_untouched()


def test_with_atomic_mode_none_the_typed_figures_go_in_and_the_owned_one_is_refused(debao_clerk):
    response = post_values(debao_clerk, _json(), atomicMode="NONE", idScheme="CODE")
    summary = response.json()["response"]
    assert len(_owned_conflicts(summary)) == 1
    assert stored(YEAR, TYPED).value == 3
    assert_untouched()


@pytest.mark.parametrize("strategy", ["CREATE", "UPDATE", "DELETE"])
def test_every_import_strategy_refuses_the_owned_figure(debao_clerk, strategy):
    response = post_values(debao_clerk, _json(), importStrategy=strategy, atomicMode="NONE")
    assert len(_owned_conflicts(response.json()["response"])) == 1
    assert_untouched()


def test_a_value_marked_deleted_in_an_import_cannot_delete_the_owned_figure(debao_clerk):
    body = json.dumps(
        {
            "dataValues": [
                {"dataElement": OWNED, "period": YEAR, "orgUnit": "451024", "deleted": True}
            ]
        }
    )
    response = post_values(debao_clerk, body)
    assert len(_owned_conflicts(response.json()["response"])) == 1
    assert_untouched()


def test_a_dry_run_names_the_owned_figure_too(debao_clerk):
    response = post_values(debao_clerk, _json(), dryRun="true")
    assert len(_owned_conflicts(response.json()["response"])) == 1
    assert_untouched()


def test_an_async_import_refuses_the_owned_figure(debao_clerk):
    response = post_values(debao_clerk, _json(), atomicMode="ALL", **{"async": "true"})
    assert response.status_code == 200
    job = response.json()["response"]["id"]
    poll(debao_clerk, job)
    summary = debao_clerk.get(SUMMARIES + job).json()
    assert len(_owned_conflicts(summary)) == 1
    assert stored(YEAR, TYPED) is None
    assert_untouched()


# --- the upload page: an Excel workbook filled in by hand


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "values"
    sheet.append(["(orgUnit)", "(period)", "(dataElement)", "(value)"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_uploaded_workbook_with_the_owned_figure_is_refused_row_by_row(debao_clerk):
    content = _workbook([["451024", YEAR, TYPED, 3], ["451024", YEAR, OWNED, 7]])
    upload = SimpleUploadedFile("health.xlsx", content)
    form = {"strategy": "CREATE_AND_UPDATE", "atomic_mode": "ALL", "id_scheme": "CODE"}
    response = debao_clerk.post("/data/import/", {"file": upload, **form})
    assert response.status_code == 302
    page = debao_clerk.get(response["Location"]).content.decode()
    assert "第3行" in page and REFUSED in page
    assert stored(YEAR, TYPED) is None
    assert_untouched()


# --- the services


def test_value_set_and_value_delete_refuse_the_owned_figure(clerk):
    cell = {"actor": clerk, "element": OWNED, "place": "451024", "period": YEAR}
    with pytest.raises(ValidationError) as refused:
        services.value_set(value="7", **cell)
    assert REFUSED in refused.value.message_dict["dataElement"][0]
    with pytest.raises(ValidationError) as refused:
        services.value_delete(**cell)
    assert REFUSED in refused.value.message_dict["dataElement"][0]
    assert_untouched()


def test_the_batch_writer_refuses_the_owned_figure_from_anyone_but_its_source(place):
    clean = CleanValue(
        element=DataElement.objects.get(code=OWNED),
        place_id=place("451024").pk,
        place_code="451024",
        period=parse(YEAR),
        disaggregation="",
        value=7,  # type: ignore[arg-type]
        text="",
    )
    for source in ("reported", "imported", "derived:labour"):
        refused = f"{OWNED} is owned by the indicator source 'pairings'"
        with pytest.raises(OwnedElementError, match=refused):
            services.values_write(cleans=[clean], source=source)
        with pytest.raises(OwnedElementError, match=refused):
            services.values_write(cleans=[clean], source=source, strategy="DELETE")
    assert_untouched()
