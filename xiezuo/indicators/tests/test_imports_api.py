"""POST /api/dataValueSets: DHIS2 clients send JSON, CSV, ADX or XML, get DHIS2's import summary."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client
from django.utils import translation

from xiezuo.accounts.services import token_create
from xiezuo.indicators.combos import combo_uid
from xiezuo.indicators.models import DataElement, DataSet, DataValue, Dimension, ValueType
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """A request in English activates English; the tests after it expect the default."""
    with translation.override("zh-hans"):
        yield


def stored(element="job_fairs", place="451024", period="201901", key=""):
    found = DataValue.objects.filter(
        data_element__code=element, place__code=place, period=period, disaggregation=key
    ).first()
    return None if found is None else found.value


def post(client, body, content_type="application/json", path="/api/dataValueSets", **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(f"{path}?{query}" if query else path, body, content_type=content_type)


def test_json_values_are_imported_and_counted_as_dhis2_does(client_for):
    client = client_for("clerk", scope=["451024"])
    body = {
        "dataValues": [
            {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "3"},
            {
                "dataElement": "people_trained",
                "period": "201901",
                "orgUnit": "451024",
                "categoryOptionCombo": combo_uid("poverty=poor"),
                "value": "40",
            },
            {
                "dataElement": "people_trained",
                "period": "201901",
                "orgUnit": "451024",
                "categoryOptionCombo": "poverty=not_poor",
                "value": "12",
            },
        ]
    }
    response = post(client, json.dumps(body))
    assert response.status_code == 200, response.content
    summary = response.json()["response"]
    assert summary["responseType"] == "ImportSummary" and summary["status"] == "SUCCESS"
    assert summary["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    assert stored() == 3
    assert stored("people_trained", key="poverty=poor") == 40
    assert stored("people_trained", key="poverty=not_poor") == 12


def test_sending_changed_and_equal_values_again_updates_and_ignores(client_for):
    client = client_for("clerk", scope=["451024"])
    first = {
        "dataValues": [
            {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "3"},
            {"dataElement": "job_fairs", "period": "201902", "orgUnit": "451024", "value": "4"},
        ]
    }
    post(client, json.dumps(first))
    first["dataValues"][0]["value"] = "5"
    summary = post(client, json.dumps(first)).json()["response"]
    assert summary["importCount"] == {"imported": 0, "updated": 1, "ignored": 1, "deleted": 0}
    assert stored() == 5


def test_the_sets_own_period_and_place_apply_to_its_values(client_for):
    client = client_for("clerk", scope=["451024"])
    body = {
        "dataSet": "LABOUR",
        "period": "201903",
        "orgUnit": "451024",
        "dataValues": [{"dataElement": "job_fairs", "value": "7"}],
    }
    assert post(client, json.dumps(body)).status_code == 200
    assert stored(period="201903") == 7


def test_csv_with_dhis2_header_is_imported(client_for):
    client = client_for("clerk", scope=["451024"])
    text = (
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n"
        "job_fairs,201901,451024,,,2,,,,false\n"
        f"people_trained,201901,451024,{combo_uid('poverty=poor')},,9,,,培训,false\n"
    )
    response = post(client, text, "application/csv")
    assert response.status_code == 200, response.content
    assert stored() == 2 and stored("people_trained", key="poverty=poor") == 9


def test_csv_without_header_is_read_in_dhis2_column_order(client_for):
    client = client_for("clerk", scope=["451024"])
    response = post(client, "job_fairs,201901,451024,,,6\n", "text/csv")
    assert response.json()["response"]["importCount"]["imported"] == 1
    assert stored() == 6


def test_csv_saved_by_excel_in_gb18030_is_read(client_for):
    client = client_for("clerk", scope=["451024"])
    text = "dataelement,period,orgunit,value,comment\njob_fairs,201901,451024,2,县里报的\n"
    assert post(client, text.encode("gb18030"), "application/csv").status_code == 200
    assert (
        DataValue.objects.get(
            place__code="451024", period="201901", data_element__code="job_fairs"
        ).comment
        == "县里报的"
    )


def test_adx_groups_with_disaggregations_as_attributes_are_imported(client_for):
    client = client_for("clerk", scope=["451024"])
    adx = """<?xml version="1.0" encoding="UTF-8"?>
<adx xmlns="urn:ihe:qrph:adx:2015">
  <group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">
    <dataValue dataElement="job_fairs" value="2"/>
    <dataValue dataElement="people_trained" poverty="poor" value="30"/>
    <dataValue dataElement="people_trained" poverty="not_poor" value="10"/>
  </group>
</adx>"""
    response = post(client, adx, "application/adx+xml")
    assert response.status_code == 200, response.content
    assert response.json()["response"]["importCount"]["imported"] == 3
    assert stored("people_trained", key="poverty=poor") == 30


@pytest.mark.parametrize("attribute", ['attributeOptionCombo="NoSuchCombo1"', 'FUNDER="GUANGDONG"'])
def test_an_adx_group_of_an_unknown_attribute_combo_is_refused_not_put_in_the_default(
    client_for, attribute
):
    client = client_for("clerk", scope=["451024"])
    adx = f"""<adx xmlns="urn:ihe:qrph:adx:2015">
  <group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M" {attribute}>
    <dataValue dataElement="job_fairs" value="2"/>
  </group>
</adx>"""
    response = post(client, adx, "application/adx+xml")
    assert response.status_code == 409
    (conflict,) = response.json()["response"]["conflicts"]
    assert conflict["property"] == "attributeOptionCombo"
    assert stored() is None


def adx(*groups: str) -> str:
    return '<adx xmlns="urn:ihe:qrph:adx:2015">' + "".join(groups) + "</adx>"


def test_an_adx_value_may_give_its_category_option_combo_directly(client_for):
    client = client_for("clerk", scope=["451024"])
    body = adx(
        '<group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">'
        f'<dataValue dataElement="people_trained" categoryOptionCombo="{combo_uid("poverty=poor")}"'
        ' value="30"/>'
        '<dataValue dataElement="people_trained" categoryOptionCombo="poverty=not_poor"'
        ' value="10"/></group>'
    )
    response = post(client, body, "application/adx+xml")
    assert response.status_code == 200, response.content
    assert stored("people_trained", key="poverty=poor") == 30
    assert stored("people_trained", key="poverty=not_poor") == 10


def test_adx_value_properties_are_not_read_as_categories(client_for):
    client = client_for("clerk", scope=["451024"])
    body = adx(
        '<group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">'
        '<dataValue dataElement="job_fairs" value="2" created="2019-02-01T08:00:00.000+0000"'
        ' lastUpdated="2019-02-01T08:00:00.000+0000" storedBy="county" followUp="false"'
        ' comment="县里报的"/>'
        '<dataValue dataElement="people_trained" poverty="poor" value="5" storedBy="county"/>'
        "</group>"
    )
    response = post(client, body, "application/adx+xml")
    assert response.json()["response"]["importCount"]["imported"] == 2, response.content
    value = DataValue.objects.get(
        data_element__code="job_fairs", place__code="451024", period="201901"
    )
    assert value.value == 2 and value.comment == "县里报的"
    assert stored("people_trained", key="poverty=poor") == 5


def test_adx_categories_and_their_options_may_be_given_by_uid(client_for):
    client = client_for("clerk", scope=["451024"])
    poverty = Dimension.objects.get(code="poverty")
    poor = poverty.options.get(code="poor")
    not_poor = poverty.options.get(code="not_poor")
    body = adx(
        '<group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">'
        f'<dataValue dataElement="people_trained" {poverty.uid}="{poor.uid}" value="7"/>'
        f'<dataValue dataElement="people_trained" poverty="{not_poor.uid}"'
        ' value="3"/></group>'
    )
    response = post(client, body, "application/adx+xml")
    assert response.status_code == 200, response.content
    assert stored("people_trained", key="poverty=poor") == 7
    assert stored("people_trained", key="poverty=not_poor") == 3


def test_an_adx_text_value_is_its_annotation(client_for):
    element = DataElement.objects.create(
        code="labour_remarks",
        name_zh="劳务协作说明",
        name_en="Labour cooperation remarks",
        area=DataElement.objects.get(code="job_fairs").area,
        value_type=ValueType.TEXT,
    )
    DataSet.objects.get(code="LABOUR").data_elements.add(element)
    client = client_for("clerk", scope=["451024"])
    body = adx(
        '<group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">'
        '<dataValue dataElement="labour_remarks" value="0">'
        "<annotation>两场招聘会合办</annotation></dataValue>"
        '<dataValue dataElement="job_fairs" value="2"><annotation>县里报的</annotation>'
        "</dataValue></group>"
    )
    response = post(client, body, "application/adx+xml")
    assert response.status_code == 200, response.content
    remark = DataValue.objects.get(data_element=element, place__code="451024", period="201901")
    assert remark.text == "两场招聘会合办"
    fairs = DataValue.objects.get(
        data_element__code="job_fairs", place__code="451024", period="201901"
    )
    assert fairs.value == 2 and fairs.comment == "县里报的"


def test_an_adx_value_marked_deleted_deletes_the_stored_value(client_for):
    client = client_for("clerk", scope=["451024"])
    group = '<group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">{}</group>'
    post(
        client,
        adx(group.format('<dataValue dataElement="job_fairs" value="2"/>')),
        "application/adx+xml",
    )
    assert stored() == 2
    response = post(
        client,
        adx(group.format('<dataValue dataElement="job_fairs" value="2" deleted="true"/>')),
        "application/adx+xml",
    )
    assert response.json()["response"]["importCount"]["deleted"] == 1, response.content
    assert stored() is None


def test_each_adx_group_is_checked_against_its_own_data_set(client_for):
    client = client_for("clerk", scope=["4510"])
    body = adx(
        '<group dataSet="SOCIAL" orgUnit="4510" period="2019-01-01/P1M">'
        '<dataValue dataElement="social_funds_raised" value="1000"/></group>',
        '<group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">'
        '<dataValue dataElement="job_fairs" value="2"/>'
        '<dataValue dataElement="social_funds_raised" value="5"/></group>',
    )
    response = post(client, body, "application/adx+xml", atomicMode="NONE")
    summary = response.json()["response"]
    assert summary["importCount"]["imported"] == 2, summary
    (conflict,) = summary["conflicts"]
    assert conflict["property"] == "dataElement" and conflict["indexes"] == [2]
    assert stored("social_funds_raised", place="4510") == 1000
    assert stored() == 2
    assert stored("social_funds_raised") is None


def test_an_adx_group_of_an_unknown_data_set_refuses_the_file(client_for):
    client = client_for("clerk", scope=["451024"])
    body = adx(
        '<group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">'
        '<dataValue dataElement="job_fairs" value="2"/></group>',
        '<group dataSet="NO_SUCH_SET" orgUnit="451024" period="2019-02-01/P1M">'
        '<dataValue dataElement="job_fairs" value="3"/></group>',
    )
    response = post(client, body, "application/adx+xml", atomicMode="NONE")
    summary = response.json()["response"]
    assert summary["status"] == "ERROR" and "NO_SUCH_SET" in summary["description"]
    assert stored() is None


def test_dhis2_xml_data_value_set_is_imported(client_for):
    client = client_for("clerk", scope=["451024"])
    xml = """<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" period="201901" orgUnit="451024">
  <dataValue dataElement="job_fairs" value="8"/></dataValueSet>"""
    assert post(client, xml, "application/xml").status_code == 200
    assert stored() == 8


def test_uids_are_read_for_elements_and_places(client_for):
    client = client_for("clerk", scope=["451024"])
    body = {
        "dataValues": [
            {
                "dataElement": DataElement.objects.get(code="job_fairs").uid,
                "period": "201901",
                "orgUnit": Place.objects.get(code="451024").uid,
                "value": "4",
            }
        ]
    }
    assert post(client, json.dumps(body)).status_code == 200
    assert stored() == 4


def test_a_value_outside_the_users_scope_is_refused_with_a_conflict(client_for):
    client = client_for("clerk", scope=["451024"])
    body = {
        "dataValues": [
            {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451228", "value": "1"}
        ]
    }
    response = post(client, json.dumps(body))
    assert response.status_code == 409
    conflict = response.json()["response"]["conflicts"][0]
    assert conflict["object"] == "451228" and conflict["property"] == "orgUnit"
    assert conflict["value"].endswith("您只能为权限范围内的地区填报数据。")
    assert stored(place="451228") is None


def test_a_viewer_may_not_import(client_for):
    response = post(client_for("viewer"), json.dumps({"dataValues": []}))
    assert response.status_code == 403


def test_without_credentials_the_answer_is_401():
    response = post(Client(), json.dumps({"dataValues": []}))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_http_basic_authenticates(make_user):
    user = make_user("clerk", scope=["451024"])
    credentials = base64.b64encode(f"{user.username}:test-pass-123".encode()).decode()
    body = {
        "dataValues": [
            {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "1"}
        ]
    }
    response = Client().post(
        "/api/dataValueSets",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )
    assert response.status_code == 200


def test_wrong_basic_credentials_are_refused(make_user):
    user = make_user("clerk")
    credentials = base64.b64encode(f"{user.username}:wrong".encode()).decode()
    response = Client().post(
        "/api/dataValueSets",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )
    assert response.status_code == 401


@pytest.mark.parametrize("scheme", ["ApiToken", "Bearer"])
def test_api_tokens_authenticate(make_user, scheme):
    _, raw = token_create(user=make_user("clerk", scope=["451024"]))
    body = {
        "dataValues": [
            {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "1"}
        ]
    }
    response = Client().post(
        "/api/dataValueSets",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"{scheme} {raw}",
    )
    assert response.status_code == 200


def test_a_session_post_without_csrf_token_is_refused(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("clerk", scope=["451024"]))
    response = client.post("/api/dataValueSets", "{}", content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_an_unknown_content_type_is_refused_with_415(client_for):
    response = post(client_for("clerk"), "x", "application/pdf")
    assert response.status_code == 415


def test_messages_follow_the_requested_language(client_for):
    client = client_for("clerk", scope=["451024"])
    body = {
        "dataValues": [
            {"dataElement": "no_such", "period": "201901", "orgUnit": "451024", "value": "1"}
        ]
    }
    response = client.post(
        "/api/dataValueSets",
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        "no data element has the code or id “no_such”"
        in response.json()["response"]["conflicts"][0]["value"]
    )


def test_an_import_runs_the_validation_rules_on_what_it_wrote(client_for, fairs_within_classes):
    client = client_for("clerk", scope=["451024"])
    body = {
        "dataValues": [
            {"dataElement": "training_classes", "period": "201906", "orgUnit": "451024",
             "value": "2"},
            {"dataElement": "job_fairs", "period": "201906", "orgUnit": "451024", "value": "3"},
        ]
    }  # fmt: skip
    summary = post(client, json.dumps(body)).json()["response"]
    assert summary["importCount"]["imported"] == 2
    broken = [
        (v["orgUnit"], v["period"], v["validationRule"]) for v in summary["validationViolations"]
    ]
    assert broken == [("451024", "201906", "fairs_within_classes")]
    assert summary["validationViolations"][0]["message"] == "招聘会场次不能多于培训班期数"
    assert summary["validated"] == {"checked": 1, "written": 1}


def test_a_clean_import_reports_no_violations(client_for):
    client = client_for("clerk", scope=["451024"])
    body = {
        "dataValues": [
            {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "2"}
        ]
    }
    summary = post(client, json.dumps(body)).json()["response"]
    assert summary["validationViolations"] == []


# --- DHIS2's import semantics: not atomic, conflicts with error codes, the answer's shape

GOOD = {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "3"}
MIXED = json.dumps({"dataValues": [GOOD, {**GOOD, "period": "201902", "value": "x"}]})


def test_by_default_the_good_values_are_written_and_the_bad_ones_listed_as_dhis2(client_for):
    response = post(client_for("clerk", scope=["451024"]), MIXED)
    assert response.status_code == 409  # DHIS2 2.40 answers a WARNING with 409 too
    body = response.json()
    assert (body["httpStatus"], body["status"]) == ("Conflict", "WARNING")
    summary = body["response"]
    assert summary["status"] == "WARNING"
    assert summary["importOptions"]["atomicMode"] == "NONE"
    assert summary["importCount"] == {"imported": 1, "updated": 0, "ignored": 1, "deleted": 0}
    assert summary["rejectedIndexes"] == [1]
    assert stored() == 3 and stored(period="201902") is None


def test_atomic_mode_all_writes_nothing_when_a_value_is_refused(client_for):
    response = post(client_for("clerk", scope=["451024"]), MIXED, atomicMode="ALL")
    assert response.status_code == 409
    assert response.json()["status"] == response.json()["response"]["status"] == "ERROR"
    assert stored() is None


def test_the_summary_and_its_conflicts_have_dhis2s_fields_in_dhis2s_order(client_for):
    response = post(client_for("clerk", scope=["451024"]), MIXED, locale="en")
    summary = response.json()["response"]
    assert list(summary)[:8] == [
        "responseType",
        "status",
        "importOptions",
        "description",
        "importCount",
        "conflicts",
        "rejectedIndexes",
        "dataSetComplete",
    ]
    (conflict,) = summary["conflicts"]
    assert list(conflict) == ["object", "objects", "value", "errorCode", "property", "indexes"]
    assert conflict == {
        "object": "job_fairs",
        "objects": {"dataElement": "job_fairs", "value": "“x” is not a number"},
        "value": "“x” is not a number",
        "errorCode": "E7619",
        "property": "value",
        "indexes": [1],
    }


def test_a_file_that_cannot_be_read_answers_409_with_an_error_summary(client_for):
    response = post(client_for("clerk", scope=["451024"]), '{"dataValues": [')
    assert response.status_code == 409
    body = response.json()
    assert (body["httpStatus"], body["status"]) == ("Conflict", "ERROR")
    assert body["response"]["status"] == "ERROR"
    assert "JSON" in body["response"]["description"]


def test_an_unknown_data_set_in_the_header_aborts_the_whole_import(client_for):
    client = client_for("clerk", scope=["451024"])
    response = post(client, json.dumps({"dataSet": "NO_SUCH", "dataValues": [GOOD]}))
    assert response.status_code == 409
    summary = response.json()["response"]
    assert summary["status"] == "ERROR"
    assert [(c["errorCode"], c["object"]) for c in summary["conflicts"]] == [("E7600", "NO_SUCH")]
    assert stored() is None  # even the good value


@pytest.mark.parametrize("version", ["29", "37"])
def test_api_37_and_older_answer_the_bare_import_summary(client_for, version):
    response = post(
        client_for("clerk", scope=["451024"]), MIXED, path=f"/api/{version}/dataValueSets"
    )
    assert response.status_code == 200  # as DHIS2 before 2.38, whatever the status
    summary = response.json()
    assert summary["responseType"] == "ImportSummary" and "httpStatus" not in summary
    assert summary["status"] == "WARNING" and summary["rejectedIndexes"] == [1]
    assert stored() == 3


def test_api_38_and_newer_answer_the_web_message(client_for):
    response = post(client_for("clerk", scope=["451024"]), MIXED, path="/api/38/dataValueSets")
    assert response.status_code == 409
    assert response.json()["response"]["responseType"] == "ImportSummary"


def test_strict_periods_false_is_refused_naming_the_option(client_for):
    client = client_for("clerk", scope=["451024"])
    response = post(client, json.dumps({"dataValues": [GOOD]}), strictPeriods="false")
    assert response.status_code == 409
    assert "strictPeriods" in response.json()["message"]
    assert stored() is None
    assert post(client, json.dumps({"dataValues": [GOOD]}), strictPeriods="true").status_code == 200
    assert stored() == 3


def test_a_value_of_another_period_type_names_strict_periods(client_for):
    body = json.dumps({"dataSet": "LABOUR", "dataValues": [{**GOOD, "period": "2019Q1"}]})
    response = post(client_for("clerk", scope=["451024"]), body, locale="en")
    (conflict,) = response.json()["response"]["conflicts"]
    assert conflict["errorCode"] == "E7632"
    assert "(Xiezuo always imports as strictPeriods=true)" in conflict["value"]
