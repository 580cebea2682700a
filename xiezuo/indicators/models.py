"""The aggregate model, after DHIS2's without its accidental complexity.

A data element is a raw figure reported for a place and a period, broken
down by dimensions (disaggregations) whose options are stored as explicit
`dimension=option` pairs, as ADX does, never as materialised combinations.
An indicator is a formula over data elements computed when it is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from xiezuo.language import pick
from xiezuo.numbers import plain
from xiezuo.periods import PeriodType
from xiezuo.places.models import Place
from xiezuo.uids import generate_uid

from .expressions import format_key, parse_key


class Area(models.TextChoices):
    """The assessment areas the catalogue is grouped by."""

    LEADERSHIP = "leadership", _("Organisation and leadership")
    TALENT = "talent", _("Talent exchange")
    FUNDS = "funds", _("Funds")
    INDUSTRY = "industry", _("Industry")
    LABOUR = "labour", _("Labour cooperation")
    COUNTY_PAIRING = "county_pairing", _("County pairing programme")
    CONSUMPTION = "consumption", _("Consumption assistance")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    TOURISM = "tourism", _("Tourism cooperation")
    SOCIAL = "social", _("Social assistance")


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    MONEY = "money", _("Money (yuan)")
    TEXT = "text", _("Text")
    BOOLEAN = "boolean", _("Yes/no")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    LAST = "last", _("Last value in period")


PERIOD_TYPE_CHOICES = [
    (PeriodType.MONTHLY.dhis2_name, _("Monthly")),
    (PeriodType.QUARTERLY.dhis2_name, _("Quarterly")),
    (PeriodType.SIXMONTHLY.dhis2_name, _("Half-yearly")),
    (PeriodType.YEARLY.dhis2_name, _("Yearly")),
]


def period_type_label(period_type: PeriodType | str) -> str:
    """A period type as people read it, in their language: 按年 / Yearly."""
    name = period_type.dhis2_name if isinstance(period_type, PeriodType) else period_type
    return str(dict(PERIOD_TYPE_CHOICES).get(name, name))


class Named(models.Model):
    """Something with a UID, a code and a Chinese and an English name."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    code = models.CharField(_("code"), max_length=64, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    # DHIS2's `created` and `lastUpdated` (an incremental metadata sync asks for what changed)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class Dimension(Named):
    """A disaggregation, e.g. poverty (poor / not poor) or sex."""

    class Meta:
        ordering = ["code"]
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")


class DimensionOption(models.Model):
    """An option of a dimension; its code is unique within the dimension only."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("code"), max_length=64)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["dimension", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="option_code_in_dimension")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class DataElement(Named):
    area = models.CharField(_("assessment area"), max_length=20, choices=Area.choices)
    value_type = models.CharField(_("value type"), max_length=12, choices=ValueType.choices)
    aggregation = models.CharField(
        _("aggregation"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    unit_zh = models.CharField(_("unit (Chinese)"), max_length=20, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    dimensions = models.ManyToManyField(Dimension, blank=True, related_name="data_elements")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["area", "sort_order", "code"]
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")

    def typed(self, value: Decimal | None, text: str = "") -> str:
        """A stored value as it is typed and exchanged: "12", "3.5", "true", or the text."""
        if self.value_type == ValueType.BOOLEAN and value is not None:
            return "true" if value else "false"
        return plain(value, text)

    def shown(self, value: Decimal | None, text: str = "") -> str:
        """A stored value as people read it: a yes-or-no figure says yes or no."""
        if self.value_type == ValueType.BOOLEAN and value is not None:
            return str(_("yes")) if value else str(_("no"))
        return plain(value, text)

    @property
    def unit(self) -> str:
        return pick(self.unit_zh, self.unit_en)


class DataSet(Named):
    """A form of data elements reported together, for a period type, by the places assigned."""

    period_type = models.CharField(_("period type"), max_length=12, choices=PERIOD_TYPE_CHOICES)
    data_elements = models.ManyToManyField(DataElement, related_name="data_sets")
    places = models.ManyToManyField(Place, blank=True, related_name="data_sets")
    # organisations that report it themselves (an enterprise reporting its purchases)
    organisations = models.ManyToManyField(
        "places.Organisation", blank=True, related_name="data_sets"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")

    @property
    def period_type_enum(self) -> PeriodType:
        return PeriodType.from_name(self.period_type)


# Every statement on the values, their summary and their history names the provinces it
# reads (their `province` column): on a distributed database they are the shards it goes
# to (docs/scaling.md). Past this many it names none: such a statement reads nearly every
# shard anyway, and a filter that removes nothing costs more than it saves (the
# country's 31 provinces named made a scan of the values slower, docs/scaling.md §4).
PROVINCES_NAMED_UP_TO = 8


def provinces_named(place_codes: Iterable[str]) -> list[str] | None:
    """The provinces of the subtrees of these codes, sorted; None when there are more than
    PROVINCES_NAMED_UP_TO (then a statement names none)."""
    provinces = sorted({code[:2] for code in place_codes})
    return provinces if len(provinces) <= PROVINCES_NAMED_UP_TO else None


class InProvince(models.QuerySet):
    """Rows that carry their province (values, their history): read a place's rows naming
    it, so that on a distributed database the read goes to one shard (docs/scaling.md)."""

    def at(self, place: Place) -> InProvince:
        return self.filter(place=place, province=place.code[:2])

    def in_provinces(self, place_codes: Iterable[str]) -> InProvince:
        provinces = provinces_named(place_codes)
        return self if provinces is None else self.filter(province__in=provinces)


class DataValue(models.Model):
    """One reported (or derived) figure: data element × place × period × disaggregation.

    `disaggregation` is the canonical text of the dimension=option pairs
    ("poverty=poor;sex=female", sorted by dimension), "" for an element
    without dimensions. The place's code and the period's first and last
    month ordinals are kept beside their ids so that analytics can select a
    subtree by code range and roll periods up by integer division.
    """

    # No index of their own: each is the first column of an index below (one_value_per_cell,
    # value_place_period), and two more indexes to fill cost bulk imports a third of their speed.
    data_element = models.ForeignKey(
        DataElement, on_delete=models.PROTECT, related_name="values", db_index=False
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="data_values", db_index=False
    )
    place_code = models.CharField(max_length=12)
    period = models.CharField(max_length=7)
    start_month = models.IntegerField()
    end_month = models.IntegerField()
    disaggregation = models.CharField(max_length=200, blank=True, default="")
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True, default="")
    comment = models.CharField(max_length=500, blank=True, default="")
    source = models.CharField(
        max_length=40, default="reported", help_text="reported, imported, or derived:<registry>"
    )
    stored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # who stored it as the payload says (DHIS2's storedBy, kept as given), else the poster's
    # username; the poster is `stored_by` (and the audit). A database default too, for
    # the writers that insert rows by SQL without it (bench/analytics.py).
    stored_by_name = models.CharField(max_length=255, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    objects = InProvince.as_manager()
    # the first two digits of place_code: the key a distributed database (Citus) shards the
    # values by, with their summary and history beside them (docs/scaling.md). Written by
    # every writer (not generated: Citus routes an insert by the value it is given) and
    # held equal to the code's by a check.
    province = models.CharField(max_length=2, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["data_element", "place", "period", "disaggregation", "province"],
                name="one_value_per_cell",
            ),
            models.CheckConstraint(
                condition=Q(end_month__gte=models.F("start_month")), name="period_order"
            ),
            models.CheckConstraint(
                condition=Q(province=Substr("place_code", 1, 2)), name="value_province"
            ),
        ]
        indexes = [
            models.Index(fields=["data_element", "place_code", "start_month"], name="value_rollup"),
            models.Index(fields=["place", "period"], name="value_place_period"),
        ]

    def __str__(self) -> str:
        return f"{self.data_element_id}/{self.place_code}/{self.period}/{self.disaggregation}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.province = self.place_code[:2]
        super().save(*args, **kwargs)


class ValueSummary(models.Model):
    """The stored values added up by data element, place code prefix, period and
    disaggregation: what analytics sums instead of the raw rows where it can.

    One row per key, for each of the three prefix lengths 2, 4 and 6 (province,
    prefecture, county): `place_prefix` is the first `prefix_len` digits of the values'
    place codes (a value of a shorter code keeps it whole). `total_units` is the exact
    sum of the values × 10,000 (they have 4 decimals); `value_count` counts the values
    that are not NULL. Triggers of the database keep it up to date in the transaction of
    every write to the values (migrations 0010 and 0011); a cell emptied keeps its row with a count
    of 0, which readers ignore. Nothing else writes here.
    """

    # the unique index below leads with it and serves the reads:
    # data element = ? AND prefix_len = ? AND place_prefix range AND start_month range
    data_element = models.ForeignKey(
        DataElement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    prefix_len = models.SmallIntegerField()
    place_prefix = models.CharField(max_length=6)
    start_month = models.IntegerField()
    end_month = models.IntegerField()
    disaggregation = models.CharField(max_length=200, blank=True, default="")
    derived = models.BooleanField()  # source LIKE 'derived:%' (a registry's values)
    total_units = models.BigIntegerField()
    value_count = models.BigIntegerField()
    province = models.CharField(max_length=2)  # the values' (see DataValue.province)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "data_element",
                    "prefix_len",
                    "place_prefix",
                    "start_month",
                    "end_month",
                    "disaggregation",
                    "derived",
                    "province",
                ],
                name="one_summary_per_key",
            ),
            models.CheckConstraint(
                condition=Q(province=Substr("place_prefix", 1, 2)), name="summary_province"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.data_element_id}/{self.place_prefix}/{self.start_month}-{self.end_month}"


class DataValueChange(models.Model):
    """The history of a value: every update and delete, who, when, old → new."""

    class Action(models.TextChoices):
        UPDATE = "update", _("update")
        DELETE = "delete", _("delete")

    data_element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    disaggregation = models.CharField(max_length=200, blank=True, default="")
    action = models.CharField(max_length=8, choices=Action.choices)
    old_value = models.CharField(max_length=500, blank=True)
    new_value = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    province = models.CharField(max_length=2)  # the value's (see DataValue.province)
    objects = InProvince.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["data_element", "place", "period"], name="change_cell")]

    def __str__(self) -> str:
        return f"{self.action} {self.old_value} → {self.new_value}"


class Indicator(Named):
    """numerator / denominator × factor, each side a sum of data elements.

    An expression is a '+'-separated list of data element codes, each
    optionally restricted to one disaggregation: `labour_trained[poverty=poor]`.
    """

    area = models.CharField(_("assessment area"), max_length=20, choices=Area.choices)
    numerator = models.CharField(_("numerator"), max_length=500)
    denominator = models.CharField(_("denominator"), max_length=500, blank=True, default="1")
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=1)
    unit_zh = models.CharField(max_length=20, blank=True)
    unit_en = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["area", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")


class Target(models.Model):
    """What a figure should reach for a place in a period."""

    data_element = models.ForeignKey(
        DataElement, null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=7)
    disaggregation = models.CharField(max_length=200, blank=True, default="")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(data_element__isnull=False) & Q(indicator__isnull=True))
                | (Q(data_element__isnull=True) & Q(indicator__isnull=False)),
                name="target_of_one_figure",
            )
        ]

    def __str__(self) -> str:
        figure = self.data_element_id or self.indicator_id
        return f"{figure}/{self.place_id}/{self.period}={self.value}"


class ValidationRule(Named):
    """left operator right, each side an expression like an indicator's numerator."""

    class Operator(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        EQ = "==", "="
        GE = ">=", "≥"
        GT = ">", ">"
        NE = "!=", "≠"

    left = models.CharField(max_length=500)
    operator = models.CharField(max_length=2, choices=Operator.choices)
    right = models.CharField(max_length=500)
    message_zh = models.CharField(max_length=300)
    message_en = models.CharField(max_length=300)

    class Meta:
        ordering = ["code"]


class Completion(models.Model):
    """A data set's report for a place and period marked complete."""

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="completions")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["data_set", "place", "period"], name="one_completion")
        ]

    def __str__(self) -> str:
        return f"{self.data_set_id}/{self.place_id}/{self.period}"


class Approval(models.Model):
    """The level above's approval of a data set's report; approved values are locked."""

    class State(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="approvals")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    state = models.CharField(max_length=10, choices=State.choices)
    comment = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)
    # approved by someone who entered values in the report or marked it complete, which
    # only XIEZUO_ALLOW_SELF_APPROVAL lets through (policy.self_approval)
    self_approved = models.BooleanField(_("self-approved"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["data_set", "place", "period"], name="one_approval")
        ]

    def __str__(self) -> str:
        return f"{self.data_set_id}/{self.place_id}/{self.period}: {self.state}"


class ImportJob(models.Model):
    """A data value file uploaded on the web, or posted to /api/dataValueSets
    with async=true, imported in the background.

    The file stays under MEDIA_ROOT; while the job runs, its progress is in a
    small file beside it (a database row could not be updated while the
    import's own transaction holds SQLite's write lock); the DHIS2 import
    summary is kept when it ends.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # DHIS2's job id, by which /api/system/tasks/DATAVALUE_IMPORT/<uid> is polled
    # (null only for jobs made before it existed)
    uid = models.CharField(
        max_length=11, unique=True, null=True, default=generate_uid, editable=False
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(max_length=8)
    options = models.JSONField(default=dict)
    language = models.CharField(max_length=12, default="zh-hans")
    size = models.BigIntegerField(default=0)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    summary = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="import_job_queue")]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"


class FigureTarget(models.Model):
    """A target tied to the catalogue, for a register's records (a work item's, a project's):
    a data element (optionally some of its options) or an indicator, a place, a period and a
    value, checked by `targets.target_clean`. E.g. "train 10,000 poor workers in 2018": data
    element people_trained, option poverty=poor, place Guangxi (45), period 2018, value 10000.
    """

    data_element = models.ForeignKey(
        DataElement,
        verbose_name=_("data element"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    options = models.CharField(
        _("options"),
        max_length=200,
        blank=True,
        help_text=_("Restrict to options, as dimension=option;… (e.g. poverty=poor)."),
    )
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT)
    period = models.CharField(_("period"), max_length=7, help_text=_("e.g. 2018 or 2018S1"))
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)

    class Meta:
        abstract = True

    # exactly one figure; each concrete model names its own constraint with this condition
    ONE_FIGURE = (Q(data_element__isnull=False) & Q(indicator__isnull=True)) | (
        Q(data_element__isnull=True) & Q(indicator__isnull=False)
    )

    def __str__(self) -> str:
        return f"{self.expression} {self.place_id} {self.period} ≥ {self.value}"

    @property
    def figure(self) -> DataElement | Indicator:
        figure = self.data_element or self.indicator
        assert figure is not None
        return figure

    @property
    def expression(self) -> str:
        """The target as the analytics engine reads it: `people_trained[poverty=poor]`."""
        code = self.figure.code
        if self.options:
            return f"{code}[{format_key(parse_key(self.options))}]"
        return code
