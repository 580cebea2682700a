"""Writes of consumption assistance: suppliers, products and their certification.

A product's `status` moves only through the step services below, each writing an
append-only `CertificationStep` (who, on which day, why): apply → township check →
sector bureau review → public notice (with objections recorded and answered) →
certified for a validity period, or rejected with reasons; returned to the supplier for
changes; a certified product suspended, reinstated or withdrawn.

A step carries the day it was taken (offices record steps after the fact): never in the
future, never before the product's previous step. Every write is all-or-nothing and
refreshes the product figures of the product's place in its own transaction (the
indicator source `consumption_products`, once it is registered). Bad input is refused
with a ValidationError naming the field; then nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.amounts import amount_clean
from xiezuo.indicators import sources
from xiezuo.numbers import is_number
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import home_place_code

from .models import (
    ZERO,
    CertificationStep,
    Objection,
    Product,
    ProductCategory,
    ProductStatus,
    StepKind,
    Supplier,
    SupplierKind,
)

PRODUCTS_SOURCE = "consumption_products"
NOTICE_DAYS = 7  # a public notice runs seven days unless the county says otherwise
VALID_YEARS = 3  # a certificate is valid three years unless the county says otherwise

# --- checking what is asked


def _text(value: Any, field: str, message: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _check_helped(place: Place | None, field: str = "place") -> Place:
    """The place is on the helped side (the programme's home region)."""
    if place is None:
        raise ValidationError({field: _("This field is required.")})
    if not place.code.startswith(home_place_code()):
        raise ValidationError(
            {field: _("%(place)s is not a helped place.") % {"place": place.name}}
        )
    return place


def _count(value: Any, field: str) -> int:
    """A number of households: a whole number, zero or more."""
    if isinstance(value, bool):
        value = "x"
    text = str(value if value is not None else "").strip() or "0"
    if not text.isdigit():
        raise ValidationError(
            {field: _("“%(value)s” is not a whole number of zero or more.") % {"value": text}}
        )
    return int(text)


def _quantity(value: Any, field: str, places: int) -> Decimal:
    """A capacity: a decimal number, zero or more (empty: zero), never a float."""
    if isinstance(value, bool | float):
        raise ValidationError({field: _("Give the number as a decimal, e.g. 1250.50.")})
    text = str(value if value is not None else "").replace(",", "").strip() or "0"
    try:
        if not is_number(text):
            raise InvalidOperation
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            {field: _("“%(value)s” is not a number.") % {"value": text}}
        ) from None
    if number < 0:
        raise ValidationError({field: _("The number cannot be negative.")})
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise ValidationError(
            {field: _("“%(value)s” has more than %(places)s decimals.")
             % {"value": text, "places": places}}
        )  # fmt: skip
    if number.adjusted() >= 13:
        raise ValidationError({field: _("The number is too large.")})
    return number.quantize(Decimal(1).scaleb(-places))


def _price(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and value < 0:
        raise ValidationError({"price": _("The price cannot be negative.")})
    if isinstance(value, str) and value.strip().startswith("-"):
        raise ValidationError({"price": _("The price cannot be negative.")})
    return amount_clean(value, field="price")


def _choice(value: Any, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the allowed values.")})
    return str(value)


def _sync(product: Product, *also: Place) -> None:
    """The product figures of the product's place of origin (and of a place it moved
    from), refreshed in the caller's transaction; nothing while the source is not
    registered yet."""
    try:
        sources.source_get(PRODUCTS_SOURCE)
    except KeyError:
        return
    sources.sync(PRODUCTS_SOURCE, places={product.place.code, *(p.code for p in also)})


# --- suppliers


def _supplier_fields(
    *, name: Any, kind: Any, place: Place | None, households_linked: Any, credit_code: Any
) -> dict[str, Any]:
    code = str(credit_code or "").strip().upper()
    if code and (len(code) != 18 or not code.isalnum()):
        raise ValidationError(
            {"credit_code": _("A unified social credit code has 18 letters and digits.")}
        )
    return {
        "name": _text(name, "name", _("Give the supplier a name.")),
        "kind": _choice(kind, SupplierKind, "kind"),
        "place": _check_helped(place),
        "households_linked": _count(households_linked, "households_linked"),
        "credit_code": code,
    }


@transaction.atomic
def supplier_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    place: Place | None,
    households_linked: Any = 0,
    linkage: str = "",
    credit_code: str = "",
    contact: str = "",
    organisation: Organisation | None = None,
    illustrative: bool = False,
) -> Supplier:
    """A supplier of a helped place, with the registered poor households it links to."""
    fields = _supplier_fields(
        name=name, kind=kind, place=place, households_linked=households_linked,
        credit_code=credit_code,
    )  # fmt: skip
    if Supplier.objects.filter(place=fields["place"], name=fields["name"]).exists():
        raise ValidationError({"name": _("This place already has a supplier of that name.")})
    return Supplier.objects.create(
        **fields, linkage=(linkage or "").strip(), contact=(contact or "").strip(),
        organisation=organisation, illustrative=illustrative, created_by=actor,
    )  # fmt: skip


@transaction.atomic
def supplier_update(
    *,
    actor: Any,
    supplier: Supplier,
    name: str,
    kind: str,
    place: Place | None,
    households_linked: Any = 0,
    linkage: str = "",
    credit_code: str = "",
    contact: str = "",
    organisation: Organisation | None = None,
) -> Supplier:
    """Change a supplier's details (its products keep their own place of origin)."""
    fields = _supplier_fields(
        name=name, kind=kind, place=place, households_linked=households_linked,
        credit_code=credit_code,
    )  # fmt: skip
    taken = Supplier.objects.filter(place=fields["place"], name=fields["name"])
    if taken.exclude(pk=supplier.pk).exists():
        raise ValidationError({"name": _("This place already has a supplier of that name.")})
    for key, value in fields.items():
        setattr(supplier, key, value)
    supplier.linkage = (linkage or "").strip()
    supplier.contact = (contact or "").strip()
    supplier.organisation = organisation
    supplier.save()
    return supplier


# --- products: the application and its details


def _product_fields(
    *,
    supplier: Supplier | None,
    name: Any,
    category: Any,
    place: Place | None,
    price: Any,
    capacity_value: Any,
    capacity_quantity: Any,
    households_benefiting: Any,
) -> dict[str, Any]:
    if supplier is None:
        raise ValidationError({"supplier": _("This field is required.")})
    return {
        "supplier": supplier,
        "name": _text(name, "name", _("Give the product a name.")),
        "category": _choice(category, ProductCategory, "category"),
        "place": _check_helped(place),
        "price": _price(price),
        "capacity_value": _quantity(capacity_value, "capacity_value", 2),
        "capacity_quantity": _quantity(capacity_quantity, "capacity_quantity", 3),
        "households_benefiting": _count(households_benefiting, "households_benefiting"),
    }


def _check_unique(product: Product) -> None:
    twins = Product.objects.filter(
        supplier=product.supplier, name=product.name, specification=product.specification
    ).exclude(pk=product.pk)
    if twins.exists():
        raise ValidationError(
            {"name": _("The supplier already has a product of that name and specification.")}
        )


def _day(on: date | None, field: str = "on") -> date:
    today = timezone.localdate()
    if on is None:
        return today
    if on > today:
        raise ValidationError({field: _("The date is in the future.")})
    return on


def _step(product: Product, kind: str, *, actor: Any, on: date, comment: str = "") -> None:
    CertificationStep.objects.create(
        product=product, kind=kind, on=on, comment=(comment or "").strip(), by=actor
    )


@transaction.atomic
def product_apply(
    *,
    actor: Any,
    supplier: Supplier | None,
    name: str,
    category: str,
    place: Place | None = None,
    specification: str = "",
    unit: str = "",
    price: Any = None,
    capacity_value: Any = ZERO,
    capacity_quantity: Any = 0,
    households_benefiting: Any = 0,
    on: date | None = None,
    comment: str = "",
    illustrative: bool = False,
) -> Product:
    """A supplier applies to have a product certified: the product, status applied, with
    its APPLY step. The place of origin defaults to the supplier's."""
    if place is None and supplier is not None:
        place = supplier.place
    fields = _product_fields(
        supplier=supplier, name=name, category=category, place=place, price=price,
        capacity_value=capacity_value, capacity_quantity=capacity_quantity,
        households_benefiting=households_benefiting,
    )  # fmt: skip
    day = _day(on)
    product = Product(
        **fields, specification=(specification or "").strip(), unit=(unit or "").strip(),
        status=ProductStatus.APPLIED, illustrative=illustrative, created_by=actor,
    )  # fmt: skip
    _check_unique(product)
    product.save()
    _step(product, StepKind.APPLY, actor=actor, on=day, comment=comment)
    _sync(product)
    return product


EDITABLE = {ProductStatus.APPLIED}


@transaction.atomic
def product_update(
    *,
    actor: Any,
    product: Product,
    name: str,
    category: str,
    place: Place | None,
    specification: str = "",
    unit: str = "",
    price: Any = None,
    capacity_value: Any = ZERO,
    capacity_quantity: Any = 0,
    households_benefiting: Any = 0,
) -> Product:
    """Change an application's details: only while it is applied (or returned for changes)."""
    if product.status not in EDITABLE:
        raise ValidationError(
            _("A product is changed only while its application is open or returned for changes.")
        )
    fields = _product_fields(
        supplier=product.supplier, name=name, category=category, place=place, price=price,
        capacity_value=capacity_value, capacity_quantity=capacity_quantity,
        households_benefiting=households_benefiting,
    )  # fmt: skip
    moved_from = product.place
    for key, value in fields.items():
        setattr(product, key, value)
    product.specification = (specification or "").strip()
    product.unit = (unit or "").strip()
    _check_unique(product)
    product.save()
    _sync(product, moved_from)
    return product


# --- the certification steps


def last_step(product: Product) -> CertificationStep | None:
    return product.steps.order_by("-on", "-at", "-id").first()


def _lock(product: Product) -> Product:
    """The product, locked for the step (two clerks clicking at once take one step)."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    product.status = locked.status
    return product


RETURNABLE = {ProductStatus.CHECKED, ProductStatus.REVIEWED, ProductStatus.NOTICE}
REJECTABLE = {
    ProductStatus.APPLIED,
    ProductStatus.CHECKED,
    ProductStatus.REVIEWED,
    ProductStatus.NOTICE,
}


def _check_from(product: Product, allowed: Collection[str], action: str) -> None:
    if product.status not in allowed:
        raise ValidationError(
            {"status": _("A product that is %(status)s cannot be %(action)s.")
             % {"status": product.get_status_display(), "action": action}}
        )  # fmt: skip


def _step_day(product: Product, on: date | None) -> date:
    day = _day(on)
    previous = last_step(product)
    if previous is not None and day < previous.on:
        raise ValidationError(
            {"on": _("The previous step was taken on %(day)s; this one cannot come before it.")
             % {"day": previous.on.isoformat()}}
        )  # fmt: skip
    return day


def _move(
    product: Product, status: str, kind: str, *, actor: Any, on: date, comment: str = "",
    **fields: Any,
) -> Product:  # fmt: skip
    product.status = status
    for key, value in fields.items():
        setattr(product, key, value)
    product.save(update_fields=["status", *fields])
    _step(product, kind, actor=actor, on=on, comment=comment)
    _sync(product)
    return product


def _reason(comment: str) -> str:
    return _text(comment, "comment", _("Give the reasons."))


@transaction.atomic
def product_check(
    *, actor: Any, product: Product, on: date | None = None, comment: str = ""
) -> Product:
    """The township checked the application."""
    _lock(product)
    _check_from(product, STEP_RULES["check"].after, _("checked"))
    day = _step_day(product, on)
    return _move(
        product, ProductStatus.CHECKED, StepKind.CHECK, actor=actor, on=day, comment=comment
    )


@transaction.atomic
def product_review(
    *, actor: Any, product: Product, on: date | None = None, comment: str = ""
) -> Product:
    """The sector bureau reviewed the application (after the township's check)."""
    _lock(product)
    _check_from(product, STEP_RULES["review"].after, _("reviewed"))
    day = _step_day(product, on)
    return _move(
        product, ProductStatus.REVIEWED, StepKind.REVIEW, actor=actor, on=day, comment=comment
    )


@transaction.atomic
def product_return(
    *, actor: Any, product: Product, comment: str, on: date | None = None
) -> Product:
    """Back to the supplier for changes, with the reason: applied again; a notice under way
    is called off."""
    _lock(product)
    _check_from(product, STEP_RULES["return"].after, _("returned"))
    reason = _reason(comment)
    day = _step_day(product, on)
    return _move(
        product, ProductStatus.APPLIED, StepKind.RETURN, actor=actor, on=day, comment=reason,
        notice_from=None, notice_until=None,
    )  # fmt: skip


@transaction.atomic
def product_notice(
    *,
    actor: Any,
    product: Product,
    on: date | None = None,
    days: Any = NOTICE_DAYS,
    comment: str = "",
) -> Product:
    """The county decides to certify: the product goes to public notice (公示) for `days`
    days from `on` (the notice's last day is `notice_until`)."""
    _lock(product)
    _check_from(product, STEP_RULES["notice"].after, _("put to public notice"))
    day = _step_day(product, on)
    length = _count(days, "days")
    if length < 1:
        raise ValidationError({"days": _("A public notice runs at least one day.")})
    return _move(
        product, ProductStatus.NOTICE, StepKind.NOTICE, actor=actor, on=day, comment=comment,
        notice_from=day, notice_until=day + timedelta(days=length - 1),
    )  # fmt: skip


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _current_notice_step(product: Product) -> CertificationStep | None:
    return product.steps.filter(kind=StepKind.NOTICE).order_by("-at", "-id").first()


def current_objections(product: Product) -> Any:
    """The objections raised during the product's current notice."""
    notice = _current_notice_step(product)
    objections = product.objections.all()
    if notice is None:
        return objections.none()
    return objections.filter(created_at__gte=notice.at)


def _certificate_number(product: Product, day: date) -> str:
    county = product.place.code[:6]
    prefix = f"{county}{day.year}"
    taken = set(
        Product.objects.filter(certificate_number__startswith=prefix).values_list(
            "certificate_number", flat=True
        )
    )
    n = len(taken) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


@transaction.atomic
def product_certify(
    *,
    actor: Any,
    product: Product,
    on: date | None = None,
    valid_until: date | None = None,
    certificate_number: str = "",
    comment: str = "",
) -> Product:
    """Certified at the notice's end, with no objection open or upheld: a certificate
    number, valid from the day for three years (or until the day given)."""
    _lock(product)
    _check_from(product, STEP_RULES["certify"].after, _("certified"))
    day = _step_day(product, on)
    assert product.notice_until is not None
    if day <= product.notice_until:
        raise ValidationError(
            {"on": _("The public notice runs until %(day)s; certify after it has ended.")
             % {"day": product.notice_until.isoformat()}}
        )  # fmt: skip
    objections = current_objections(product)
    if objections.filter(outcome=Objection.Outcome.OPEN).exists():
        raise ValidationError(_("An objection to the notice is not yet answered."))
    if objections.filter(outcome=Objection.Outcome.UPHELD).exists():
        raise ValidationError(_("An objection to the notice was upheld."))
    until = valid_until or _add_years(day, VALID_YEARS) - timedelta(days=1)
    if until < day:
        raise ValidationError(
            {"valid_until": _("The certificate cannot end before it begins (%(day)s).")
             % {"day": day.isoformat()}}
        )  # fmt: skip
    number = (certificate_number or "").strip() or _certificate_number(product, day)
    if Product.objects.filter(certificate_number=number).exclude(pk=product.pk).exists():
        raise ValidationError(
            {"certificate_number": _("Another product has the certificate number %(number)s.")
             % {"number": number}}
        )  # fmt: skip
    return _move(
        product, ProductStatus.CERTIFIED, StepKind.CERTIFY, actor=actor, on=day,
        comment=comment, certificate_number=number, valid_from=day, valid_until=until,
    )  # fmt: skip


@transaction.atomic
def product_reject(
    *, actor: Any, product: Product, comment: str, on: date | None = None
) -> Product:
    """Rejected, with the reasons (at any step before certification)."""
    _lock(product)
    _check_from(product, STEP_RULES["reject"].after, _("rejected"))
    reason = _reason(comment)
    day = _step_day(product, on)
    return _move(
        product, ProductStatus.REJECTED, StepKind.REJECT, actor=actor, on=day, comment=reason
    )


@transaction.atomic
def product_suspend(
    *, actor: Any, product: Product, comment: str, on: date | None = None
) -> Product:
    """A certified product suspended, with the reasons (its certificate keeps its dates)."""
    _lock(product)
    _check_from(product, STEP_RULES["suspend"].after, _("suspended"))
    reason = _reason(comment)
    day = _step_day(product, on)
    return _move(
        product, ProductStatus.SUSPENDED, StepKind.SUSPEND, actor=actor, on=day, comment=reason
    )


@transaction.atomic
def product_reinstate(
    *, actor: Any, product: Product, on: date | None = None, comment: str = ""
) -> Product:
    """A suspended product certified again (within its validity)."""
    _lock(product)
    _check_from(product, STEP_RULES["reinstate"].after, _("reinstated"))
    day = _step_day(product, on)
    if product.valid_until is not None and day > product.valid_until:
        raise ValidationError(
            {"on": _("The certificate expired on %(day)s.") % {"day": product.valid_until}}
        )
    return _move(
        product, ProductStatus.CERTIFIED, StepKind.REINSTATE, actor=actor, on=day,
        comment=comment,
    )  # fmt: skip


@transaction.atomic
def product_withdraw(
    *, actor: Any, product: Product, comment: str, on: date | None = None
) -> Product:
    """A certified (or suspended) product's certificate withdrawn for good, with reasons."""
    _lock(product)
    _check_from(product, STEP_RULES["withdraw"].after, _("withdrawn"))
    reason = _reason(comment)
    day = _step_day(product, on)
    return _move(
        product, ProductStatus.WITHDRAWN, StepKind.WITHDRAW, actor=actor, on=day, comment=reason
    )


# --- objections to a notice


@transaction.atomic
def objection_record(
    *,
    actor: Any,
    product: Product,
    content: str,
    received_on: date | None = None,
    raised_by: str = "",
) -> Objection:
    """An objection received during the product's public notice."""
    _lock(product)
    _check_from(product, {ProductStatus.NOTICE}, _("objected to"))
    text = _text(content, "content", _("Say what the objection is."))
    day = _day(received_on, "received_on")
    assert product.notice_from is not None
    if day < product.notice_from:
        raise ValidationError(
            {"received_on": _("The notice began on %(day)s.")
             % {"day": product.notice_from.isoformat()}}
        )  # fmt: skip
    return Objection.objects.create(
        product=product, received_on=day, raised_by=(raised_by or "").strip(), content=text,
        recorded_by=actor,
    )  # fmt: skip


UPHELD_THEN = ("reject", "return")


@transaction.atomic
def objection_answer(
    *,
    actor: Any,
    objection: Objection,
    outcome: str,
    answer: str,
    on: date | None = None,
    then: str = "reject",
) -> Objection:
    """Answer an objection: dismissed, the notice goes on; upheld, the product is rejected
    or returned to the supplier (`then`), with the answer as the reason."""
    if objection.outcome != Objection.Outcome.OPEN:
        raise ValidationError({"outcome": _("This objection is already answered.")})
    if outcome not in (Objection.Outcome.UPHELD, Objection.Outcome.DISMISSED):
        raise ValidationError({"outcome": _("Choose one of the allowed values.")})
    if outcome == Objection.Outcome.UPHELD and then not in UPHELD_THEN:
        raise ValidationError({"then": _("Choose one of the allowed values.")})
    text = _text(answer, "answer", _("Give the answer."))
    day = _day(on)
    if day < objection.received_on:
        raise ValidationError(
            {"on": _("The objection was received on %(day)s.")
             % {"day": objection.received_on.isoformat()}}
        )  # fmt: skip
    objection.outcome = outcome
    objection.answer = text
    objection.answered_on = day
    objection.answered_by = actor
    objection.save(update_fields=["outcome", "answer", "answered_on", "answered_by"])
    if outcome == Objection.Outcome.UPHELD:
        step = product_reject if then == "reject" else product_return
        step(actor=actor, product=objection.product, comment=text, on=day)
    return objection


@dataclass(frozen=True)
class StepRule:
    """A certification step: its service, the policy action that takes it, and the statuses
    it is taken from (the service refuses any other; the pages offer, and the API accepts,
    only these)."""

    service: Callable[..., Product]
    action: str
    after: frozenset[str]


RECORD, DECIDE = "consumption.record", "consumption.decide"
STEP_RULES: dict[str, StepRule] = {
    "check": StepRule(product_check, RECORD, frozenset({ProductStatus.APPLIED})),
    "review": StepRule(product_review, RECORD, frozenset({ProductStatus.CHECKED})),
    "return": StepRule(product_return, RECORD, frozenset(RETURNABLE)),
    "notice": StepRule(product_notice, DECIDE, frozenset({ProductStatus.REVIEWED})),
    "certify": StepRule(product_certify, DECIDE, frozenset({ProductStatus.NOTICE})),
    "reject": StepRule(product_reject, DECIDE, frozenset(REJECTABLE)),
    "suspend": StepRule(product_suspend, DECIDE, frozenset({ProductStatus.CERTIFIED})),
    "reinstate": StepRule(product_reinstate, DECIDE, frozenset({ProductStatus.SUSPENDED})),
    "withdraw": StepRule(
        product_withdraw, DECIDE, frozenset({ProductStatus.CERTIFIED, ProductStatus.SUSPENDED})
    ),
}
