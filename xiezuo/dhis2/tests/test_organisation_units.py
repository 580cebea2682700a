"""/api/organisationUnits: places as DHIS2 organisation units, listed, filtered and paged."""

import itertools
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db

URL = "/api/organisationUnits"


def units(response):
    return response.json()["organisationUnits"]


def test_a_list_is_paged_fifty_at_a_time_with_id_and_display_name(api):
    body = api().get(URL).json()
    assert body["pager"]["page"] == 1
    assert body["pager"]["pageSize"] == 50
    assert body["pager"]["total"] == Place.objects.count()
    assert body["pager"]["nextPage"].endswith("page=2")
    assert len(body["organisationUnits"]) == 50
    assert body["organisationUnits"][0] == {
        "id": Place.objects.get(code="44").uid,
        "displayName": "广东省",
    }


def test_page_and_page_size_choose_the_slice(api):
    first = units(api().get(URL, {"pageSize": 4}))
    second = api().get(URL, {"pageSize": 2, "page": 2}).json()
    assert second["organisationUnits"] == first[2:4]
    assert second["pager"]["prevPage"].endswith("page=1")


def test_paging_false_returns_every_match_without_a_pager(api):
    response = api().get(URL, {"paging": "false", "filter": "level:eq:2", "fields": "code"})
    body = json.loads(b"".join(response.streaming_content))
    assert set(body) == {"organisationUnits"}
    codes = {u["code"] for u in body["organisationUnits"]}
    assert codes == set(Place.objects.filter(level=2).values_list("code", flat=True))


def test_fields_give_level_path_parent_and_children(api, place):
    debao = place("451024")
    response = api().get(
        URL,
        {
            "filter": f"id:eq:{debao.uid}",
            "fields": "id,code,name,level,path,parent[id,name],children[id],leaf",
        },
    )
    [unit] = units(response)
    assert unit["code"] == "451024"
    assert unit["level"] == 3
    assert unit["path"] == f"/{place('45').uid}/{place('4510').uid}/{debao.uid}"
    assert unit["parent"] == {"id": place("4510").uid, "name": "百色市"}
    assert {c["id"] for c in unit["children"]} == set(
        Place.objects.filter(parent=debao).values_list("uid", flat=True)
    )
    assert unit["leaf"] is False


def test_nested_children_can_ask_for_their_own_children(api, place):
    response = api().get(URL, {"filter": "code:eq:4510", "fields": "children[code,children~size]"})
    [baise] = units(response)
    debao = next(c for c in baise["children"] if c["code"] == "451024")
    assert debao["children"] == Place.objects.filter(parent=place("451024")).count()


def test_ancestors_list_the_places_above_from_the_province_down(api, place):
    response = api().get(URL, {"filter": "code:eq:451024", "fields": "ancestors[code]"})
    assert units(response) == [{"ancestors": [{"code": "45"}, {"code": "4510"}]}]


def test_filters_are_combined_with_and(api):
    response = api().get(
        URL, {"filter": ["level:eq:3", "name:like:德"], "fields": "code", "paging": "false"}
    )
    codes = {
        u["code"] for u in json.loads(b"".join(response.streaming_content))["organisationUnits"]
    }
    assert "451024" in codes
    assert codes == set(
        Place.objects.filter(level=3, name__contains="德").values_list("code", flat=True)
    )


def test_root_junction_or_combines_filters_with_or(api):
    response = api().get(
        URL,
        {"filter": ["code:eq:451024", "code:eq:451026"], "rootJunction": "OR", "fields": "code"},
    )
    assert [u["code"] for u in units(response)] == ["451024", "451026"]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ("code:in:[451024,451026]", ["451024", "451026"]),
        ("name:ne:德保县", None),
        ("name:$like:德保", ["451024"]),
        ("code:like$:1024", ["451024"]),
        ("level:lt:4", None),
        ("code:gt:451000", None),
    ],
)
def test_each_operator_selects_as_dhis2_does(api, flt, expected):
    # among the counties of Baise (level 3, codes 4510xx)
    response = api().get(
        URL, {"filter": [flt, "level:eq:3", "code:$like:4510"], "fields": "code", "pageSize": 20}
    )
    codes = [u["code"] for u in units(response)]
    if expected is not None:
        assert codes == expected
    elif flt.startswith("name:ne"):
        assert "451024" not in codes and codes
    else:
        assert "451024" in codes


def test_parent_id_filter_lists_the_children(api, place):
    response = api().get(
        URL, {"filter": f"parent.id:eq:{place('4510').uid}", "fields": "code", "paging": "false"}
    )
    codes = {
        u["code"] for u in json.loads(b"".join(response.streaming_content))["organisationUnits"]
    }
    assert codes == set(Place.objects.filter(parent__code="4510").values_list("code", flat=True))


def test_path_like_selects_a_subtree(api, place):
    response = api().get(URL, {"filter": f"path:like:{place('451024').uid}", "pageSize": 1})
    assert response.json()["pager"]["total"] == Place.objects.within("451024").count()


def test_the_level_parameter_selects_one_level(api):
    assert api().get(URL, {"level": 1, "fields": "code"}).json()["organisationUnits"] == [
        {"code": "44"},
        {"code": "45"},
    ]


def test_user_only_lists_the_users_scope_places(api):
    response = api("viewer", scope=["4510", "451024"]).get(
        URL, {"userOnly": "true", "fields": "code"}
    )
    assert units(response) == [{"code": "4510"}, {"code": "451024"}]


def test_order_sorts_by_the_property_asked_for(api):
    response = api().get(URL, {"level": 1, "order": "code:desc", "fields": "code"})
    assert units(response) == [{"code": "45"}, {"code": "44"}]


@pytest.mark.parametrize(
    "params",
    [
        {"filter": "level:eq:three"},
        {"filter": "colour:eq:red"},
        {"filter": "name:shout:x"},
        {"fields": "id,parent[id"},
        {"pageSize": "0"},
        {"order": "colour:asc"},
    ],
)
def test_a_malformed_query_gets_400_with_a_message(api, params):
    response = api().get(URL, params)
    assert response.status_code == 400
    assert response.json()["httpStatus"] == "Bad Request" and response.json()["message"]


def test_one_unit_by_uid_has_every_field_by_default(api, place):
    unit = api().get(f"{URL}/{place('451024').uid}").json()
    assert unit["code"] == "451024" and unit["name"] == "德保县"
    assert {"id", "level", "path", "parent", "children"} <= set(unit)


def test_one_unit_can_be_found_by_its_division_code(api, place):
    assert api().get(f"{URL}/451024.json?fields=id").json() == {"id": place("451024").uid}


def test_include_children_lists_the_unit_and_its_children(api, place):
    response = api().get(
        f"{URL}/{place('4510').uid}", {"includeChildren": "true", "fields": "code"}
    )
    codes = [u["code"] for u in units(response)]
    assert codes[0] == "4510"
    assert set(codes[1:]) == set(
        Place.objects.filter(parent__code="4510").values_list("code", flat=True)
    )


def test_an_unknown_unit_is_404_in_dhis2s_shape(api):
    response = api().get(f"{URL}/AAAAAAAAAAA")
    assert response.status_code == 404
    assert response.json()["errorCode"] == "E1005"


def test_a_page_costs_the_same_queries_whatever_its_size(api):
    client = api()
    params = {
        "fields": "id,name,path,leaf,parent[id,name],children[id],ancestors[id]",
        "filter": "level:eq:4",
    }
    client.get(URL, params)  # warm up: the session and the user
    counts = []
    for size in (5, 200):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {**params, "pageSize": size})
        assert len(units(response)) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 12


def test_paging_false_with_nested_fields_on_a_long_list_is_refused(api, monkeypatch):
    from xiezuo.dhis2 import fields

    monkeypatch.setattr(fields, "UNPAGED_NESTED_MAX", 20)
    client = api()
    params = {"paging": "false", "filter": "level:le:3", "fields": "id,children[id,name]"}
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["httpStatusCode"] == 400 and body["status"] == "ERROR"
    assert "paging=false" in body["message"] and "20" in body["message"]
    # every field is as heavy; flat fields still stream the whole list, paged lists work
    assert client.get(URL, {**params, "fields": "*"}).status_code == 400
    flat = client.get(URL, {**params, "fields": "id,code"})
    assert flat.status_code == 200
    assert len(json.loads(b"".join(flat.streaming_content))["organisationUnits"]) > 20
    paged = client.get(URL, {"filter": "level:le:3", "fields": "id,children[id]"})
    assert paged.status_code == 200 and "pager" in paged.json()


def test_a_huge_page_number_answers_an_empty_page(api):
    response = api().get(URL, {"page": str(10**30), "fields": "id"})
    assert response.status_code == 200
    assert response.json()["organisationUnits"] == []


# --- created, lastUpdated, href; incremental sync; order=path; collection sizes

DHIS2_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")
LOCAL = ZoneInfo("Asia/Shanghai")


def _touch(code, moment):
    Place.objects.filter(code=code).update(updated_at=moment)


def test_a_unit_carries_created_last_updated_and_href(api, place):
    debao = place("451024")
    _touch("451024", datetime(2026, 12, 6, 1, 2, 3, 456789, tzinfo=LOCAL))
    unit = api().get(f"{URL}/{debao.uid}", {"fields": "created,lastUpdated,href"}).json()
    assert unit["lastUpdated"] == "2026-12-06T01:02:03.456"
    assert DHIS2_TIME.match(unit["created"])
    assert unit["created"] == debao.created_at.astimezone(LOCAL).isoformat(
        timespec="milliseconds"
    ).removesuffix("+08:00")
    assert unit["href"] == f"http://testserver/api/organisationUnits/{debao.uid}"


def test_href_stays_under_the_versioned_api_the_request_used(api, place):
    debao = place("451024")
    response = api().get(f"/api/40/organisationUnits/{debao.uid}", {"fields": "href,parent[href]"})
    assert response.json() == {
        "href": f"http://testserver/api/40/organisationUnits/{debao.uid}",
        "parent": {"href": f"http://testserver/api/40/organisationUnits/{debao.parent.uid}"},
    }


def test_last_updated_filters_give_only_what_changed_since(api):
    _touch("451024", datetime(2030, 1, 2, 3, 4, 5, 678900, tzinfo=LOCAL))
    _touch("451026", datetime(2030, 1, 1, tzinfo=LOCAL))
    since = {"fields": "code", "order": "code", "pageSize": 100}
    assert units(api().get(URL, {**since, "filter": "lastUpdated:gt:2029-12-31"})) == [
        {"code": "451024"},
        {"code": "451026"},
    ]
    # to the millisecond, as shown: a client that saw 03:04:05.678 does not get it again
    assert units(api().get(URL, {**since, "filter": "lastUpdated:ge:2030-01-02T03:04:05.678"})) == [
        {"code": "451024"}
    ]
    assert (
        units(api().get(URL, {**since, "filter": "lastUpdated:gt:2030-01-02T03:04:05.678"})) == []
    )
    assert units(api().get(URL, {**since, "filter": "lastUpdated:eq:2030-01-01"})) == [
        {"code": "451026"}
    ]


def test_order_by_last_updated_puts_the_latest_first(api):
    _touch("451024", datetime(2030, 1, 2, tzinfo=LOCAL))
    _touch("451026", datetime(2030, 1, 3, tzinfo=LOCAL))
    response = api().get(URL, {"order": "lastUpdated:desc", "fields": "code", "pageSize": 2})
    assert units(response) == [{"code": "451026"}, {"code": "451024"}]


def test_an_unreadable_time_in_a_filter_gets_400(api):
    response = api().get(URL, {"filter": "lastUpdated:gt:last-week"})
    assert response.status_code == 400 and "last-week" in response.json()["message"]


def test_order_by_path_lists_the_tree_depth_first(api, place):
    params = {"filter": f"path:like:{place('4510').uid}", "order": "path", "fields": "path"}
    response = api().get(URL, {**params, "pageSize": 10_000})
    paths = [u["path"] for u in units(response)]
    assert len(paths) == Place.objects.within("4510").count()
    # depth first: each unit's parent is the unit before it or one of that unit's ancestors
    for previous, path in itertools.pairwise(paths):
        parent = path.rsplit("/", 1)[0]
        assert previous == parent or previous.startswith(parent + "/")


@pytest.mark.parametrize("size", ["children::size", "children|size", "children~size"])
def test_children_size_counts_the_children_without_listing_them(api, place, size):
    debao = place("451024")
    unit = api().get(f"{URL}/{debao.uid}", {"fields": f"code,{size}"}).json()
    assert unit == {"code": "451024", "children": Place.objects.filter(parent=debao).count()}
    assert unit["children"] > 0
