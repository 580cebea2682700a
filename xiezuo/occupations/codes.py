"""Occupation codes of the national classification (CSCO 2022), as written: `6-25-04-01`.

A code has four segments — major group (大类, one digit), sub-major group
(中类), minor group (小类), unit group (细类, the occupation) — and a group's
code is its members' with the lower segments zeroed: 6-00-00-00 ⊃ 6-25-00-00 ⊃
6-25-04-00 ⊃ 6-25-04-01. Two irregularities of the classification are kept:

- some sub-major groups have no minor groups: their occupations sit directly
  below them with minor segment 00 (1-01-00-01 is in 1-01-00-00);
- some minor groups have no unit groups below them and are themselves the
  occupation (2-01-01-00 哲学研究人员). By its shape such a code names a minor
  group (`level_of` says 3); the registry stores level 4 for it, from the file.

The `path` of a code is its digits without the zeroed segments (6-25-04-00 →
"62504"); a group's path is a prefix of each of its members' paths, so "in
this group" is a prefix test. Paths are digit strings, the same under every
collation.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"^\d-\d\d-\d\d-\d\d$")
_ZERO = ("0", "00", "00", "00")

# what fit() answers: the deepest level two occupations share
SAME_UNIT, SAME_MINOR, SAME_SUB_MAJOR, SAME_MAJOR, UNRELATED = 4, 3, 2, 1, 0


def is_code(value: str) -> bool:
    return bool(_CODE.match(value)) and value[0] != "0"


def _segments(code: str) -> list[str]:
    if not is_code(code):
        raise ValueError(f"not an occupation code: {code!r}")
    return code.split("-")


def _named(segments: list[str]) -> list[int]:
    """The indexes of the segments that name a group (not zeroed)."""
    return [i for i, s in enumerate(segments) if i == 0 or s != _ZERO[i]]


def level_of(code: str) -> int:
    """The level (1 major … 4 unit group) a code names by its shape: its last named segment."""
    return _named(_segments(code))[-1] + 1


def parent_code(code: str) -> str | None:
    """The code of the group a code belongs to (its last named segment zeroed); None for a
    major group. 6-25-04-01 → 6-25-04-00; 1-01-00-01 → 1-01-00-00; 6-00-00-00 → None."""
    segments = _segments(code)
    last = _named(segments)[-1]
    if last == 0:
        return None
    segments[last] = _ZERO[last]
    return "-".join(segments)


def ancestor_codes(code: str) -> list[str]:
    """The codes of the groups above a code, major group first, itself excluded."""
    found: list[str] = []
    parent = parent_code(code)
    while parent is not None:
        found.append(parent)
        parent = parent_code(parent)
    return found[::-1]


def path_of(code: str) -> str:
    """The code's digits without its zeroed segments: 6-25-04-01 → "6250401", 6-25-00-00 → "625"."""
    segments = _segments(code)
    return "".join(segments[: _named(segments)[-1] + 1])


def fit(a: str, b: str) -> int:
    """How close two occupations are: the deepest level of the classification they share.

    4 the same occupation, 3 the same minor group, 2 the same sub-major group,
    1 the same major group, 0 none. A zeroed segment is no group, so two
    occupations directly below one sub-major group (1-01-00-01, 1-01-00-02)
    share level 2, not 3. Meant for occupations (unit groups); a group's own
    code compares by its named segments.
    """
    if _segments(a) == _segments(b):
        return SAME_UNIT
    shared = 0
    for i, (x, y) in enumerate(zip(a.split("-"), b.split("-"), strict=True)):
        if x != y or x == _ZERO[i]:
            break
        shared += 1
    return shared
