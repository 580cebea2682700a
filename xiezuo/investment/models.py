"""The investment registry (招商引资 / 产业合作): what the helper side's enterprises bring.

- `InvestmentEvent`: an investment fair or matchmaking event, counted at the helped
  place it was organised for.
- `InvestmentProject`: a project signed (签约项目) by a helper-side enterprise in a
  helped place, with its sector and planned investment; the investment that arrives
  (到位) is a run of append-only `InPlaceRecord`s (a correction is a reversing record
  naming the one it reverses), and the jobs it created are dated `JobReport`s (a stock:
  "as of this day, N jobs, M of them held by poor people").
- `IndustrialPark`: a park or zone built together (共建产业园区), its enterprises
  (入区企业: a name, an organisation only when one is on record) and their half-yearly
  `ParkReturn`s of output and investment in place, each cumulative to date.
- `Workshop`: an assistance workshop (帮扶车间) with dated `WorkshopReport`s of the
  people it employs.

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


def _money(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=18, decimal_places=2)


class InvestmentEvent(models.Model):
    """An investment fair or matchmaking event (产业专项展销对接活动 / 投资合作推介会)."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("held on"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("organised for")
    )
    organisers = models.CharField(_("organisers"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("investment event")
        verbose_name_plural = _("investment events")

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [self.place]


class Sector(models.TextChoices):
    """The catalogue's `sector` options (a test keeps them equal)."""

    AGRICULTURE = "agriculture", _("Agriculture")
    OTHER = "other", _("Other sectors")


class ProjectStatus(models.TextChoices):
    SIGNED = "signed", _("Signed")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    IN_PRODUCTION = "in_production", _("In production")
    STOPPED = "stopped", _("Stopped")


class InvestmentProject(models.Model):
    """A project signed by a helper-side enterprise in a helped place (签约项目)."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    enterprise = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    signed_on = models.DateField(_("signed on"))
    event = models.ForeignKey(
        InvestmentEvent, on_delete=models.PROTECT, null=True, blank=True,
        related_name="projects", verbose_name=_("signed at"),
    )  # fmt: skip
    planned_investment = _money(_("planned investment (yuan)"))
    jobs_expected = models.PositiveIntegerField(_("jobs expected"), default=0)
    benefit_mechanism = models.TextField(_("benefit to the poor"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.SIGNED
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("signed project")
        verbose_name_plural = _("signed projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_investment__gt=0), name="investment_project_planned_positive"
            ),
        ]
        indexes = [models.Index(fields=["place", "signed_on"])]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        """Who may record on it: the enterprise's side (helper) or the place's (helped)."""
        return [self.enterprise, self.place]


class InPlaceRecord(AppendOnly):
    """Investment arrived for a project (实际到位), on a day; append-only."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.PROTECT, related_name="in_place",
        verbose_name=_("project"),
    )  # fmt: skip
    amount = _money(_("amount (yuan)"))
    on = models.DateField(_("date"))
    voucher = models.CharField(_("voucher or evidence"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by",
        verbose_name=_("reverses"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("investment in place")
        verbose_name_plural = _("investment in place")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="investment_in_place_positive"),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="investment_in_place_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.signed_amount}"

    @property
    def signed_amount(self) -> Decimal:
        """What it adds to the project's investment in place: a reversal takes it back."""
        return -self.amount if self.reverses_id else self.amount


class JobReport(models.Model):
    """As of `on`, the project employs `jobs` people, `poor` of them registered poor."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.PROTECT, related_name="job_reports"
    )
    on = models.DateField(_("as of"))
    jobs = models.PositiveIntegerField(_("jobs created"))
    poor = models.PositiveIntegerField(_("of them poor people"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("job report")
        verbose_name_plural = _("job reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "on"], name="investment_job_report_day"),
            models.CheckConstraint(
                condition=Q(poor__lte=models.F("jobs")), name="investment_job_report_poor_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.on}: {self.jobs}/{self.poor}"


class ParkKind(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial park")
    CROSS_BORDER = "cross_border", _("Cross-border park")
    SPECIAL_ZONE = "special_zone", _("Special cooperation zone")


class IndustrialPark(models.Model):
    """A park or zone built together (共建产业园区 / 合作试验区)."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ParkKind.choices)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    partner_places = models.ManyToManyField(
        Place, blank=True, related_name="+", verbose_name=_("helper-side partner places")
    )
    partner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("partner organisations")
    )
    established_on = models.DateField(_("established on"))
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__code", "name"]
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [self.place, *self.partner_places.all(), *self.partner_organisations.all()]


class ParkEnterprise(models.Model):
    """An enterprise in a park (入区企业): named, linked to an organisation when on record."""

    park = models.ForeignKey(IndustrialPark, on_delete=models.PROTECT, related_name="enterprises")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    entered_on = models.DateField(_("entered on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["entered_on", "id"]
        verbose_name = _("park enterprise")
        verbose_name_plural = _("park enterprises")
        constraints = [
            models.UniqueConstraint(fields=["park", "name"], name="investment_park_enterprise"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("entered_on")),
                name="investment_park_enterprise_left_after_entry",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ParkReturn(models.Model):
    """An enterprise's half-yearly return: output and investment in place, to date."""

    enterprise = models.ForeignKey(ParkEnterprise, on_delete=models.PROTECT, related_name="returns")
    period = models.CharField(_("half-year"), max_length=6)  # 2018S1
    output = models.DecimalField(
        _("industrial output to date (yuan)"), max_digits=18, decimal_places=2
    )
    investment = models.DecimalField(
        _("investment in place to date (yuan)"), max_digits=18, decimal_places=2
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "id"]
        verbose_name = _("park return")
        verbose_name_plural = _("park returns")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "period"], name="investment_park_return"),
            models.CheckConstraint(
                condition=Q(output__gte=0) & Q(investment__gte=0),
                name="investment_park_return_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.period}"


class Workshop(models.Model):
    """An assistance workshop (帮扶车间) in a helped township or village."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    enterprise_name = models.CharField(_("run by"), max_length=200)
    enterprise = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    opened_on = models.DateField(_("opened on"))
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__code", "name"]
        verbose_name = _("assistance workshop")
        verbose_name_plural = _("assistance workshops")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="investment_workshop_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [side for side in (self.place, self.enterprise) if side is not None]

    @property
    def latest_report(self) -> WorkshopReport | None:
        """The newest report (from the reports prefetched, if they were)."""
        reports = list(self.reports.all())
        return max(reports, key=lambda r: (r.on, r.pk)) if reports else None


class WorkshopReport(models.Model):
    """As of `on`, the workshop employs `employed` people, `poor` of them registered poor."""

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="reports")
    on = models.DateField(_("as of"))
    employed = models.PositiveIntegerField(_("people employed"))
    poor = models.PositiveIntegerField(_("of them poor people"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("workshop report")
        verbose_name_plural = _("workshop reports")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "on"], name="investment_workshop_day"),
            models.CheckConstraint(
                condition=Q(poor__lte=models.F("employed")), name="investment_workshop_poor_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop} {self.on}: {self.employed}/{self.poor}"
