"""Key figures: saved analytics questions shown on the dashboard, each with the
reference it is judged against (the seed article's figure, a target...)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.models import Area
from xiezuo.language import pick


class Figure(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    area = models.CharField(_("assessment area"), max_length=20, choices=Area.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)
    label_zh = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    item = models.CharField(
        _("data"),
        max_length=300,
        help_text=_("a data element or indicator, e.g. people_trained[poverty=poor]"),
    )
    places = models.CharField(
        _("places"), max_length=200, help_text=_("division codes, comma-separated")
    )
    periods = models.TextField(_("periods"), help_text=_("period ids, comma-separated"))
    growth = models.BooleanField(
        _("growth"),
        default=False,
        help_text=_("show the change against the periods just before, in %"),
    )
    reference_text = models.CharField(_("reference"), max_length=100, blank=True)
    reference_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    reference_at_least = models.BooleanField(default=False)
    reference_source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self.label_zh, self.label_en)

    @property
    def place_codes(self) -> list[str]:
        return [c.strip() for c in self.places.split(",") if c.strip()]

    @property
    def period_ids(self) -> list[str]:
        return [p.strip() for p in self.periods.split(",") if p.strip()]


class Boundary(models.Model):
    """A place's outline, loaded by a deployer from a GeoJSON file (`xiezuo maps load`).

    No boundary data ships with Xiezuo: a published map needs an approved map number, so a
    deployer brings the outlines they may use and the map draws areas for the places that
    have one (points at their centres otherwise)."""

    place = models.OneToOneField(
        "places.Place", on_delete=models.CASCADE, related_name="boundary", verbose_name=_("place")
    )
    # a GeoJSON geometry object (Polygon or MultiPolygon), as loaded
    geometry = models.JSONField(_("geometry"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return str(self.place_id)


class SummarySent(models.Model):
    """A monthly summary mailed to a user (`xiezuo reports send`): one per user and month,
    so a second run in the same month sends nothing; `emailed_at` stays empty while the
    mail has not gone out, and the next run tries it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month = models.CharField(_("month"), max_length=6, help_text=_("a period id, e.g. 201805"))
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "user"]
        verbose_name = _("monthly summary sent")
        verbose_name_plural = _("monthly summaries sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="summary_once_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.month}"
