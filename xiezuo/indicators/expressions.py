"""Disaggregation keys and the small expression language of indicators and rules.

A disaggregation is a set of dimension=option pairs, written canonically
with the dimensions sorted: "poverty=poor;sex=female" ("" for none). An
expression is a '+'-separated list of terms, each a data element code,
optionally restricted to one or more options: `people_trained[poverty=poor]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TERM = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*(?:\[([^\]]*)\])?\s*$")


def parse_key(key: str) -> dict[str, str]:
    """'poverty=poor;sex=female' -> {'poverty': 'poor', 'sex': 'female'}."""
    pairs: dict[str, str] = {}
    if not key:
        return pairs
    for part in key.split(";"):
        dimension, sep, option = part.partition("=")
        if not sep or not dimension.strip() or not option.strip():
            raise ValueError(f"not a dimension=option pair: {part!r}")
        dimension, option = dimension.strip(), option.strip()
        if dimension in pairs:
            raise ValueError(f"dimension {dimension!r} given twice")
        pairs[dimension] = option
    return pairs


def format_key(pairs: dict[str, str]) -> str:
    return ";".join(f"{d}={pairs[d]}" for d in sorted(pairs))


def matches(key: str, wanted: dict[str, str]) -> bool:
    """Whether a value's disaggregation has every wanted pair."""
    if not wanted:
        return True
    pairs = parse_key(key)
    return all(pairs.get(d) == o for d, o in wanted.items())


@dataclass(frozen=True)
class Term:
    element: str
    options: tuple[tuple[str, str], ...] = ()

    @property
    def wanted(self) -> dict[str, str]:
        return dict(self.options)

    def __str__(self) -> str:
        if not self.options:
            return self.element
        return f"{self.element}[{format_key(self.wanted)}]"


def parse_expression(text: str) -> list[Term]:
    """'a + b[poverty=poor]' -> [Term('a'), Term('b', (('poverty','poor'),))]."""
    terms = []
    for part in text.split("+"):
        match = _TERM.match(part)
        if not match:
            raise ValueError(f"not a term: {part.strip()!r}")
        options = tuple(sorted(parse_key(match.group(2) or "").items()))
        terms.append(Term(match.group(1), options))
    return terms


def is_constant(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
