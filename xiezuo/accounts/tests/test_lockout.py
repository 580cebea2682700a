"""The sign-in lock-out behind a reverse proxy: per user name and address, plus per address."""

import pytest
from django.test import Client

from xiezuo.accounts.lockout import trusted_networks

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def sign_in(username, password, forwarded=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    client = Client(**headers)
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.fixture
def behind_proxy(settings):
    settings.XIEZUO_TRUSTED_PROXIES = trusted_networks(PROXY)
    settings.AXES_FAILURE_LIMIT = 5


def test_failures_from_one_forwarded_address_do_not_lock_admin_out_elsewhere(
    make_user, behind_proxy
):
    from xiezuo.accounts.models import User

    admin = User.objects.filter(username="admin").first() or make_user(
        "administrator", username="admin"
    )
    admin.set_password("test-pass-123")
    admin.save()
    statuses = [sign_in("admin", "wrong", forwarded="203.0.113.5").status_code for _ in range(8)]
    assert statuses == [422] * 4 + [429] * 4
    # the stranger is locked out, even with the right password...
    assert sign_in("admin", "test-pass-123", forwarded="203.0.113.5").status_code == 429
    # ...but the administrator, from another address behind the same proxy, is not
    response = sign_in("admin", "test-pass-123", forwarded="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_address_is_read_right_to_left_skipping_the_trusted_proxies(make_user, settings):
    settings.XIEZUO_TRUSTED_PROXIES = trusted_networks("10.0.0.0/24, 192.0.2.9")
    settings.AXES_FAILURE_LIMIT = 3
    make_user("viewer", username="li")
    # a client writing its own X-Forwarded-For: the proxy appends the real address
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        sign_in("li", "wrong", forwarded=f"{forged}, 203.0.113.5, 192.0.2.9")
    assert sign_in("li", "test-pass-123", forwarded="9.9.9.9, 203.0.113.5").status_code == 429
    assert sign_in("li", "test-pass-123", forwarded="198.51.100.7").status_code == 302


def test_a_forwarded_address_from_an_untrusted_connection_is_ignored(make_user, settings):
    settings.XIEZUO_TRUSTED_PROXIES = []
    settings.AXES_FAILURE_LIMIT = 3
    make_user("viewer", username="li")
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        sign_in("li", "wrong", forwarded=forged, remote="203.0.113.5")
    response = sign_in("li", "test-pass-123", forwarded="4.4.4.4", remote="203.0.113.5")
    assert response.status_code == 429


def test_many_user_names_from_one_address_are_limited(make_user, behind_proxy, settings):
    settings.XIEZUO_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    make_user("viewer", username="li")
    statuses = [
        sign_in(f"guess{n}", "wrong", forwarded="203.0.113.5").status_code for n in range(12)
    ]
    assert statuses == [422] * 11 + [429]  # the twelfth failure locks the address out
    response = sign_in("li", "test-pass-123", forwarded="203.0.113.5")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # another address is not affected
    assert sign_in("li", "test-pass-123", forwarded="198.51.100.7").status_code == 302
