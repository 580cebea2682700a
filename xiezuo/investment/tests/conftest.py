"""Fixtures of the investment tests: who records, and a project to record on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from xiezuo.investment.models import InvestmentProject

from .factories import project


@pytest.fixture
def recorder(make_user: Callable[..., Any]) -> Any:
    """A coordinator of the whole programme, who may record anywhere."""
    return make_user("coordinator", scope=["44", "45"])


@pytest.fixture
def signed(recorder: Any) -> InvestmentProject:
    """A Shenzhen enterprise's agricultural project of 1.2亿元 signed in Debao, 2019-03-01."""
    return project(recorder)
