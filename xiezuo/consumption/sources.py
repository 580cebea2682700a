"""The consumption registry's figures, derived, never typed (indicator sources).

- `consumption_products` — `products_certified`: the products certified, each once, at
  the product's place in the month of its first certification step.
- `consumption_sales` — per the supplier's place and the month of the sale:
  `products_sold`, the sales of products certified on the sale's day (certified and
  within the validity period, and not suspended or withdrawn then: the last of the
  product's certify / reinstate / suspend / withdraw steps on or before that day is a
  certify or a reinstate), by channel (the buyer's kind) and buyer origin (the helper
  side, the helped side, elsewhere); `uncertified_sales`, every other sale, kept apart
  with the same split; `households_benefiting`, the registered poor households linked to
  the suppliers whose certified products sold that month (each supplier once a month).
  A sale reversed counts nothing, and neither does its reversal: the month of the sale
  is restated.
- `consumption_facilities` — stocks per year at the helped place served: the rent-free
  stalls (`market_stalls`), the showrooms, the supply bases' area (`supply_base_area`)
  and the supply cooperatives, each counted from the year it opened to the current year
  while open at the year's end; `sales_fairs`, the fairs per month held.

A stock runs to the current year: `xiezuo indicators sync`, run daily, carries it on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.expressions import format_key
from xiezuo.indicators.sources import Figure, Source
from xiezuo.pairings.models import Pairing
from xiezuo.places.selectors import home_place_code

from .models import (
    ZERO,
    BuyerKind,
    CertificationStep,
    Facility,
    FacilityKind,
    Product,
    ProductStatus,
    Sale,
    StepKind,
    Supplier,
)

# the buyer's kind -> the `channel` dimension's option
CHANNELS: dict[str, str] = {
    BuyerKind.AGENCY: "direct",
    BuyerKind.CANTEEN: "direct",
    BuyerKind.MARKET: "direct",
    BuyerKind.ENTERPRISE: "direct",
    BuyerKind.OTHER: "direct",
    BuyerKind.CHANNEL_832: "platform_832",
    BuyerKind.CHANNEL_EAST_WEST: "east_west",
    BuyerKind.ECOMMERCE: "ecommerce",
    BuyerKind.FAIR: "fair",
}
ON = (StepKind.CERTIFY, StepKind.REINSTATE)
OFF = (StepKind.SUSPEND, StepKind.WITHDRAW, StepKind.REJECT)
STOCKS: dict[str, str] = {
    FacilityKind.MARKET_STALL: "market_stalls",
    FacilityKind.SHOWROOM: "showrooms",
    FacilityKind.SUPPLY_COOPERATIVE: "supply_cooperatives",
}


def month_of(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}"


def helper_provinces() -> frozenset[str]:
    """The provinces on the helper side of the programme's pairings (Guangdong: "44")."""
    return frozenset(
        code[:2]
        for code in Pairing.objects.filter(helper_place__isnull=False)
        .values_list("helper_place__code", flat=True)
        .distinct()
    )


def buyer_origin(place_code: str, helpers: Collection[str]) -> str:
    """The `buyer_origin` option of a buyer at that place."""
    if place_code[:2] in helpers:
        return "helper"
    if place_code.startswith(home_place_code()):
        return "helped"
    return "other"


class Certification:
    """When products were certified, read from their steps: `counts(product, day)` says
    whether a sale of it on that day counts toward the consumption figure."""

    def __init__(self, product_ids: Iterable[int]) -> None:
        ids = set(product_ids)
        self.products = {
            p["id"]: p
            for p in Product.objects.filter(id__in=ids).values(
                "id", "status", "valid_from", "valid_until"
            )
        }
        self.steps: dict[int, list[tuple[date, bool]]] = defaultdict(list)
        for product_id, kind, on in (
            CertificationStep.objects.filter(product_id__in=ids, kind__in=ON + OFF)
            .order_by("product_id", "on", "at", "id")
            .values_list("product_id", "kind", "on")
        ):
            self.steps[product_id].append((on, kind in ON))

    def counts(self, product_id: int | None, day: date) -> bool:
        product = self.products.get(product_id) if product_id is not None else None
        if product is None:
            return False
        valid_from, valid_until = product["valid_from"], product["valid_until"]
        if valid_from is None or day < valid_from or (valid_until and day > valid_until):
            return False
        steps = self.steps.get(product["id"])
        if not steps:  # recorded without its steps: as its status says
            return bool(product["status"] == ProductStatus.CERTIFIED)
        state = False
        for on, active in steps:
            if on > day:
                break
            state = active
        return state


class ProductSource(Source):
    name = "consumption_products"
    label = _("the register of poverty-alleviation products")
    elements = ("products_certified",)
    page = "consumption_sale_list"

    def places(self) -> Iterable[str]:
        return set(
            Product.objects.filter(steps__kind=StepKind.CERTIFY)
            .values_list("place__code", flat=True)
            .distinct()
        ) | set(
            Product.objects.filter(status=ProductStatus.CERTIFIED, valid_from__isnull=False)
            .values_list("place__code", flat=True)
            .distinct()
        )

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        first: dict[int, tuple[str, date]] = {}
        for product_id, code, on in (
            CertificationStep.objects.filter(
                kind=StepKind.CERTIFY, product__place__code__in=list(places)
            )
            .order_by("on", "id")
            .values_list("product_id", "product__place__code", "on")
        ):
            first.setdefault(product_id, (code, on))
        for product_id, code, valid_from in Product.objects.filter(
            place__code__in=list(places), status=ProductStatus.CERTIFIED, valid_from__isnull=False
        ).values_list("id", "place__code", "valid_from"):
            if valid_from is not None:  # recorded without its steps
                first.setdefault(product_id, (code, valid_from))
        counted: dict[tuple[str, str], int] = defaultdict(int)
        for code, on in first.values():
            counted[(code, month_of(on))] += 1
        for (code, month), n in sorted(counted.items()):
            yield Figure("products_certified", code, month, n)


SaleRow = tuple[str, str, str, int | None, int, date, Decimal]


def _sales(places: Collection[str]) -> Iterator[SaleRow]:
    """(place, buyer place, buyer kind, product, supplier, day, amount) of each sale
    counted: neither a
    reversal nor reversed; the place is the product's, else the supplier's."""
    rows = (
        Sale.objects.filter(reverses__isnull=True, reversed_by__isnull=True)
        .filter(
            Q(product__isnull=False, product__place__code__in=list(places))
            | Q(product__isnull=True, supplier__place__code__in=list(places))
        )
        .values_list(
            "product__place__code",
            "supplier__place__code",
            "buyer__place__code",
            "buyer__kind",
            "product_id",
            "supplier_id",
            "sold_on",
            "amount",
        )
    )
    for product_place, supplier_place, buyer_place, kind, product, supplier, day, amount in rows:
        yield (product_place or supplier_place, buyer_place, kind, product, supplier, day, amount)


class SaleSource(Source):
    name = "consumption_sales"
    label = _("the register of consumption assistance sales")
    elements = ("products_sold", "uncertified_sales", "households_benefiting")
    page = "consumption_sale_list"

    def places(self) -> Iterable[str]:
        with_product = Sale.objects.filter(product__isnull=False).values_list(
            "product__place__code", flat=True
        )
        without = Sale.objects.filter(product__isnull=True).values_list(
            "supplier__place__code", flat=True
        )
        return set(with_product.distinct()) | set(without.distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        rows = list(_sales(places))
        certification = Certification(r[3] for r in rows if r[3] is not None)
        helpers = helper_provinces()
        money: dict[tuple[str, str, str, str], Decimal] = defaultdict(lambda: ZERO)
        suppliers: dict[tuple[str, str], set[int]] = defaultdict(set)
        for code, buyer_place, kind, product, supplier, day, amount in rows:
            month = month_of(day)
            certified = certification.counts(product, day)
            element = "products_sold" if certified else "uncertified_sales"
            key = format_key(
                {"channel": CHANNELS[kind], "buyer_origin": buyer_origin(buyer_place, helpers)}
            )
            money[(element, code, month, key)] += amount
            if certified:
                suppliers[(code, month)].add(supplier)
        for (element, code, month, key), total in sorted(money.items()):
            yield Figure(element, code, month, total, key)
        linked = dict(
            Supplier.objects.filter(
                id__in={s for ids in suppliers.values() for s in ids}
            ).values_list("id", "households_linked")
        )
        for (code, month), ids in sorted(suppliers.items()):
            households = sum(linked.get(s, 0) for s in ids)
            if households:
                yield Figure("households_benefiting", code, month, households)


def _open_at_year_end(opened_on: date, closed_on: date | None) -> Iterator[int]:
    for year in range(opened_on.year, timezone.localdate().year + 1):
        if closed_on is None or closed_on > date(year, 12, 31):
            yield year


class FacilitySource(Source):
    name = "consumption_facilities"
    label = _("the register of consumption assistance facilities")
    elements = (
        "market_stalls",
        "showrooms",
        "supply_base_area",
        "supply_cooperatives",
        "sales_fairs",
    )
    page = "consumption_facility_list"

    def places(self) -> Iterable[str]:
        return set(Facility.objects.values_list("serves__code", flat=True).distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        counted: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
        for kind, code, opened_on, closed_on, area in Facility.objects.filter(
            serves__code__in=list(places)
        ).values_list("kind", "serves__code", "opened_on", "closed_on", "area_mu"):
            if kind == FacilityKind.SALES_FAIR:
                counted[("sales_fairs", code, month_of(opened_on))] += 1
                continue
            for year in _open_at_year_end(opened_on, closed_on):
                if kind == FacilityKind.SUPPLY_BASE:
                    counted[("supply_base_area", code, str(year))] += area or ZERO
                else:
                    counted[(STOCKS[kind], code, str(year))] += 1
        for (element, code, period), value in sorted(counted.items()):
            yield Figure(element, code, period, value)
