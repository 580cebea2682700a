"""Reads for data entry and approval: the entry grid, a report's state and
history, completeness, the approval queue.

A report is one data set's figures for one place and one period. It is
complete when the place has marked it so (a Completion), approved or
returned when the level above has decided (an Approval), and locked when an
approved report of the data set covers it (its own, or its ancestor's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.language import in_english
from xiezuo.periods import Period
from xiezuo.places import codes
from xiezuo.places.models import Level, Place

from .checking import ValueChecker
from .combos import Combo, combos_of_element
from .models import (
    Approval,
    Completion,
    DataElement,
    DataSet,
    DataValue,
    DataValueChange,
    Target,
    ValueType,
)

DERIVED = "derived:"


def label(period: Period) -> str:
    """The period as the reader's language writes it: 2018年5月 or May 2018."""
    return period.label(get_language())


def shown(value: Decimal | None, text: str = "") -> str:
    """A stored value as it is typed: no exponent, no trailing zeros."""
    if value is None:
        return text
    return f"{value.normalize():f}"


def person(user: Any) -> str:
    """A user as people call them: the display name, else the username."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


def default_period(data_set: DataSet, today: date | None = None) -> Period:
    """The latest period of the data set's type that has ended."""
    today = today or timezone.localdate()
    return periods.of_date(today, data_set.period_type_enum).previous


def data_set_list() -> QuerySet[DataSet]:
    return DataSet.objects.all()


def default_place_code(user: Any) -> str:
    """The user's first scope place (Guangxi for someone without a scope)."""
    scope = sorted(policy.scope_codes(user)) if policy.is_active_user(user) else []
    return scope[0] if scope else "45"


def place_suggestions(user: Any, limit: int = 300) -> list[Place]:
    """The user's scope places and their children: what the place field offers."""
    scope = sorted(policy.scope_codes(user))
    if not scope:
        return list(Place.objects.filter(level=1))
    condition = Q(code__in=scope) | Q(parent__code__in=scope)
    return list(Place.objects.filter(condition).order_by("code")[:limit])


# --- a report's state


@dataclass
class Report:
    data_set: DataSet
    place: Place
    period: Period
    completion: Completion | None = None
    approval: Approval | None = None  # the decision on this very report, if any
    lock: Approval | None = None  # an approval covering it: its own or an ancestor's

    @property
    def period_label(self) -> str:
        return label(self.period)

    @property
    def completed(self) -> bool:
        return self.completion is not None

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.approval.state == Approval.State.APPROVED

    @property
    def returned(self) -> bool:
        return self.approval is not None and self.approval.state == Approval.State.RETURNED

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


# --- the entry grid


@dataclass
class GridCell:
    element: DataElement
    key: str  # the disaggregation: "" or "poverty=poor"
    label: str  # the combination's name, "" for an element without dimensions
    value: str = ""  # as typed in the input
    previous: str = ""
    target: str = ""
    stored: bool = False  # a value is stored in the cell
    stored_by: str = ""
    changed: bool = False  # has a history of changes
    source: str = ""
    locked: bool = False
    may_enter: bool = False

    @property
    def derived(self) -> bool:
        return self.source.startswith(DERIVED)

    @property
    def editable(self) -> bool:
        return self.may_enter and not self.locked and not self.derived

    @property
    def dom_id(self) -> str:
        return cell_dom_id(self.element.code, self.key)

    @property
    def input_kind(self) -> str:
        """number, text or boolean: which input the cell gets."""
        if self.element.value_type == ValueType.TEXT:
            return "text"
        if self.element.value_type == ValueType.BOOLEAN:
            return "boolean"
        return "number"


def cell_dom_id(element_code: str, key: str) -> str:
    return f"cell-{element_code}--" + (key.replace("=", "-").replace(";", "--") or "total")


@dataclass
class HeaderCell:
    label: str
    colspan: int


@dataclass
class GridRow:
    element: DataElement
    cells: list[GridCell]


@dataclass
class GridSection:
    """Data elements broken down the same way share a header, as in a DHIS2 section form."""

    header_rows: list[list[HeaderCell]]
    rows: list[GridRow] = field(default_factory=list)


@dataclass
class Grid:
    report: Report
    sections: list[GridSection]
    previous_period: Period
    next_period: Period
    may_enter: bool

    @property
    def editable(self) -> bool:
        return self.may_enter and not self.report.locked

    @property
    def previous_label(self) -> str:
        return label(self.previous_period)

    @property
    def next_label(self) -> str:
        return label(self.next_period)


def _header(element: DataElement) -> list[list[HeaderCell]]:
    """One header row per dimension (sorted by code, as the combinations are)."""
    dimensions = sorted(element.dimensions.all(), key=lambda d: d.code)
    if not dimensions:
        return [[HeaderCell(_("Value"), 1)]]
    counts = [len(d.options.all()) for d in dimensions]
    rows = []
    for i, dimension in enumerate(dimensions):
        repeat = 1
        for count in counts[:i]:
            repeat *= count
        span = 1
        for count in counts[i + 1 :]:
            span *= count
        row = [HeaderCell(option.name, span) for option in dimension.options.all()] * repeat
        rows.append(row)
    return rows


def _elements(data_set: DataSet) -> list[DataElement]:
    return list(
        data_set.data_elements.prefetch_related("dimensions__options").order_by(
            "sort_order", "code"
        )
    )


def grid_build(
    *, data_set: DataSet, place: Place, period: Period, may_enter: bool, report: Report | None
) -> Grid:
    """The data set's elements as rows, one cell per disaggregation, with the
    previous period's value, the target, and whether each cell may be edited."""
    report = report or report_get(data_set, place, period)
    elements = _elements(data_set)
    previous = period.previous
    stored: dict[tuple[int, str, str], DataValue] = {
        (v.data_element_id, v.period, v.disaggregation): v
        for v in DataValue.objects.filter(
            data_element__in=elements, place=place, period__in=[period.id, previous.id]
        ).select_related("stored_by")
    }
    targets = {
        (t.data_element_id, t.disaggregation): t.value
        for t in Target.objects.filter(data_element__in=elements, place=place, period=period.id)
    }
    changed = set(
        DataValueChange.objects.filter(data_element__in=elements, place=place, period=period.id)
        .values_list("data_element_id", "disaggregation")
        .distinct()
    )
    checker = ValueChecker() if not report.locked else None
    sections: dict[tuple[int, ...], GridSection] = {}
    for element in elements:
        signature = tuple(sorted(d.pk for d in element.dimensions.all()))
        section = sections.get(signature)
        if section is None:
            section = sections[signature] = GridSection(_header(element))
        # Values are locked by an approval of any data set holding the element.
        locked = report.locked or bool(checker and checker.locked(element, place.code, period))
        cells = []
        for combo in combos_of_element(element):
            current = stored.get((element.pk, period.id, combo.key))
            before = stored.get((element.pk, previous.id, combo.key))
            cells.append(
                GridCell(
                    element=element,
                    key=combo.key,
                    label=_combo_label(combo),
                    value=_typed(element, current),
                    previous=_display(element, before),
                    target=shown(targets.get((element.pk, combo.key))),
                    stored=current is not None,
                    stored_by=person(current.stored_by) if current else "",
                    changed=(element.pk, combo.key) in changed,
                    source=current.source if current else "",
                    locked=locked,
                    may_enter=may_enter,
                )
            )
        section.rows.append(GridRow(element, cells))
    return Grid(
        report=report,
        sections=list(sections.values()),
        previous_period=previous,
        next_period=period.shift(1),
        may_enter=may_enter,
    )


def grid_cell(
    *, element: DataElement, key: str, place: Place, period: Period, may_enter: bool
) -> GridCell:
    """One cell of the grid, as it stands now (after a save)."""
    previous = period.previous
    values = {
        v.period: v
        for v in DataValue.objects.filter(
            data_element=element,
            place=place,
            period__in=[period.id, previous.id],
            disaggregation=key,
        ).select_related("stored_by")
    }
    current = values.get(period.id)
    target = (
        Target.objects.filter(
            data_element=element, place=place, period=period.id, disaggregation=key
        )
        .values_list("value", flat=True)
        .first()
    )
    combo_label = next((_combo_label(c) for c in combos_of_element(element) if c.key == key), "")
    return GridCell(
        element=element,
        key=key,
        label=combo_label,
        value=_typed(element, current),
        previous=_display(element, values.get(previous.id)),
        target=shown(target),
        stored=current is not None,
        stored_by=person(current.stored_by) if current else "",
        changed=DataValueChange.objects.filter(
            data_element=element, place=place, period=period.id, disaggregation=key
        ).exists(),
        source=current.source if current else "",
        locked=ValueChecker().locked(element, place.code, period),
        may_enter=may_enter,
    )


def _combo_label(combo: Combo) -> str:
    if not combo.key:
        return ""
    return combo.name_en if in_english() else combo.name_zh


def _typed(element: DataElement, value: DataValue | None) -> str:
    if value is None:
        return ""
    if element.value_type == ValueType.BOOLEAN and value.value is not None:
        return "true" if value.value else "false"
    return shown(value.value, value.text)


def _display(element: DataElement, value: DataValue | None) -> str:
    if value is None:
        return ""
    if element.value_type == ValueType.BOOLEAN and value.value is not None:
        return str(_("yes")) if value.value else str(_("no"))
    return shown(value.value, value.text)


# --- a value's history


@dataclass
class ValueHistory:
    current: DataValue | None
    changes: list[DataValueChange]

    @property
    def current_shown(self) -> str:
        return shown(self.current.value, self.current.text) if self.current else ""


def value_history(*, element: DataElement, place: Place, period: Period, key: str) -> ValueHistory:
    """Who stored the value now in the cell, and every earlier change (who, when, old → new)."""
    cell = {"data_element": element, "place": place, "period": period.id, "disaggregation": key}
    return ValueHistory(
        current=DataValue.objects.filter(**cell).select_related("stored_by").first(),
        changes=list(DataValueChange.objects.filter(**cell).select_related("changed_by")[:50]),
    )


# --- a report's history (from the audit trail)


@dataclass
class ReportEvent:
    when: datetime
    who: str
    what: str
    comment: str = ""


def report_history(data_set: DataSet, place: Place, period: Period) -> list[ReportEvent]:
    """Completions, approvals, returns and un-approvals of a report, newest first.

    The audit trail names a record by its text, "data set id/place id/period"
    (and ": state" for an approval), which survives the record's deletion: an
    un-approval deletes the Approval, and its entry must still be found.
    """
    key = f"{data_set.pk}/{place.pk}/{period.id}"
    completion_type = ContentType.objects.get_for_model(Completion)
    approval_type = ContentType.objects.get_for_model(Approval)
    entries = (
        LogEntry.objects.filter(
            Q(content_type=completion_type, object_repr=key)
            | Q(content_type=approval_type, object_repr__startswith=key + ":")
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:100]
    )
    events = []
    for entry in entries:
        who = person(entry.actor) or str(_("system"))
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
    return events


# --- completeness


@dataclass
class ReportRow:
    place: Place
    completion: Completion | None
    approval: Approval | None
    has_values: bool

    @property
    def received(self) -> bool:
        return self.completion is not None

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.approval.state == Approval.State.APPROVED

    @property
    def returned(self) -> bool:
        return self.approval is not None and self.approval.state == Approval.State.RETURNED


@dataclass
class Completeness:
    data_set: DataSet
    place: Place
    period: Period
    assigned: bool  # expected places are the data set's assigned places (else the counties)
    rows: list[ReportRow]

    @property
    def period_label(self) -> str:
        return label(self.period)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.received)

    @property
    def with_values(self) -> int:
        return sum(1 for r in self.rows if r.has_values)

    @property
    def approved(self) -> int:
        return sum(1 for r in self.rows if r.approved)

    @property
    def rate(self) -> float | None:
        return self.received / self.expected if self.expected else None


def expected_places(data_set: DataSet, place: Place) -> tuple[list[Place], bool]:
    """The places within `place` expected to report the data set, and whether they
    are its assigned places (True) or, for a data set assigned nowhere, the counties."""
    if data_set.places.exists():
        return list(data_set.places.within(place.code).order_by("code")), True
    if place.level >= Level.COUNTY:
        return [place], False
    return list(Place.objects.within(place.code).filter(level=Level.COUNTY).order_by("code")), False


def completeness(*, data_set: DataSet, place: Place, period: Period) -> Completeness:
    """Expected against received reports (received: marked complete), place by place."""
    places, assigned = expected_places(data_set, place)
    ids = [p.pk for p in places]
    completions = {
        c.place_id: c
        for c in Completion.objects.filter(
            data_set=data_set, period=period.id, place_id__in=ids
        ).select_related("completed_by")
    }
    approvals = {
        a.place_id: a
        for a in Approval.objects.filter(
            data_set=data_set, period=period.id, place_id__in=ids
        ).select_related("decided_by")
    }
    with_values = set(
        DataValue.objects.filter(
            data_element__data_sets=data_set, period=period.id, place_id__in=ids
        )
        .values_list("place_id", flat=True)
        .distinct()
    )
    rows = [
        ReportRow(p, completions.get(p.pk), approvals.get(p.pk), p.pk in with_values)
        for p in places
    ]
    return Completeness(data_set, place, period, assigned, rows)


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


# --- the approval queue


@dataclass
class ApprovalQueue:
    awaiting: list[Completion]
    approved: list[Approval]
    returned: list[Approval]


def _below_scope(user: Any, field_name: str = "place__code") -> Q | None:
    """Places strictly below the user's scope places (None: everywhere, for an administrator)."""
    if policy.is_administrator(user):
        return None
    condition = Q(pk__in=[])
    for code in policy.scope_codes(user):
        lo, hi = codes.subtree_range(code)
        condition |= Q(**{f"{field_name}__gt": lo, f"{field_name}__lt": hi})
    return condition


def approval_queue(
    user: Any, *, data_set: DataSet | None = None, period: Period | None = None, limit: int = 200
) -> ApprovalQueue:
    """Reports below the user's scope: awaiting approval, approved, returned."""
    below = _below_scope(user)

    def narrowed(qs: QuerySet[Any]) -> QuerySet[Any]:
        if below is not None:
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
    queue = ApprovalQueue(list(awaiting[:limit]), list(approved[:limit]), list(returned[:limit]))
    records: list[Completion | Approval] = [*queue.awaiting, *queue.approved, *queue.returned]
    for record in records:
        record.period_label = period_label_of(record.period)  # type: ignore[union-attr]
    return queue


def period_label_of(period_id: str) -> str:
    try:
        return label(periods.parse(period_id))
    except ValueError:
        return period_id


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
            [(p, label(p), statuses.get((ds.pk, p.id), "open")) for p in wanted[ds.pk]],
        )
        for ds in data_sets
    ]
