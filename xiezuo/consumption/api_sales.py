"""API: consumption assistance's buyers, sales and facilities under /api/v1/consumption/.

Amounts and quantities travel as JSON numbers or strings and are read exactly (never as
floats); they are answered as strings (`numbers.plain`). A sale posted may carry an
`Idempotency-Key` header: sent again with the same body it answers the sale made the
first time; with another body, 422. A sale's answer says whether it counts toward the
consumption figure (`counts`) and, if not, why (`not_counted`).
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.api import idempotency_key
from xiezuo.numbers import plain
from xiezuo.paging import ApiPagination
from xiezuo.places.selectors import place_get

from . import facilities, sales
from .models import Buyer, BuyerKind, Facility, FacilityKind, Product, Sale, Supplier

router = Router(tags=["consumption"])


class BuyerOut(Schema):
    uid: str
    name: str
    kind: str
    place: str
    is_channel: bool
    illustrative: bool

    @staticmethod
    def resolve_place(obj: Buyer) -> str:
        return obj.place.code


class BuyerIn(Schema):
    name: str
    kind: BuyerKind
    place: str


class SaleOut(Schema):
    uid: str
    buyer: str
    buyer_name: str
    supplier: str
    supplier_name: str
    product: str | None
    product_name: str
    sold_on: date
    amount: str
    quantity: str | None
    order_number: str
    note: str
    reverses: str | None
    reversed: bool
    counts: bool
    not_counted: str
    illustrative: bool
    recorded_by: str
    recorded_at: str

    @staticmethod
    def resolve_buyer(obj: Sale) -> str:
        return obj.buyer.uid

    @staticmethod
    def resolve_buyer_name(obj: Sale) -> str:
        return obj.buyer.name

    @staticmethod
    def resolve_supplier(obj: Sale) -> str:
        return obj.supplier.uid

    @staticmethod
    def resolve_supplier_name(obj: Sale) -> str:
        return obj.supplier.name

    @staticmethod
    def resolve_product(obj: Sale) -> str | None:
        return obj.product.uid if obj.product else None

    @staticmethod
    def resolve_product_name(obj: Sale) -> str:
        return obj.product.name if obj.product else ""

    @staticmethod
    def resolve_amount(obj: Sale) -> str:
        return plain(obj.signed_amount)

    @staticmethod
    def resolve_quantity(obj: Sale) -> str | None:
        return plain(obj.quantity) if obj.quantity is not None else None

    @staticmethod
    def resolve_reverses(obj: Sale) -> str | None:
        return obj.reverses.uid if obj.reverses else None

    @staticmethod
    def resolve_reversed(obj: Sale) -> bool:
        return sales.sale_is_reversed(obj)

    @staticmethod
    def resolve_counts(obj: Sale) -> bool:
        return not obj.reverses_id and not sales.sale_not_counted(obj)

    @staticmethod
    def resolve_not_counted(obj: Sale) -> str:
        return "" if obj.reverses_id else sales.sale_not_counted(obj)

    @staticmethod
    def resolve_recorded_by(obj: Sale) -> str:
        return obj.created_by.display_name

    @staticmethod
    def resolve_recorded_at(obj: Sale) -> str:
        return obj.created_at.isoformat()


class SaleIn(Schema):
    buyer: str  # the buyer's uid
    supplier: str | None = None  # the supplier's uid (else the product's)
    product: str | None = None  # the product's uid
    sold_on: date
    amount: Decimal | str
    quantity: Decimal | str | None = None
    order_number: str = ""
    note: str = ""


class SaleReverseIn(Schema):
    note: str = ""


class FacilityOut(Schema):
    uid: str
    kind: str
    name: str
    serves: str
    located_in: str | None
    area_mu: str | None
    rent_free: bool
    opened_on: date
    closed_on: date | None
    illustrative: bool

    @staticmethod
    def resolve_serves(obj: Facility) -> str:
        return obj.serves.code

    @staticmethod
    def resolve_located_in(obj: Facility) -> str | None:
        return obj.located_in.code if obj.located_in else None

    @staticmethod
    def resolve_area_mu(obj: Facility) -> str | None:
        return plain(obj.area_mu) if obj.area_mu is not None else None


class FacilityIn(Schema):
    kind: FacilityKind
    name: str
    serves: str
    located_in: str | None = None
    area_mu: Decimal | str | None = None
    rent_free: bool = False
    opened_on: date
    closed_on: date | None = None
    note: str = ""


def _no_place(code: str) -> str:
    return _("No place has the code “%(code)s”.") % {"code": code}


@router.get("/buyers", response=list[BuyerOut], summary="Buyers and channels")
@paginate(ApiPagination)
def buyer_list(request: HttpRequest, q: str = "", kind: BuyerKind | None = None) -> list[Buyer]:
    policy.require(request.user, "consumption.view")
    return sales.buyer_list(query=q, kind=kind or "")  # type: ignore[return-value]


@router.post("/buyers", response={201: BuyerOut}, summary="Record a buyer or a channel")
def buyer_create(request: HttpRequest, payload: BuyerIn) -> Status:
    place = place_get(payload.place)
    if place is None:
        raise ValidationError({"place": [_no_place(payload.place)]})
    policy.require(request.user, "consumption.record", place)
    buyer = sales.buyer_create(
        actor=request.user, name=payload.name, kind=payload.kind, place=place
    )
    return Status(201, buyer)


def _sale(key: str) -> Sale:
    sale = sales.sale_get(key)
    if sale is None:
        raise Http404(_("No sale has the number “%(key)s”.") % {"key": key})
    return sale


@router.get("/sales", response=list[SaleOut], summary="Sales and reversals, the latest first")
@paginate(ApiPagination)
def sale_list(
    request: HttpRequest,
    place: str | None = None,
    buyer: str | None = None,
    supplier: str | None = None,
    since: date | None = None,
    until: date | None = None,
    q: str = "",
) -> list[Sale]:
    policy.require(request.user, "consumption.view")
    criteria = sales.SaleFilter(
        place=place_get(place) if place else None,
        buyer=Buyer.objects.filter(uid=buyer).first() if buyer else None,
        supplier=Supplier.objects.filter(uid=supplier).first() if supplier else None,
        since=since, until=until, query=q,
    )  # fmt: skip
    found = sales.sale_list(criteria).select_related("created_by")
    if (
        (place and criteria.place is None)
        or (buyer and criteria.buyer is None)
        or (supplier and criteria.supplier is None)
    ):
        found = found.none()
    return found  # type: ignore[return-value]


@router.get("/sales/{key}", response=SaleOut, summary="A sale")
def sale_detail(request: HttpRequest, key: str) -> Sale:
    policy.require(request.user, "consumption.view")
    return _sale(key)


@router.post(
    "/sales",
    response={201: SaleOut},
    summary="Record a sale (kept even if it will not count: the answer says so and why)",
)
def sale_create(request: HttpRequest, payload: SaleIn) -> Status:
    sent_key = idempotency_key(request)
    errors: dict[str, list[str]] = {}
    buyer = Buyer.objects.select_related("place").filter(uid=payload.buyer).first()
    if buyer is None:
        errors["buyer"] = [_("No buyer has the number “%(key)s”.") % {"key": payload.buyer}]
    product = None
    if payload.product:
        product = Product.objects.select_related("supplier").filter(uid=payload.product).first()
        if product is None:
            errors["product"] = [
                _("No product has the number “%(key)s”.") % {"key": payload.product}
            ]
    supplier = None
    if payload.supplier:
        supplier = Supplier.objects.filter(uid=payload.supplier).first()
        if supplier is None:
            errors["supplier"] = [
                _("No supplier has the number “%(key)s”.") % {"key": payload.supplier}
            ]
    elif product is not None:
        supplier = product.supplier
    elif not errors:
        errors["supplier"] = [_("Name the supplier or its product.")]
    if errors or buyer is None or supplier is None:
        raise ValidationError(errors)
    policy.require(request.user, "consumption.record", Sale(buyer=buyer, supplier=supplier))
    sale = sales.sale_record(
        actor=request.user, buyer=buyer, supplier=supplier, product=product,
        sold_on=payload.sold_on, amount=payload.amount, quantity=payload.quantity,
        order_number=payload.order_number, note=payload.note, idempotency_key=sent_key,
    )  # fmt: skip
    return Status(201, _sale(sale.uid))


@router.post("/sales/{key}/reverse", response={201: SaleOut}, summary="Reverse a sale (once)")
def sale_reverse(request: HttpRequest, key: str, payload: SaleReverseIn) -> Status:
    sale = _sale(key)
    policy.require(request.user, "consumption.record", sale)
    reversal = sales.sale_reverse(actor=request.user, sale=sale, note=payload.note)
    return Status(201, _sale(reversal.uid))


@router.get("/facilities", response=list[FacilityOut], summary="Facilities")
@paginate(ApiPagination)
def facility_list(
    request: HttpRequest, kind: FacilityKind | None = None, place: str | None = None
) -> list[Facility]:
    policy.require(request.user, "consumption.view")
    found = place_get(place) if place else None
    if place and found is None:
        return Facility.objects.none()  # type: ignore[return-value]
    return facilities.facility_list(kind=kind or "", place=found)  # type: ignore[return-value]


@router.post("/facilities", response={201: FacilityOut}, summary="Record a facility")
def facility_create(request: HttpRequest, payload: FacilityIn) -> Status:
    errors: dict[str, list[str]] = {}
    serves = place_get(payload.serves)
    if serves is None:
        errors["serves"] = [_no_place(payload.serves)]
    located_in = place_get(payload.located_in) if payload.located_in else None
    if payload.located_in and located_in is None:
        errors["located_in"] = [_no_place(payload.located_in)]
    if errors or serves is None:
        raise ValidationError(errors)
    sides = policy.Places(tuple(p for p in (serves, located_in) if p is not None))
    policy.require(request.user, "consumption.record", sides)
    facility = facilities.facility_create(
        actor=request.user, kind=payload.kind, name=payload.name, serves=serves,
        located_in=located_in, area_mu=payload.area_mu, rent_free=payload.rent_free,
        opened_on=payload.opened_on, closed_on=payload.closed_on, note=payload.note,
    )  # fmt: skip
    return Status(201, facility)
