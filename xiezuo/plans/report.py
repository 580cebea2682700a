"""The year-end completion report: each item of a document done on time, late or not done.

As on a day (the document's end by default), an item is done on time when it
was already done as on its due date (ticks and updates dated up to then,
targets over the months up to then), done late when it is done as on the
report's day but was not as on its due date, and otherwise not done. The
evidence of each item is listed beside it: its updates and ticked milestones
with their files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .models import Category, Document, Evidence, Milestone, ProgressUpdate, WorkItem
from .status import Assessment, Status


class Outcome:
    ON_TIME = "on_time"
    LATE = "late"
    NOT_DONE = "not_done"
    LABELS = {
        ON_TIME: gettext_lazy("Done on time"),
        LATE: gettext_lazy("Done late"),
        NOT_DONE: gettext_lazy("Not done"),
    }


def outcome_of(assessment: Assessment, done_when_due: bool) -> str:
    """On time, late or not done, given whether the item was already done on its due date."""
    if assessment.status != Status.DONE:
        return Outcome.NOT_DONE
    return Outcome.ON_TIME if done_when_due else Outcome.LATE


def done_when_due(items: list[WorkItem], found: dict[int, Assessment], on: date) -> set[int]:
    """The done items that were already done as on their due date (one pass per due date)."""
    by_due: dict[date, list[WorkItem]] = defaultdict(list)
    for item in items:
        if found[item.pk].status == Status.DONE:
            by_due[item.due_on].append(item)
    done: set[int] = set()
    for due_on, group in by_due.items():
        then = found if due_on >= on else selectors.item_assessments(group, on=due_on)
        done |= {item.pk for item in group if then[item.pk].status == Status.DONE}
    return done


def evidence_url(evidence: Evidence) -> str | None:
    """Where an evidence file is downloaded (None while the download page is missing)."""
    try:
        return reverse("plan_evidence", args=[evidence.uid])
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class Record:
    """One piece of evidence of an item: a progress update or a ticked milestone."""

    day: date
    kind: str  # "update" or "milestone"
    text: str
    author: str
    percent: int | None = None
    files: tuple[tuple[str, str | None], ...] = ()  # (name, download URL)


@dataclass
class ReportItem:
    item: WorkItem
    assessment: Assessment
    outcome: str
    records: list[Record]

    @property
    def date_unknown(self) -> bool:
        """Done, with no tick or update that dates it (its targets were reached)."""
        return self.assessment.status == Status.DONE and self.assessment.completed_on is None

    @property
    def outcome_label(self) -> str:
        return str(Outcome.LABELS[self.outcome])


@dataclass
class ReportGroup:
    key: str
    label: str
    on_time: int = 0
    late: int = 0
    not_done: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.not_done

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        return self.done / self.total if self.total else None

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class Report:
    document: Document
    on: date
    items: list[ReportItem]  # in the plan's order
    by_category: list[ReportGroup]
    by_lead: list[ReportGroup]
    total: ReportGroup

    def sections(self) -> list[tuple[Category, list[ReportItem]]]:
        grouped: dict[int, list[ReportItem]] = defaultdict(list)
        categories: dict[int, Category] = {}
        for entry in self.items:
            grouped[entry.item.category_id].append(entry)
            categories[entry.item.category_id] = entry.item.category
        return [(categories[pk], grouped[pk]) for pk in grouped]


def _files(evidence: Iterable[Evidence]) -> tuple[tuple[str, str | None], ...]:
    return tuple((e.name, evidence_url(e)) for e in evidence)


def _records(document: Document, on: date) -> dict[int, list[Record]]:
    """Per item: its updates dated up to `on` and its milestones ticked by then, with files."""
    records: dict[int, list[Record]] = defaultdict(list)
    updates = (
        ProgressUpdate.objects.filter(item__document=document, reported_on__lte=on)
        .select_related("author")
        .prefetch_related("evidence")
    )
    for update in updates:
        records[update.item_id].append(
            Record(
                update.reported_on,
                "update",
                update.text,
                update.author.display_name,
                update.percent,
                _files(update.evidence.all()),
            )
        )
    ticked = (
        Milestone.objects.filter(item__document=document, done_on__lte=on)
        .select_related("done_by")
        .prefetch_related("evidence")
    )
    for milestone in ticked:
        assert milestone.done_on is not None
        text = milestone.title + (f" — {milestone.note}" if milestone.note else "")
        records[milestone.item_id].append(
            Record(
                milestone.done_on,
                "milestone",
                text,
                milestone.done_by.display_name if milestone.done_by else "",
                None,
                _files(milestone.evidence.all()),
            )
        )
    for entries in records.values():
        entries.sort(key=lambda r: (r.day, r.kind))
    return records


def completion_report(document: Document, *, on: date | None = None) -> Report:
    """Each item done on time, late or not done as on `on` (default: the document's end)."""
    on = on or document.ends_on
    items = list(selectors.item_list(document=document))
    found = selectors.item_assessments(items, on=on)
    records = _records(document, on)
    in_time = done_when_due(items, found, on)
    entries = [
        ReportItem(
            item, found[item.pk], outcome_of(found[item.pk], item.pk in in_time), records[item.pk]
        )
        for item in items
    ]
    by_category: dict[int, ReportGroup] = {}
    by_lead: dict[int, ReportGroup] = {}
    total = ReportGroup("", _("All items"))
    for entry in entries:
        item = entry.item
        by_category.setdefault(
            item.category.pk, ReportGroup(str(item.category.number), item.category.name)
        ).add(entry.outcome)
        by_lead.setdefault(item.lead.pk, ReportGroup(str(item.lead.pk), item.lead.name)).add(
            entry.outcome
        )
        total.add(entry.outcome)
    leads = sorted(by_lead.values(), key=lambda g: (-g.total, g.label))
    return Report(document, on, entries, list(by_category.values()), leads, total)
