"""Fixtures of the tourism tests: who records, and a spot to record on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from xiezuo.tourism.models import ScenicSpot

from .factories import spot


@pytest.fixture
def recorder(make_user: Callable[..., Any]) -> Any:
    """A coordinator of the whole programme, who may record anywhere."""
    return make_user("coordinator", scope=["44", "45"])


@pytest.fixture
def scenic(recorder: Any) -> ScenicSpot:
    """A 4A natural scenic spot in Nanning's Xingning district, no discount yet."""
    return spot(recorder)
