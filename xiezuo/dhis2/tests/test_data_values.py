"""/api/dataValues: one value read (a list of one string), saved (201) and deleted (204)."""

import json

import pytest

from xiezuo.indicators.combos import combo_uid
from xiezuo.indicators.models import DataElement, DataValue, DataValueChange
from xiezuo.indicators.services import value_set

pytestmark = pytest.mark.django_db

URL = "/api/dataValues"
PERIOD = "201907"  # no demo values there


@pytest.fixture
def clerk(api):
    return api("clerk", scope=["451024"])


def stored(element="job_fairs", place="451024", period=PERIOD, disaggregation=""):
    return DataValue.objects.filter(
        data_element__code=element, place__code=place, period=period, disaggregation=disaggregation
    ).first()


def test_a_value_posted_in_the_query_string_is_saved_with_201(clerk):
    response = clerk.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=5")
    assert response.status_code == 201
    value = stored()
    assert value.value == 5
    assert value.stored_by == clerk.user


def test_uids_name_the_element_place_and_option_combo(clerk, place):
    element = DataElement.objects.get(code="people_trained")
    response = clerk.post(
        URL,
        {
            "de": element.uid,
            "pe": PERIOD,
            "ou": place("451024").uid,
            "co": combo_uid("poverty=poor"),
            "value": "12",
        },
    )
    assert response.status_code == 201
    assert stored("people_trained", disaggregation="poverty=poor").value == 12


def test_a_json_body_with_dhis2s_long_names_is_accepted(clerk):
    body = {
        "dataElement": "job_fairs",
        "period": PERIOD,
        "orgUnit": "451024",
        "categoryOptionCombo": "HllvX50cXC0",
        "value": "7",
        "comment": "核对过",
    }
    response = clerk.post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert (stored().value, stored().comment) == (7, "核对过")


def test_the_value_is_read_back_as_a_list_of_one_string(clerk):
    clerk.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=5")
    response = clerk.get(URL, {"de": "job_fairs", "pe": PERIOD, "ou": "451024"})
    assert response.status_code == 200
    assert response.json() == ["5"]


def test_a_changed_value_keeps_who_changed_it(clerk):
    clerk.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=5")
    clerk.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=6")
    change = DataValueChange.objects.get(data_element__code="job_fairs", period=PERIOD)
    assert (change.old_value, change.new_value, change.changed_by) == ("5", "6", clerk.user)


def test_a_comment_alone_keeps_the_value(clerk):
    clerk.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=5")
    assert (
        clerk.post(
            URL, {"de": "job_fairs", "pe": PERIOD, "ou": "451024", "comment": "来自报表"}
        ).status_code
        == 201
    )
    assert (stored().value, stored().comment) == (5, "来自报表")


def test_delete_removes_the_value_with_204(clerk):
    clerk.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=5")
    response = clerk.delete(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024")
    assert response.status_code == 204
    assert stored() is None


def test_reading_a_value_that_does_not_exist_is_a_conflict(clerk):
    response = clerk.get(URL, {"de": "job_fairs", "pe": PERIOD, "ou": "451024"})
    assert response.status_code == 409
    assert response.json()["httpStatus"] == "Conflict"


def test_deleting_a_value_that_does_not_exist_is_a_conflict(clerk):
    assert clerk.delete(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024").status_code == 409


def test_a_value_that_is_not_a_number_is_refused_with_a_chinese_message(clerk):
    response = clerk.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=many")
    assert response.status_code == 409
    body = response.json()
    assert body == {
        "httpStatus": "Conflict",
        "httpStatusCode": 409,
        "status": "ERROR",
        "message": body["message"],
    }
    assert "many" in body["message"] and "不是数字" in body["message"]
    assert stored() is None


def test_the_message_is_english_for_an_english_client(clerk):
    response = clerk.post(
        f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=many", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["message"] == "“many” is not a number"


@pytest.mark.parametrize(
    ("query", "word"),
    [
        (f"de=nothing&pe={PERIOD}&ou=451024&value=1", "nothing"),
        (f"de=job_fairs&pe={PERIOD}&ou=999999&value=1", "999999"),
        ("de=job_fairs&pe=2019&ou=451024&value=1", "2019"),
        ("de=job_fairs&pe=20190&ou=451024&value=1", "20190"),
        (f"de=job_fairs&pe={PERIOD}&ou=451024&co=AAAAAAAAAAA&value=1", "AAAAAAAAAAA"),
        (f"de=people_trained&pe={PERIOD}&ou=451024&value=1", ""),
        (f"de=job_fairs&pe={PERIOD}&ou=451024&value=1&cc=AAAAAAAAAAA&cp=BBBBBBBBBBB", ""),
        (f"pe={PERIOD}&ou=451024&value=1", "de"),
    ],
    ids=[
        "element",
        "place",
        "period type",
        "period",
        "combo",
        "missing combo",
        "attribute combo",
        "missing element",
    ],
)
def test_bad_input_is_a_conflict_that_says_what_is_wrong(clerk, query, word):
    response = clerk.post(f"{URL}?{query}")
    assert response.status_code == 409
    assert word in response.json()["message"]


def test_a_clerk_may_not_save_outside_the_scope(clerk):
    response = clerk.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451228&value=5")
    assert response.status_code == 403
    assert response.json()["httpStatus"] == "Forbidden"
    assert stored(place="451228") is None


def test_a_viewer_may_read_but_not_save(api):
    value_set(actor=None, element="job_fairs", place="451024", period=PERIOD, value="4")
    viewer = api("viewer", scope=["451024"])
    assert viewer.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=5").status_code == 403
    assert viewer.get(URL, {"de": "job_fairs", "pe": PERIOD, "ou": "451024"}).json() == ["4"]


def test_reading_outside_the_scope_is_forbidden(api):
    viewer = api("viewer", scope=["451024"])
    assert viewer.get(URL, {"de": "job_fairs", "pe": PERIOD, "ou": "451228"}).status_code == 403


def test_a_token_writes_as_its_user(api):
    client = api("clerk", scope=["451024"], token=True)
    assert client.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&value=3").status_code == 201
    assert stored().stored_by == client.user


@pytest.mark.parametrize(
    "query",
    # １２, ١٢, 1_2, and separators DHIS2 refuses (E7619) rather than read "1,5" as 15
    ["value=%EF%BC%91%EF%BC%92", "value=%D9%A1%D9%A2", "value=1_2", "value=1%2C5",
     "value=1%2C000"],
)  # fmt: skip
def test_a_value_in_other_digits_than_ascii_is_refused(clerk, query):
    response = clerk.post(f"{URL}?de=job_fairs&pe={PERIOD}&ou=451024&{query}")
    assert response.status_code == 409
    assert "不是数字" in response.json()["message"]
    assert stored() is None


@pytest.mark.parametrize("period", ["0000", "9999", "%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%99"])
def test_a_period_out_of_range_or_in_other_digits_is_refused(clerk, period):
    response = clerk.post(f"{URL}?de=people_trained&pe={period}&ou=451024&value=5")
    assert response.status_code == 409
    assert "不是有效的报告期" in response.json()["message"]
    assert not DataValue.objects.filter(period__in=["0000", "9999", "２０１９"]).exists()


def test_a_data_value_set_in_other_digits_is_refused_value_by_value(clerk):
    body = {
        "dataValues": [
            {"dataElement": "job_fairs", "period": "２０１９07", "orgUnit": "451024", "value": "3"},
            {"dataElement": "job_fairs", "period": PERIOD, "orgUnit": "451024", "value": "١٢"},
        ]
    }
    response = clerk.post("/api/dataValueSets", json.dumps(body), content_type="application/json")
    summary = response.json()
    summary = summary.get("response", summary)
    assert summary["importCount"]["imported"] == 0
    assert summary["importCount"]["ignored"] == 2
    assert stored() is None


def test_a_value_saved_here_is_stored_by_the_poster_whatever_the_body_says(clerk):
    # as DHIS2's POST /api/dataValues: storedBy is the user saving the value
    body = {
        "dataElement": "job_fairs",
        "period": PERIOD,
        "orgUnit": "451024",
        "value": "5",
        "storedBy": "someone else",
    }
    response = clerk.post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    export = clerk.get(
        "/api/dataValueSets",
        {"dataSet": "LABOUR", "orgUnit": "451024", "period": PERIOD, "idScheme": "CODE"},
    )
    values = json.loads(b"".join(export.streaming_content))["dataValues"]
    assert [(v["dataElement"], v["storedBy"]) for v in values] == [
        ("job_fairs", clerk.user.username)
    ]
