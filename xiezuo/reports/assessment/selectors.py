"""Reads of the assessment cycle: the list, one assessment with its criteria in their areas
and items, the deadlines, and the year's results (ranking, change, weakest criteria).

Who reads what: a published assessment is open to every signed-in reader; one not yet
published is read within the unit's scope (`assessment.draft.view`: the unit, the levels
above) and by the partner side (`assessment.comment`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts import policy

from .models import Area, Assessment, Evidence, Item, Method, Score, Status, Step

# --- who reads what


def can_read(user: Any, assessment: Assessment) -> bool:
    if not policy.can(user, "assessment.view"):
        return False
    if assessment.status == Status.PUBLISHED:
        return True
    return policy.can(user, "assessment.draft.view", assessment.place) or policy.can(
        user, "assessment.comment", assessment
    )


def readable(user: Any) -> Q:
    """The assessments a user reads in lists: the published ones, and the others within his
    scope (the partner side reads its units' drafts on their pages)."""
    return Q(status=Status.PUBLISHED) | policy.scope_filter(
        user, "assessment.draft.view", field="place__code"
    )


def assessment_list(
    *, user: Any, year: int | None = None, method: Method | None = None,
    status: str | None = None, group: str | None = None, place: str | None = None,
) -> QuerySet[Assessment]:  # fmt: skip
    rows = Assessment.objects.filter(readable(user)).select_related("method", "place", "group",
                                                                    "grade")  # fmt: skip
    if year:
        rows = rows.filter(year=year)
    if method is not None:
        rows = rows.filter(method=method)
    if status:
        rows = rows.filter(status=status)
    if group:
        rows = rows.filter(group__code=group)
    if place:
        rows = rows.filter(place__code__startswith=place)
    return rows.order_by("-year", "method__code", "place__code")


def assessment_get(uid: str) -> Assessment:
    return Assessment.objects.select_related("method", "place", "group", "grade").get(uid=uid)


# --- one assessment


def final_score(score: Score) -> Decimal | None:
    return score.verified_score if score.verified_score is not None else score.self_score


@dataclass
class ItemScores:
    item: Item
    scores: list[Score] = field(default_factory=list)


@dataclass
class AreaScores:
    area: Area
    items: list[ItemScores] = field(default_factory=list)

    @property
    def weight(self) -> Decimal:
        return sum((s.criterion.weight for i in self.items for s in i.scores), Decimal(0))

    @property
    def earned(self) -> Decimal:
        return sum((final_score(s) or Decimal(0) for i in self.items for s in i.scores), Decimal(0))


def assessment_areas(assessment: Assessment) -> list[AreaScores]:
    """The scores in their areas and items, in the method's order (one query)."""
    scores = Score.objects.filter(assessment=assessment).select_related(
        "criterion__item__area"
    ).order_by("criterion__item__area__sort_order", "criterion__item__area__code",
               "criterion__item__sort_order", "criterion__item__code",
               "criterion__sort_order", "criterion__code")  # fmt: skip
    areas: dict[int, AreaScores] = {}
    items: dict[int, ItemScores] = {}
    for score in scores:
        item = score.criterion.item
        area = areas.setdefault(item.area_id, AreaScores(item.area))
        if item.pk not in items:
            items[item.pk] = ItemScores(item)
            area.items.append(items[item.pk])
        items[item.pk].scores.append(score)
    return list(areas.values())


def assessment_steps(assessment: Assessment) -> QuerySet[Step]:
    return assessment.steps.select_related("by").order_by("at", "id")


def assessment_files(assessment: Assessment) -> QuerySet[Evidence]:
    return assessment.files.select_related("criterion", "created_by")


# --- deadlines


@dataclass(frozen=True)
class Deadline:
    stage: str  # "self", "verify", "approve"
    label: str
    due: date
    days_left: int  # negative: overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def deadlines(year: int) -> dict[str, date]:
    """Self-assessment by 31 December, cross-verification by 31 January, the approved result
    by the end of February (of the next year)."""
    february_end = date(year + 1, 3, 1).toordinal() - 1
    return {
        "self": date(year, 12, 31),
        "verify": date(year + 1, 1, 31),
        "approve": date.fromordinal(february_end),
    }


STAGE_OF_STATUS = {
    Status.DRAFT: "self",
    Status.SUBMITTED: "verify",
    Status.COMMENTED: "verify",
    Status.VERIFIED: "approve",
}


def stage_label(stage: str) -> str:
    return {
        "self": _("Self-assessment due"),
        "verify": _("Cross-verification due"),
        "approve": _("Approved result due"),
    }[stage]


def deadline_of(assessment: Assessment, *, today: date | None = None) -> Deadline | None:
    """The deadline of the assessment's next step (None once approved)."""
    stage = STAGE_OF_STATUS.get(Status(assessment.status))
    if stage is None:
        return None
    due = deadlines(assessment.year)[stage]
    today = today or timezone.localdate()
    return Deadline(stage, stage_label(stage), due, (due - today).days)


# --- results


@dataclass
class ResultRow:
    assessment: Assessment
    total: Decimal | None
    rank: int | None = None
    previous: Decimal | None = None
    weakest: list[tuple[str, Decimal]] = field(default_factory=list)  # (criterion, share)

    @property
    def change(self) -> Decimal | None:
        if self.total is None or self.previous is None:
            return None
        return self.total - self.previous


@dataclass
class WeakCriterion:
    label: str
    weight: Decimal
    share: Decimal  # of the weight earned, on average over the units


@dataclass
class Results:
    method: Method
    year: int
    groups: list[tuple[str, list[ResultRow]]]
    weakest: list[WeakCriterion]
    unpublished: int  # rows shown that are not published yet (the reader's scope)

    @property
    def rows(self) -> list[ResultRow]:
        return [row for _label, rows in self.groups for row in rows]


def _total(assessment: Assessment, scores: list[Score]) -> Decimal | None:
    """A unit's score: none while a draft (not self-assessed yet)."""
    if assessment.status == Status.DRAFT:
        return None
    if assessment.total is not None:
        return assessment.total
    given = [final_score(s) for s in scores]
    if all(g is None for g in given):
        return None
    return sum((g for g in given if g is not None), Decimal(0))


def results(*, user: Any, method: Method, year: int, weakest: int = 5) -> Results:
    """The year's results under a method as `user` may read them: per group, the units
    ranked by score (ties share a rank), with last year's score and the change, and the
    criteria the units earned the least of (share of the weight, on average over the units
    with a score: drafts have none)."""
    assessments = list(
        Assessment.objects.filter(readable(user), method=method, year=year)
        .select_related("place", "group", "grade", "method")
        .order_by("place__code")
    )
    scores: dict[int, list[Score]] = defaultdict(list)
    for score in Score.objects.filter(assessment__in=assessments).select_related("criterion"):
        scores[score.assessment_id].append(score)
    previous = dict(
        Assessment.objects.filter(
            readable(user), year=year - 1, place__in=[a.place_id for a in assessments],
            total__isnull=False,
        ).values_list("place_id", "total")
    )  # fmt: skip
    grouped: dict[Any, list[ResultRow]] = defaultdict(list)
    shares: dict[int, list[Decimal]] = defaultdict(list)
    labels: dict[int, tuple[str, Decimal, int]] = {}
    for assessment in assessments:
        own = scores[assessment.pk]
        row = ResultRow(assessment, _total(assessment, own), previous=previous.get(
            assessment.place_id))  # fmt: skip
        ranked = []
        for score in own if row.total is not None else []:
            criterion = score.criterion
            if not criterion.weight:
                continue
            share = (final_score(score) or Decimal(0)) / criterion.weight
            ranked.append((criterion.label, share))
            shares[criterion.pk].append(share)
            labels[criterion.pk] = (criterion.label, criterion.weight, criterion.sort_order)
        row.weakest = sorted(ranked, key=lambda pair: pair[1])[:2]
        grouped[assessment.group].append(row)
    groups = []
    for group in sorted(grouped, key=lambda g: (g is None, g.sort_order if g else 0)):
        rows = sorted(grouped[group], key=lambda r: (r.total is None, -(r.total or 0),
                                                     r.assessment.place.code))  # fmt: skip
        rank, last = 0, None
        for n, row in enumerate(rows, start=1):
            if row.total is None:
                continue
            if row.total != last:
                rank, last = n, row.total
            row.rank = rank
        groups.append((group.label if group else _("Not in a group"), rows))
    weak = [
        WeakCriterion(labels[pk][0], labels[pk][1], sum(v, Decimal(0)) / len(v))
        for pk, v in shares.items()
    ]
    weak.sort(key=lambda w: (w.share, w.label))
    unpublished = sum(1 for a in assessments if a.status != Status.PUBLISHED)
    return Results(method, year, groups, weak[:weakest], unpublished)
