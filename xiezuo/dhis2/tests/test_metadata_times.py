"""Every metadata list: created, lastUpdated and href on each object, and the time filters
and order an incremental metadata sync sends (as the DHIS2 Android SDK does)."""

import re

import pytest

pytestmark = pytest.mark.django_db

DHIS2_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}")
COLLECTIONS = [
    "dataElements",
    "dataSets",
    "indicators",
    "categories",
    "categoryCombos",
    "categoryOptionCombos",
    "organisationUnits",
    "organisationUnitLevels",
]


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_object_has_created_last_updated_and_its_href(api, collection):
    body = (
        api()
        .get(f"/api/{collection}", {"fields": "id,created,lastUpdated,href", "pageSize": 200})
        .json()
    )
    assert body[collection]
    for item in body[collection]:
        assert DHIS2_TIME.fullmatch(item["created"]), item
        assert DHIS2_TIME.fullmatch(item["lastUpdated"]), item
        assert item["created"] <= item["lastUpdated"], item
        assert item["href"] == f"http://testserver/api/{collection}/{item['id']}"


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_the_last_updated_filter_splits_every_list_at_a_time(api, collection):
    client = api()
    every = client.get(
        f"/api/{collection}", {"fields": "id,lastUpdated", "pageSize": 10_000}
    ).json()[collection]
    newest = max(item["lastUpdated"] for item in every)
    since = client.get(
        f"/api/{collection}",
        {"fields": "id", "filter": f"lastUpdated:ge:{newest}", "pageSize": 10_000},
    ).json()[collection]
    assert {i["id"] for i in since} == {i["id"] for i in every if i["lastUpdated"] == newest}
    after = client.get(
        f"/api/{collection}", {"fields": "id", "filter": f"lastUpdated:gt:{newest}"}
    ).json()[collection]
    assert after == []


@pytest.mark.parametrize(
    "collection", ["dataElements", "categoryOptionCombos", "organisationUnitLevels"]
)
def test_every_list_orders_by_last_updated(api, collection):
    body = (
        api()
        .get(
            f"/api/{collection}",
            {"fields": "lastUpdated", "order": "lastUpdated:desc", "pageSize": 200},
        )
        .json()
    )
    times = [item["lastUpdated"] for item in body[collection]]
    assert times == sorted(times, reverse=True)
