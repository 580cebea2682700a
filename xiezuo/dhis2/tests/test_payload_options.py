"""What a data value file says of itself counts, as in DHIS2: the options on the XML root or
in the JSON object override the query's, and the set-level fields count wherever they stand
in the object (a serializer that sorts its keys writes `orgUnit` and `period` after
`dataValues`)."""

from __future__ import annotations

import io
import json

import pytest
from django.utils import translation

from xiezuo.indicators.imports import readers
from xiezuo.indicators.models import Completion, DataValue

pytestmark = pytest.mark.django_db

VALUE = {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "3"}


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def clerk(api):
    return api("clerk", scope=["451024"])


def stored(period="201901"):
    found = DataValue.objects.filter(
        data_element__code="job_fairs", place__code="451024", period=period
    ).first()
    return None if found is None else found.value


def post(client, body, content_type="application/json", query=""):
    response = client.post(f"/api/dataValueSets{query}", body, content_type=content_type)
    return response.status_code, response.json()


def test_a_dry_run_on_the_xml_root_writes_nothing(clerk):
    xml = (
        '<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dryRun="true">'
        '<dataValue dataElement="job_fairs" period="201901" orgUnit="451024" value="3"/>'
        "</dataValueSet>"
    )
    status, body = post(clerk, xml, "application/xml")
    assert status == 200 and body["response"]["importCount"]["imported"] == 1
    assert body["response"]["importOptions"]["dryRun"] is True
    assert stored() is None


def test_a_dry_run_in_the_json_object_writes_nothing_whatever_the_query(clerk):
    status, body = post(
        clerk, json.dumps({"dryRun": True, "dataValues": [VALUE]}), query="?dryRun=false"
    )
    assert status == 200 and body["response"]["importOptions"]["dryRun"] is True
    assert stored() is None


def test_a_delete_strategy_in_the_file_deletes(clerk):
    post(clerk, json.dumps({"dataValues": [VALUE]}))
    assert stored() == 3
    _status, body = post(clerk, json.dumps({"importStrategy": "DELETE", "dataValues": [VALUE]}))
    assert body["response"]["importCount"]["deleted"] == 1
    assert stored() is None
    post(clerk, json.dumps({"dataValues": [VALUE]}))
    xml = (
        '<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" importStrategy="DELETE">'
        '<dataValue dataElement="job_fairs" period="201901" orgUnit="451024" value="3"/>'
        "</dataValueSet>"
    )
    post(clerk, xml, "application/xml")
    assert stored() is None


def test_strategy_is_dhis2s_other_name_for_import_strategy(clerk):
    post(clerk, json.dumps({"dataValues": [VALUE]}))
    _status, body = post(clerk, json.dumps({"dataValues": [VALUE]}), query="?strategy=DELETE")
    assert body["response"]["importCount"]["deleted"] == 1 and stored() is None
    post(clerk, json.dumps({"dataValues": [VALUE]}))
    post(clerk, json.dumps({"strategy": "DELETE", "dataValues": [VALUE]}))
    assert stored() is None


def test_a_bad_option_in_the_file_refuses_it_and_names_the_option(clerk):
    status, body = post(clerk, json.dumps({"importStrategy": "MERGE", "dataValues": [VALUE]}))
    assert status == 409 and body["status"] == "ERROR"  # the whole file refused, as DHIS2
    assert body["response"]["status"] == "ERROR"
    assert "importStrategy" in body["response"]["description"]
    assert stored() is None


def test_set_level_fields_after_the_values_count_as_a_sorting_serializer_writes_them(clerk):
    data = {
        "dataSet": "LABOUR",
        "completeDate": "2019-02-03",
        "dataValues": [{"dataElement": "job_fairs", "value": "4"}],
        "orgUnit": "451024",
        "period": "201901",
    }
    status, body = post(clerk, json.dumps(data, sort_keys=True))
    assert status == 200 and body["response"]["importCount"]["imported"] == 1, body
    assert stored() == 4
    assert Completion.objects.filter(
        data_set__code="LABOUR", place__code="451024", period="201901"
    ).exists()


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"dataValues": [], "orgUnit": "451024"}', {"orgUnit": "451024"}),
        ('{"dataValues": [{"comment": "a], \\"b"}], "period": "2019"}', {"period": "2019"}),
        ('{"dataValues": [{"value": [1]}, {"c": "x"}],\n "period": "2019", "zz": "]"}',
         {"period": "2019", "zz": "]"}),
        ('{"period": "2019", "dataValues": [{"comment": "], \\"x\\": 1}"}]}', {}),
        ('{"dataValues": [], "extra": [1, 2], "period": "2019"}', {"period": "2019"}),
    ],
)  # fmt: skip
def test_the_keys_after_the_values_are_found_whatever_the_strings_hold(text, expected):
    assert json.loads(text)  # each is valid JSON
    assert readers._trailing_keys(io.BytesIO(text.encode())) == expected
