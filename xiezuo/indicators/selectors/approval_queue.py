"""The approval queue: the reports below a user's scope awaiting approval,
approved and returned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.language import period_label
from xiezuo.paging import Capped, capped
from xiezuo.periods import Period

from ..models import (
    Approval,
    Completion,
    DataSet,
)

# --- the approval queue


@dataclass
class ApprovalQueue:
    """The newest `limit` reports of each kind, with how many there are in all."""

    awaiting: Capped[Completion]
    approved: Capped[Approval]
    returned: Capped[Approval]


def approval_queue(
    user: Any, *, data_set: DataSet | None = None, period: Period | None = None, limit: int = 200
) -> ApprovalQueue:
    """Reports below the user's scope: awaiting approval, approved, returned (the newest
    `limit` of each, with how many there are in all)."""
    below = policy.scope_filter(user, "data.approve", field="place__code")

    def narrowed(qs: QuerySet[Any]) -> QuerySet[Any]:
        qs = qs.filter(below)
        if data_set is not None:
            qs = qs.filter(data_set=data_set)
        if period is not None:
            qs = qs.filter(period=period.id)
        return qs.select_related("data_set", "place").order_by("-period", "place__code")

    same_report = {
        "data_set": OuterRef("data_set"),
        "place": OuterRef("place"),
        "period": OuterRef("period"),
    }
    approved_there = Approval.objects.filter(state=Approval.State.APPROVED, **same_report)
    awaiting = narrowed(Completion.objects.select_related("completed_by")).exclude(
        Exists(approved_there)
    )
    approved = narrowed(
        Approval.objects.filter(state=Approval.State.APPROVED).select_related("decided_by")
    )
    returned = narrowed(
        Approval.objects.filter(state=Approval.State.RETURNED).select_related("decided_by")
    ).exclude(Exists(Completion.objects.filter(**same_report)))
    queue = ApprovalQueue(capped(awaiting, limit), capped(approved, limit), capped(returned, limit))
    records: list[Completion | Approval] = [*queue.awaiting, *queue.approved, *queue.returned]
    for record in records:
        record.period_label = period_label_of(record.period)  # type: ignore[union-attr]
    return queue


def period_label_of(period_id: str) -> str:
    try:
        return period_label(periods.parse(period_id))
    except ValueError:
        return period_id
