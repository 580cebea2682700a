"""/api/dataValueSets runs in the same frame as the rest of /api/: authentication,
CSRF, language and DHIS2's web messages. (What it imports and exports is tested
with the indicators: test_imports_*.py, test_exports.py.)"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone, translation

from xiezuo.indicators.models import DataSet, DataValue, DataValueChange

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


def exported(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return json.loads(b"".join(response.streaming_content))["dataValues"]


def text_of(response) -> str:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode()


def cells(values: list[dict]) -> list[tuple[str, str, str, str]]:
    return sorted((v["dataElement"], v["orgUnit"], v["period"], v["value"]) for v in values)


@pytest.fixture(autouse=True)
def _no_demo_values_in_debao():
    """The demo's values and history of Debao (451024) would stand among the values exported."""
    DataValue.objects.filter(place__code="451024").delete()
    DataValueChange.objects.filter(place__code="451024").delete()


@pytest.fixture
def clerk(api):
    return api("clerk", scope=["4510"])


def post_value(client, element: str, period: str, value: str, place: str = "451024") -> None:
    response = client.post(f"/api/dataValues?de={element}&pe={period}&ou={place}&value={value}")
    assert response.status_code == 201, response.content


CODES = {"idScheme": "CODE", "orgUnit": "451024"}


@pytest.mark.parametrize("given", ["dataSet=LABOUR&dataSet=FUNDS", "dataSet=LABOUR,FUNDS"])
def test_several_data_sets_export_the_values_of_all_their_elements_each_once(clerk, given):
    DataSet.objects.get(code="FUNDS").data_elements.add(
        DataSet.objects.get(code="LABOUR").data_elements.get(code="job_fairs")
    )
    post_value(clerk, "job_fairs", "201901", "3")  # in both data sets now
    post_value(clerk, "aid_money_goods", "2019", "120")  # FUNDS alone
    query = f"/api/dataValueSets?{given}&orgUnit=451024&period=201901,2019&idScheme=CODE"
    values = exported(clerk.get(query))
    assert cells(values) == [
        ("aid_money_goods", "451024", "2019", "120"),
        ("job_fairs", "451024", "201901", "3"),
    ]
    table = list(csv.reader(io.StringIO(text_of(clerk.get(query.replace("?", ".csv?", 1))))))
    assert sorted(row[0] for row in table[1:]) == ["aid_money_goods", "job_fairs"]
    root = ElementTree.fromstring(text_of(clerk.get(query.replace("?", ".xml?", 1))))
    assert sorted(v.get("dataElement") for v in root) == ["aid_money_goods", "job_fairs"]


def test_adx_writes_a_group_for_each_data_set_as_dhis2_does(clerk):
    DataSet.objects.get(code="FUNDS").data_elements.add(
        DataSet.objects.get(code="LABOUR").data_elements.get(code="job_fairs")
    )
    post_value(clerk, "job_fairs", "201901", "3")
    root = ElementTree.fromstring(
        text_of(
            clerk.get("/api/dataValueSets.adx?dataSet=LABOUR,FUNDS&orgUnit=451024&period=201901")
        )
    )
    groups = {group.get("dataSet"): [v.get("dataElement") for v in group] for group in root}
    assert groups == {"LABOUR": ["job_fairs"], "FUNDS": ["job_fairs"]}


def test_an_excel_export_of_several_data_sets_is_refused_naming_the_parameter(api):
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets.xlsx?dataSet=LABOUR&dataSet=FUNDS&orgUnit=451024&period=2019"
    )
    assert response.status_code == 409
    assert "dataSet" in web_message(response)["message"]


def test_an_unknown_data_set_among_several_is_named(api):
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets?dataSet=LABOUR,NO_SUCH_SET&orgUnit=451024&period=2019"
    )
    assert response.status_code == 409
    assert "NO_SUCH_SET" in web_message(response)["message"]


@pytest.mark.parametrize("name", ["dataElementGroup", "orgUnitGroup"])
def test_groups_are_refused_naming_the_parameter(api, name):
    response = api("viewer", scope=["451024"]).get(
        f"/api/dataValueSets?dataSet=LABOUR&orgUnit=451024&period=201901&{name}=Abc123def45"
    )
    assert response.status_code == 409
    assert name in web_message(response)["message"]


def age(element: str, period: str, days: int) -> None:
    """As though the value had last been changed `days` ago."""
    DataValue.objects.filter(data_element__code=element, period=period).update(
        updated_at=timezone.now() - timedelta(days=days)
    )


def test_last_updated_selects_the_values_changed_since_without_periods(clerk):
    post_value(clerk, "job_fairs", "201901", "3")
    post_value(clerk, "job_fairs", "201902", "4")
    age("job_fairs", "201901", days=30)
    since = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%d")
    values = exported(
        clerk.get("/api/dataValueSets", {"dataSet": "LABOUR", "lastUpdated": since, **CODES})
    )
    assert cells(values) == [("job_fairs", "451024", "201902", "4")]
    with_time = exported(
        clerk.get(
            "/api/dataValueSets",
            {"dataSet": "LABOUR", "lastUpdated": f"{since}T00:00:00.000", **CODES},
        )
    )
    assert cells(with_time) == cells(values)


def test_last_updated_narrows_the_periods_given(clerk):
    post_value(clerk, "job_fairs", "201901", "3")
    post_value(clerk, "job_fairs", "201902", "4")
    age("job_fairs", "201901", days=30)
    values = exported(
        clerk.get(
            "/api/dataValueSets",
            {"dataSet": "LABOUR", "period": "201901", "lastUpdatedDuration": "2d", **CODES},
        )
    )
    assert values == []


@pytest.mark.parametrize(
    ("duration", "found"), [("10d", ["201902"]), ("40d", ["201901", "201902"]), ("2h", [])]
)
def test_last_updated_duration_selects_the_values_changed_within_it(clerk, duration, found):
    post_value(clerk, "job_fairs", "201901", "3")
    post_value(clerk, "job_fairs", "201902", "4")
    age("job_fairs", "201901", days=30)
    age("job_fairs", "201902", days=5)
    values = exported(
        clerk.get(
            "/api/dataValueSets",
            {"dataSet": "LABOUR", "lastUpdatedDuration": duration, **CODES},
        )
    )
    assert sorted(v["period"] for v in values) == found


@pytest.mark.parametrize("duration", ["1w", "10", "d", "-2d", "2.5h"])
def test_a_duration_dhis2_does_not_take_is_refused_with_its_code(api, duration):
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets",
        {"dataSet": "LABOUR", "orgUnit": "451024", "lastUpdatedDuration": duration},
    )
    assert response.status_code == 409
    body = web_message(response)
    assert body["errorCode"] == "E2005" and duration in body["message"]


def test_a_bad_last_updated_is_named(api):
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets",
        {"dataSet": "LABOUR", "orgUnit": "451024", "lastUpdated": "yesterday"},
    )
    assert response.status_code == 409
    assert "yesterday" in web_message(response)["message"]


def test_without_periods_dates_or_last_updated_the_export_is_refused(api):
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets", {"dataSet": "LABOUR", "orgUnit": "451024"}
    )
    assert response.status_code == 409
    body = web_message(response)
    assert body["errorCode"] == "E2002" and "lastUpdated" in body["message"]


def test_start_and_end_dates_select_the_periods_of_every_type_within_them(clerk):
    post_value(clerk, "job_fairs", "201901", "3")
    post_value(clerk, "job_fairs", "201904", "4")
    post_value(clerk, "aid_money_goods", "2019", "120")
    query = {"dataSet": "LABOUR,FUNDS", "startDate": "2019-01-01", **CODES}
    quarter = exported(clerk.get("/api/dataValueSets", {**query, "endDate": "2019-03-31"}))
    assert cells(quarter) == [("job_fairs", "451024", "201901", "3")]
    year = exported(clerk.get("/api/dataValueSets", {**query, "endDate": "2019-12-31"}))
    assert [v["period"] for v in sorted(year, key=lambda v: v["period"])] == [
        "2019",
        "201901",
        "201904",
    ]


def test_an_end_date_before_the_start_date_is_refused(api):
    response = api("viewer", scope=["451024"]).get(
        "/api/dataValueSets",
        {
            "dataSet": "LABOUR",
            "orgUnit": "451024",
            "startDate": "2019-12-31",
            "endDate": "2019-01-01",
        },
    )
    assert response.status_code == 409
    assert web_message(response)["errorCode"] == "E2004"


# yyyy-MM-dd'T'HH:mm:ss.SSS, as the DHIS2 Android SDK's BaseIdentifiableObject.DATE_FORMAT
DHIS2_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}")


def is_recent(text: str) -> bool:
    moment = timezone.make_aware(datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f"))
    return abs(timezone.now() - moment) < timedelta(minutes=5)


def test_created_and_last_updated_are_in_dhis2s_format_in_json_xml_and_csv(clerk):
    post_value(clerk, "job_fairs", "201901", "3")
    query = "dataSet=LABOUR&orgUnit=451024&period=201901&idScheme=CODE"
    (value,) = exported(clerk.get(f"/api/dataValueSets?{query}"))
    for key in ("created", "lastUpdated"):
        assert DHIS2_MOMENT.fullmatch(value[key]) and is_recent(value[key]), value
    (element,) = ElementTree.fromstring(text_of(clerk.get(f"/api/dataValueSets.xml?{query}")))
    for key in ("created", "lastUpdated"):
        assert DHIS2_MOMENT.fullmatch(element.get(key, "")) and is_recent(element.get(key, ""))
    header, row = csv.reader(io.StringIO(text_of(clerk.get(f"/api/dataValueSets.csv?{query}"))))
    moment = row[header.index("lastupdated")]
    assert DHIS2_MOMENT.fullmatch(moment) and is_recent(moment)


def test_a_moment_exported_is_taken_back_as_last_updated(clerk):
    post_value(clerk, "job_fairs", "201901", "3")
    query = {"dataSet": "LABOUR", "period": "201901", **CODES}
    (value,) = exported(clerk.get("/api/dataValueSets", query))
    again = exported(
        clerk.get("/api/dataValueSets", {**query, "lastUpdated": value["lastUpdated"]})
    )
    assert cells(again) == cells([value])


# --- includeDeleted


def delete_by_api(clerk, client_for) -> None:
    response = clerk.delete("/api/dataValues?de=job_fairs&pe=201901&ou=451024")
    assert response.status_code == 204


def delete_in_the_grid(clerk, client_for) -> None:
    grid = client_for(clerk.user)
    response = grid.post(
        "/data/entry/LABOUR/451024/201901/cell/", {"element": "job_fairs", "key": "", "value": ""}
    )
    assert response.status_code == 200


def delete_by_import_strategy(clerk, client_for) -> None:
    response = clerk.post(
        "/api/dataValueSets?importStrategy=DELETE", BODY, content_type="application/json"
    )
    assert response.status_code == 200, response.content


def delete_by_deleted_flag(clerk, client_for) -> None:
    body = json.loads(BODY)
    body["dataValues"][0]["deleted"] = True
    response = clerk.post("/api/dataValueSets", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "delete",
    [delete_by_api, delete_in_the_grid, delete_by_import_strategy, delete_by_deleted_flag],
)
def test_every_way_of_deleting_a_value_is_exported_with_include_deleted(clerk, client_for, delete):
    post_value(clerk, "job_fairs", "201901", "3")
    delete(clerk, client_for)
    assert not typed()
    change = DataValueChange.objects.get(action="delete", place__code="451024")
    assert change.old_value == "3" and change.changed_by == clerk.user
    query = {"dataSet": "LABOUR", "period": "201901", **CODES}
    assert exported(clerk.get("/api/dataValueSets", query)) == []
    (value,) = exported(clerk.get("/api/dataValueSets", {**query, "includeDeleted": "true"}))
    assert value["deleted"] is True
    assert (value["dataElement"], value["period"], value["value"]) == ("job_fairs", "201901", "3")
    assert DHIS2_MOMENT.fullmatch(value["lastUpdated"]) and is_recent(value["lastUpdated"])


def test_a_value_deleted_before_last_updated_is_not_exported(clerk):
    post_value(clerk, "job_fairs", "201901", "3")
    clerk.delete("/api/dataValues?de=job_fairs&pe=201901&ou=451024")
    DataValueChange.objects.filter(place__code="451024").update(
        changed_at=timezone.now() - timedelta(days=3)
    )
    query = {"dataSet": "LABOUR", "includeDeleted": "true", **CODES}
    assert exported(clerk.get("/api/dataValueSets", {**query, "lastUpdatedDuration": "1d"})) == []
    (value,) = exported(clerk.get("/api/dataValueSets", {**query, "lastUpdatedDuration": "5d"}))
    assert value["deleted"] is True


def test_a_value_entered_again_after_its_delete_is_exported_as_it_is_now(clerk):
    post_value(clerk, "job_fairs", "201901", "3")
    clerk.delete("/api/dataValues?de=job_fairs&pe=201901&ou=451024")
    post_value(clerk, "job_fairs", "201901", "5")
    query = {"dataSet": "LABOUR", "period": "201901", "includeDeleted": "true", **CODES}
    (value,) = exported(clerk.get("/api/dataValueSets", query))
    assert value["value"] == "5" and "deleted" not in value


def test_the_last_value_of_a_cell_deleted_twice_is_the_one_exported(clerk):
    for value in ("3", "7"):
        post_value(clerk, "job_fairs", "201901", value)
        clerk.delete("/api/dataValues?de=job_fairs&pe=201901&ou=451024")
    query = {"dataSet": "LABOUR", "period": "201901", "includeDeleted": "true", **CODES}
    (value,) = exported(clerk.get("/api/dataValueSets", query))
    assert (value["value"], value["deleted"]) == ("7", True)


def test_a_deleted_value_is_marked_in_csv_and_xml_too(clerk):
    post_value(clerk, "job_fairs", "201901", "3")
    post_value(clerk, "job_fairs", "201902", "4")
    clerk.delete("/api/dataValues?de=job_fairs&pe=201901&ou=451024")
    query = "dataSet=LABOUR&orgUnit=451024&period=201901,201902&idScheme=CODE&includeDeleted=true"
    header, *rows = csv.reader(io.StringIO(text_of(clerk.get(f"/api/dataValueSets.csv?{query}"))))
    deleted = {row[header.index("period")]: row[header.index("deleted")] for row in rows}
    assert deleted == {"201901": "true", "201902": "null"}  # DHIS2 writes its null Boolean
    root = ElementTree.fromstring(text_of(clerk.get(f"/api/dataValueSets.xml?{query}")))
    assert {v.get("period"): v.get("deleted") for v in root} == {"201901": "true", "201902": None}


# --- storedBy


STORED_BY_PAYLOADS = {
    "json": (
        "application/json",
        json.dumps(
            {
                "dataValues": [
                    {
                        "dataElement": "job_fairs",
                        "period": "201901",
                        "orgUnit": "451024",
                        "value": "3",
                        "storedBy": "Li Hua (village clerk)",
                    }
                ]
            }
        ),
    ),
    "csv": (
        "application/csv",
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby\n"
        "job_fairs,201901,451024,,,3,Li Hua (village clerk)\n",
    ),
    "xml": (
        "application/xml",
        '<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0">'
        '<dataValue dataElement="job_fairs" period="201901" orgUnit="451024" value="3" '
        'storedBy="Li Hua (village clerk)"/></dataValueSet>',
    ),
    "adx": (
        "application/adx+xml",
        '<adx xmlns="urn:ihe:qrph:adx:2015">'
        '<group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">'
        '<dataValue dataElement="job_fairs" value="3" storedBy="Li Hua (village clerk)"/>'
        "</group></adx>",
    ),
}


@pytest.mark.parametrize("fmt", list(STORED_BY_PAYLOADS))
def test_stored_by_is_kept_as_the_payload_gives_it_and_the_poster_too(clerk, fmt):
    content_type, body = STORED_BY_PAYLOADS[fmt]
    response = clerk.post("/api/dataValueSets", body, content_type=content_type)
    assert response.status_code == 200, response.content
    assert response.json()["response"]["importCount"]["imported"] == 1
    stored = typed().get()
    assert stored.stored_by == clerk.user  # who posted it
    (value,) = exported(
        clerk.get("/api/dataValueSets", {"dataSet": "LABOUR", "period": "201901", **CODES})
    )
    assert value["storedBy"] == "Li Hua (village clerk)"


def test_without_stored_by_the_posters_username_is_stored_by(clerk):
    response = clerk.post("/api/dataValueSets", BODY, content_type="application/json")
    assert response.status_code == 200, response.content
    (value,) = exported(
        clerk.get("/api/dataValueSets", {"dataSet": "LABOUR", "period": "201901", **CODES})
    )
    assert value["storedBy"] == clerk.user.username


def test_an_update_takes_the_new_stored_by(clerk):
    first, second = (
        json.dumps(
            {
                "dataValues": [
                    {
                        "dataElement": "job_fairs",
                        "period": "201901",
                        "orgUnit": "451024",
                        "value": value,
                        "storedBy": who,
                    }
                ]
            }
        )
        for value, who in (("3", "Li Hua"), ("4", "Wang Fang"))
    )
    for body in (first, second):
        response = clerk.post("/api/dataValueSets", body, content_type="application/json")
        assert response.status_code == 200, response.content
    (value,) = exported(
        clerk.get("/api/dataValueSets", {"dataSet": "LABOUR", "period": "201901", **CODES})
    )
    assert (value["value"], value["storedBy"]) == ("4", "Wang Fang")
    assert (
        DataValueChange.objects.get(action="update", place__code="451024").changed_by == clerk.user
    )


def test_a_stored_by_longer_than_dhis2s_column_is_cut_to_255_characters(clerk):
    body = json.loads(BODY)
    body["dataValues"][0]["storedBy"] = "李" * 300
    response = clerk.post("/api/dataValueSets", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    (value,) = exported(
        clerk.get("/api/dataValueSets", {"dataSet": "LABOUR", "period": "201901", **CODES})
    )
    assert value["storedBy"] == "李" * 255
