"""The year's quotas of cadres and professionals, and the report "planned vs in post".

Writes: `quota_set` sets a county's quotas (cadres and professionals) for a year and a
direction; a refused value is named by its field and nothing is written.

Reads: `quota_report` counts, for a year, a day and an area, each county's quotas
against the people in post on that day:

- *in post on a day*: a secondment whose actual start is on or before the day and that
  has not ended before it (no end, or an end on or after the day);
- a secondment counts for the county that receives it (its host, direction to_helped)
  or that sends it (its origin, direction to_helper); a host or origin below a county
  (a township) counts for its county;
- *cadres* are the category cadre; *professionals* every other category.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.places.models import Level, Place
from xiezuo.places.selectors import code_within

from .models import Category, Direction, Quota, QuotaGroup, Secondment

FIRST_YEAR = 1996  # the programme began in 1996
COUNTY_CODE = 6  # digits of a county's division code


def last_year() -> int:
    """Agreements are signed for the years ahead, a few at most."""
    return timezone.localdate().year + 5


# --- checking what is asked


def planned_clean(value: Any, *, field: str) -> int:
    """A planned number of people: a whole number, zero or more."""
    if isinstance(value, bool):
        value = "x"
    text = str(value if value is not None else "").strip().replace(",", "")
    if not text:
        raise ValidationError({field: _("This field is required.")})
    if not text.isdigit() or len(text) > 7:
        raise ValidationError(
            {field: _("“%(value)s” is not a whole number of zero or more.") % {"value": text}}
        )
    return int(text)


def year_clean(value: Any, *, field: str = "year") -> int:
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= last_year():
        raise ValidationError(
            {
                field: _("The year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": last_year()}
            }
        )
    return int(text)


def direction_clean(value: Any, *, field: str = "direction") -> str:
    if value not in Direction.values:
        raise ValidationError(
            {field: _("“%(value)s” is not one of the allowed values.") % {"value": value}}
        )
    return str(value)


def _check_county(place: Place | None) -> Place:
    if place is None:
        raise ValidationError({"place": _("This field is required.")})
    if place.level != Level.COUNTY:
        raise ValidationError(
            {"place": _("%(place)s is not a county: quotas are set per county.")
             % {"place": place.name}}
        )  # fmt: skip
    return place


# --- writes


@transaction.atomic
def quota_set(
    *,
    actor: Any,
    place: Place | None,
    year: Any,
    direction: Any,
    cadres: Any,
    professionals: Any,
    source: str = "",
) -> list[Quota]:
    """Set a county's quotas of cadres and professionals for a year and a direction (the
    ones set before are replaced); returns the two quotas."""
    errors: dict[str, list[str]] = {}
    checked: dict[str, Any] = {}
    for key, check, value in (
        ("place", lambda v, field: _check_county(v), place),
        ("year", lambda v, field: year_clean(v, field=field), year),
        ("direction", lambda v, field: direction_clean(v, field=field), direction),
        ("cadres", lambda v, field: planned_clean(v, field=field), cadres),
        ("professionals", lambda v, field: planned_clean(v, field=field), professionals),
    ):
        try:
            checked[key] = check(value, key)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    source = (source or "").strip()
    if len(source) > 200:
        errors["source"] = [_("The text is too long (at most 200 characters).")]
    if errors:
        raise ValidationError(errors)
    quotas = []
    for group, key in ((QuotaGroup.CADRES, "cadres"), (QuotaGroup.PROFESSIONALS, "professionals")):
        quota, _made = Quota.objects.update_or_create(
            place=checked["place"], year=checked["year"], direction=checked["direction"],
            group=group,
            defaults={"planned": checked[key], "source": source, "created_by": actor},
        )  # fmt: skip
        quotas.append(quota)
    return quotas


# --- reads


def quota_list(
    *, year: int | None = None, place: str | None = None, direction: str | None = None
) -> QuerySet[Quota]:
    quotas = Quota.objects.select_related("place")
    if year:
        quotas = quotas.filter(year=year)
    if place:
        quotas = quotas.filter(code_within("place__code", place))
    if direction:
        quotas = quotas.filter(direction=direction)
    return quotas


def latest_quota_year() -> int | None:
    """The latest year any quota is set for (the report opens on it)."""
    return Quota.objects.order_by("-year").values_list("year", flat=True).first()


def last_in_post_day(*, before: date, place: str | None = None) -> date | None:
    """The last day before `before` on which someone was in post (within `place`): where
    to look when nobody is in post on the day asked about."""
    ended = _within(Secondment.objects.filter(started_on__lt=before, ended_on__lt=before), place)
    return ended.order_by("-ended_on").values_list("ended_on", flat=True).first()


def in_post_filter(day: date) -> Q:
    """Secondments in post on `day`: started on or before it, not ended before it."""
    return Q(started_on__isnull=False, started_on__lte=day) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


def counted_side(direction: str) -> str:
    """The side a secondment counts for: the host receives, the origin sends."""
    return "host" if direction == Direction.TO_HELPED else "origin"


def county_of(code: str) -> str:
    return code[:COUNTY_CODE] if len(code) >= COUNTY_CODE else code


@dataclass
class ReportRow:
    code: str
    name: str
    cadres_planned: int = 0
    cadres_in_post: int = 0
    professionals_planned: int = 0
    professionals_in_post: int = 0

    @property
    def planned(self) -> int:
        return self.cadres_planned + self.professionals_planned

    @property
    def in_post(self) -> int:
        return self.cadres_in_post + self.professionals_in_post


@dataclass
class QuotaReport:
    year: int
    on: date
    place: str | None
    direction: str
    rows: list[ReportRow] = field(default_factory=list)
    total: ReportRow = field(default_factory=lambda: ReportRow("", ""))


def report_day(year: int, on: date | None) -> date:
    """The day a report counts on: the one asked, else today within the year, else the
    year's last day (or first, for a year to come)."""
    if on is not None:
        return on
    today = timezone.localdate()
    if today.year == year:
        return today
    return date(year, 12, 31) if year < today.year else date(year, 1, 1)


def quota_report(
    *, year: int, on: date | None = None, place: str | None = None,
    direction: str = Direction.TO_HELPED,
) -> QuotaReport:  # fmt: skip
    """Each county's quotas for `year` against the people in post on `on`, within `place`
    (the place and its area), for one direction; counties with a quota or someone in post."""
    day = report_day(year, on)
    report = QuotaReport(year=year, on=day, place=place or None, direction=direction)
    rows: dict[str, ReportRow] = {}

    def row(code: str) -> ReportRow:
        if code not in rows:
            rows[code] = ReportRow(code, "")
        return rows[code]

    for quota in quota_list(year=year, place=place, direction=direction):
        cell = row(quota.place.code)
        if quota.group == QuotaGroup.CADRES:
            cell.cadres_planned += quota.planned
        else:
            cell.professionals_planned += quota.planned
    side = counted_side(direction)
    secondments = Secondment.objects.filter(in_post_filter(day), direction=direction)
    if place:
        secondments = secondments.filter(code_within(f"{side}__code", place))
    counts: dict[tuple[str, bool], int] = defaultdict(int)
    for code, category in secondments.values_list(f"{side}__code", "category"):
        counts[(county_of(code), category == Category.CADRE)] += 1
    for (code, cadre), n in counts.items():
        if cadre:
            row(code).cadres_in_post += n
        else:
            row(code).professionals_in_post += n
    names = dict(Place.objects.filter(code__in=rows).values_list("code", "name"))
    names_en = dict(Place.objects.filter(code__in=rows).values_list("code", "name_en"))
    for code in sorted(rows):
        cell = rows[code]
        shown = Place(code=code, name=names.get(code, code), name_en=names_en.get(code) or "")
        cell.name = shown.display_name
        report.rows.append(cell)
        for key in ("cadres_planned", "cadres_in_post", "professionals_planned",
                    "professionals_in_post"):  # fmt: skip
            setattr(report.total, key, getattr(report.total, key) + getattr(cell, key))
    return report


def _within(secondments: QuerySet[Secondment], place: str | None) -> QuerySet[Secondment]:
    """Secondments whose host or origin lies in `place`'s area."""
    if not place:
        return secondments
    return secondments.filter(code_within("host__code", place) | code_within("origin__code", place))


def in_post_list(*, on: date | None = None, place: str | None = None) -> QuerySet[Secondment]:
    """Who is in post on `on` (default today), sent from or received in `place`'s area."""
    day = on or timezone.localdate()
    secondments = Secondment.objects.filter(in_post_filter(day)).select_related(
        "person", "origin", "host", "origin_organisation", "host_organisation"
    )
    return _within(secondments, place).order_by("planned_end", "host__code", "person__name", "pk")


def ending_list(
    *, on: date | None = None, place: str | None = None, days: int = 30
) -> QuerySet[Secondment]:
    """Who is in post on `on` and is to end within `days` days (planned end, both included)."""
    day = on or timezone.localdate()
    return in_post_list(on=day, place=place).filter(
        ended_on__isnull=True, planned_end__gte=day, planned_end__lte=day + timedelta(days=days)
    )
