"""Reads of the work plan: documents, items and their computed status, notifications."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from xiezuo import periods
from xiezuo.accounts.models import User
from xiezuo.indicators.analytics import Query, analytics
from xiezuo.indicators.models import DataSet
from xiezuo.language import pick
from xiezuo.places.models import Place

from .models import Document, Milestone, Notification, ProgressUpdate, Target, WorkItem
from .status import Assessment, ItemFacts, MilestoneFacts, TargetFacts, assess


def document_list() -> QuerySet[Document]:
    return Document.objects.prefetch_related("parties")


def item_list(*, document: Document | None = None) -> QuerySet[WorkItem]:
    """Work items (of one document, or all) in the plan's order, with what pages, the board
    and the status need, in few queries."""
    items = (
        WorkItem.objects.select_related("category", "lead", "lead__place", "document")
        .prefetch_related(
            "places",
            "supporting",
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
            Prefetch(
                "targets",
                queryset=Target.objects.select_related("data_element", "indicator", "place"),
            ),
        )
        .order_by("category__number", "number")
    )
    return items if document is None else items.filter(document=document)


def milestone_list(*, item: WorkItem) -> QuerySet[Milestone]:
    """An item's milestones by due date, with who ticked them and their evidence."""
    return item.milestones.select_related("done_by").prefetch_related("evidence")


def update_list(*, item: WorkItem) -> QuerySet[ProgressUpdate]:
    """An item's progress updates, newest first, with their authors and evidence."""
    return item.updates.select_related("author").prefetch_related("evidence")


def target_label(target: Target) -> str:
    figure = target.figure
    label = pick(figure.name_zh, figure.name_en)
    if target.options:
        label = f"{label}（{target.options}）"
    return label


def _months_until(period: periods.Period, today: date) -> list[periods.Period]:
    """The part of a target's period that has elapsed by `today`, in months."""
    if today >= period.end_date:
        return [period]
    current = periods.of_date(today, periods.PeriodType.MONTHLY)
    return [m for m in period.parts(periods.PeriodType.MONTHLY) if m.start <= current.start]


@dataclass(frozen=True)
class PlannedTarget:
    """The work plan's targets on one figure, place and period, added up: the sum, and the
    first work item that sets one (where a reader goes to see why)."""

    value: Decimal
    item_id: int


def planned_targets(
    *, items: Iterable[str], places: Iterable[Place], periods: Iterable[str]
) -> dict[tuple[str, str, str], PlannedTarget]:
    """The work plan's targets for analytics items (`workers_placed`,
    `people_trained[poverty=poor]`) at places in periods, keyed by (item as the target
    writes it, place code, period id). The one reading of "the plan's target" the
    dashboard, the county profile and the assessment share. One query."""
    wanted = {item.replace(" ", "") for item in items}
    codes = {item.split("[", 1)[0] for item in wanted}
    rows = (
        Target.objects.filter(place__in=list(places), period__in=list(periods))
        .filter(Q(data_element__code__in=codes) | Q(indicator__code__in=codes))
        .select_related("data_element", "indicator", "place")
        .order_by("pk")
    )
    found: dict[tuple[str, str, str], PlannedTarget] = {}
    for target in rows:
        if target.expression not in wanted:
            continue
        key = (target.expression, target.place.code, target.period)
        before = found.get(key)
        found[key] = PlannedTarget(
            (before.value if before else Decimal(0)) + target.value,
            before.item_id if before else target.item_id,
        )
    return found


def target_actuals(
    targets: Iterable[Target], today: date | None = None
) -> dict[int, Decimal | None]:
    """The live analytics value of each target, counting the months reported up to `today`.

    One analytics query per place and elapsed period."""
    today = today or timezone.localdate()
    groups: dict[tuple[int, tuple[str, ...]], list[Target]] = defaultdict(list)
    spans: dict[tuple[int, tuple[str, ...]], list[periods.Period]] = {}
    actuals: dict[int, Decimal | None] = {}
    for target in targets:
        span = _months_until(periods.parse(target.period), today)
        if not span:
            actuals[target.pk] = None
            continue
        key = (target.place_id, tuple(p.id for p in span))
        groups[key].append(target)
        spans[key] = span
    for key, group in groups.items():
        result = analytics(
            Query(
                items=sorted({t.expression for t in group}),
                periods=spans[key],
                places=[group[0].place],
                periods_as_filter=True,
                places_as_filter=True,
            )
        )
        for target in group:
            actuals[target.pk] = result.get(target.expression)
    return actuals


def update_summary(
    items: Sequence[WorkItem], today: date
) -> dict[int, tuple[int, date | None, int | None]]:
    """item id -> (number of updates, date of the latest, latest percentage given), to `today`."""
    facts: dict[int, tuple[int, date | None, int | None]] = {}
    rows = (
        ProgressUpdate.objects.filter(item__in=items, reported_on__lte=today)
        .order_by("item_id", "-reported_on", "-pk")
        .values_list("item_id", "reported_on", "percent")
    )
    for item_id, reported_on, percent in rows:
        count, last_on, last_percent = facts.get(item_id, (0, None, None))
        if count == 0:
            last_on = reported_on
        if last_percent is None:
            last_percent = percent
        facts[item_id] = (count + 1, last_on, last_percent)
    return facts


def target_reporting_months(targets: Iterable[Target]) -> dict[int, int]:
    """data element id -> how many months its most frequent data set's period spans.

    A target's expected share grows by whole reporting periods: a figure
    reported yearly is not expected to show before the year is over."""
    element_ids = {t.data_element_id for t in targets if t.data_element_id}
    months: dict[int, int] = {}
    rows = DataSet.objects.filter(data_elements__in=element_ids).values_list(
        "data_elements", "period_type"
    )
    for element_id, period_type in rows:
        step = periods.PeriodType.from_name(period_type).months
        months[element_id] = min(step, months.get(element_id, step))
    return months


def item_facts(
    item: WorkItem,
    actuals: dict[int, Decimal | None],
    updates: dict[int, tuple[int, date | None, int | None]],
    today: date,
    steps: dict[int, int] | None = None,
) -> ItemFacts:
    """What the status rule needs to know of an item, as it stood on `today`."""
    milestones = [
        MilestoneFacts(m.title, m.due_on, m.done_on if m.done_on and m.done_on <= today else None)
        for m in item.milestones.all()
    ]
    targets = []
    for t in item.targets.all():
        period = periods.parse(t.period)
        targets.append(
            TargetFacts(
                target_label(t),
                t.value,
                actuals.get(t.pk),
                period.start_date,
                period.end_date,
                (steps or {}).get(t.data_element_id or 0, 1),
            )
        )
    count, last_on, percent = updates.get(item.pk, (0, None, None))
    return ItemFacts(
        starts_on=item.starts_on,
        due_on=item.due_on,
        milestones=milestones,
        targets=targets,
        latest_percent=percent,
        last_update_on=last_on,
        updates=count,
    )


def item_assessments(items: Sequence[WorkItem], *, on: date | None = None) -> dict[int, Assessment]:
    """Each item's computed status as on `on` (default: the local date), from live data.

    A past date gives the status as it stood then: milestones ticked and
    updates dated up to that day, targets' values over the months up to it.
    Pass items from `item_list` (milestones and targets prefetched)."""
    today = on or timezone.localdate()
    targets = [t for item in items for t in item.targets.all()]
    actuals = target_actuals(targets, today)
    steps = target_reporting_months(targets)
    updates = update_summary(items, today)
    found = {}
    for item in items:
        assessment = assess(item_facts(item, actuals, updates, today, steps), today)
        assessment.target_values = {t.pk: actuals.get(t.pk) for t in item.targets.all()}
        found[item.pk] = assessment
    return found


def item_assessment(item: WorkItem, *, on: date | None = None) -> Assessment:
    fresh = item_list().get(pk=item.pk)
    return item_assessments([fresh], on=on)[item.pk]


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    """A user's notifications, newest first, with what the list shows."""
    notifications = Notification.objects.filter(user=user).select_related(
        "item", "item__document", "item__lead"
    )
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
