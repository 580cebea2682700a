"""Targets tied to the catalogue: a figure (data element or indicator), optionally some of
its options, a period and a value above zero, checked the same way for every register
that sets targets (the work plan's items, projects)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiezuo import periods

from .expressions import format_key, parse_key
from .models import DataElement, Indicator


def element_options(element: DataElement) -> set[tuple[str, str]]:
    """The (dimension, option) pairs a data element may be restricted to."""
    return {
        (d.code, o.code)
        for d in element.dimensions.prefetch_related("options")
        for o in d.options.all()
    }


def target_clean(
    *,
    figure: DataElement | Indicator,
    period: str,
    value: Decimal | int | str,
    options: str = "",
    known: set[tuple[str, str]] | None = None,
) -> tuple[str, str, Decimal]:
    """A target's options key, period id and value, checked against the catalogue.

    ValidationError keyed by field (options, period, value). `known`: the
    element's options, when the caller has them already. A value may be
    written with thousands separators (10,000)."""
    errors: dict[str, list[str]] = {}
    period_id = ""
    try:
        period_id = periods.parse(str(period)).id
    except ValueError:
        errors["period"] = [
            _("“%(value)s” is not a period (e.g. 2018, 2018S1).") % {"value": period}
        ]
    amount = Decimal(0)
    try:
        amount = Decimal(str(value).replace(",", "").strip())
        if not amount.is_finite() or amount <= 0:
            raise InvalidOperation
    except InvalidOperation:
        errors["value"] = [
            _("“%(value)s”: the target must be a number above zero.") % {"value": value}
        ]
    key = ""
    if options:
        try:
            pairs = parse_key(options)
        except ValueError:
            pairs = {}
            errors["options"] = [_("Write options as dimension=option;…")]
        if pairs and isinstance(figure, Indicator):
            errors["options"] = [_("Options apply to data elements only.")]
        elif pairs and isinstance(figure, DataElement):
            known = element_options(figure) if known is None else known
            unknown = [f"{d}={o}" for d, o in pairs.items() if (d, o) not in known]
            if unknown:
                errors["options"] = [
                    _("%(element)s has no option %(options)s.")
                    % {"element": figure.code, "options": ", ".join(unknown)}
                ]
        key = format_key(pairs)
    if errors:
        raise ValidationError(errors)
    return key, period_id, amount
