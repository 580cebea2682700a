"""Buyers and sales of consumption assistance: their writes and their reads.

A sale is append-only: a correction is a reversal naming the sale (once), and then a new
sale. Each write is all-or-nothing and refreshes the figures it counts in, in its own
transaction (`sources`). A sale of a product not certified on its day is kept, and said
not to count (`sale_not_counted`). Bad input is refused with a ValidationError naming the
field; then nothing is written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.amounts import amount_clean
from xiezuo.indicators import sources as indicator_sources
from xiezuo.numbers import is_number
from xiezuo.places.models import Organisation, Place

from .models import Buyer, BuyerKind, Product, ProductStatus, Sale, Supplier
from .sources import Certification

MAX_QUANTITY_DIGITS = 15
UNCERTIFIED = (
    ProductStatus.APPLIED, ProductStatus.CHECKED, ProductStatus.REVIEWED, ProductStatus.NOTICE,
    ProductStatus.REJECTED,
)  # fmt: skip

# --- checking what is asked


def _check_day(day: date | None, field: str) -> date:
    if day is None:
        raise ValidationError({field: _("This field is required.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future.")})
    return day


def quantity_clean(value: Any, *, field: str = "quantity") -> Decimal | None:
    """A quantity sold: empty, or a number above zero with at most three decimals."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | float):
        raise ValidationError({field: _("Give the quantity as a decimal number, e.g. 12.5.")})
    text = str(value).replace(",", "").strip()
    if not text:
        return None
    try:
        if not is_number(text):
            raise InvalidOperation
        quantity = Decimal(text)
        if not quantity.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationError(
            {field: _("“%(value)s” is not a quantity.") % {"value": text}}
        ) from None
    if quantity <= 0:
        raise ValidationError({field: _("The quantity must be above zero.")})
    exponent = quantity.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        raise ValidationError({field: _("A quantity has at most three decimals.")})
    if quantity.adjusted() >= MAX_QUANTITY_DIGITS:
        raise ValidationError({field: _("The quantity is too large.")})
    return quantity


def _sync(*sales: Sale) -> None:
    """The sales figures of the places these sales count at, in the caller's transaction."""
    places = {(s.product.place if s.product else s.supplier.place).code for s in sales}
    indicator_sources.sync("consumption_sales", places=places)


# --- buyers


@transaction.atomic
def buyer_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    place: Place,
    organisation: Organisation | None = None,
    illustrative: bool = False,
) -> Buyer:
    """A buyer (an organisation, canteen, market, enterprise) or a channel, at its place."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the buyer a name.")})
    if kind not in BuyerKind.values:
        raise ValidationError({"kind": _("Choose what kind of buyer it is.")})
    if Buyer.objects.filter(place=place, name=name).exists():
        raise ValidationError(
            {"name": _("%(place)s already has a buyer of this name.") % {"place": place.name}}
        )
    return Buyer.objects.create(
        name=name, kind=kind, place=place, organisation=organisation,
        illustrative=illustrative, created_by=actor,
    )  # fmt: skip


# --- sales


def sale_not_counted(sale: Sale) -> str:
    """Why a sale does not count toward the consumption figure ("" if it counts)."""
    return not_counted_reason(sale.product, sale.sold_on)


def not_counted_reason(product: Product | None, day: date) -> str:
    """Why a sale of this product on that day would not count ("" if it would)."""
    if product is None:
        return _("No certified product is named, so the sale does not count toward the "
                 "consumption figure; it is kept and reported apart.")  # fmt: skip
    if Certification([product.pk]).counts(product.pk, day):
        return ""
    values = {"product": product.name, "day": day.isoformat()}
    if product.valid_from is None or product.status in UNCERTIFIED:
        why = _("%(product)s is not a certified product.") % values
    elif day < product.valid_from:
        values["since"] = product.valid_from.isoformat()
        why = _("%(product)s was certified only from %(since)s.") % values
    elif product.valid_until is not None and day > product.valid_until:
        values["until"] = product.valid_until.isoformat()
        why = _("%(product)s's certification ran out on %(until)s.") % values
    else:
        why = _("%(product)s was suspended or withdrawn on %(day)s.") % values
    return (
        why
        + " "
        + _(
            "The sale is kept, but it does not count toward the consumption figure; it is "
            "reported apart."
        )
    )


def _digest(request: dict[str, Any]) -> str:
    text = json.dumps(request, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(actor: Any, key: str | None, digest: str) -> Sale | None:
    if not key:
        return None
    found = Sale.objects.filter(created_by=actor, idempotency_key=key).first()
    if found is not None and found.request_digest != digest:
        raise ValidationError(
            {"idempotency_key": _("This idempotency key was used for another request.")}
        )
    return found


def repeated_order(buyer: Buyer, number: str) -> str:
    """The message for an order or invoice number the buyer has recorded already (a sale
    reversed keeps its number: the corrected sale is given the new invoice's)."""
    return _("%(buyer)s has already recorded the order number %(number)s.") % {
        "buyer": buyer.name, "number": number,
    }  # fmt: skip


@dataclass(frozen=True)
class SaleDetails:
    """What a sale says, checked by `sale_check`."""

    buyer: Buyer
    supplier: Supplier
    product: Product | None
    sold_on: date
    amount: Decimal
    quantity: Decimal | None
    order_number: str
    note: str


def sale_check(
    *,
    buyer: Buyer,
    supplier: Supplier | None,
    product: Product | None = None,
    sold_on: date | None,
    amount: Any,
    quantity: Any = None,
    order_number: str = "",
    note: str = "",
) -> SaleDetails:
    """The sale's details, checked (nothing written); ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}

    def collect(check: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
            return None

    clean_amount = collect(amount_clean, amount)
    clean_quantity = collect(quantity_clean, quantity)
    day = collect(_check_day, sold_on, "sold_on")
    if supplier is None and product is not None:
        supplier = product.supplier
    if supplier is None:
        errors.setdefault("supplier", []).append(_("Name the supplier or its product."))
    elif product is not None and product.supplier_id != supplier.pk:
        errors.setdefault("product", []).append(
            _("%(product)s is not a product of %(supplier)s.")
            % {"product": product.name, "supplier": supplier.name}
        )
    number = (order_number or "").strip()
    if (
        number
        and Sale.objects.filter(buyer=buyer, order_number=number, reverses__isnull=True).exists()
    ):
        errors.setdefault("order_number", []).append(repeated_order(buyer, number))
    if errors:
        raise ValidationError(errors)
    assert supplier is not None and day is not None and clean_amount is not None
    return SaleDetails(buyer, supplier, product, day, clean_amount, clean_quantity, number,
                       (note or "").strip())  # fmt: skip


def sale_record(
    *,
    actor: Any,
    buyer: Buyer,
    supplier: Supplier | None,
    product: Product | None = None,
    sold_on: date | None,
    amount: Any,
    quantity: Any = None,
    order_number: str = "",
    note: str = "",
    idempotency_key: str | None = None,
    illustrative: bool = False,
) -> Sale:
    """A buyer's purchase of a supplier's product (or of its goods) on a day. With an
    idempotency key, the same request sent again answers the sale made the first time."""
    digest = _digest({
        "buyer": buyer.pk, "supplier": supplier.pk if supplier else None,
        "product": product.pk if product else None, "sold_on": str(sold_on),
        "amount": str(amount), "quantity": str(quantity), "order_number": order_number,
        "note": note,
    })  # fmt: skip
    if (found := _replay(actor, idempotency_key, digest)) is not None:
        return found
    details = sale_check(
        buyer=buyer, supplier=supplier, product=product, sold_on=sold_on, amount=amount,
        quantity=quantity, order_number=order_number, note=note,
    )  # fmt: skip
    try:
        with transaction.atomic():
            sale = Sale.objects.create(
                buyer=details.buyer, supplier=details.supplier, product=details.product,
                sold_on=details.sold_on, amount=details.amount, quantity=details.quantity,
                order_number=details.order_number, note=details.note,
                illustrative=illustrative, created_by=actor,
                idempotency_key=idempotency_key or None,
                request_digest=digest if idempotency_key else "",
            )  # fmt: skip
            _sync(sale)
    except IntegrityError:
        if (found := _replay(actor, idempotency_key, digest)) is not None:
            return found
        raise ValidationError(
            {"order_number": repeated_order(buyer, details.order_number)}
        ) from None
    return sale


def sale_reverse(*, actor: Any, sale: Sale, note: str = "") -> Sale:
    """Take back a sale by a reversal naming it (once); the sale then counts nothing."""
    if sale.reverses_id is not None:
        raise ValidationError({"sale": _("A reversal cannot be reversed; record the sale again.")})
    try:
        with transaction.atomic():
            if Sale.objects.filter(reverses=sale).exists():
                raise ValidationError({"sale": _("This sale has already been reversed.")})
            reversal = Sale.objects.create(
                buyer=sale.buyer, supplier=sale.supplier, product=sale.product,
                sold_on=timezone.localdate(), amount=sale.amount, quantity=sale.quantity,
                order_number=sale.order_number, reverses=sale, note=note.strip(),
                illustrative=sale.illustrative, created_by=actor,
            )  # fmt: skip
            _sync(sale)
    except IntegrityError:
        raise ValidationError({"sale": _("This sale has already been reversed.")}) from None
    return reversal


# --- reads


def buyer_list(*, query: str = "", kind: str = "") -> QuerySet[Buyer]:
    buyers = Buyer.objects.select_related("place", "organisation")
    if query:
        buyers = buyers.filter(name__icontains=query)
    if kind:
        buyers = buyers.filter(kind=kind)
    return buyers


@dataclass(frozen=True)
class SaleFilter:
    place: Place | None = None  # the supplier's or the buyer's place, with its subtree
    buyer: Buyer | None = None
    supplier: Supplier | None = None
    since: date | None = None
    until: date | None = None
    query: str = ""


def sale_list(criteria: SaleFilter | None = None) -> QuerySet[Sale]:
    """Sales and reversals, the latest first."""
    c = criteria or SaleFilter()
    sales = Sale.objects.select_related(
        "buyer", "buyer__place", "supplier", "supplier__place", "product", "reverses"
    ).prefetch_related("reversed_by")
    if c.place is not None:
        sales = sales.filter(
            Q(supplier__place__code__startswith=c.place.code)
            | Q(buyer__place__code__startswith=c.place.code)
        )
    if c.buyer is not None:
        sales = sales.filter(buyer=c.buyer)
    if c.supplier is not None:
        sales = sales.filter(supplier=c.supplier)
    if c.since is not None:
        sales = sales.filter(sold_on__gte=c.since)
    if c.until is not None:
        sales = sales.filter(sold_on__lte=c.until)
    if c.query:
        sales = sales.filter(
            Q(order_number__icontains=c.query)
            | Q(buyer__name__icontains=c.query)
            | Q(supplier__name__icontains=c.query)
            | Q(product__name__icontains=c.query)
        )
    return sales


def sale_get(uid: str) -> Sale | None:
    return sale_list().filter(uid=uid).first()


def sale_is_reversed(sale: Sale) -> bool:
    return Sale.objects.filter(reverses=sale).exists()


def products_on_sale() -> QuerySet[Product]:
    """Products a sale may name: every product with its supplier (certified or not)."""
    return Product.objects.select_related("supplier", "place").order_by("supplier__name", "name")
