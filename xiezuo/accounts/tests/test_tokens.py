from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from xiezuo.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_a_token_is_printed_once_and_only_its_hash_is_kept(client):
    raw = run("create", "viewer", "--name", "报表工具").strip()
    assert raw.startswith("xz_") and len(raw) > 30
    token = ApiToken.objects.get(user__username="viewer", name="报表工具")
    assert raw not in (token.key_hash, token.prefix)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "viewer"
    assert response.json()["scope_places"] == ["45"]


def test_tokens_are_listed_and_a_revoked_token_no_longer_works(client):
    raw = run("create", "clerk").strip()
    token = ApiToken.objects.get(user__username="clerk")
    listing = run("list", "clerk")
    assert token.prefix in listing and "active" in listing
    assert raw not in listing
    run("revoke", str(token.pk))
    assert "revoked" in run("list")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_an_unknown_user_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user is called"):
        run("create", "nobody")


def test_a_token_of_an_inactive_user_is_refused(client, make_user):
    from xiezuo.accounts.services import token_create

    user = make_user("viewer")
    _, raw = token_create(user=user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_api_lists_creates_and_revokes_my_tokens(client_for):
    client = client_for("viewer")
    created = client.post("/api/v1/tokens", {"name": "脚本"}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["token"].startswith("xz_")
    listed = client.get("/api/v1/tokens").json()["items"]
    assert [t["name"] for t in listed] == ["脚本"]
    assert "token" not in listed[0]
    raw = created.json()["token"]
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    revoked = client.post(f"/api/v1/tokens/{listed[0]['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_tokens_page_shows_a_new_token_once(client_for):
    client = client_for("viewer")
    page = client.post("/accounts/tokens/", {"name": "excel"}).content.decode()
    assert 'id="new-token"' in page
    assert 'value="excel"' not in page  # the form is blank again
    again = client.get("/accounts/tokens/").content.decode()
    assert 'id="new-token"' not in again
    assert "excel" in again


def test_the_tokens_page_refuses_a_name_too_long_beside_the_name(client_for, errors_beside):
    client = client_for("viewer")
    response = client.post("/accounts/tokens/", {"name": "长" * 101})
    assert response.status_code == 422
    assert errors_beside(response, "id_name") == [
        "确保该变量包含不超过 100 字符 (目前字符数 101)。"
    ]
    assert 'id="new-token"' not in response.content.decode()
    assert not ApiToken.objects.filter(user=client.user).exists()


def test_the_api_refuses_a_token_name_too_long_by_name(client_for):
    client = client_for("viewer")
    response = client.post("/api/v1/tokens", {"name": "长" * 101}, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]
    assert not ApiToken.objects.filter(user=client.user).exists()


def test_a_password_change_revokes_the_users_tokens(client_for):
    from xiezuo.accounts.services import token_create

    client = client_for("clerk")
    _, raw = token_create(user=client.user)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/tokens", **bearer).status_code == 200
    body = {
        "old_password": "test-pass-123",
        "new_password1": "Xz-new-pass-9a8b",
        "new_password2": "Xz-new-pass-9a8b",
    }
    assert client.post("/accounts/password/", body).status_code == 302
    client.logout()
    assert client.get("/api/v1/tokens", **bearer).status_code == 401
    assert ApiToken.objects.get(user=client.user).revoked_at is not None


def test_a_password_set_elsewhere_revokes_the_tokens_too_and_other_saves_do_not(make_user):
    from xiezuo.accounts.services import token_authenticate, token_create

    user = make_user("viewer")
    _, raw = token_create(user=user)
    user.first_name = "李"
    user.save()
    assert token_authenticate(raw=raw) == user
    user.set_password("Xz-other-pass-77")  # the admin site, `changepassword`
    user.save()
    assert token_authenticate(raw=raw) is None
