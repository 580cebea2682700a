"""The supervision board (督查): a document's items with their status as on a day.

The board lists a document's items with their computed status as on a day,
filtered by category, lead organisation, responsible place (its subtree),
due month and status; the overdue and at-risk items come first, then the
rest in the plan's order. Counts and completion rates (done / items) are
taken over the items shown, per status, per lead organisation and per
prefecture and county responsible (an item of a county counts for its
prefecture too).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.places import codes
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get

from . import selectors
from .models import Category, Document, WorkItem
from .status import Assessment, Status

STATUSES: list[Status] = list(Status)  # the board's order: overdue, at risk, …, done
URGENT = (Status.OVERDUE, Status.AT_RISK)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def empty_counts() -> dict[str, int]:
    """A count for every status, zeros included (the API's stable contract)."""
    return {s.value: 0 for s in STATUSES}


# --- the query ------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFilters:
    category: Category | None = None
    lead: Organisation | None = None
    place: Place | None = None  # items with a responsible place in its subtree
    due_month: tuple[int, int] | None = None  # (year, month)
    status: Status | None = None

    def apply(self, items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
        """The filters the database can answer (all but the status)."""
        if self.category is not None:
            items = items.filter(category=self.category)
        if self.lead is not None:
            items = items.filter(lead=self.lead)
        if self.place is not None:
            lo, hi = codes.subtree_range(self.place.code)
            responsible = WorkItem.places.through.objects.filter(
                place__code__gte=lo, place__code__lt=hi
            ).values("workitem_id")
            items = items.filter(pk__in=responsible)
        if self.due_month is not None:
            year, month = self.due_month
            items = items.filter(due_on__year=year, due_on__month=month)
        return items


_SMALL_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only, within any database's integer


def parse_filters(
    document: Document, params: Mapping[str, str]
) -> tuple[BoardFilters, dict[str, list[str]]]:
    """The board's filters from query parameters, and an error per parameter not understood.

    category: the category's number in the document, or its name; lead: the
    organisation's id or name; place: a division code; due: YYYY-MM; status:
    one of the status names. A filter in error is left out."""
    errors: dict[str, list[str]] = {}
    found: dict[str, object] = {}

    category = (params.get("category") or "").strip()
    if category:
        categories = document.categories.all()
        match = (
            categories.filter(number=int(category)).first()
            if _SMALL_NUMBER.fullmatch(category)
            else categories.filter(name=category).first()
        )
        if match is None:
            errors["category"] = [
                _("This document has no category “%(value)s”.") % {"value": category}
            ]
        found["category"] = match

    lead = (params.get("lead") or "").strip()
    if lead:
        leads = (
            Organisation.objects.filter(pk=int(lead))
            if _SMALL_NUMBER.fullmatch(lead)
            else Organisation.objects.filter(name=lead)
        )
        organisation = leads.first()
        if organisation is None:
            errors["lead"] = [_("No organisation is “%(value)s”.") % {"value": lead}]
        found["lead"] = organisation

    place = (params.get("place") or "").strip()
    if place:
        match_place = place_get(place)
        if match_place is None:
            errors["place"] = [_("No place has the code “%(value)s”.") % {"value": place}]
        found["place"] = match_place

    due = (params.get("due") or "").strip()
    if due:
        month = _MONTH.match(due)
        if month and 1 <= int(month.group(2)) <= 12:
            found["due_month"] = (int(month.group(1)), int(month.group(2)))
        else:
            errors["due"] = [_("Write the due month as YYYY-MM.")]

    status = (params.get("status") or "").strip()
    if status:
        if status in Status.values:
            found["status"] = Status(status)
        else:
            errors["status"] = [
                _("The status must be one of %(names)s.") % {"names": ", ".join(Status.values)}
            ]
    return BoardFilters(**found), errors  # type: ignore[arg-type]


# --- the board ----------------------------------------------------------------------------


@dataclass
class Row:
    item: WorkItem
    assessment: Assessment

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def urgent(self) -> bool:
        return self.status in URGENT


@dataclass
class Tally:
    """Counts per status of the items that one organisation or place answers for."""

    key: str  # an organisation's id or a place's division code
    label: str
    level: int | None = None  # for places
    counts: dict[str, int] = field(default_factory=empty_counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[Status.DONE]

    @property
    def urgent(self) -> int:
        return self.counts[Status.OVERDUE] + self.counts[Status.AT_RISK]

    @property
    def rate(self) -> float | None:
        """Completion rate: done / items."""
        return self.done / self.total if self.total else None

    def segments(self) -> list[tuple[str, int]]:
        return [(s.value, self.counts[s]) for s in STATUSES]


@dataclass
class Board:
    document: Document
    on: date
    filters: BoardFilters
    rows: list[Row]  # overdue, then at risk, then the rest in the plan's order
    by_lead: list[Tally]
    by_place: list[Tally]

    @property
    def counts(self) -> dict[str, int]:
        counts = empty_counts()
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def total(self) -> Tally:
        return Tally("", "", counts=self.counts)

    @property
    def urgent(self) -> list[Row]:
        return [row for row in self.rows if row.urgent]

    @property
    def others(self) -> list[Row]:
        return [row for row in self.rows if not row.urgent]


def _plan_order(item: WorkItem) -> tuple[int, int]:
    return (item.category.number, item.number)


def _place_keys(place: Place) -> list[str]:
    """The codes an item of `place` counts for: the place's prefecture and county (or itself)."""
    level = codes.level_of(place.code)
    if level <= 2:
        return [place.code]
    return [place.code[: codes.CODE_LENGTHS[lv]] for lv in (2, 3)]


def _tallies(rows: list[Row]) -> tuple[list[Tally], list[Tally]]:
    by_lead: dict[int, Tally] = {}
    by_place: dict[str, Tally] = {}
    for row in rows:
        lead = row.item.lead
        tally = by_lead.setdefault(lead.pk, Tally(str(lead.pk), lead.name))
        tally.counts[row.status] += 1
        keys = {key for p in row.item.places.all() for key in _place_keys(p)}
        for key in keys:
            by_place.setdefault(key, Tally(key, "", codes.level_of(key))).counts[row.status] += 1
    names = dict(Place.objects.filter(code__in=by_place).values_list("code", "name"))
    for tally in by_place.values():
        tally.label = names.get(tally.key, tally.key)
    leads = sorted(by_lead.values(), key=lambda t: (-t.total, t.label))
    places = sorted(by_place.values(), key=lambda t: t.key)
    return leads, places


def supervision_board(
    document: Document, *, on: date | None = None, filters: BoardFilters | None = None
) -> Board:
    """The board of a document as on `on` (default today)."""
    on = on or timezone.localdate()
    filters = filters or BoardFilters()
    items = list(filters.apply(selectors.item_list(document=document)))
    found = selectors.item_assessments(items, on=on)
    rows = [Row(item, found[item.pk]) for item in items]
    if filters.status is not None:
        rows = [row for row in rows if row.status == filters.status]
    rank = {Status.OVERDUE: 0, Status.AT_RISK: 1}
    rows.sort(key=lambda row: (rank.get(row.status, 2), _plan_order(row.item)))
    by_lead, by_place = _tallies(rows)
    return Board(document, on, filters, rows, by_lead, by_place)


@dataclass(frozen=True)
class Choices:
    """What the board's filters offer for a document."""

    categories: list[Category]
    leads: list[Organisation]
    places: list[Place]  # prefectures and counties responsible (and any other level named)


def filter_choices(document: Document) -> Choices:
    categories = list(document.categories.all())
    leads = list(
        Organisation.objects.filter(led_work_items__document=document).distinct().order_by("name")
    )
    keys: set[str] = set()
    for place in Place.objects.filter(work_items__document=document).distinct():
        keys.update(_place_keys(place))
    return Choices(categories, leads, list(Place.objects.filter(code__in=keys).order_by("code")))
