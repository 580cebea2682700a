"""The permission matrix: every write endpoint, as every role, inside and outside its scope.

The endpoints are listed per app in `xiezuo/<app>/tests/permissions.py`
(see `matrix.py`). The last tests check that every URL of the project is
listed, as a read-only page or as a write endpoint.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .matrix import INSIDE, OUTSIDE, ROLES, SCOPE, collect
from .permissions import NOT_DOMAIN_WRITES

# the matrix types figures (job fairs, people trained) that the labour registries own
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("labour_figures_typed")]

CATALOGUE = collect()
CASES = [
    (endpoint, role, where)
    for endpoint in CATALOGUE.endpoints
    for role in ROLES
    for where in ((INSIDE, OUTSIDE) if endpoint.scoped else (INSIDE,))
]


@pytest.mark.parametrize(
    ("endpoint", "role", "where"), CASES, ids=[f"{e.name}-{r}-{w}" for e, r, w in CASES]
)
def test_permission_matrix(client_for, make_user, endpoint, role, where):
    client = client_for(role, scope=SCOPE)
    client.make_other = lambda: make_user("viewer", scope=SCOPE)
    response = endpoint.call(client, client.user, where)
    shown = (response.status_code, response.content[:400])
    if not endpoint.expected(role, where):
        assert response.status_code == 403, shown
    elif endpoint.renders_result:  # a page that shows what it made
        assert response.status_code == 200, shown
        assert f'id="{endpoint.renders_result}"' in response.content.decode()
    elif endpoint.name.startswith("page"):  # a form accepted: on to the next page
        assert response.status_code == 302, shown
    else:  # an API write: created, done or deleted
        assert response.status_code in (200, 201, 204), shown


def _url_names(resolver: URLResolver) -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in ("api", "admin"):
                continue  # /api/v1/ is checked below; the admin is the administrator's
            names |= _url_names(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_url_is_either_read_only_or_in_the_matrix():
    names = _url_names(get_resolver())
    listed = (
        CATALOGUE.read_only_pages
        | NOT_DOMAIN_WRITES
        | set(CATALOGUE.write_pages)
        | set(CATALOGUE.other_writes)
    )
    assert not names - listed, f"list these URLs in a tests/permissions.py: {names - listed}"
    endpoint_names = {e.name for e in CATALOGUE.endpoints}
    for mapping in (CATALOGUE.write_pages, CATALOGUE.other_writes, CATALOGUE.api_writes):
        assert set(mapping.values()) <= endpoint_names


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
    missing = writes - set(CATALOGUE.api_writes)
    assert not missing, f"add these API writes to a tests/permissions.py: {missing}"
