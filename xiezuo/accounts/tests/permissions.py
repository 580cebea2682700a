"""Permission-matrix entries for accounts: tokens and passwords."""

from __future__ import annotations

from typing import Any

from xiezuo.accounts.models import ApiToken, Role
from xiezuo.accounts.services import token_create

from .matrix import INSIDE, Endpoint, json_request


def _token(user: Any, where: str, client: Any) -> ApiToken:
    owner = user if where == INSIDE else client.make_other()
    token, _ = token_create(user=owner)
    return token


PASSWORD = {
    "old_password": "test-pass-123",
    "new_password1": "Xz-new-pass-9a8b",
    "new_password2": "Xz-new-pass-9a8b",
}

ENDPOINTS = [
    Endpoint("api token create", Role.VIEWER, scoped=False,
             call=lambda c, u, w: json_request(c, "post", "/api/v1/tokens", {"name": "x"})),
    # inside: one's own token; outside: another user's
    Endpoint("api token revoke", Role.VIEWER,
             call=lambda c, u, w: json_request(c, "post", f"/api/v1/tokens/{_token(u, w, c).pk}/revoke")),
    Endpoint("page token create", Role.VIEWER, scoped=False, renders_result="new-token",
             call=lambda c, u, w: c.post("/accounts/tokens/", {"name": "x"})),
    Endpoint("page token revoke", Role.VIEWER,
             call=lambda c, u, w: c.post(f"/accounts/tokens/{_token(u, w, c).pk}/revoke/")),
    Endpoint("page password change", Role.VIEWER, scoped=False,
             call=lambda c, u, w: c.post("/accounts/password/", PASSWORD)),
]  # fmt: skip

READ_ONLY_PAGES = {"password_change_done"}
NOT_DOMAIN_WRITES = {"login", "logout", "set_language"}
WRITE_PAGES = {
    # token_list also creates a token on POST ("page token create")
    "token_list": "page token create",
    "token_revoke": "page token revoke",
    "password_change": "page password change",
}
API_WRITES = {
    ("POST", "/tokens"): "api token create",
    ("POST", "/tokens/{token_id}/revoke"): "api token revoke",
}
