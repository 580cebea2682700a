"""The import of work items from a workbook in the layout (`layout`): all rows or none.

The import adds items to the document, never replaces. Every row is read and
checked first — organisations, places, data elements, dates, milestone and
target lines, numbers — and one bad cell refuses the whole file with a
message per row and column (`xiezuo.importing`); nothing is written then.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from xiezuo.importing import ImportRefused, RowError
from xiezuo.indicators.models import DataElement, Indicator
from xiezuo.indicators.targets import element_options
from xiezuo.places.lookups import Directory
from xiezuo.places.models import Organisation, Place
from xiezuo.spreadsheets import (
    Row,
    cell_date,
    cell_names,
    cell_text,
    first_sheet,
    not_a_date,
    refuse,
)

from .. import services
from ..models import Category, Document, WorkItem
from .layout import BY_KEY, COLUMNS

_MILESTONE = re.compile(r"^(?P<title>.*\S)\s+(?P<due>\S+)$")
_TARGET = re.compile(
    r"^(?P<code>[A-Za-z][\w.-]*)\s*(?:\[(?P<options>[^\]]*)\])?"
    r"\s+@(?P<place>\S+)\s+(?P<period>\S+)\s+(?P<value>\S+)$"
)


@dataclass(frozen=True)
class TargetSpec:
    figure: DataElement | Indicator
    options: str
    place: Place
    period: str
    value: Decimal


@dataclass
class ParsedRow:
    row: int
    category: str
    number: int | None
    title: str
    description: str
    lead: Organisation
    supporting: list[Organisation]
    places: list[Place]
    starts_on: date
    due_on: date
    milestones: list[tuple[str, date]]
    targets: list[TargetSpec]


@dataclass
class ImportSummary:
    items: int = 0
    milestones: int = 0
    targets: int = 0
    categories: list[str] = field(default_factory=list)  # the new ones


class _Catalogue(Directory):
    """What the rows name, looked up once per file."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, DataElement | Indicator | None] = {}
        self.options: dict[int, set[tuple[str, str]]] = {}

    def figure(self, code: str) -> DataElement | Indicator:
        if code not in self.figures:
            self.figures[code] = (
                DataElement.objects.filter(code=code).first()
                or Indicator.objects.filter(code=code).first()
            )
        figure = self.figures[code]
        if figure is None:
            raise ValueError(
                _("No data element or indicator has the code “%(code)s”.") % {"code": code}
            )
        return figure

    def known_options(self, element: DataElement) -> set[tuple[str, str]]:
        if element.pk not in self.options:
            self.options[element.pk] = element_options(element)
        return self.options[element.pk]


def _target(line: str, catalogue: _Catalogue) -> TargetSpec:
    """One line of the targets column; ValueError with the message for the user."""
    match = _TARGET.match(line)
    if not match:
        raise ValueError(
            _(
                "“%(line)s”: write element_code[dimension=option] @place_code period value, "
                "e.g. people_trained[poverty=poor] @45 2018 10000."
            )
            % {"line": line}
        )
    figure = catalogue.figure(match.group("code"))
    place = catalogue.place(match.group("place"))
    try:
        options, period, value = services.target_clean(
            figure=figure,
            period=match.group("period"),
            value=match.group("value"),
            options=match.group("options") or "",
            known=catalogue.known_options(figure) if isinstance(figure, DataElement) else None,
        )
    except ValidationError as exc:
        raise ValueError(" ".join(m for ms in exc.message_dict.values() for m in ms)) from None
    return TargetSpec(figure, options, place, period, value)


def _parse_row(
    number: int,
    cells: Sequence[Any],
    columns: dict[str, int],
    document: Document,
    catalogue: _Catalogue,
    errors: list[RowError],
) -> ParsedRow | None:
    """One row read and checked; its errors appended to `errors` (None if there were any)."""
    before = len(errors)

    row = Row(number, cells, columns, {k: str(c.label) for k, c in BY_KEY.items()}, errors)
    cell, error = row.cell, row.error
    row.require("category", "title", "lead", "due")

    category = cell_text(cell("category"))
    if len(category) > Category._meta.get_field("name").max_length:  # type: ignore[operator]
        error("category", _("The category's name is too long."))
    title = cell_text(cell("title"))
    if len(title) > WorkItem._meta.get_field("title").max_length:  # type: ignore[operator]
        error("title", _("The title is too long (at most 300 characters)."))

    item_number: int | None = None
    raw_number = cell_text(cell("number"))
    if raw_number:
        if raw_number.isdigit() and 1 <= int(raw_number) <= 32767:
            item_number = int(raw_number)
        else:
            error("number", _("“%(value)s” is not an item number.") % {"value": raw_number})

    lead: Organisation | None = None
    if cell_text(cell("lead")):
        try:
            lead = catalogue.organisation(cell_text(cell("lead")))
        except ValueError as exc:
            error("lead", str(exc))
    supporting = []
    for name in cell_names(cell("supporting")):
        try:
            supporting.append(catalogue.organisation(name))
        except ValueError as exc:
            error("supporting", str(exc))
    places = []
    for token in cell_names(cell("places")):
        try:
            places.append(catalogue.place(token))
        except ValueError as exc:
            error("places", str(exc))

    starts_on: date | None = document.starts_on
    if cell_text(cell("start")):
        starts_on = cell_date(cell("start"))
        if starts_on is None:
            error("start", not_a_date(cell("start")))
    due_on: date | None = None
    if cell_text(cell("due")):
        due_on = cell_date(cell("due"))
        if due_on is None:
            error("due", not_a_date(cell("due")))
    if starts_on and due_on and due_on < starts_on:
        error("due", _("The due date is before the start."))

    milestones: list[tuple[str, date]] = []
    for line_number, line in enumerate(cell_text(cell("milestones")).splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _MILESTONE.match(line)
        day = cell_date(match.group("due")) if match else None
        if match is None or day is None:
            error(
                "milestones",
                _(
                    "line %(line)s, “%(text)s”: write the title, a space and the due date "
                    "(YYYY-MM-DD)."
                )
                % {"line": line_number, "text": line},
            )
        elif len(match.group("title")) > 200:
            error("milestones", _("line %(line)s: the title is too long.") % {"line": line_number})
        else:
            milestones.append((match.group("title"), day))

    targets: list[TargetSpec] = []
    for line in cell_text(cell("targets")).splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            targets.append(_target(line, catalogue))
        except ValueError as exc:
            error("targets", str(exc))

    if len(errors) > before:
        return None
    assert lead is not None and starts_on is not None and due_on is not None
    return ParsedRow(
        number,
        category,
        item_number,
        title,
        cell_text(cell("description")),
        lead,
        supporting,
        places,
        starts_on,
        due_on,
        milestones,
        targets,
    )


def _read_rows(source: IO[bytes], document: Document) -> list[ParsedRow]:
    """The rows of a workbook in the layout, every one checked; ImportRefused if any is bad."""
    with first_sheet(source, COLUMNS) as (columns, rows):
        catalogue = _Catalogue()
        errors: list[RowError] = []
        parsed: list[ParsedRow] = []
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(cell_text(c) for c in cells):
                continue
            row = _parse_row(number, cells, columns, document, catalogue, errors)
            if row is not None:
                parsed.append(row)
    if not errors and not parsed:
        raise refuse(_("The first sheet has no work items below its header."))
    _check_numbers(parsed, document, errors)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    return parsed


def _check_numbers(rows: list[ParsedRow], document: Document, errors: list[RowError]) -> None:
    """Refuse a number the document has or the file gives twice; number the rest after the last."""
    existing = set(document.items.values_list("number", flat=True))
    seen: dict[int, int] = {}
    label = str(BY_KEY["number"].label)
    for row in rows:
        if row.number is None:
            continue
        if row.number in existing:
            errors.append(
                RowError(row.row, label, _("Item %(number)s exists.") % {"number": row.number})
            )
        elif row.number in seen:
            errors.append(
                RowError(
                    row.row,
                    label,
                    _("Number %(number)s is given on row %(other)s too.")
                    % {"number": row.number, "other": seen[row.number]},
                )
            )
        else:
            seen[row.number] = row.row
    following = max([*existing, *seen, 0]) + 1
    for row in rows:
        if row.number is None:
            row.number = following
            following += 1


_FIELD_COLUMNS = {
    "category": "category",
    "title": "title",
    "description": "description",
    "lead": "lead",
    "starts_on": "start",
    "due_on": "due",
    "number": "number",
}


def import_items(*, document: Document, source: IO[bytes]) -> ImportSummary:
    """Add the work items of a workbook in the layout to a document: all rows or none."""
    rows = _read_rows(source, document)
    summary = ImportSummary()
    errors: list[RowError] = []
    with transaction.atomic():
        categories = {c.name: c for c in document.categories.all()}
        next_category = (document.categories.aggregate(n=Max("number"))["n"] or 0) + 1
        for row in rows:
            try:
                category = categories.get(row.category)
                if category is None:
                    category = services.category_create(
                        document=document, name=row.category, number=next_category
                    )
                    categories[row.category] = category
                    next_category += 1
                    summary.categories.append(row.category)
                item = services.item_create(
                    document=document,
                    category=category,
                    number=row.number,
                    title=row.title,
                    description=row.description,
                    lead=row.lead,
                    supporting=row.supporting,
                    places=row.places,
                    starts_on=row.starts_on,
                    due_on=row.due_on,
                )
                for title, due_on in row.milestones:
                    services.milestone_create(item=item, title=title, due_on=due_on)
                for target in row.targets:
                    services.target_create(
                        item=item,
                        figure=target.figure,
                        place=target.place,
                        period=target.period,
                        value=target.value,
                        options=target.options,
                    )
            except ValidationError as exc:
                errors.extend(_row_errors(row.row, exc))
                continue
            summary.items += 1
            summary.milestones += len(row.milestones)
            summary.targets += len(row.targets)
        if errors:
            raise ImportRefused(errors)  # leaving the block rolls every row back
    return summary


def _row_errors(row: int, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(row, "", str(m)) for m in exc.messages]
    found = []
    for name, messages in exc.message_dict.items():
        key = _FIELD_COLUMNS.get(name)
        if name in ("options", "period", "value", "place"):
            key = "targets"
        column = str(BY_KEY[key].label) if key else ""
        found += [RowError(row, column, str(m)) for m in messages]
    return found
