"""Talent exchange (人才交流): the people sent each way and the quotas they answer to.

- `Person`: a cadre or professional who is seconded, registered once across the years
  (identity number and phone kept by `xiezuo.personal`'s rules: encrypted, found again by
  a keyed hash, shown masked), with the organisation he works for and his category.
- `Secondment`: one stay of a person on the other side — direction (helper → helped or
  back), kind (挂职 secondment, professional support, short training visit), from which
  organisation and place to which, the post held there, and the planned and actual start
  and end. A person is in one secondment at a time (the services refuse overlaps).
- `SecondmentReport`: a report or piece of evidence filed for a secondment.
- `ShortVisit`: a group visit counted by heads, not by person (medical staff shadowing in
  Guangdong hospitals, teachers' exchanges): how many, from where to where, when.
- `Quota`: the year's agreement — how many cadres and professionals a county receives
  (or sends) in a year; the report "planned vs in post" reads it.

Figures are derived by `sources`.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.personal.fields import EncryptedTextField
from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid


class Category(models.TextChoices):
    """Rank or profession; cadres are counted apart from professionals."""

    CADRE = "cadre", _("Party and government cadre")
    TEACHER = "teacher", _("Teacher")
    DOCTOR = "doctor", _("Doctor or medical staff")
    AGRICULTURAL = "agricultural", _("Agricultural technician")
    TECHNICIAN = "technician", _("Other technician")
    OTHER = "other", _("Other")


# Cadres are counted apart; every other category counts as a professional (专业技术人才), in
# the figures (`sources`) and in the report planned vs in post (`quotas`) alike.


class Direction(models.TextChoices):
    """The catalogue's `direction` options (a test keeps them equal)."""

    TO_HELPED = "to_helped", _("Helper side to helped side")
    TO_HELPER = "to_helper", _("Helped side to helper side")


class Kind(models.TextChoices):
    SECONDMENT = "secondment", _("Secondment")
    PROFESSIONAL_SUPPORT = "professional_support", _("Professional support")
    TRAINING_VISIT = "training_visit", _("Short training visit")


class Person(models.Model):
    """A seconded cadre or professional, registered once."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=100)
    identity = EncryptedTextField(_("identity number"), blank=True)
    identity_hash = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    rank = models.CharField(_("rank or professional title"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("works for"),
    )  # fmt: skip
    home = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place of work")
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["home__code", "name", "id"]
        verbose_name = _("seconded person")
        verbose_name_plural = _("seconded people")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("exchange_person_detail", args=[self.uid])

    def scope_sides(self) -> list[Any]:
        sides: list[Any] = [self.home]
        if self.organisation is not None:
            sides.append(self.organisation)
        return sides


class Secondment(models.Model):
    """One stay of a person on the other side."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="secondments", verbose_name=_("person")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # the category when seconded (the person's may change over the years)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    origin_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("sending organisation"),
    )  # fmt: skip
    origin = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("sending place")
    )
    host_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("host organisation"),
    )  # fmt: skip
    host = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("host place")
    )
    post = models.CharField(_("post held"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-planned_start", "-id"]
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="exchange_secondment_planned_in_order",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (Q(started_on__isnull=False) & Q(ended_on__gte=models.F("started_on"))),
                name="exchange_secondment_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["host", "started_on"]),
            models.Index(fields=["origin", "started_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.planned_start}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("exchange_secondment_detail", args=[self.uid])

    def scope_sides(self) -> list[Any]:
        """Recorded by the sending side or the receiving side."""
        sides: list[Any] = [self.origin, self.host]
        sides += [o for o in (self.origin_organisation, self.host_organisation) if o is not None]
        return sides

    def in_post_on(self, day: date) -> bool:
        """Started on or before `day` and not ended before it."""
        return (
            self.started_on is not None
            and self.started_on <= day
            and (self.ended_on is None or day <= self.ended_on)
        )


def report_file_path(instance: SecondmentReport, filename: str) -> str:
    # stored under an unguessable name; shown under its own through the checked view
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"exchange/reports/{instance.uid}{suffix}"


class SecondmentReport(models.Model):
    """A report or a piece of evidence filed for a secondment (a work summary, an appraisal);
    its file, if any, is served only through a permission-checked view. Reports are kept."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    secondment = models.ForeignKey(
        Secondment, on_delete=models.CASCADE, related_name="reports",
        verbose_name=_("secondment"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    on = models.DateField(_("date"))
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=report_file_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["secondment", "on", "id"]
        verbose_name = _("secondment report")
        verbose_name_plural = _("secondment reports")

    def __str__(self) -> str:
        return self.title

    def scope_sides(self) -> list[Any]:
        return self.secondment.scope_sides()


class VisitKind(models.TextChoices):
    MEDICAL_SHADOWING = "medical_shadowing", _("Medical staff shadowing")
    MEDICAL_EXCHANGE = "medical_exchange", _("Medical staff on study exchange")
    TEACHER_EXCHANGE = "teacher_exchange", _("Teachers' exchange")
    UNIVERSITY_STAFF = "university_staff", _("University staff on exchange")
    OTHER = "other", _("Other visit")


class ShortVisit(models.Model):
    """A group visit counted by heads: `people` from `origin` to `host`, `from_on`–`to_on`."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    origin = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("sending place")
    )
    host = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("host place")
    )
    host_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("host organisation"),
    )  # fmt: skip
    people = models.PositiveIntegerField(_("people"))
    from_on = models.DateField(_("from"))
    to_on = models.DateField(_("to"))
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-from_on", "-id"]
        verbose_name = _("short visit")
        verbose_name_plural = _("short visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_on__gte=models.F("from_on")), name="exchange_visit_in_order"
            ),
            models.CheckConstraint(condition=Q(people__gt=0), name="exchange_visit_people"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_on}"

    def scope_sides(self) -> list[Any]:
        return [self.origin, self.host]


class QuotaGroup(models.TextChoices):
    CADRES = "cadres", _("Cadres")
    PROFESSIONALS = "professionals", _("Professionals")


class Quota(models.Model):
    """The year's agreement: `planned` people of `group` a county receives (or sends)."""

    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    group = models.CharField(_("group"), max_length=16, choices=QuotaGroup.choices)
    planned = models.PositiveIntegerField(_("planned"))
    source = models.CharField(_("from the document"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "place__code", "direction", "group"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "year", "direction", "group"], name="exchange_quota_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.year} {self.group} {self.planned}"

    def scope_sides(self) -> list[Any]:
        return [self.place]
