"""The permission matrix: every write endpoint, as every role, inside and outside its scope.

Each test user's scope is Baise (4510). "Inside" targets hang on Debao
(451024, in Baise); "outside" targets on Du'an (451228, in Hechi). A write
is allowed when the role reaches the action's minimum and the target is in
scope — or the user is an administrator. The last tests check that the
matrix names every write endpoint the project has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from xiezuo.accounts.models import ROLE_RANK, ApiToken, Role
from xiezuo.accounts.services import token_create
from xiezuo.pairings.models import Pairing
from xiezuo.pairings.services import pairing_create
from xiezuo.places.models import Organisation, Place

pytestmark = pytest.mark.django_db

ROLES = [r.value for r in Role]
SCOPE = ["4510"]
INSIDE, OUTSIDE = "inside", "outside"
TARGET_PLACE = {INSIDE: "451024", OUTSIDE: "451228"}
TARGET_TOWNSHIP = {INSIDE: "451024105", OUTSIDE: "451228105"}  # not paired in the demo
HELPER_TOWNSHIP = {INSIDE: "440305001", OUTSIDE: "440306017"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str  # "post", "patch", "delete"
    minimum: Role
    scoped: bool = True  # has an inside/outside dimension
    renders_result: str = ""  # on success the page answers 200 showing this element id

    def call(self, client: Any, user: Any, where: str) -> Any:
        return ACTIONS[self.name](client, user, where)


def _org(where: str, suffix: str = "") -> Organisation:
    return Organisation.objects.create(
        name=f"矩阵测试单位{suffix}{where}",
        kind="government",
        place=Place.objects.get(code=TARGET_PLACE[where]),
        side="helped",
    )


def _pairing(where: str) -> Pairing:
    return pairing_create(
        kind="township",
        helper=Place.objects.get(code=HELPER_TOWNSHIP[where]),
        helped=Place.objects.get(code=TARGET_TOWNSHIP[where]),
        started_on=date(2018, 1, 1),
    )


def _token(user: Any, where: str, make_other: Any) -> ApiToken:
    owner = user if where == INSIDE else make_other()
    token, _ = token_create(user=owner)
    return token


def _json(client: Any, method: str, path: str, body: dict | None = None) -> Any:
    return getattr(client, method)(path, body or {}, content_type="application/json")


PAIRING_BODY = {"kind": "township", "started_on": "2018-01-01"}

ACTIONS: dict[str, Any] = {
    # --- API
    "api organisation create": lambda c, u, w: _json(
        c,
        "post",
        "/api/v1/organisations",
        {"name": "新单位", "kind": "enterprise", "place": TARGET_PLACE[w], "side": "helped"},
    ),
    "api organisation update": lambda c, u, w: _json(
        c, "patch", f"/api/v1/organisations/{_org(w).pk}", {"note": "改"}
    ),
    "api organisation delete": lambda c, u, w: c.delete(f"/api/v1/organisations/{_org(w).pk}"),
    "api pairing create": lambda c, u, w: _json(
        c,
        "post",
        "/api/v1/pairings",
        {**PAIRING_BODY, "helper_place": HELPER_TOWNSHIP[w], "helped_place": TARGET_TOWNSHIP[w]},
    ),
    "api pairing update": lambda c, u, w: _json(
        c, "patch", f"/api/v1/pairings/{_pairing(w).pk}", {"note": "改"}
    ),
    "api pairing end": lambda c, u, w: _json(
        c, "post", f"/api/v1/pairings/{_pairing(w).pk}/end", {"ended_on": "2020-01-01"}
    ),
    "api token create": lambda c, u, w: _json(c, "post", "/api/v1/tokens", {"name": "x"}),
    "api token revoke": lambda c, u, w: _json(
        c, "post", f"/api/v1/tokens/{_token(u, w, c.make_other).pk}/revoke"
    ),
    # --- pages
    "page organisation create": lambda c, u, w: c.post(
        "/organisations/new/",
        {"name": "新单位", "kind": "enterprise", "place": TARGET_PLACE[w], "side": "helped"},
    ),
    "page organisation edit": lambda c, u, w: c.post(
        f"/organisations/{_org(w).pk}/edit/",
        {"name": "改名单位", "kind": "school", "place": TARGET_PLACE[w], "side": "helped"},
    ),
    "page organisation delete": lambda c, u, w: c.post(f"/organisations/{_org(w).pk}/delete/"),
    "page pairing create": lambda c, u, w: c.post(
        "/pairings/new/",
        {**PAIRING_BODY, "helper_place": HELPER_TOWNSHIP[w], "helped_place": TARGET_TOWNSHIP[w]},
    ),
    "page pairing edit": lambda c, u, w: c.post(
        f"/pairings/{_pairing(w).pk}/edit/",
        {
            **PAIRING_BODY,
            "helper_place": HELPER_TOWNSHIP[w],
            "helped_place": TARGET_TOWNSHIP[w],
            "note": "改",
        },
    ),
    "page pairing end": lambda c, u, w: c.post(
        f"/pairings/{_pairing(w).pk}/end/", {"ended_on": "2020-01-01"}
    ),
    "page token create": lambda c, u, w: c.post("/accounts/tokens/", {"name": "x"}),
    "page token revoke": lambda c, u, w: c.post(
        f"/accounts/tokens/{_token(u, w, c.make_other).pk}/revoke/"
    ),
    "page password change": lambda c, u, w: c.post(
        "/accounts/password/",
        {
            "old_password": "test-pass-123",
            "new_password1": "Xz-new-pass-9a8b",
            "new_password2": "Xz-new-pass-9a8b",
        },
    ),
}

ENDPOINTS = [
    Endpoint("api organisation create", "post", Role.CLERK),
    Endpoint("api organisation update", "patch", Role.CLERK),
    Endpoint("api organisation delete", "delete", Role.COORDINATOR),
    Endpoint("api pairing create", "post", Role.COORDINATOR),
    Endpoint("api pairing update", "patch", Role.COORDINATOR),
    Endpoint("api pairing end", "post", Role.COORDINATOR),
    Endpoint("api token create", "post", Role.VIEWER, scoped=False),
    Endpoint("api token revoke", "post", Role.VIEWER),  # inside: own token; outside: another's
    Endpoint("page organisation create", "post", Role.CLERK),
    Endpoint("page organisation edit", "post", Role.CLERK),
    Endpoint("page organisation delete", "post", Role.COORDINATOR),
    Endpoint("page pairing create", "post", Role.COORDINATOR),
    Endpoint("page pairing edit", "post", Role.COORDINATOR),
    Endpoint("page pairing end", "post", Role.COORDINATOR),
    Endpoint("page token create", "post", Role.VIEWER, scoped=False, renders_result="new-token"),
    Endpoint("page token revoke", "post", Role.VIEWER),
    Endpoint("page password change", "post", Role.VIEWER, scoped=False),
]

CASES = [
    (endpoint, role, where)
    for endpoint in ENDPOINTS
    for role in ROLES
    for where in ((INSIDE, OUTSIDE) if endpoint.scoped else (INSIDE,))
]


def expected_allowed(endpoint: Endpoint, role: str, where: str) -> bool:
    if ROLE_RANK[Role(role)] < ROLE_RANK[endpoint.minimum]:
        return False
    return where == INSIDE or role == Role.ADMINISTRATOR


@pytest.mark.parametrize(
    ("endpoint", "role", "where"),
    CASES,
    ids=[f"{e.name}-{r}-{w}" for e, r, w in CASES],
)
def test_permission_matrix(client_for, make_user, endpoint, role, where):
    client = client_for(role, scope=SCOPE)
    client.make_other = lambda: make_user("viewer", scope=SCOPE)
    response = endpoint.call(client, client.user, where)
    allowed = expected_allowed(endpoint, role, where)
    if allowed:
        assert response.status_code in (200, 201, 204, 302), (
            response.status_code,
            response.content[:400],
        )
        if endpoint.renders_result:
            assert f'id="{endpoint.renders_result}"' in response.content.decode()
        elif endpoint.name.startswith("page") and response.status_code == 200:
            pytest.fail(f"the form was not accepted: {response.content[:400]!r}")
    else:
        assert response.status_code == 403, (response.status_code, response.content[:300])


# --- the matrix is complete -------------------------------------------------

# Pages that only read, and the writes that are not domain records.
READ_ONLY_PAGES = {
    "home",
    "healthz",
    "place_tree",
    "place_search",
    "place_detail",
    "place_children",
    "organisation_list",
    "organisation_detail",
    "pairing_list",
    "pairing_detail",
    "coverage",
    "coverage_export",
    "token_list",
    "password_change_done",
    "figures",
}
NOT_DOMAIN_WRITES = {"login", "logout", "set_language"}
WRITE_PAGES = {
    "organisation_create": "page organisation create",
    "organisation_edit": "page organisation edit",
    "organisation_delete": "page organisation delete",
    "pairing_create": "page pairing create",
    "pairing_edit": "page pairing edit",
    "pairing_end": "page pairing end",
    "token_revoke": "page token revoke",
    "password_change": "page password change",
}
API_WRITES = {
    ("POST", "/organisations"): "api organisation create",
    ("PATCH", "/organisations/{organisation_id}"): "api organisation update",
    ("DELETE", "/organisations/{organisation_id}"): "api organisation delete",
    ("POST", "/pairings"): "api pairing create",
    ("PATCH", "/pairings/{pairing_id}"): "api pairing update",
    ("POST", "/pairings/{pairing_id}/end"): "api pairing end",
    ("POST", "/tokens"): "api token create",
    ("POST", "/tokens/{token_id}/revoke"): "api token revoke",
}


def _page_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in ("api", "admin"):
                continue  # the API is checked below; the admin is the administrator's
            names |= _page_names(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_page_is_either_read_only_or_in_the_matrix():
    names = _page_names(get_resolver())
    unclassified = names - READ_ONLY_PAGES - NOT_DOMAIN_WRITES - set(WRITE_PAGES)
    assert not unclassified, f"classify these pages in the permission matrix: {unclassified}"
    assert set(WRITE_PAGES.values()) <= {e.name for e in ENDPOINTS}
    # token_list creates a token on POST, which "page token create" covers.
    assert "page token create" in {e.name for e in ENDPOINTS}


def test_every_api_write_is_in_the_matrix():
    from xiezuo.api import api

    writes = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    if method != "GET":
                        full = (prefix.rstrip("/") + "/" + path.lstrip("/")).rstrip("/")
                        writes.add((method, "/" + full.strip("/")))
    missing = {w for w in writes if w not in API_WRITES}
    assert not missing, f"add these API writes to the permission matrix: {missing}"
    assert set(API_WRITES.values()) <= {e.name for e in ENDPOINTS}
