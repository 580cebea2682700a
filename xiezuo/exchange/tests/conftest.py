"""Fixtures of the exchange tests: who records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def recorder(make_user: Callable[..., Any]) -> Any:
    """A coordinator of the whole programme, who may record anywhere."""
    return make_user("coordinator", scope=["44", "45"])
