"""Fixtures of the work-plan tests; the records themselves are made by `factories`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from xiezuo.plans.models import Document, WorkItem

from .factories import DEBAO, memorandum, org


@pytest.fixture
def coordinator(make_user: Callable[..., Any]) -> Any:
    return make_user("coordinator")


@pytest.fixture
def plan(coordinator: Any) -> tuple[Document, dict[int, WorkItem]]:
    """The board's memorandum (`factories.memorandum`), its progress recorded by a coordinator."""
    return memorandum(coordinator)


@pytest.fixture
def debao_clerk(client_for: Callable[..., Client], make_user: Callable[..., Any]) -> Client:
    """A signed-in clerk of Debao's poverty office (scope 451024)."""
    return client_for(make_user("clerk", scope=["451024"], organisation=org(DEBAO)))


@pytest.fixture(autouse=True)
def _labour_figures_typed(labour_figures_typed: None) -> None:
    """These tests type the labour figures that the labour registries own (see the root
    conftest's `labour_figures_typed`)."""
