import pytest

from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db


def test_a_place_is_read_by_its_code_with_ancestors_and_designations(client_for):
    body = client_for("viewer").get("/api/v1/places/451024").json()
    assert (body["code"], body["name"], body["level"], body["parent"]) == (
        "451024",
        "德保县",
        3,
        "4510",
    )
    assert [a["code"] for a in body["ancestors"]] == ["45", "4510"]
    assert {d["kind"] for d in body["designations"]} == {"poor_county", "rocky_desertification"}
    assert body["children"] == 13
    assert len(body["uid"]) == 11


def test_children_are_listed_in_code_order(client_for):
    body = client_for("viewer").get("/api/v1/places/4510/children").json()
    children = body["items"]
    assert body["count"] == len(children) == 12
    codes = [c["code"] for c in children]
    assert codes == sorted(codes) and "451024" in codes
    assert all(c["level"] == 3 and c["parent"] == "4510" for c in children)


def test_places_are_searched_by_name_or_by_code(client_for):
    client = client_for("viewer")
    by_name = client.get("/api/v1/places", {"search": "德保"}).json()["items"]
    assert by_name[0]["code"] == "451024"
    by_code = client.get("/api/v1/places", {"search": "4510241"}).json()["items"]
    assert by_code and all(p["code"].startswith("4510241") for p in by_code)
    within = client.get("/api/v1/places", {"search": "城关镇", "within": "4510"}).json()["items"]
    assert within and all(p["code"].startswith("4510") for p in within)


def test_a_search_comes_a_page_at_a_time_with_the_count_of_all_it_found(client_for):
    client = client_for("viewer")
    first = client.get("/api/v1/places", {"search": "4510", "limit": 5}).json()
    # Baise's prefecture, counties, townships and villages
    assert first["count"] == Place.objects.filter(code__startswith="4510").count() == 2049
    assert [p["code"] for p in first["items"]][:2] == ["4510", "451002"]
    second = client.get("/api/v1/places", {"search": "4510", "limit": 5, "offset": 5}).json()
    assert len(second["items"]) == 5
    assert not {p["code"] for p in first["items"]} & {p["code"] for p in second["items"]}


def test_an_unknown_code_is_a_404_in_the_users_language(client_for):
    client = client_for("viewer")
    response = client.get("/api/v1/places/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "没有区划代码为“999999”的行政区划。"
    english = client.get("/api/v1/places/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "No place has the code “999999”."
