"""API: consumption assistance under /api/v1/consumption/ — suppliers (listed, read,
registered), products (listed, read, applied for), their certification steps (listed,
taken) and the objections to a notice.

Prices and capacities travel as JSON numbers or strings and are read exactly (never as
floats); they are answered as strings (`numbers.plain`), as every figure of the API is.
A step is posted as `{"kind": "check", "on": "2020-05-06", "comment": "…"}`; who may take
it is the pages' rule (a clerk checks, reviews, returns; a county approver decides).
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.numbers import plain
from xiezuo.paging import ApiPagination
from xiezuo.places.models import Place
from xiezuo.places.selectors import place_get

from . import selectors, services
from .models import (
    CertificationStep,
    Objection,
    Product,
    ProductCategory,
    ProductStatus,
    Supplier,
    SupplierKind,
)

router = Router(tags=["consumption"])


class SupplierOut(Schema):
    uid: str
    name: str
    kind: str
    place: str
    credit_code: str
    households_linked: int
    linkage: str
    illustrative: bool

    @staticmethod
    def resolve_place(obj: Supplier) -> str:
        return obj.place.code


class SupplierIn(Schema):
    name: str
    kind: SupplierKind
    place: str
    households_linked: int = 0
    linkage: str = ""
    credit_code: str = ""
    contact: str = ""


class ProductOut(Schema):
    uid: str
    supplier: str
    supplier_name: str
    name: str
    category: str
    specification: str
    unit: str
    price: str | None
    capacity_value: str
    capacity_quantity: str
    place: str
    households_benefiting: int
    status: str
    certificate_number: str
    notice_from: date | None
    notice_until: date | None
    valid_from: date | None
    valid_until: date | None
    illustrative: bool

    @staticmethod
    def resolve_supplier(obj: Product) -> str:
        return obj.supplier.uid

    @staticmethod
    def resolve_supplier_name(obj: Product) -> str:
        return obj.supplier.name

    @staticmethod
    def resolve_place(obj: Product) -> str:
        return obj.place.code

    @staticmethod
    def resolve_price(obj: Product) -> str | None:
        return plain(obj.price) if obj.price is not None else None

    @staticmethod
    def resolve_capacity_value(obj: Product) -> str:
        return plain(obj.capacity_value)

    @staticmethod
    def resolve_capacity_quantity(obj: Product) -> str:
        return plain(obj.capacity_quantity)


class ProductIn(Schema):
    supplier: str  # its UID
    name: str
    category: ProductCategory
    specification: str = ""
    unit: str = ""
    price: Decimal | str | None = None
    capacity_value: Decimal | str = Decimal(0)
    capacity_quantity: Decimal | str = Decimal(0)
    place: str | None = None  # empty: the supplier's place
    households_benefiting: int = 0
    on: date | None = None
    comment: str = ""


class CertificationStepOut(Schema):
    id: int
    product: str
    kind: str
    on: date
    comment: str
    by: str
    at: str

    @staticmethod
    def resolve_product(obj: CertificationStep) -> str:
        return obj.product.uid

    @staticmethod
    def resolve_by(obj: CertificationStep) -> str:
        return obj.by.display_name

    @staticmethod
    def resolve_at(obj: CertificationStep) -> str:
        return obj.at.isoformat()


class CertificationStepIn(Schema):
    kind: str  # check, review, return, notice, certify, reject, suspend, reinstate, withdraw
    on: date | None = None
    comment: str = ""
    days: int | None = None  # notice: its length (default 7)
    valid_until: date | None = None  # certify: default three years
    certificate_number: str = ""  # certify: default numbered by county and year


class ObjectionOut(Schema):
    id: int
    product: str
    received_on: date
    raised_by: str
    content: str
    outcome: str
    answer: str
    answered_on: date | None

    @staticmethod
    def resolve_product(obj: Objection) -> str:
        return obj.product.uid


class ObjectionIn(Schema):
    content: str
    received_on: date | None = None
    raised_by: str = ""


class AnswerIn(Schema):
    outcome: str  # upheld or dismissed
    answer: str
    on: date | None = None
    then: str = "reject"  # when upheld: reject or return


def _supplier(key: str) -> Supplier:
    supplier = selectors.supplier_get(key)
    if supplier is None:
        raise Http404(_("No supplier has the number “%(key)s”.") % {"key": key})
    return supplier


def _product(key: str) -> Product:
    product = selectors.product_get(key)
    if product is None:
        raise Http404(_("No product has the number “%(key)s”.") % {"key": key})
    return product


def _place(code: str, field: str = "place") -> Place:
    place = place_get(code)
    if place is None:
        raise ValidationError({field: _("No place has the code “%(code)s”.") % {"code": code}})
    return place


@router.get("/suppliers", response=list[SupplierOut], summary="Suppliers of the helped places")
@paginate(ApiPagination)
def supplier_list(
    request: HttpRequest,
    place: str | None = None,
    kind: SupplierKind | None = None,
    name: str | None = None,
) -> list[Supplier]:
    policy.require(request.user, "consumption.view")
    filters = selectors.SupplierFilters(place=place, kind=kind, name=name)
    return selectors.supplier_list(filters)  # type: ignore[return-value]


@router.get("/suppliers/{key}", response=SupplierOut, summary="A supplier")
def supplier_detail(request: HttpRequest, key: str) -> Supplier:
    policy.require(request.user, "consumption.view")
    return _supplier(key)


@router.post("/suppliers", response={201: SupplierOut}, summary="Register a supplier")
def supplier_create(request: HttpRequest, payload: SupplierIn) -> Status:
    place = _place(payload.place)
    policy.require(request.user, "consumption.record", Supplier(place=place))
    supplier = services.supplier_create(
        actor=request.user, **payload.dict(exclude={"place"}), place=place
    )
    return Status(201, supplier)


@router.get("/products", response=list[ProductOut], summary="Products and where they stand")
@paginate(ApiPagination)
def product_list(
    request: HttpRequest,
    place: str | None = None,
    category: ProductCategory | None = None,
    status: ProductStatus | None = None,
    supplier: str | None = None,
) -> list[Product]:
    policy.require(request.user, "consumption.view")
    filters = selectors.ProductFilters(
        place=place, category=category, status=status, supplier=supplier
    )
    return selectors.product_list(filters)  # type: ignore[return-value]


@router.get("/products/{key}", response=ProductOut, summary="A product")
def product_detail(request: HttpRequest, key: str) -> Product:
    policy.require(request.user, "consumption.view")
    return _product(key)


@router.post("/products", response={201: ProductOut}, summary="Apply for a product")
def product_apply(request: HttpRequest, payload: ProductIn) -> Status:
    supplier = _supplier(payload.supplier)
    place = _place(payload.place) if payload.place else supplier.place
    policy.require(request.user, "consumption.record", Product(supplier=supplier, place=place))
    fields = payload.dict(exclude={"supplier", "place"})
    product = services.product_apply(actor=request.user, supplier=supplier, place=place, **fields)
    return Status(201, _product(product.uid))


@router.get(
    "/products/{key}/steps",
    response=list[CertificationStepOut],
    summary="A product's certification steps",
)
def product_steps(request: HttpRequest, key: str) -> list[CertificationStep]:
    policy.require(request.user, "consumption.view")
    return list(selectors.product_steps(_product(key)))


@router.post(
    "/products/{key}/steps", response={201: ProductOut}, summary="Take a certification step"
)
def product_step(request: HttpRequest, key: str, payload: CertificationStepIn) -> Status:
    product = _product(key)
    step = services.STEP_RULES.get(payload.kind)
    if step is None:
        raise ValidationError({"kind": _("Choose one of the allowed values.")})
    policy.require(request.user, step.action, product)
    fields: dict[str, Any] = {"on": payload.on, "comment": payload.comment}
    if payload.kind == "notice" and payload.days is not None:
        fields["days"] = payload.days
    if payload.kind == "certify":
        fields |= {
            "valid_until": payload.valid_until,
            "certificate_number": payload.certificate_number,
        }
    step.service(actor=request.user, product=product, **fields)
    return Status(201, _product(product.uid))


@router.get(
    "/products/{key}/objections",
    response=list[ObjectionOut],
    summary="Objections to a product's notice",
)
def objection_list(request: HttpRequest, key: str) -> list[Objection]:
    policy.require(request.user, "consumption.view")
    return list(selectors.product_objections(_product(key)))


@router.post(
    "/products/{key}/objections", response={201: ObjectionOut}, summary="Record an objection"
)
def objection_create(request: HttpRequest, key: str, payload: ObjectionIn) -> Status:
    product = _product(key)
    policy.require(request.user, "consumption.decide", product)
    objection = services.objection_record(actor=request.user, product=product, **payload.dict())
    return Status(201, objection)


@router.post("/objections/{pk}/answer", response={200: ObjectionOut}, summary="Answer an objection")
def objection_answer(request: HttpRequest, pk: int, payload: AnswerIn) -> Objection:
    objection = Objection.objects.select_related("product").filter(pk=pk).first()
    if objection is None:
        raise Http404(_("No objection has the id %(id)s.") % {"id": pk})
    policy.require(request.user, "consumption.decide", _product(objection.product.uid))
    return services.objection_answer(actor=request.user, objection=objection, **payload.dict())


router.add_router("", "xiezuo.consumption.api_sales.router")  # buyers, sales, facilities
