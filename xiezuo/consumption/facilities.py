"""Facilities of consumption assistance (seed-era infrastructure as records): rent-free
wholesale-market stalls, showrooms, supply bases with their area, supply cooperatives and
sales fairs, each counted for the helped place it serves (`sources.FacilitySource`).

Their writes and reads; each write refreshes the facility figures in its transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.indicators import sources as indicator_sources
from xiezuo.numbers import is_number
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import home_place_code

from .models import Facility, FacilityKind, Supplier


def area_clean(value: Any, *, required: bool, field: str = "area_mu") -> Decimal | None:
    """An area in mu: above zero, at most two decimals (required for a supply base)."""
    text = "" if value is None else str(value).replace(",", "").strip()
    if not text:
        if required:
            raise ValidationError({field: _("Give the supply base's area in mu.")})
        return None
    try:
        if isinstance(value, bool | float) or not is_number(text):
            raise InvalidOperation
        area = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            {field: _("“%(value)s” is not an area in mu.") % {"value": text}}
        ) from None
    if area <= 0:
        raise ValidationError({field: _("The area must be above zero.")})
    if area != area.quantize(Decimal("0.01")) or area.adjusted() >= 10:
        raise ValidationError({field: _("The area has at most two decimals and ten digits.")})
    return area


@transaction.atomic
def facility_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    serves: Place,
    opened_on: date | None,
    located_in: Place | None = None,
    operator: Organisation | None = None,
    supplier: Supplier | None = None,
    area_mu: Any = None,
    rent_free: bool = False,
    closed_on: date | None = None,
    note: str = "",
    illustrative: bool = False,
) -> Facility:
    """A facility serving a helped place, open (or held, for a fair) on a day."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if kind not in FacilityKind.values:
        errors["kind"] = _("Choose what kind of facility it is.")
    if not name:
        errors["name"] = _("Give the facility a name.")
    if not serves.code.startswith(home_place_code()):
        errors["serves"] = _("%(place)s is not a helped place.") % {"place": serves.name}
    today = timezone.localdate()
    if opened_on is None:
        errors["opened_on"] = _("This field is required.")
    elif opened_on > today:
        errors["opened_on"] = _("The date is in the future.")
    if closed_on is not None:
        if closed_on > today:
            errors["closed_on"] = _("The date is in the future.")
        elif opened_on is not None and closed_on < opened_on:
            errors["closed_on"] = _("A facility cannot close before it opened.")
    try:
        area = area_clean(area_mu, required=kind == FacilityKind.SUPPLY_BASE)
    except ValidationError as exc:
        errors["area_mu"] = exc.message_dict["area_mu"][0]
        area = None
    if errors or opened_on is None:
        raise ValidationError(errors)
    facility = Facility.objects.create(
        kind=kind, name=name, serves=serves, located_in=located_in, operator=operator,
        supplier=supplier, area_mu=area, rent_free=rent_free, opened_on=opened_on,
        closed_on=closed_on, note=note.strip(), illustrative=illustrative, created_by=actor,
    )  # fmt: skip
    indicator_sources.sync("consumption_facilities", places={serves.code})
    return facility


def facility_list(*, kind: str = "", place: Place | None = None) -> QuerySet[Facility]:
    facilities = Facility.objects.select_related("serves", "located_in", "operator", "supplier")
    if kind:
        facilities = facilities.filter(kind=kind)
    if place is not None:
        facilities = facilities.filter(serves__code__startswith=place.code)
    return facilities


def facility_get(uid: str) -> Facility | None:
    return facility_list().filter(uid=uid).first()
