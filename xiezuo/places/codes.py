"""Division codes: 2, 4, 6, 9 and 12 digits; each code is a prefix of its children's codes.

Rollups select a subtree by a range of codes (`code >= lo AND code < hi`), which
both SQLite and PostgreSQL answer from the plain unique index on `code`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CODE_LENGTHS = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTHS.items()}


class NotACode(ValidationError, ValueError):
    """A text that is not a division code, where one was needed (a `place=` a user typed):
    a ValidationError, so that the API answers it as a refused field (422) and a page as
    a message, and a ValueError, as it was."""


def level_of(code: str) -> int:
    """The level (1 province … 5 village) of a division code."""
    if not is_code(code):
        raise NotACode(
            _("“%(code)s” is not a division code (2, 4, 6, 9 or 12 digits).") % {"code": code[:40]}
        )
    return LEVEL_BY_LENGTH[len(code)]


def is_code(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) in LEVEL_BY_LENGTH


def parent_code(code: str) -> str | None:
    level = level_of(code)
    if level == 1:
        return None
    return code[: CODE_LENGTHS[level - 1]]


def ancestor_codes(code: str) -> list[str]:
    """The codes of a place's ancestors, province first, itself excluded."""
    level = level_of(code)
    return [code[: CODE_LENGTHS[lv]] for lv in range(1, level)]


def subtree_range(code: str) -> tuple[str, str]:
    """(lo, hi) such that a code lies in `code`'s subtree iff lo <= c < hi.

    The upper bound is the next code of the same length: '45' -> ('45', '46'),
    '4509' -> ('4509', '4510'). Digit strings compare the same way under every
    collation, so the range is safe on PostgreSQL with a non-C locale too.
    """
    level_of(code)
    if set(code) == {"9"}:
        raise ValueError(f"no upper bound for {code!r}")
    return code, str(int(code) + 1).zfill(len(code))
