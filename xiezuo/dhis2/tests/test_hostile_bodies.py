"""/api/dataValueSets and /api/dataValues refuse JSON nested deeper than a data value
set can be (400, before parsing) and bodies larger than the limit (413, naming it and
where larger files go); a data value set of three levels still imports."""

from __future__ import annotations

import json
import resource

import pytest

from xiezuo.indicators.models import DataValue

pytestmark = pytest.mark.django_db

DEEP = b'{"dataValues": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"


def values():
    return DataValue.objects.filter(
        data_element__code="job_fairs", place__code="451024", period__startswith="2019"
    )


def test_a_data_value_set_nested_100000_levels_deep_is_refused_at_once(api):
    client = api("clerk", scope=["451024"])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = client.post("/api/dataValueSets", DEEP, content_type="application/json")
    # the parser grew a worker to 9–16 GB on this body
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KB
    assert response.status_code == 400
    body = response.json()
    assert body["httpStatusCode"] == 400 and body["status"] == "ERROR"
    assert body["message"] == "JSON 嵌套超过 32 层（数据值集只需三层），未经读取即被拒绝。"
    assert not values().exists()


def test_the_refusal_is_in_the_callers_language_and_async_is_refused_too(api):
    client = api("clerk", scope=["451024"])
    response = client.post(
        "/api/dataValueSets?async=true&locale=en", DEEP, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("The JSON is nested more than 32 levels deep")


def test_an_uploaded_file_nested_deep_is_refused_too(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api("clerk", scope=["451024"])
    upload = SimpleUploadedFile("values.json", DEEP, content_type="application/json")
    response = client.post("/api/dataValueSets", {"file": upload})
    assert response.status_code == 400


def test_a_three_level_data_value_set_still_imports(api):
    body = json.dumps(
        {
            "dataSet": "LABOUR",
            "dataValues": [
                {"dataElement": "job_fairs", "period": "201903", "orgUnit": "451024", "value": "4"}
            ],
        }
    )
    response = api("clerk", scope=["451024"]).post(
        "/api/dataValueSets", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert values().get().value == 4


def test_deep_json_to_data_values_is_a_400(api):
    body = b'{"de": "job_fairs", "co": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = api("clerk", scope=["451024"]).post(
        "/api/dataValues", body, content_type="application/json"
    )
    assert response.status_code == 400


def test_a_body_over_the_limit_is_a_413_sent_to_the_background_import(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    row = {"dataElement": "job_fairs", "period": "201904", "orgUnit": "451024", "value": "5"}
    body = json.dumps({"dataValues": [row] * 40_000})
    assert len(body) > 2 * 1024 * 1024
    client = api("clerk", scope=["451024"])
    response = client.post("/api/dataValueSets", body, content_type="application/json")
    assert response.status_code == 413
    message = response.json()["message"]
    assert "2 MB" in message and "async=true" in message
    assert not values().exists()
    # the same file as a multipart upload is refused the same way in the request…
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("values.json", body.encode(), content_type="application/json")
    response = client.post("/api/dataValueSets", {"file": upload})
    assert response.status_code == 413
    # …and taken by the background import
    response = client.post("/api/dataValueSets?async=true", body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["response"]["jobType"] == "DATAVALUE_IMPORT"
