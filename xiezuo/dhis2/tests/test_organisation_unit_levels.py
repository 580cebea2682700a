"""/api/organisationUnitLevels: the five place levels."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_the_five_levels_with_chinese_names(api):
    body = api().get("/api/organisationUnitLevels?fields=level,name&paging=false").json()
    assert body == {
        "organisationUnitLevels": [
            {"level": 1, "name": "省"},
            {"level": 2, "name": "市"},
            {"level": 3, "name": "县"},
            {"level": 4, "name": "乡镇"},
            {"level": 5, "name": "村"},
        ]
    }


def test_the_display_name_follows_the_locale(api):
    body = api().get("/api/organisationUnitLevels?fields=displayName&filter=level:eq:3&locale=en")
    assert body.json()["organisationUnitLevels"] == [{"displayName": "County"}]


def test_one_level_is_found_by_its_id(api):
    client = api()
    uid = client.get("/api/organisationUnitLevels?filter=level:eq:1").json()[
        "organisationUnitLevels"
    ][0]["id"]
    assert client.get(f"/api/organisationUnitLevels/{uid}").json()["level"] == 1


def test_an_unknown_level_is_404(api):
    response = api().get("/api/organisationUnitLevels/AAAAAAAAAAA")
    assert response.status_code == 404
    assert response.json()["httpStatusCode"] == 404
