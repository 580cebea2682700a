"""Reads of reports: a data set's figures for one place and one period.

A report is complete when the place has marked it so (a Completion), approved
or returned when the level above has decided (an Approval), and locked when an
approved report of the data set covers it (its own, or its ancestor's). Also
what the start page offers: the data sets, the default period and place, the
recent reports' states, and a report's history from the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.language import period_label
from xiezuo.paging import Capped, capped
from xiezuo.periods import Period
from xiezuo.places import codes
from xiezuo.places.models import Place
from xiezuo.places.selectors import home_place_code

from ..models import (
    Approval,
    Completion,
    DataSet,
    DataValue,
    DataValueChange,
)


def default_period(data_set: DataSet, today: date | None = None) -> Period:
    """The latest period of the data set's type that has ended."""
    today = today or timezone.localdate()
    return periods.of_date(today, data_set.period_type_enum).previous


def data_set_list() -> QuerySet[DataSet]:
    return DataSet.objects.all()


def data_set_get(key: str) -> DataSet | None:
    """The data set with this code or UID."""
    key = key.strip()
    if not key:
        return None
    return DataSet.objects.filter(code=key).first() or DataSet.objects.filter(uid=key).first()


def default_place_code(user: Any) -> str:
    """The user's first scope place (the programme's helped region for someone without one)."""
    scope = sorted(policy.scope_codes(user)) if policy.is_active_user(user) else []
    return scope[0] if scope else home_place_code()


def place_suggestions(user: Any, limit: int = 300) -> list[Place]:
    """The user's scope places and their children: what the place field suggests as one
    types (a typeahead list, not a listing: any place may still be typed)."""
    scope = sorted(policy.scope_codes(user))
    if not scope:
        return list(Place.objects.filter(level=1))
    condition = Q(code__in=scope) | Q(parent__code__in=scope)
    return list(Place.objects.filter(condition).order_by("code")[:limit])


# --- a report's state


class Decided:
    """What the level above decided on a report: its `approval`, if any."""

    approval: Approval | None

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.approval.state == Approval.State.APPROVED

    @property
    def returned(self) -> bool:
        return self.approval is not None and self.approval.state == Approval.State.RETURNED


@dataclass
class Report(Decided):
    data_set: DataSet
    place: Place
    period: Period
    completion: Completion | None = None
    approval: Approval | None = None  # the decision on this very report, if any
    lock: Approval | None = None  # an approval covering it: its own or an ancestor's

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def completed(self) -> bool:
        return self.completion is not None

    @property
    def locked(self) -> bool:
        return self.lock is not None

    @property
    def awaiting_approval(self) -> bool:
        return self.completed and not self.approved and not self.locked

    @property
    def state(self) -> str:
        """approved, locked (by an ancestor's approval), complete, returned or open."""
        if self.approved:
            return "approved"
        if self.locked:
            return "locked"
        if self.completed:
            return "complete"
        if self.returned:
            return "returned"
        return "open"

    @property
    def state_label(self) -> str:
        return str(REPORT_STATES[self.state])


REPORT_STATES = {
    "approved": gettext_lazy("approved"),
    "locked": gettext_lazy("locked"),
    "complete": gettext_lazy("complete"),
    "returned": gettext_lazy("returned"),
    "open": gettext_lazy("not complete"),
}


def report_get(data_set: DataSet, place: Place, period: Period) -> Report:
    """The report's completion, its approval and the approval that locks it."""
    report = Report(data_set, place, period)
    report.completion = (
        Completion.objects.filter(data_set=data_set, place=place, period=period.id)
        .select_related("completed_by")
        .first()
    )
    report.lock = None
    ancestors = [*codes.ancestor_codes(place.code), place.code]
    for approval in Approval.objects.filter(
        data_set=data_set, place__code__in=ancestors
    ).select_related("decided_by", "place"):
        if approval.place_id == place.pk and approval.period == period.id:
            report.approval = approval
        if approval.state != Approval.State.APPROVED:
            continue
        covering = periods.parse(approval.period)
        if covering.contains(period) and (
            report.lock is None or len(approval.place.code) > len(report.lock.place.code)
        ):
            report.lock = approval
    return report


# --- a report's history (from the audit trail)


@dataclass
class ReportEvent:
    when: datetime
    who: str
    what: str
    comment: str = ""


def report_took_part(user: Any, data_set: DataSet, place: Place, period: Period) -> bool:
    """Whether `user` entered or changed a value of the report, or marked it complete (the
    four-eyes test of its approval, `policy.self_approval`)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cells = {"data_element__in": data_set.data_elements.all(), "period": period.id}
    return (
        Completion.objects.filter(
            data_set=data_set, place=place, period=period.id, completed_by=user
        ).exists()
        or DataValue.objects.at(place).filter(stored_by=user, **cells).exists()
        or DataValueChange.objects.at(place).filter(changed_by=user, **cells).exists()
    )


def report_history(data_set: DataSet, place: Place, period: Period) -> Capped[ReportEvent]:
    """Completions, approvals, returns and un-approvals of a report, newest first (the
    latest 100, with how many there are).

    The audit trail names a record by its text, "data set id/place id/period"
    (and ": state" for an approval), which survives the record's deletion: an
    un-approval deletes the Approval, and its entry must still be found.
    """
    key = f"{data_set.pk}/{place.pk}/{period.id}"
    completion_type = ContentType.objects.get_for_model(Completion)
    approval_type = ContentType.objects.get_for_model(Approval)
    entries = capped(
        LogEntry.objects.filter(
            Q(content_type=completion_type, object_repr=key)
            | Q(content_type=approval_type, object_repr__startswith=key + ":")
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk"),
        100,
    )
    events = []
    for entry in entries:
        who = entry.actor.display_name if entry.actor else str(_("system"))
        changes = entry.changes_dict or {}
        if entry.content_type_id == completion_type.pk:
            created = entry.action == LogEntry.Action.CREATE
            what = _("marked it complete") if created else _("undid the completion")
            events.append(ReportEvent(entry.timestamp, who, str(what)))
            continue
        state = entry.object_repr.rsplit(":", 1)[-1].strip()
        if entry.action == LogEntry.Action.DELETE:
            approved = state == Approval.State.APPROVED
            what = _("withdrew the approval") if approved else _("withdrew the decision")
            events.append(ReportEvent(entry.timestamp, who, str(what)))
            continue
        comment = changes.get("comment", [None, None])[-1] or ""
        what = _("approved it") if state == Approval.State.APPROVED else _("returned it")
        events.append(ReportEvent(entry.timestamp, who, str(what), str(comment)))
    return Capped(events, entries.total)


# --- report states of one place


def report_statuses(
    *, data_sets: Sequence[DataSet], place: Place, period_ids: Sequence[str]
) -> dict[tuple[int, str], str]:
    """(data set id, period id) -> complete / approved / returned, for one place."""
    found: dict[tuple[int, str], str] = {}
    for data_set_id, period_id in Completion.objects.filter(
        data_set__in=data_sets, place=place, period__in=period_ids
    ).values_list("data_set_id", "period"):
        found[(data_set_id, period_id)] = "complete"
    for data_set_id, period_id, state in Approval.objects.filter(
        data_set__in=data_sets, place=place, period__in=period_ids
    ).values_list("data_set_id", "period", "state"):
        if state == Approval.State.APPROVED or (data_set_id, period_id) not in found:
            found[(data_set_id, period_id)] = state
    return found


# --- the start page


@dataclass
class RecentReports:
    data_set: DataSet
    reports: list[tuple[Period, str, str]]  # (period, its label, state), oldest first


def recent_reports(
    *, place: Place, count: int = 4, today: date | None = None
) -> list[RecentReports]:
    """For each data set, its latest ended periods and the place's report state in each."""
    data_sets = list(data_set_list())
    wanted = {
        ds.pk: [default_period(ds, today).shift(-i) for i in range(count - 1, -1, -1)]
        for ds in data_sets
    }
    statuses = report_statuses(
        data_sets=data_sets,
        place=place,
        period_ids=sorted({p.id for ps in wanted.values() for p in ps}),
    )
    return [
        RecentReports(
            ds,
            [(p, period_label(p), statuses.get((ds.pk, p.id), "open")) for p in wanted[ds.pk]],
        )
        for ds in data_sets
    ]
