"""The scoring rules of a criterion, the total of an assessment and the grade it earns.

Framework-free apart from reading the models' fields: each rule takes numbers and gives
points (a Decimal to two places), or None when it cannot be scored yet (no actual, no
target, not answered).

- `ratio`: actual ÷ target, capped at the criterion's cap, times the weight;
- `thresholds`: the share of the weight earned at the highest level reached, the levels
  read against the actual, or against actual ÷ target when there is a target;
- `yes_no`: the whole weight when done, nothing when not;
- `assessor`: the score the assessor gives, between 0 and the weight.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .models import Rule

CENT = Decimal("0.01")


def points(value: Decimal) -> Decimal:
    """Points as they are shown and added: two places, halves rounded up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def ratio_score(
    *, weight: Decimal, actual: Decimal | None, target: Decimal | None, cap: Decimal
) -> Decimal | None:
    if actual is None or target is None or target <= 0:
        return None
    share = min(max(actual / target, Decimal(0)), cap)
    return points(weight * share)


def threshold_score(
    *,
    weight: Decimal,
    actual: Decimal | None,
    target: Decimal | None,
    thresholds: Sequence[Sequence[Any]],
) -> Decimal | None:
    if actual is None:
        return None
    if target is not None:
        if target <= 0:
            return None
        measure = actual / target
    else:
        measure = actual
    levels = sorted(((Decimal(str(lv)), Decimal(str(sh))) for lv, sh in thresholds), reverse=True)
    for level, share in levels:
        if measure >= level:
            return points(weight * min(max(share, Decimal(0)), Decimal(1)))
    return points(Decimal(0))


def yes_no_score(*, weight: Decimal, done: bool | None) -> Decimal | None:
    if done is None:
        return None
    return points(weight if done else Decimal(0))


def assessor_score_check(*, weight: Decimal, given: Decimal) -> Decimal:
    """An entered score, refused outside 0 … weight (ValueError, the caller names the field)."""
    if given < 0 or given > weight:
        raise ValueError(given)
    return points(given)


def rule_score(criterion: Any, *, actual: Decimal | None, target: Decimal | None,
               done: bool | None) -> Decimal | None:  # fmt: skip
    """What the criterion's rule gives for these figures (None for an assessor's rule)."""
    weight = criterion.weight
    if criterion.rule == Rule.RATIO:
        return ratio_score(weight=weight, actual=actual, target=target, cap=criterion.cap)
    if criterion.rule == Rule.THRESHOLDS:
        return threshold_score(
            weight=weight, actual=actual, target=target, thresholds=criterion.thresholds
        )
    if criterion.rule == Rule.YES_NO:
        return yes_no_score(weight=weight, done=done)
    return None


def total(scores: Iterable[Decimal | None]) -> Decimal:
    """The sum of the scores given; an unscored criterion earns nothing."""
    return points(sum((s for s in scores if s is not None), Decimal(0)))


def grade_for(total_score: Decimal, grades: Iterable[Any]) -> Any | None:
    """The grade with the highest lowest score that the total reaches (None below all)."""
    reached = [g for g in grades if total_score >= g.min_score]
    return max(reached, key=lambda g: g.min_score, default=None)
