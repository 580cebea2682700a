"""Reads of consumption assistance: suppliers and products filtered, a product's steps and
objections, and the public catalogue (products certified and valid on a day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from xiezuo.places import codes

from .models import CertificationStep, Objection, Product, ProductStatus, Supplier


def _within(items: QuerySet, field: str, place: str | None) -> QuerySet:
    """Those whose place lies in this place's subtree (a division code)."""
    if not place:
        return items
    lo, hi = codes.subtree_range(place)
    return items.filter(**{f"{field}__code__gte": lo, f"{field}__code__lt": hi})


@dataclass(frozen=True)
class SupplierFilters:
    place: str | None = None
    kind: str | None = None
    name: str | None = None


def supplier_list(filters: SupplierFilters | None = None) -> QuerySet[Supplier]:
    filters = filters or SupplierFilters()
    suppliers = Supplier.objects.select_related("place").annotate(
        products_applied=Count("products", distinct=True),
        products_certified=Count(
            "products", filter=Q(products__status=ProductStatus.CERTIFIED), distinct=True
        ),
    )
    suppliers = _within(suppliers, "place", filters.place)
    if filters.kind:
        suppliers = suppliers.filter(kind=filters.kind)
    if filters.name:
        suppliers = suppliers.filter(name__icontains=filters.name)
    return suppliers.order_by("place__code", "name", "id")


def supplier_get(key: str | int) -> Supplier | None:
    """The supplier with this id or UID."""
    text = str(key).strip()
    suppliers = Supplier.objects.select_related("place", "organisation")
    if text.isdigit():
        return suppliers.filter(pk=int(text)).first()
    return suppliers.filter(uid=text).first()


@dataclass(frozen=True)
class ProductFilters:
    place: str | None = None  # a division code: the place and its subtree
    category: str | None = None
    status: str | None = None
    supplier: str | None = None  # part of the supplier's name


def product_list(filters: ProductFilters | None = None) -> QuerySet[Product]:
    filters = filters or ProductFilters()
    products = Product.objects.select_related("supplier", "place")
    products = _within(products, "place", filters.place)
    if filters.category:
        products = products.filter(category=filters.category)
    if filters.status:
        products = products.filter(status=filters.status)
    if filters.supplier:
        products = products.filter(supplier__name__icontains=filters.supplier)
    return products


def product_get(key: str | int) -> Product | None:
    """The product with this id or UID."""
    text = str(key).strip()
    products = Product.objects.select_related("supplier", "supplier__place", "place")
    if text.isdigit():
        return products.filter(pk=int(text)).first()
    return products.filter(uid=text).first()


def product_steps(product: Product) -> QuerySet[CertificationStep]:
    """The product's steps in the order they were taken."""
    return product.steps.select_related("by").order_by("on", "at", "id")


def product_objections(product: Product) -> QuerySet[Objection]:
    return product.objections.select_related("recorded_by", "answered_by")


def step_list(*, product: str | None = None, kind: str | None = None) -> QuerySet:
    """Certification steps of every product (or one, by UID), newest first."""
    steps = CertificationStep.objects.select_related("product", "by").order_by("-on", "-at", "-id")
    if product:
        steps = steps.filter(product__uid=product)
    if kind:
        steps = steps.filter(kind=kind)
    return steps


# --- the public catalogue: certified and valid today; nothing about who recorded it


def catalogue_filter(products: QuerySet[Product], on: date) -> QuerySet[Product]:
    return products.filter(status=ProductStatus.CERTIFIED, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def catalogue_list(
    *,
    on: date,
    place: str | None = None,
    category: str | None = None,
    supplier: str | None = None,
) -> QuerySet[Product]:
    products = product_list(ProductFilters(place=place, category=category, supplier=supplier))
    return catalogue_filter(products, on)


def catalogue_last_day(*, before: date) -> date | None:
    """The last day before `before` on which a certified product was still valid (the
    catalogue as it last stood, when none is valid any more)."""
    return (
        Product.objects.filter(
            status=ProductStatus.CERTIFIED, valid_until__lt=before, valid_from__lte=F("valid_until")
        )
        .order_by("-valid_until")
        .values_list("valid_until", flat=True)
        .first()
    )


def catalogue_get(uid: str, *, on: date) -> Product | None:
    products = Product.objects.select_related("supplier", "place").filter(uid=uid)
    return catalogue_filter(products, on).first()
