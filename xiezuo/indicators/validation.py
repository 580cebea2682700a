"""Validation rules: `left operator right`, each side an expression over data elements.

A rule is evaluated for a place and a period: each side is the figure of
its expression over the place's subtree and the period, from the analytics
(so a value saved a moment ago counts). A side without any value counts as
zero, and a rule whose sides both have no value is skipped (nothing to
check), as DHIS2 does with its "skip if all values are missing".

`violations_for(place, period)` is what entry calls after a write (an
import calls `violations_of` for the places it wrote in a period);
`violations_below(place, period)` answers for a place and each of its
children at once (one analytics run per call, not one per place).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from xiezuo.language import pick
from xiezuo.numbers import plain
from xiezuo.periods import Period
from xiezuo.places.models import Place

from . import expressions
from .analytics import Query, analytics
from .models import DataElement, DataSet, ValidationRule

OPERATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    ">=": operator.ge,
    ">": operator.gt,
    "!=": operator.ne,
}


@dataclass(frozen=True)
class Violation:
    rule: ValidationRule
    place_code: str
    place_name: str
    period: Period
    left: Decimal
    right: Decimal

    @property
    def message(self) -> str:
        """The rule's message in the current language."""
        return pick(self.rule.message_zh, self.rule.message_en)

    @property
    def left_shown(self) -> str:
        return plain(self.left)

    @property
    def right_shown(self) -> str:
        return plain(self.right)

    @property
    def operator_sign(self) -> str:
        return str(ValidationRule.Operator(self.rule.operator).label)

    @property
    def elements(self) -> set[str]:
        """The codes of the data elements the rule speaks of."""
        return rule_elements(self.rule)


def rule_elements(rule: ValidationRule) -> set[str]:
    try:
        terms = expressions.parse_expression(rule.left) + expressions.parse_expression(rule.right)
    except ValueError:
        return set()
    return {term.element for term in terms}


def holds(op: str, left: Decimal | None, right: Decimal | None) -> bool | None:
    """Whether `left op right` holds; None when both sides have no value (skipped)."""
    if left is None and right is None:
        return None
    return OPERATORS[op](left or Decimal(0), right or Decimal(0))


def rules_for(data_set: DataSet | None = None) -> list[ValidationRule]:
    """The rules that can be evaluated (every element they name exists), optionally
    only those speaking of an element of a data set."""
    known = set(DataElement.objects.values_list("code", flat=True))
    wanted = None
    if data_set is not None:
        wanted = set(data_set.data_elements.values_list("code", flat=True))
    rules = []
    for rule in ValidationRule.objects.all():
        named = rule_elements(rule)
        if not named or not named <= known or rule.operator not in OPERATORS:
            continue  # a broken rule is the catalogue's problem, not the entry clerk's
        if wanted is not None and not named & wanted:
            continue
        rules.append(rule)
    return rules


def _evaluate(
    rules: Sequence[ValidationRule], query: Query, codes: Iterable[str | None]
) -> list[tuple[ValidationRule, str | None, Decimal, Decimal]]:
    """(rule, place key, left, right) of each broken rule, for each place key asked."""
    if not rules:
        return []
    sides = list(dict.fromkeys(side for rule in rules for side in (rule.left, rule.right)))
    result = analytics(replace(query, items=sides))
    found = []
    for code in codes:
        for rule in rules:
            left = result.get(rule.left, None, code)
            right = result.get(rule.right, None, code)
            if holds(rule.operator, left, right) is False:
                found.append((rule, code, left or Decimal(0), right or Decimal(0)))
    return found


def violations_for(
    place: Place,
    period: Period,
    *,
    data_set: DataSet | None = None,
    rules: Sequence[ValidationRule] | None = None,
) -> list[Violation]:
    """The rules broken by the figures of a place's subtree in a period."""
    rules = rules_for(data_set) if rules is None else rules
    return violations_of([place], period, rules=rules)


def violations_of(
    places: Sequence[Place], period: Period, *, rules: Sequence[ValidationRule]
) -> list[Violation]:
    """`violations_for` of several places (each its own subtree) in one analytics run,
    place after place."""
    query = Query(items=[], periods=[period], places=list(places), periods_as_filter=True)
    names = {place.code: place.name for place in places}
    found = []
    for rule, code, left, right in _evaluate(rules, query, list(names)):
        assert code is not None
        found.append(Violation(rule, code, names[code], period, left, right))
    return found


def violations_below(
    place: Place, period: Period, *, data_set: DataSet | None = None
) -> list[Violation]:
    """The rules broken by a place and by each of its children, the place first."""
    rules = rules_for(data_set)
    found = violations_for(place, period, rules=rules)
    if place.level >= 5:
        return found
    children = list(place.children.values_list("code", "name"))
    names = dict(children)
    query = Query(
        items=[], periods=[period], places=[place], level=place.level + 1, periods_as_filter=True
    )
    for rule, code, left, right in _evaluate(rules, query, [c for c, _ in children]):
        assert code is not None
        found.append(Violation(rule, code, names.get(code, code), period, left, right))
    return found
