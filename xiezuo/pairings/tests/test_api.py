import pytest

from xiezuo.accounts.services import token_create
from xiezuo.pairings.models import Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", scope=["44", "45"])


@pytest.fixture
def api(client, coordinator):
    """A client that speaks to the API with the coordinator's bearer token."""
    _, raw = token_create(user=coordinator)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def post(api, path, body, **extra):
    return api.post(path, body, content_type="application/json", **extra)


def test_the_list_filters_by_type_place_side_and_status(api):
    body = api.get("/api/v1/pairings?kind=county&place=4510&side=helped&status=active").json()
    assert body["count"] == 10
    assert {item["helped"]["code"][:4] for item in body["items"]} == {"4510"}
    shenzhen = api.get("/api/v1/pairings?kind=county&place=4403&side=helper").json()
    assert shenzhen["count"] == 17  # Shenzhen's districts (and Dapeng) help Baise and Hechi


def test_an_organisation_side_is_found_by_its_place(api):
    body = api.get("/api/v1/pairings?kind=county&place=440307&side=helper").json()
    helpers = {item["helper"]["name"] for item in body["items"]}
    assert "深圳市大鹏新区管理委员会" in helpers


def test_a_pairing_is_created_updated_and_ended(api):
    response = post(
        api,
        "/api/v1/pairings",
        {
            "kind": "township",
            "helper_place": "440305001",
            "helped_place": "451024102",
            "started_on": "2018-03-01",
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["helper"] == {
        "type": "place",
        "code": "440305001",
        "id": None,
        "name": "南头街道",
    }
    assert created["status"] == "active"
    pid = created["id"]
    patched = api.patch(
        f"/api/v1/pairings/{pid}", {"note": "签订协议"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["note"] == "签订协议"
    ended = post(api, f"/api/v1/pairings/{pid}/end", {"ended_on": "2020-12-31", "reason": "期满"})
    assert ended.status_code == 200
    assert ended.json()["status"] == "ended"
    assert ended.json()["ended_on"] == "2020-12-31"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"helper_place": "999999", "helped_place": "451024102"},
            "helper_place",
            "没有区划代码为“999999”的行政区划",
        ),
        (
            {"helper_place": "451024102", "helped_place": "451024102"},
            "helped",
            "行政区划或单位不能与自身结对",
        ),
        (
            {"helper_place": "440305001", "helped_place": "451024102", "ended_on": "2017-01-01"},
            "ended_on",
            "结束日期早于开始日期",
        ),
        (
            {"helper_place": "4403", "helped_place": "451024102"},
            "helper",
            "“乡镇–乡镇”结对的帮扶方必须是：县或乡镇或政府部门",
        ),
    ],
)
def test_bad_input_gets_a_field_message_in_chinese_and_writes_nothing(api, body, field, message):
    before = Pairing.objects.count()
    response = post(
        api, "/api/v1/pairings", {"kind": "township", "started_on": "2018-01-01", **body}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {field: [message]}
    assert Pairing.objects.count() == before


def test_a_duplicate_active_pairing_is_refused(api):
    response = post(
        api,
        "/api/v1/pairings",
        {
            "kind": "county",
            "helper_place": "440305",
            "helped_place": "451024",
            "started_on": "2019-01-01",
        },
    )
    assert response.status_code == 422
    assert "双方已有该类型的有效结对" in response.json()["errors"]["helped"]


def test_the_same_error_speaks_english_when_asked(api):
    response = post(
        api,
        "/api/v1/pairings",
        {
            "kind": "county",
            "helper_place": "451024",
            "helped_place": "451024",
            "started_on": "2019-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "helped": ["a place or organisation cannot be paired with itself"]
    }


def test_each_side_missing_is_named_as_on_the_page(api):
    response = post(api, "/api/v1/pairings", {"kind": "county", "started_on": "2018-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "helper": ["请填写行政区划或单位"],
        "helped": ["请填写行政区划或单位"],
    }


def test_both_unknown_sides_are_named(api):
    body = {"kind": "county", "started_on": "2018-01-01", "helper_place": "449999"}
    response = post(api, "/api/v1/pairings", {**body, "helped_place": "459999"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "helper_place": ["没有区划代码为“449999”的行政区划"],
        "helped_place": ["没有区划代码为“459999”的行政区划"],
    }


def test_a_bad_date_is_named(api):
    body = {
        "kind": "county",
        "helper_place": "440305",
        "helped_place": "451024",
        "started_on": "2018-13-45",
    }
    response = post(api, "/api/v1/pairings", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"started_on": ["请输入有效日期（YYYY-MM-DD）。"]}


def test_a_write_outside_the_scope_is_forbidden_and_writes_nothing(client, make_user):
    baise_coordinator = make_user("coordinator", scope=["4510"])
    _, raw = token_create(user=baise_coordinator)
    before = Pairing.objects.count()
    response = client.post(
        "/api/v1/pairings",
        {
            "kind": "township",
            "helper_place": "440306017",
            "helped_place": "451228101",
            "started_on": "2018-01-01",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
    assert "范围" in response.json()["detail"]
    assert Pairing.objects.count() == before


def test_without_credentials_the_api_answers_401(client):
    assert client.get("/api/v1/pairings").status_code == 401
    assert client.get("/api/v1/pairings", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401
