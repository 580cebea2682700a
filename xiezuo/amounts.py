"""Amounts of money as people type them: exact yuan to the fen, never a float.

The one reader of an amount for every registry (the fund ledger, project
budgets, donations) and every way in (pages, the API, Excel). Shown with
`numbers.money` (to the fen) or `numbers.format_cn` (万/亿).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiezuo.numbers import is_number

# under 10万亿 yuan: 15 significant digits, which every database keeps to the fen (SQLite
# stores a decimal as a double, exact only to 15 digits)
MAX_WHOLE_DIGITS = 13


def amount_clean(value: Any, *, field: str = "amount") -> Decimal:
    """An amount in yuan, exact: above zero, at most two decimals (fen); thousands
    separators (10,000) allowed; a float refused rather than rounded. ValidationError
    keyed by `field`."""
    if isinstance(value, bool | float):
        raise ValidationError({field: _("Give the amount as a decimal number, e.g. 1250.50.")})
    text = str(value if value is not None else "").replace(",", "").strip()
    try:
        if not is_number(text):  # ASCII digits only
            raise InvalidOperation
        amount = Decimal(text)
        if not amount.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationError(
            {field: _("“%(value)s” is not an amount in yuan.") % {"value": text}}
        ) from None
    if amount <= 0:
        raise ValidationError({field: _("The amount must be above zero.")})
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationError(
            {field: _("“%(value)s”: an amount in yuan has at most two decimals.") % {"value": text}}
        )
    if amount.adjusted() >= MAX_WHOLE_DIGITS:
        raise ValidationError({field: _("The amount is too large.")})
    return amount.quantize(Decimal("0.01"))
