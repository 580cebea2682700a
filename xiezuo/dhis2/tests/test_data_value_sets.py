"""/api/dataValueSets runs in the same frame as the rest of /api/: authentication,
CSRF, language and DHIS2's web messages. (What it imports and exports is tested
with the indicators: test_imports_*.py, test_exports.py.)"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from xiezuo.indicators.models import DataValue

pytestmark = pytest.mark.django_db

BODY = json.dumps(
    {
        "dataValues": [
            {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "3"}
        ]
    }
)


@pytest.fixture(autouse=True)
def _language_restored():
    with translation.override("zh-hans"):
        yield


def typed():
    return DataValue.objects.filter(
        data_element__code="job_fairs", place__code="451024", period="201901"
    )


def web_message(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "ERROR" and body["httpStatusCode"] == response.status_code
    return body


def test_without_credentials_a_program_is_challenged_for_basic_and_nothing_is_written():
    response = Client().post("/api/dataValueSets", BODY, content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic ")
    assert web_message(response)["message"] == "请登录，或提供有效的 API 令牌。"
    assert not typed()


def test_a_method_it_does_not_take_is_refused_with_a_web_message(api):
    response = api("clerk", scope=["451024"]).delete("/api/dataValueSets")
    assert response.status_code == 405
    assert web_message(response)["httpStatus"] == "Method Not Allowed"


def test_a_session_post_without_its_csrf_token_is_refused(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("clerk", scope=["451024"]))
    response = client.post("/api/dataValueSets", BODY, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in web_message(response)["message"]
    assert not typed()


def test_the_versioned_path_and_a_format_suffix_reach_the_same_import(api):
    client = api("clerk", scope=["451024"])
    response = client.post("/api/40/dataValueSets.json", BODY, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["response"]["importCount"]["imported"] == 1
    assert typed().get().value == 3


def test_locale_chooses_the_language_of_every_error(api):
    client = api("clerk", scope=["451024"])
    chinese = client.post("/api/dataValueSets", "x", content_type="text/plain")
    assert chinese.status_code == 415
    assert web_message(chinese)["httpStatus"] == "Unsupported Media Type"
    assert "不在其中" in chinese.json()["message"]
    english = client.post("/api/dataValueSets?locale=en", "x", content_type="text/plain")
    assert "is not one of them" in web_message(english)["message"]
    option = client.post(
        "/api/dataValueSets?locale=en&importStrategy=SOMETIMES",
        BODY,
        content_type="application/json",
    )
    assert option.status_code == 409
    assert "importStrategy" in web_message(option)["message"]
    assert not typed()


def test_a_bad_start_date_of_an_export_is_named(api):
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets",
        {
            "dataSet": "LABOUR",
            "orgUnit": "451024",
            "startDate": "2019-13-01",
            "endDate": "2019-12-31",
        },
    )
    assert response.status_code == 409
    assert "2019-13-01" in web_message(response)["message"]


def test_a_multipart_post_without_its_file_field_is_a_bad_request(api):
    response = api("clerk", scope=["451024"]).post("/api/dataValueSets", {"other": "x"})
    assert response.status_code == 400
    assert "file" in web_message(response)["message"]


def test_a_bad_period_of_an_export_is_named_in_the_readers_language(api):
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets", {"dataSet": "LABOUR", "orgUnit": "451024", "period": "2019M13"}
    )
    assert response.status_code == 409
    assert (
        web_message(response)["message"]
        == "“2019M13”不是有效的报告期（例如 2018、2018S1、2018Q2、201805）"
    )


def test_an_export_takes_comma_separated_periods_and_places_as_the_android_sdk_sends(api):
    clerk = api("clerk", scope=["4510"])
    for place, period, value in (("451024", "201901", "3"), ("451081", "201902", "4")):
        clerk.post(f"/api/dataValues?de=job_fairs&pe={period}&ou={place}&value={value}")
    response = clerk.get(
        "/api/dataValueSets",
        {
            "dataSet": "LABOUR",
            "orgUnit": "451024,451081",
            "period": "201901,201902",
            "idScheme": "CODE",
        },
    )
    assert response.status_code == 200, response.content
    got = {
        (v["orgUnit"], v["period"], v["value"])
        for v in json.loads(b"".join(response.streaming_content))["dataValues"]
        if v["dataElement"] == "job_fairs"
    }
    assert got == {("451024", "201901", "3"), ("451081", "201902", "4")}


def test_an_export_of_several_data_sets_is_refused_not_cut_to_the_last(api):
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets?dataSet=LABOUR&dataSet=FUNDS&orgUnit=451024&period=2019"
    )
    assert response.status_code == 409
    assert "2" in web_message(response)["message"]
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets?dataSet=LABOUR,FUNDS&orgUnit=451024&period=2019"
    )
    assert response.status_code == 409
