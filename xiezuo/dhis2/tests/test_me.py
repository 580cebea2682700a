"""/api/me: the caller as DHIS2 describes a user; its organisation units are its scope."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_names_the_user_and_its_scope_places(api, place):
    client = api("clerk", scope=["451024"])
    me = client.get(
        "/api/me?fields=id,username,userCredentials[username],organisationUnits[id,name]"
    ).json()
    assert me["username"] == client.user.username
    assert me["userCredentials"] == {"username": client.user.username}
    assert me["organisationUnits"] == [{"id": place("451024").uid, "name": "德保县"}]
    assert len(me["id"]) == 11


def test_the_scope_places_can_carry_their_level_and_path(api, place):
    me = api("viewer", scope=["4510"]).get("/api/me?fields=organisationUnits[level,path]").json()
    assert me["organisationUnits"] == [
        {"level": 2, "path": f"/{place('45').uid}/{place('4510').uid}"}
    ]


def test_a_clerk_may_add_and_delete_data_values(api):
    authorities = api("clerk").get("/api/me?fields=authorities").json()["authorities"]
    assert {"F_DATAVALUE_ADD", "F_DATAVALUE_DELETE"} <= set(authorities)


def test_a_viewer_has_no_data_entry_authority(api):
    assert "F_DATAVALUE_ADD" not in api("viewer").get("/api/me").json()["authorities"]


def test_an_administrator_has_every_authority(api):
    assert api("administrator").get("/api/me").json()["authorities"] == ["ALL"]


def test_the_role_is_named_in_the_users_language(api):
    client = api("approver")
    zh = client.get("/api/me?fields=userCredentials[userRoles[name,displayName]]").json()
    en = client.get("/api/me?fields=userCredentials[userRoles[displayName]]&locale=en").json()
    assert (
        zh["userCredentials"]["userRoles"][0]["displayName"]
        == zh["userCredentials"]["userRoles"][0]["name"]
    )
    assert en["userCredentials"]["userRoles"][0]["displayName"] == "Approver"
