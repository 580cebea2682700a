"""Who may call the DHIS2-compatible API: Basic, ApiToken, Bearer, session; 401 otherwise."""

import pytest
from django.test import Client

from xiezuo.accounts.services import token_create, token_revoke

from .conftest import basic

pytestmark = pytest.mark.django_db

ME = "/api/me?fields=username"


def test_basic_authentication_answers_as_the_user(api):
    client = api("viewer")
    response = client.get(ME)
    assert response.status_code == 200
    assert response.json() == {"username": client.user.username}


def test_a_personal_access_token_is_accepted_as_dhis2_sends_it(make_user):
    user = make_user("viewer")
    _, raw = token_create(user=user)
    response = Client().get(ME, HTTP_AUTHORIZATION=f"ApiToken {raw}")
    assert response.json() == {"username": user.username}


def test_the_same_token_is_accepted_as_a_bearer_token(make_user):
    user = make_user("viewer")
    _, raw = token_create(user=user)
    assert Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_the_browser_session_is_accepted(client_for):
    assert client_for("viewer").get(ME).status_code == 200


def test_no_credentials_get_401_in_dhis2s_error_shape():
    response = Client().get(ME)
    assert response.status_code == 401
    body = response.json()
    assert body["httpStatus"] == "Unauthorized"
    assert body["httpStatusCode"] == 401
    assert body["status"] == "ERROR"
    assert body["message"] == "请登录，或提供有效的 API 令牌。"
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_browser_is_not_challenged_to_prompt_for_a_password():
    response = Client().get(ME, HTTP_SEC_FETCH_MODE="navigate")
    assert response.status_code == 401
    assert not response["WWW-Authenticate"].startswith("Basic")


def test_a_proven_password_is_not_hashed_again_on_the_next_request(api, monkeypatch):
    from xiezuo.accounts.models import User

    client = api("viewer")
    client.get(ME)
    checks = []
    original = User.check_password
    monkeypatch.setattr(User, "check_password", lambda u, p: checks.append(p) or original(u, p))
    assert client.get(ME).status_code == 200
    assert checks == []


def test_a_changed_password_is_refused_at_once(api):
    client = api("viewer")
    assert client.get(ME).status_code == 200
    client.user.set_password("another-pass-456")
    client.user.save()
    assert client.get(ME).status_code == 401


def test_a_wrong_password_gets_401(make_user):
    user = make_user("viewer")
    response = Client().get(ME, HTTP_AUTHORIZATION=basic(user.username, "wrong-password"))
    assert response.status_code == 401


def test_a_revoked_token_gets_401(make_user):
    user = make_user("viewer")
    token, raw = token_create(user=user)
    token_revoke(token=token)
    assert Client().get(ME, HTTP_AUTHORIZATION=f"ApiToken {raw}").status_code == 401


def test_a_deactivated_user_gets_401(make_user):
    user = make_user("viewer")
    user.is_active = False
    user.save()
    assert Client().get(ME, HTTP_AUTHORIZATION=basic(user.username)).status_code == 401


def test_wrong_credentials_are_not_rescued_by_a_session(client_for):
    client = client_for("viewer")
    response = client.get(ME, HTTP_AUTHORIZATION=basic(client.user.username, "wrong"))
    assert response.status_code == 401


def test_repeated_wrong_passwords_lock_the_user_out(make_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = make_user("viewer")
    for _ in range(3):
        Client().get(ME, HTTP_AUTHORIZATION=basic(user.username, "wrong"))
    response = Client().get(ME, HTTP_AUTHORIZATION=basic(user.username))
    assert response.status_code in (403, 429)


def test_a_session_write_without_a_csrf_token_is_refused(make_user):
    user = make_user("clerk", scope=["451024"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/dataValues?de=job_fairs&pe=201907&ou=451024&value=3")
    assert response.status_code == 403
    assert response.json()["httpStatus"] == "Forbidden"


def test_a_basic_write_needs_no_csrf_token(make_user):
    user = make_user("clerk", scope=["451024"])
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=basic(user.username))
    response = client.post("/api/dataValues?de=job_fairs&pe=201907&ou=451024&value=3")
    assert response.status_code == 201


def test_an_unknown_method_gets_405(api):
    assert api("viewer").put(ME).status_code == 405
