"""The yearly assessment (考核), its method kept as data.

A `Method` (e.g. the 2017 method, the 2021 two-part method) has areas → items → criteria
(the method's scored indicators; "criterion" keeps them apart from the catalogue's
indicators), grade thresholds and groups of assessed units (counties by class). A
criterion names its scoring rule:

- `ratio`: actual ÷ target, capped, times the weight;
- `thresholds`: the share of the weight earned at each level reached (actual, or actual ÷
  target when a target is given);
- `yes_no`: the full weight when done (with evidence), nothing otherwise;
- `assessor`: a score entered by an assessor, with a reason.

An `Assessment` is one unit's assessment for one year under one method. Its `Score` rows
hold, per criterion, the actual and the target with their sources (pre-filled from the
analytics and the plans), the self-assessed score and the cross-verified one (changed
only with a reason). Each step of the cycle (submitted, commented, verified, approved,
published, returned) is a `Step`, added and never changed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiezuo.append_only import AppendOnly
from xiezuo.language import pick
from xiezuo.places.models import Level, Place
from xiezuo.uids import generate_uid


class Method(models.Model):
    """An assessment method, for the years it applies to."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    year_from = models.PositiveSmallIntegerField(_("first year"))
    year_to = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    unit_level = models.PositiveSmallIntegerField(
        _("level of the assessed units"), choices=Level.choices, default=Level.COUNTY
    )
    full_score = models.DecimalField(_("full score"), max_digits=7, decimal_places=2, default=100)
    illustrative = models.BooleanField(
        _("illustrative weights"),
        default=False,
        help_text=_("The weights are the demo's, not the official figures (not public)."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year_from", "code"]
        verbose_name = _("assessment method")
        verbose_name_plural = _("assessment methods")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class MethodPart(models.Model):
    """What areas, items, criteria, grades and groups have in common: a code, a label in
    both languages and a place in the method's order."""

    code = models.SlugField(_("code"), max_length=40)
    label_zh = models.CharField(_("Chinese label"), max_length=300)
    label_en = models.CharField(_("English label"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self.label_zh, self.label_en)


class Area(MethodPart):
    """An area of a method (组织领导, 资金使用 …; in 2021 the two parts 基础工作, 工作创新)."""

    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="areas")

    class Meta:
        ordering = ["method", "sort_order", "code"]
        verbose_name = _("assessment area")
        verbose_name_plural = _("assessment areas")
        constraints = [
            models.UniqueConstraint(fields=["method", "code"], name="assessment_area_code")
        ]


class Item(MethodPart):
    """An item of an area."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="items")

    class Meta:
        ordering = ["area", "sort_order", "code"]
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="assessment_item_code")
        ]


class Rule(models.TextChoices):
    RATIO = "ratio", _("Actual against target, capped")
    THRESHOLDS = "thresholds", _("Levels reached")
    YES_NO = "yes_no", _("Done or not, with evidence")
    ASSESSOR = "assessor", _("Scored by the assessor, with a reason")


class Criterion(MethodPart):
    """A scored indicator of an item: its weight (points) and how it is scored."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="criteria")
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=2)
    rule = models.CharField(_("scoring rule"), max_length=12, choices=Rule.choices)
    # the actual: an analytics item (a data element or indicator, as the key figures name
    # them, e.g. "workers_placed[poverty=poor]"), summed over the unit and the year
    data = models.CharField(_("data"), max_length=300, blank=True)
    # the target: another analytics item (a plan's target, an agreed figure), or a number
    target_data = models.CharField(_("target data"), max_length=300, blank=True)
    target_value = models.DecimalField(
        _("target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    # `ratio`: the ratio counted at most (1 = no credit beyond the target)
    cap = models.DecimalField(_("cap"), max_digits=7, decimal_places=4, default=1)
    # `thresholds`: [[level reached, share of the weight earned], …], highest level first
    thresholds = models.JSONField(_("thresholds"), default=list, blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    guidance = models.TextField(_("guidance"), blank=True)

    class Meta:
        ordering = ["item", "sort_order", "code"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="assessment_criterion_code"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="assessment_criterion_weight"
            ),
        ]


class Grade(MethodPart):
    """A grade (好 / 较好 / 一般 / 较差) and the lowest total that earns it."""

    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="grades")
    min_score = models.DecimalField(_("lowest score"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["method", "-min_score"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.UniqueConstraint(fields=["method", "code"], name="assessment_grade_code")
        ]


class Group(MethodPart):
    """A group of assessed units ranked together (national key counties, provincial key
    counties, the others). The default group takes every unit not listed in another."""

    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="groups")
    places = models.ManyToManyField(Place, blank=True, related_name="+", verbose_name=_("places"))
    is_default = models.BooleanField(_("takes the others"), default=False)

    class Meta:
        ordering = ["method", "sort_order", "code"]
        verbose_name = _("assessment group")
        verbose_name_plural = _("assessment groups")
        constraints = [
            models.UniqueConstraint(fields=["method", "code"], name="assessment_group_code")
        ]


class Status(models.TextChoices):
    DRAFT = "draft", _("Self-assessment in progress")
    SUBMITTED = "submitted", _("Self-assessment submitted")
    COMMENTED = "commented", _("Partner has commented")
    VERIFIED = "verified", _("Cross-verified")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", pgettext_lazy("assessment", "Published")


class Assessment(models.Model):
    """One unit's assessment for one year under one method."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    method = models.ForeignKey(
        Method, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("method")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed unit")
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("group"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    narrative = models.TextField(_("self-assessment narrative"), blank=True)
    partner_comment = models.TextField(_("partner's comment"), blank=True)
    total = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    grade = models.ForeignKey(
        Grade, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("grade"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "place__code"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["method", "year", "place"], name="assessment_one_per_unit_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.place}"

    def scope_sides(self) -> list[Any]:
        """Whose record it is: the assessed unit's."""
        return [self.place]

    def partner_sides(self) -> list[Any]:
        """The helpers of the unit's pairings (the partner side, who comments)."""
        from xiezuo.pairings.models import Pairing

        pairings = Pairing.objects.filter(helped_place_id=self.place_id).select_related(
            "helper_place", "helper_organisation__place"
        )
        return [p.helper for p in pairings if p.helper is not None]


class Score(models.Model):
    """One criterion of one assessment: the figures it is judged on and the scores given."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    actual = models.DecimalField(_("actual"), max_digits=20, decimal_places=4, null=True)
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True)
    # where each came from, as a link a reader can follow (the pivot with the same selection)
    actual_source = models.CharField(_("source of the actual"), max_length=500, blank=True)
    target_source = models.CharField(_("source of the target"), max_length=500, blank=True)
    done = models.BooleanField(_("done"), null=True)
    self_score = models.DecimalField(
        _("self-assessed score"), max_digits=7, decimal_places=2, null=True
    )
    verified_score = models.DecimalField(
        _("verified score"), max_digits=7, decimal_places=2, null=True
    )
    reason = models.TextField(_("reason"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        ordering = [
            "assessment",
            "criterion__item__area__sort_order",
            "criterion__item__sort_order",
            "criterion__sort_order",
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="assessment_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.criterion}"

    def scope_sides(self) -> list[Any]:
        return self.assessment.scope_sides()


def evidence_file_path(instance: Evidence, filename: str) -> str:
    return f"assessment/{instance.assessment.uid}/{generate_uid()}"


class Evidence(models.Model):
    """A file given as evidence for an assessment (or one of its criteria); served only
    through a permission-checked view."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="files")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_file_path)
    file_name = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title

    def scope_sides(self) -> list[Any]:
        return self.assessment.scope_sides()


class StepKind(models.TextChoices):
    SUBMIT = "submit", _("Self-assessment submitted")
    COMMENT = "comment", _("Partner commented")
    VERIFY = "verify", _("Cross-verified")
    APPROVE = "approve", _("Approved")
    PUBLISH = "publish", pgettext_lazy("assessment", "Published")
    RETURN = "return", _("Returned for correction")


class Step(AppendOnly):
    """A step of an assessment's cycle: who, when, what, with a comment. Never changed."""

    correction = "return the assessment, then take the step again"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("step"), max_length=10, choices=StepKind.choices)
    status_from = models.CharField(max_length=10, choices=Status.choices)
    status_to = models.CharField(max_length=10, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "at", "id"]
        verbose_name = _("assessment step")
        verbose_name_plural = _("assessment steps")

    def scope_sides(self) -> list[Any]:
        return self.assessment.scope_sides()
