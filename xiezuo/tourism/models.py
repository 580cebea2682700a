"""The tourism cooperation registry (旅游协作).

- `ScenicSpot`: a scenic spot (景区) of a helped place (county or below), with its grade.
- `Discount`: a ticket discount (门票减免) a spot grants helper-side visitors — for whom,
  what, from which day to which (open-ended when no end is given).
- `TourismProject`: a tourism cooperation project agreed between the sides (one of five
  kinds), at a helped place, optionally also a project of the project library.
- `Route`: a tourist route promoted (旅游线路), the places it passes.
- `VisitorReport`: a spot's visitors in one month (all visitors, and those from the helper
  province), at most one per spot and month.

Figures are derived by `sources`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid


class Grade(models.TextChoices):
    NONE = "", _("Not graded")
    A = "A", "A"
    AA = "AA", "2A"
    AAA = "AAA", "3A"
    AAAA = "AAAA", "4A"
    AAAAA = "AAAAA", "5A"


class SpotKind(models.TextChoices):
    NATURAL = "natural", _("Natural scenery")
    CULTURAL = "cultural", _("Culture and history")
    RED = "red", _("Revolutionary heritage")
    RURAL = "rural", _("Rural tourism")
    OTHER = "other", _("Other scenic spots")


class ScenicSpot(models.Model):
    """A scenic spot of a helped place (景区)."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    grade = models.CharField(_("grade"), max_length=5, choices=Grade.choices, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SpotKind.choices, default=SpotKind.OTHER
    )
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__code", "name"]
        verbose_name = _("scenic spot")
        verbose_name_plural = _("scenic spots")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="tourism_spot_name_per_place")
        ]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        """Who records on it: the helped place's side."""
        return [self.place]


class Audience(models.TextChoices):
    HELPER_PROVINCE = "helper_province", _("Visitors from the helper province")
    PAIRED_CITY = "paired_city", _("Visitors from the paired city")
    EVERYONE = "everyone", _("All visitors")


class DiscountKind(models.TextChoices):
    FREE = "free", _("Free admission")
    HALF_PRICE = "half_price", _("Half price")
    PERCENT = "percent", _("A percentage off")
    AMOUNT = "amount", _("An amount off")


class Discount(models.Model):
    """A ticket discount a spot grants (门票减免): for whom, what, from – to."""

    spot = models.ForeignKey(
        ScenicSpot,
        on_delete=models.PROTECT,
        related_name="discounts",
        verbose_name=_("scenic spot"),
    )
    audience = models.CharField(_("for whom"), max_length=16, choices=Audience.choices)
    kind = models.CharField(_("discount"), max_length=10, choices=DiscountKind.choices)
    # the percentage off (1–99) or the amount off in yuan; empty for free and half price
    value = models.DecimalField(
        _("percentage or amount"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["spot_id", "valid_from", "id"]
        verbose_name = _("ticket discount")
        verbose_name_plural = _("ticket discounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="tourism_discount_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.spot} {self.get_kind_display()}"

    def scope_sides(self) -> list[Any]:
        return [self.spot.place]


class ProjectKind(models.TextChoices):
    """The five kinds of tourism cooperation project."""

    ROUTES = "routes", _("Route development")
    PROMOTION = "promotion", _("Promotion")
    INVESTMENT = "investment", _("Investment in scenic spots")
    TRAINING = "training", _("Tourism training")
    BRAND = "brand", _("Brand and marketing")


class TourismProject(models.Model):
    """A tourism cooperation project agreed between the sides (旅游扶贫协作项目)."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ProjectKind.choices)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("helped place")
    )
    helper = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("helper organisation"),
    )  # fmt: skip
    helper_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("helper place"),
    )  # fmt: skip
    agreed_on = models.DateField(_("agreed on"))
    library_project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("project in the project library"),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        verbose_name = _("tourism cooperation project")
        verbose_name_plural = _("tourism cooperation projects")
        indexes = [models.Index(fields=["place", "agreed_on"])]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        """Either side records it: the helped place, the helper organisation or place."""
        return [side for side in (self.place, self.helper, self.helper_place) if side is not None]


class Route(models.Model):
    """A tourist route promoted (旅游线路), through helped places."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    places = models.ManyToManyField(Place, related_name="+", verbose_name=_("places it passes"))
    promoted_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("promoted by"),
    )  # fmt: skip
    since = models.DateField(_("promoted since"))
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = _("tourist route")
        verbose_name_plural = _("tourist routes")

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        """Either side: a place it passes, or the organisation promoting it."""
        sides: list[Any] = list(self.places.all()) if self.pk else []
        if self.promoted_by is not None:
            sides.append(self.promoted_by)
        return sides


class VisitorReport(models.Model):
    """A spot's visitors in a month: everyone, and those from the helper province."""

    spot = models.ForeignKey(
        ScenicSpot, on_delete=models.PROTECT, related_name="visitor_reports",
        verbose_name=_("scenic spot"),
    )  # fmt: skip
    period = models.CharField(_("month"), max_length=6)  # a monthly period id: 201705
    visitors = models.PositiveIntegerField(_("visitors (person-times)"))
    helper_visitors = models.PositiveIntegerField(_("of them from the helper province"))
    revenue = models.DecimalField(
        _("tourism revenue (yuan)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["spot_id", "period"]
        verbose_name = _("visitor report")
        verbose_name_plural = _("visitor reports")
        constraints = [
            models.UniqueConstraint(fields=["spot", "period"], name="tourism_visitors_month"),
            models.CheckConstraint(
                condition=Q(helper_visitors__lte=F("visitors")),
                name="tourism_visitors_helper_within",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spot} {self.period}"

    def scope_sides(self) -> list[Any]:
        return [self.spot.place]
