from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import codes


class Level(models.IntegerChoices):
    MAJOR = 1, _("Major group")
    SUB_MAJOR = 2, _("Sub-major group")
    MINOR = 3, _("Minor group")
    UNIT = 4, _("Occupation")


class OccupationQuerySet(models.QuerySet["Occupation"]):
    def within(self, code: str) -> OccupationQuerySet:
        """The group with this code and everything in it (a prefix test on the path)."""
        return self.filter(path__startswith=codes.path_of(code))

    def units(self) -> OccupationQuerySet:
        return self.filter(level=Level.UNIT)


class Occupation(models.Model):
    """A group or an occupation (unit group) of the national occupation classification
    (CSCO 2022), loaded from the file by `xiezuo occupations load`.

    The code is its identity; `path` (the code's digits without its zeroed
    segments) makes "in this group" a prefix test. Names carry no marks: the
    classification's L (green occupation, 绿色职业) and S (digital occupation,
    数字职业) are the two flags.
    """

    code = models.CharField(_("occupation code"), max_length=10, unique=True)
    path = models.CharField(_("code path"), max_length=7, db_index=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    definition = models.TextField(_("definition"), blank=True)
    aliases = models.TextField(_("aliases"), blank=True, help_text=_("one a line"))
    green = models.BooleanField(_("green occupation"), default=False)
    digital = models.BooleanField(_("digital occupation"), default=False)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="occupation_level_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="occupation_parent_unless_major",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def alias_list(self) -> list[str]:
        return [a for a in self.aliases.split("\n") if a]

    @property
    def is_unit(self) -> bool:
        return self.level == Level.UNIT
