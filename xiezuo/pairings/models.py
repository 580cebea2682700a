from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid


class Kind(models.TextChoices):
    PROVINCE = "province", _("Province–province")
    PREFECTURE = "prefecture", _("Prefecture–prefecture")
    COUNTY = "county", _("County–county (county pairing programme)")
    TOWNSHIP = "township", _("Township–township")
    VILLAGE = "village", _("Village–village")
    ENTERPRISE_VILLAGE = "enterprise_village", _("Enterprise–village")
    SCHOOL = "school", _("School–school")
    HOSPITAL = "hospital", _("Hospital–hospital")
    ORGANISATION_PLACE = "organisation_place", _("Organisation–place")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class PairingQuerySet(models.QuerySet["Pairing"]):
    def active_on(self, day: date | None = None) -> PairingQuerySet:
        day = day or timezone.localdate()
        return self.filter(started_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )


class Pairing(models.Model):
    """A helper place or organisation paired with a helped one (结对帮扶).

    Exactly one of helper_place / helper_organisation is set, and likewise on
    the helped side. A pairing is active from `started_on` until `ended_on`
    (exclusive); ending one keeps it, with the date and the reason.
    """

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    helper_place = models.ForeignKey(
        Place,
        verbose_name=_("helper place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helper_pairings",
    )
    helper_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("helper organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helper_pairings",
    )
    helped_place = models.ForeignKey(
        Place,
        verbose_name=_("helped place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helped_pairings",
    )
    helped_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("helped organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helped_pairings",
    )
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demo, not a sourced fact.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            models.CheckConstraint(
                condition=(Q(helper_place__isnull=False) & Q(helper_organisation__isnull=True))
                | (Q(helper_place__isnull=True) & Q(helper_organisation__isnull=False)),
                name="pairing_one_helper",
            ),
            models.CheckConstraint(
                condition=(Q(helped_place__isnull=False) & Q(helped_organisation__isnull=True))
                | (Q(helped_place__isnull=True) & Q(helped_organisation__isnull=False)),
                name="pairing_one_helped",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="pairing_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["kind", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.helper_name} → {self.helped_name}"

    @property
    def helper(self) -> Place | Organisation | None:
        return self.helper_place or self.helper_organisation

    @property
    def helped(self) -> Place | Organisation | None:
        return self.helped_place or self.helped_organisation

    @property
    def helper_name(self) -> str:
        side = self.helper
        return side.name if side else ""

    @property
    def helped_name(self) -> str:
        side = self.helped
        return side.name if side else ""

    def status_on(self, day: date | None = None) -> Status:
        day = day or timezone.localdate()
        if self.started_on > day:
            return Status.PLANNED
        if self.ended_on is not None and self.ended_on <= day:
            return Status.ENDED
        return Status.ACTIVE

    @property
    def status(self) -> Status:
        return self.status_on()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("pairing_detail", args=[self.pk])
