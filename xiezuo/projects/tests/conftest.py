"""Fixtures of the project library's tests; the records themselves are made by `factories`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from .factories import DEBAO, DEBAO_OFFICE, org


@pytest.fixture
def debao_clerk(client_for: Callable[..., Client], make_user: Callable[..., Any]) -> Client:
    """A signed-in clerk of Debao's poverty office (scope 451024)."""
    return client_for(make_user("clerk", scope=[DEBAO], organisation=org(DEBAO_OFFICE)))


@pytest.fixture
def coordinator_client(client_for: Callable[..., Client]) -> Client:
    return client_for("coordinator", scope=["45"])


@pytest.fixture(autouse=True)
def _empty_library(db: Any) -> None:
    """Each test starts from an empty project library (the demo's projects removed, within
    the test's transaction), so that lists and counts are the test's own."""
    from xiezuo.projects.models import Project

    Project.objects.filter(parent__isnull=False).delete()
    Project.objects.all().delete()
