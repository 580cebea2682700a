"""Fuzzing /api/v1/ with schemathesis: every operation of the OpenAPI schema that
django-ninja serves at /api/v1/openapi.json, with requests that fit the schema and
requests that do not, sent through WSGI to the real application on the test database
(the demo loaded), as each demo role with an API token of its own, and anonymously.

No answer may be a server error, and an answer the schema describes (a 2xx) must have
the content type and shape the schema gives it. The run is bounded and reproducible:
`XIEZUO_FUZZ_EXAMPLES` examples per operation (default 5), derandomized, no deadline.
Raise the count to look harder: `XIEZUO_FUZZ_EXAMPLES=200 .venv/bin/pytest tests/test_fuzz_api.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

EXAMPLES = int(os.environ.get("XIEZUO_FUZZ_EXAMPLES", "5"))
ROLES = ("admin", "coordinator", "approver", "clerk", "viewer", None)  # None: no token


def _schema() -> Any:
    """The schema as django-ninja serves it, bound to the WSGI application (Django is set
    up by pytest-django before this module is collected; nothing here reads the database)."""
    from xiezuo.api import api
    from xiezuo.wsgi import application

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = application
    return loaded


schema = _schema()


def _real_ids() -> dict[str, list[Any]]:
    """Ids of the demo's records, by the path they are named in, so that paths with an id
    reach a real record as well as a missing one."""
    from xiezuo.accounts.models import ApiToken
    from xiezuo.investment.models import IndustrialPark, InvestmentProject
    from xiezuo.labour.models import JobFair, Posting, TrainingClass, Worker
    from xiezuo.ledger.models import Account, Donation, Transfer
    from xiezuo.occupations.models import Occupation
    from xiezuo.pairings.models import Pairing
    from xiezuo.places.models import Organisation
    from xiezuo.plans.models import Document, Milestone, WorkItem
    from xiezuo.projects.models import Project

    def first(queryset: Any, field: str = "pk") -> list[Any]:
        return list(queryset.order_by("pk").values_list(field, flat=True)[:3])

    return {
        "/places/{code}": ["45", "4510", "451024", "440305"],
        "/organisations/{organisation_id}": first(Organisation.objects),
        "/pairings/{pairing_id}": first(Pairing.objects),
        "/plans/documents/{document_id}": first(Document.objects),
        "/plans/items/{item_id}": first(WorkItem.objects),
        "/plans/milestones/{milestone_id}": first(Milestone.objects),
        "/projects/{project_id}": first(Project.objects),
        "/ledger/accounts/{account_id}": first(Account.objects),
        "/ledger/transfers/{transfer_id}": first(Transfer.objects),
        "/ledger/donations/{uid}": first(Donation.objects, "uid"),
        "/investment/projects/{key}": first(InvestmentProject.objects),
        "/investment/parks/{key}": first(IndustrialPark.objects),
        "/occupations/{code}": first(Occupation.objects, "code"),
        "/labour/workers/{uid}": first(Worker.objects, "uid"),
        "/labour/postings/{uid}": first(Posting.objects, "uid"),
        "/labour/fairs/{uid}": first(JobFair.objects, "uid"),
        "/labour/training-classes/{uid}": first(TrainingClass.objects, "uid"),
        "/labour/school-leavers/{worker_uid}": first(Worker.objects, "uid"),
        "{worker_uid}": first(Worker.objects, "uid"),
        "/tokens/{token_id}": first(ApiToken.objects),
    }


def _with_real_ids(case: Any, ids: dict[str, list[Any]], pick: int) -> None:
    """Put real ids into the case's path parameters (where the path names a record)."""
    path = case.operation.path.removeprefix("/api/v1")
    for name in list(case.path_parameters or {}):
        for key, values in ids.items():
            named = key.endswith("{" + name + "}")
            if values and named and (path.startswith(key) or (key[0] == "{" and key in path)):
                case.path_parameters[name] = values[pick % len(values)]


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction; Django's test client keeps it open the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db: Any, _connection_kept: None) -> dict[str | None, str]:
    """An API token for each demo user (each made by the test, rolled back after it)."""
    from xiezuo.accounts.models import User
    from xiezuo.accounts.services import token_create

    made: dict[str | None, str] = {None: ""}
    for username in ROLES:
        if username is not None:
            made[username] = token_create(user=User.objects.get(username=username))[1]
    return made


@schema.parametrize()
@schema.given(role=st.sampled_from(ROLES), real=st.integers(min_value=-1, max_value=5))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_a_server_error(
    case: Any, role: str | None, real: int, tokens: dict[str | None, str]
) -> None:
    if real >= 0:
        _with_real_ids(case, _ids_cache(), real)
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
    response = case.call(headers=headers)
    case.validate_response(
        response,
        checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
    )


_IDS: dict[str, list[Any]] = {}


def _ids_cache() -> dict[str, list[Any]]:
    if not _IDS:
        _IDS.update(_real_ids())
    return _IDS
