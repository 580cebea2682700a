"""Consumption assistance (消费帮扶): what the helper side buys from the helped places.

- `Supplier`: an enterprise, cooperative, village collective or family farm of a helped
  place, with the registered poor households it links to (带贫) and how.
- `Product`: a product a supplier applies to have certified (扶贫产品认定). Its `status`
  moves only through the certification steps, each an append-only `CertificationStep`
  (who, when, comment): applied → checked by the township → reviewed by the sector
  bureau → put to public notice (公示) by the county → certified for a validity period,
  or rejected with reasons; a certified product can be suspended (and reinstated) or
  withdrawn. `Objection`s raised during the notice are recorded and answered.
- `Buyer`: who buys — a helper-side organisation, canteen, market or enterprise, or a
  channel (the national 832 platform, Guangdong's East–West product market, an
  e-commerce shop, a fair) through which many buy.
- `Sale`: a purchase of a supplier's product (or of the supplier's goods in general) by
  a buyer on a day, with its amount, quantity and order or invoice number; append-only,
  a correction is a reversal. Only a product certified and valid on the sale's day counts
  toward the consumption figure; the rest are kept and reported apart.
- `Facility`: seed-era infrastructure — a rent-free stall in a wholesale market, a
  showroom, a supply base (its area), a supply cooperative, a sales fair — counted for
  the helped place it serves.

Money is exact yuan (`Decimal`, to the fen). Figures are derived by `sources`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.append_only import AppendOnly
from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid

ZERO = Decimal("0.00")


def _money(label: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=18, decimal_places=2, **kwargs)


class SupplierKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Farmers' cooperative")
    VILLAGE_COLLECTIVE = "village_collective", _("Village collective")
    FAMILY_FARM = "family_farm", _("Family farm")
    OTHER = "other", _("Other supplier")


class Supplier(models.Model):
    """A supplier of a helped place (供应主体), with the poor households it links to (带贫)."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SupplierKind.choices)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation on record"),
    )  # fmt: skip
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    households_linked = models.PositiveIntegerField(
        _("registered poor households linked"), default=0
    )
    linkage = models.TextField(_("how it links to poor households"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__code", "name", "id"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="consumption_supplier_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [self.place]


class ProductCategory(models.TextChoices):
    PRIMARY = "primary", _("Primary farm product")
    PROCESSED = "processed", _("Processed food")
    HANDICRAFT = "handicraft", _("Handicraft")
    RURAL_TOURISM = "rural_tourism", _("Rural tourism")
    INTANGIBLE_HERITAGE = "intangible_heritage", _("Intangible heritage product")


class ProductStatus(models.TextChoices):
    """Where a product stands in certification; only the steps move it."""

    APPLIED = "applied", _("Applied")
    CHECKED = "checked", _("Checked by the township")
    REVIEWED = "reviewed", _("Reviewed by the sector bureau")
    NOTICE = "notice", _("Under public notice")
    CERTIFIED = "certified", _("Certified")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Product(models.Model):
    """A supplier's product and its certification as a poverty-alleviation product (扶贫产品).

    `status`, `certificate_number`, `notice_*` and `valid_*` are written only by the
    certification services, with a `CertificationStep` each time.
    """

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="products", verbose_name=_("supplier")
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=ProductCategory.choices)
    specification = models.CharField(_("specification"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)  # 斤, 箱, 件, 人次 …
    price = _money(_("price (yuan per unit)"), null=True, blank=True)
    capacity_value = _money(_("annual supply capacity (yuan)"), default=ZERO)
    capacity_quantity = models.DecimalField(
        _("annual supply capacity (quantity)"), max_digits=18, decimal_places=3, default=0
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place of origin")
    )
    households_benefiting = models.PositiveIntegerField(_("poor households benefiting"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=ProductStatus.choices, default=ProductStatus.APPLIED
    )
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    notice_from = models.DateField(_("notice from"), null=True, blank=True)
    notice_until = models.DateField(_("notice until"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__code", "name", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "name", "specification"], name="consumption_product_once"
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="consumption_certificate_number_once",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="consumption_product_valid_in_order",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gt=0),
                name="consumption_product_price_positive",
            ),
        ]
        indexes = [models.Index(fields=["status", "place"])]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [self.place, self.supplier.place]


class StepKind(models.TextChoices):
    """The certification steps, in the order the counties run them."""

    APPLY = "apply", _("Application")
    CHECK = "check", _("Township check")
    REVIEW = "review", _("Sector bureau review")
    NOTICE = "notice", _("Public notice")
    CERTIFY = "certify", _("Certification")
    REJECT = "reject", _("Rejection")
    RETURN = "return", _("Returned for changes")
    SUSPEND = "suspend", _("Suspension")
    REINSTATE = "reinstate", _("Reinstatement")
    WITHDRAW = "withdraw", _("Withdrawal")


class CertificationStep(AppendOnly):
    """One step of a product's certification, with who took it, when and why."""

    correction = "record the next step"

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="steps", verbose_name=_("product")
    )
    kind = models.CharField(_("step"), max_length=12, choices=StepKind.choices)
    on = models.DateField(_("date"))
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product", "at", "id"]
        verbose_name = _("certification step")
        verbose_name_plural = _("certification steps")

    def __str__(self) -> str:
        return f"{self.product} {self.kind} {self.on}"


class Objection(models.Model):
    """An objection raised during a product's public notice (公示异议), and its answer."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Not yet answered")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="objections", verbose_name=_("product")
    )
    received_on = models.DateField(_("received on"))
    raised_by = models.CharField(_("raised by"), max_length=200, blank=True)
    content = models.TextField(_("objection"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product", "received_on", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.product} {self.received_on}"

    def scope_sides(self) -> list[Any]:
        return self.product.scope_sides()


class BuyerKind(models.TextChoices):
    AGENCY = "agency", _("Government agency or public body")
    CANTEEN = "canteen", _("Canteen")
    MARKET = "market", _("Market")
    ENTERPRISE = "enterprise", _("Enterprise")
    CHANNEL_832 = "channel_832", _("National 832 platform")
    CHANNEL_EAST_WEST = "channel_east_west", _("East–West product market")
    ECOMMERCE = "ecommerce", _("E-commerce shop")
    FAIR = "fair", _("Sales fair")
    OTHER = "other", _("Other buyer")


CHANNEL_KINDS = (
    BuyerKind.CHANNEL_832,
    BuyerKind.CHANNEL_EAST_WEST,
    BuyerKind.ECOMMERCE,
    BuyerKind.FAIR,
)


class Buyer(models.Model):
    """Who buys (a helper-side organisation, canteen, market, enterprise) or the channel
    through which many buy; its place says which side the purchase comes from."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BuyerKind.choices)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation on record"),
    )  # fmt: skip
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="consumption_buyer_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [self.place]

    @property
    def is_channel(self) -> bool:
        return self.kind in CHANNEL_KINDS


class Sale(AppendOnly):
    """A purchase of a supplier's product by a buyer, on a day (append-only; a correction
    is a reversal naming the sale it reverses)."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    buyer = models.ForeignKey(
        Buyer, on_delete=models.PROTECT, related_name="sales", verbose_name=_("buyer")
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="sales", verbose_name=_("supplier")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="sales",
        verbose_name=_("product"),
    )  # fmt: skip
    sold_on = models.DateField(_("date"))
    amount = _money(_("amount (yuan)"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=18, decimal_places=3, null=True, blank=True
    )
    order_number = models.CharField(_("order or invoice number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by",
        verbose_name=_("reverses"),
    )  # fmt: skip
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-sold_on", "-id"]
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="consumption_sale_positive"),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0),
                name="consumption_sale_quantity_positive",
            ),
            # a channel's order number is recorded once (its reversal names the sale instead)
            models.UniqueConstraint(
                fields=["buyer", "order_number"],
                condition=~Q(order_number="") & Q(reverses__isnull=True),
                name="consumption_sale_order_once",
            ),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="consumption_sale_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["supplier", "sold_on"]),
            models.Index(fields=["buyer", "sold_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} {self.supplier} {self.sold_on} {self.amount}"

    def scope_sides(self) -> list[Any]:
        """Recorded by the buyer's side or the supplier's."""
        return [self.buyer.place, self.supplier.place]

    @property
    def signed_amount(self) -> Decimal:
        """What it adds to the sales: a reversal takes it back."""
        return -self.amount if self.reverses_id else self.amount


class FacilityKind(models.TextChoices):
    MARKET_STALL = "market_stall", _("Rent-free wholesale market stall")
    SHOWROOM = "showroom", _("Produce showroom")
    SUPPLY_BASE = "supply_base", _("Supply base")
    SUPPLY_COOPERATIVE = "supply_cooperative", _("Supply cooperative")
    SALES_FAIR = "sales_fair", _("Produce sales fair")


class Facility(models.Model):
    """Infrastructure of consumption assistance (a stall, a showroom, a supply base, a supply
    cooperative, a sales fair), counted for the helped place it serves."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    name = models.CharField(_("name"), max_length=200)
    serves = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("helped place served")
    )
    located_in = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("located in"),
    )  # fmt: skip
    operator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("operator"),
    )  # fmt: skip
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, null=True, blank=True, related_name="facilities",
        verbose_name=_("supplier (a supply cooperative)"),
    )  # fmt: skip
    area_mu = models.DecimalField(
        _("area (mu)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    rent_free = models.BooleanField(_("rent free"), default=False)
    opened_on = models.DateField(_("opened on (held on, for a fair)"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-opened_on", "id"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="consumption_facility_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(area_mu__isnull=True) | Q(area_mu__gt=0),
                name="consumption_facility_area_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        sides: list[Any] = [self.serves]
        if self.located_in is not None:
            sides.append(self.located_in)
        return sides
