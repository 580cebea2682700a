"""The people of the cycle: Debao's clerk, Baise's approver and coordinator (the level
above), Nanshan's clerk (the partner: Nanshan helps Debao) and a coordinator who opens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from xiezuo.reports.assessment.models import Method

from .factories import method


@pytest.fixture
def people(make_user: Callable[..., Any]) -> dict[str, Any]:
    return {
        "opener": make_user("coordinator", scope=["45"], username="opener"),
        "clerk": make_user("clerk", scope=["451024"], username="debao-clerk"),
        "partner": make_user("clerk", scope=["440305"], username="nanshan-clerk"),
        "approver": make_user("approver", scope=["4510"], username="baise-approver"),
        "coordinator": make_user("coordinator", scope=["4510"], username="baise-coordinator"),
    }


@pytest.fixture
def test_method(db: Any) -> Method:
    return method()
