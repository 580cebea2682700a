"""Figures as people read them: a stored decimal as it was typed, a share as a
percentage, and large figures in 万 (10⁴) and 亿 (10⁸) as Chinese readers expect.

These are the only ways a figure is turned into text, for pages, exports and APIs alike.
And the only ways a number is read from text: with ASCII digits only (Python's int()
and Decimal() also take full-width ２０ and Arabic-Indic ٢٠ digits, which no
exchange format means), and without thousands separators (DHIS2 refuses "1,5" rather
than guess it); `from_fullwidth` and `ungrouped` are for the entry grid alone, where a
Chinese input method types full-width digits and people write 12,500.
"""

from __future__ import annotations

import re
from decimal import Decimal

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WHOLE = re.compile(r"[+-]?[0-9]+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


def is_number(text: str) -> bool:
    """Whether `text` is a decimal number written with ASCII digits (1250, -3.5, 1e6)."""
    return _NUMBER.fullmatch(text) is not None


def whole_number(text: str) -> int:
    """A whole number written with ASCII digits; ValueError otherwise."""
    if not _WHOLE.fullmatch(text.strip()):
        raise ValueError(f"not a whole number: {text!r}")
    return int(text)


def ungrouped(text: str) -> str:
    """A number written with thousands separators (12,500 or 1,234,567.5) without them;
    any other text as it is ("1,5" stays, and is then no number). For the entry grid
    alone: the API and the imports take DHIS2's number format, without separators."""
    stripped = text.strip()
    return stripped.replace(",", "") if _GROUPED.fullmatch(stripped) else text


def from_fullwidth(text: str) -> str:
    """Full-width digits, point, comma and signs as their ASCII twins (１２．５ → 12.5)."""
    return text.translate(_FULLWIDTH)


def _trim(value: Decimal, places: int) -> str:
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_cn(value: float | int | Decimal | None, *, places: int = 2) -> str:
    """1234 -> '1234', 56700 -> '5.67万', 27650000000 -> '276.5亿'.

    Numbers under 10,000 are shown whole (or with up to `places` decimals);
    from 10,000 in 万, from 100,000,000 in 亿.
    """
    if value is None:
        return ""
    number = Decimal(str(value))
    sign = "-" if number < 0 else ""
    number = abs(number)
    if number >= Decimal(100_000_000):
        return f"{sign}{_trim(number / Decimal(100_000_000), places)}亿"
    if number >= Decimal(10_000):
        return f"{sign}{_trim(number / Decimal(10_000), places)}万"
    return f"{sign}{_trim(number, places)}"


def format_en(value: float | int | Decimal | None, *, places: int = 2) -> str:
    """format_cn's English twin: 1234 -> '1,234', 55900 -> '55,900', 49291200 ->
    '49.29 million', 27650000000 -> '27.65 billion'."""
    if value is None:
        return ""
    number = Decimal(str(value))
    sign = "-" if number < 0 else ""
    number = abs(number)
    if number >= Decimal(1_000_000_000):
        return f"{sign}{_trim(number / Decimal(1_000_000_000), places)} billion"
    if number >= Decimal(1_000_000):
        return f"{sign}{_trim(number / Decimal(1_000_000), places)} million"
    whole_part, _, fraction = _trim(number, places).partition(".")
    return f"{sign}{int(whole_part):,}" + (f".{fraction}" if fraction else "")


def plain(value: Decimal | int | None, text: str = "") -> str:
    """A stored figure as it is typed: no exponent, no trailing zeros.

    Decimal("10000.0000") -> "10000", Decimal("1E+4") -> "10000", 0.50 -> "0.5";
    None -> `text` (a text value, or "" for no value).
    """
    if value is None:
        return text
    if isinstance(value, int):
        return str(value)
    return f"{value.normalize():f}"


def money(value: Decimal) -> str:
    """An exact amount of money, to the fen, with thousands separated: "1,234,567.50"."""
    return f"{value:,.2f}"


def percent(share: float | Decimal | None, *, places: int = 1) -> str:
    """A share (0.456) as a percentage: "45.6%"; None -> ""."""
    if share is None:
        return ""
    return f"{Decimal(str(share)) * 100:.{places}f}%"


def whole(value: int) -> str:
    """A whole amount (a monthly wage in yuan) with thousands separated: "4,500"."""
    return f"{value:,}"
