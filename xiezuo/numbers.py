"""Figures as Chinese readers expect them: 万 (10⁴) and 亿 (10⁸)."""

from __future__ import annotations

from decimal import Decimal


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
