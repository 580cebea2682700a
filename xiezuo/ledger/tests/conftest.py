"""Fixtures of the ledger tests: a small ledger and the people who record in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from xiezuo.ledger.models import Account

from .factories import small_ledger


@pytest.fixture
def accounts(db: Any) -> dict[str, Account]:
    return small_ledger()


@pytest.fixture
def recorder(make_user: Callable[..., Any]) -> Any:
    """A coordinator of the whole programme, who may record on any account."""
    return make_user("coordinator", scope=["44", "45"])
