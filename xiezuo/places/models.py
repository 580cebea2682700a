from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.language import pick
from xiezuo.uids import generate_uid

from . import codes


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    PREFECTURE = 2, _("Prefecture")
    COUNTY = 3, _("County")
    TOWNSHIP = 4, _("Township")
    VILLAGE = 5, _("Village")


class PlaceQuerySet(models.QuerySet["Place"]):
    def within(self, code: str) -> PlaceQuerySet:
        """The place with this code and its whole subtree (by code range)."""
        lo, hi = codes.subtree_range(code)
        return self.filter(code__gte=lo, code__lt=hi)


class Place(models.Model):
    """A division from the national statistical division codes.

    The code is the place's identity: a reload that renames a place keeps the
    row (and everything hanging on it) and records the rename in PlaceRename.
    """

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Pinyin with the kind in English (德保县 → Debao County), from `romanization`,
    # written when the place is loaded or renamed.
    name_en = models.CharField(_("English name"), max_length=200, blank=True, default="")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    uid = models.CharField(max_length=11, unique=True)
    # DHIS2's `created` and `lastUpdated`; the loader's raw inserts and updates set them too
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="place_parent_matches_level",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def display_name(self) -> str:
        """The name in the reader's language: the pinyin form for English readers."""
        return pick(self.name, self.name_en or self.name)

    @property
    def ancestor_codes(self) -> list[str]:
        return codes.ancestor_codes(self.code)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("place_detail", args=[self.code])


class PlaceRename(models.Model):
    """A rename seen when the division codes were reloaded."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="renames")
    old_name = models.CharField(max_length=100)
    new_name = models.CharField(max_length=100)
    source = models.CharField(max_length=200, blank=True)
    renamed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-renamed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}"


class Designation(models.Model):
    """A place's designation: poor county / township / village, or an area it belongs to."""

    class Kind(models.TextChoices):
        POOR_COUNTY = "poor_county", _("Poor county")
        POOR_TOWNSHIP = "poor_township", _("Poor township")
        POOR_VILLAGE = "poor_village", _("Poor village")
        ROCKY_DESERTIFICATION = "rocky_desertification", _("Rocky-desertification area")

    # Which place level each kind applies to (None: any level).
    LEVEL_OF_KIND = {
        Kind.POOR_COUNTY: Level.COUNTY,
        Kind.POOR_TOWNSHIP: Level.TOWNSHIP,
        Kind.POOR_VILLAGE: Level.VILLAGE,
        Kind.ROCKY_DESERTIFICATION: None,
    }

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="designations"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    year_designated = models.PositiveSmallIntegerField(_("year designated"))
    year_exited = models.PositiveSmallIntegerField(_("year exited"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demo, not a sourced fact.")
    )

    class Meta:
        ordering = ["place__code", "kind"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        constraints = [
            models.UniqueConstraint(fields=["place", "kind"], name="designation_unique_kind"),
            models.CheckConstraint(
                condition=Q(year_exited__isnull=True)
                | Q(year_exited__gte=models.F("year_designated")),
                name="designation_exit_after_designation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place.name} {self.get_kind_display()}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government department")
        ENTERPRISE = "enterprise", _("Enterprise")
        SCHOOL = "school", _("School")
        HOSPITAL = "hospital", _("Hospital")
        COOPERATIVE = "cooperative", _("Cooperative")
        SOCIAL = "social", _("Social organisation")
        OTHER = "other", _("Other")

    class Side(models.TextChoices):
        HELPER = "helper", _("Helper side")
        HELPED = "helped", _("Helped side")
        NEITHER = "neither", _("Neither side")

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="organisations"
    )
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demo, not a sourced fact.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__code", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "name"], name="organisation_unique_name_in_place"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """As `Place.display_name`: an organisation has its own name alone, in any language
        (so a template showing a pairing's side, a place or an organisation, asks the same)."""
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organisation_detail", args=[self.pk])
