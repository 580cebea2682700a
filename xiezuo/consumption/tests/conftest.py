"""Fixtures of the consumption tests: who records, who decides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def clerk(make_user: Callable[..., Any]) -> Any:
    """A clerk of Baise (4510), a helped city."""
    return make_user("clerk", scope=["4510"])


@pytest.fixture
def approver(make_user: Callable[..., Any]) -> Any:
    """An approver of Debao county (451024)."""
    return make_user("approver", scope=["451024"])
