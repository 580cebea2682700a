import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_user_signs_in_and_out(make_user):
    make_user("viewer", username="li")
    client = Client()
    response = sign_in(client, "li", "test-pass-123")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_in_chinese_above_the_form(make_user, errors_above):
    make_user("viewer", username="li")
    response = sign_in(Client(), "li", "wrong")
    assert response.status_code == 422
    [message] = errors_above(response)
    assert "请输入一个正确的" in message


def test_a_missing_user_name_is_refused_beside_it(errors_beside):
    response = sign_in(Client(), "", "wrong")
    assert response.status_code == 422
    assert errors_beside(response, "id_username") == ["此字段为必填项。"]


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(make_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_user("viewer", username="li")
    client = Client()
    for _ in range(3):
        sign_in(client, "li", "wrong")
    response = sign_in(client, "li", "test-pass-123")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert client.get("/").status_code == 302  # not signed in


def change_password(client, old, new, again=None):
    body = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post("/accounts/password/", body)


def test_a_password_is_changed(client_for):
    client = client_for("clerk")
    response = change_password(client, "test-pass-123", "Xz-new-pass-9a8b")
    assert response.status_code == 302
    client.user.refresh_from_db()
    assert client.user.check_password("Xz-new-pass-9a8b")


def test_a_wrong_old_password_is_refused_beside_it(client_for, errors_beside):
    client = client_for("clerk")
    response = change_password(client, "not-the-password", "Xz-new-pass-9a8b")
    assert response.status_code == 422
    assert errors_beside(response, "id_old_password") == ["你的旧密码不正确。请重新输入。"]
    client.user.refresh_from_db()
    assert client.user.check_password("test-pass-123")


def test_a_new_password_typed_differently_twice_is_refused_beside_the_second(
    client_for, errors_beside
):
    client = client_for("clerk")
    response = change_password(client, "test-pass-123", "Xz-new-pass-9a8b", "Xz-new-pass-0000")
    assert response.status_code == 422
    assert errors_beside(response, "id_new_password2") == ["输入的两个密码不一致。"]
    client.user.refresh_from_db()
    assert client.user.check_password("test-pass-123")


def test_sessions_and_csrf_cookies_are_http_only_and_same_site(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY


def test_a_post_without_csrf_token_is_refused(make_user):
    user = make_user("coordinator", scope=["45"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/pairings/new/", {})
    assert response.status_code == 403
    assert "CSRF验证失败" in response.content.decode()
