"""Fixtures of the indicator tests: the people who enter and approve Debao's reports, as
users and signed in; the records themselves are made by `factories`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from xiezuo.indicators.models import ValidationRule


@pytest.fixture
def clerk(make_user: Callable[..., Any]) -> Any:
    """A clerk of Debao (scope 451024), who enters its figures and completes its reports."""
    return make_user("clerk", scope=["451024"])


@pytest.fixture
def approver(make_user: Callable[..., Any]) -> Any:
    """An approver of Baise (scope 4510), the level above Debao: approves or returns its reports."""
    return make_user("approver", scope=["4510"])


@pytest.fixture
def debao_clerk(client_for: Callable[..., Client], clerk: Any) -> Client:
    """The clerk of Debao, signed in."""
    return client_for(clerk)


@pytest.fixture
def baise_approver(client_for: Callable[..., Client], approver: Any) -> Client:
    """The approver of Baise, signed in."""
    return client_for(approver)


@pytest.fixture
def fairs_within_classes() -> ValidationRule:
    """The only validation rule: job fairs cannot outnumber training classes."""
    ValidationRule.objects.all().delete()
    return ValidationRule.objects.create(
        code="fairs_within_classes",
        name_zh="招聘会不多于培训班",
        name_en="Fairs within classes",
        left="job_fairs",
        operator="<=",
        right="training_classes",
        message_zh="招聘会场次不能多于培训班期数",
        message_en="Job fairs cannot outnumber training classes",
    )


@pytest.fixture(autouse=True)
def _labour_figures_typed(labour_figures_typed: None) -> None:
    """These tests type the labour figures that the labour registries own (see the root
    conftest's `labour_figures_typed`)."""
