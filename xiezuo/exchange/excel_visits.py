"""Short visits in Excel, one layout for the export, the import and the template.

The import is all or nothing: every row is read and checked first (kind, direction,
places and that the importing user may record there, people, dates in order), one bad
cell refuses the whole file with a message per row and column; then each row is recorded
by `visits.visit_create` in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from xiezuo.accounts import policy
from xiezuo.accounts.policy import Places
from xiezuo.importing import ImportRefused, RowError
from xiezuo.places.lookups import Directory
from xiezuo.spreadsheets import (
    DATE_FORMAT,
    Column,
    Row,
    append_row,
    cell_date,
    cell_text,
    choice_lookup,
    first_sheet,
    not_a_date,
    refuse,
    workbook_bytes,
    write_header,
)

from . import visits
from .models import Direction, ShortVisit, VisitKind

COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("kind", gettext_lazy("Kind"), 22, gettext_lazy("As the list of kinds names them."),
           required=True),
    Column("direction", gettext_lazy("Direction"), 16,
           gettext_lazy("Helper side to helped side, or back."), required=True),
    Column("origin", gettext_lazy("Sending place"), 16,
           gettext_lazy("A division code (“451081 靖西市” is read as 451081)."), required=True),
    Column("host", gettext_lazy("Host place"), 16,
           gettext_lazy("A division code (“440307 龙岗区” is read as 440307)."), required=True),
    Column("people", gettext_lazy("People"), 8, gettext_lazy("A whole number above zero."),
           required=True),
    Column("from_on", gettext_lazy("From"), 12, gettext_lazy("A date, e.g. 2018-04-02."),
           required=True),
    Column("to_on", gettext_lazy("To"), 12, gettext_lazy("A date, not before the first."),
           required=True),
    Column("note", gettext_lazy("Note"), 30, gettext_lazy("Optional.")),
)  # fmt: skip
BY_KEY = {c.key: c for c in COLUMNS}


def _cells(visit: ShortVisit) -> list[Any]:
    cells: dict[str, Any] = {
        "uid": visit.uid,
        "kind": str(visit.get_kind_display()),
        "direction": str(visit.get_direction_display()),
        "origin": f"{visit.origin.code} {visit.origin.name}",
        "host": f"{visit.host.code} {visit.host.name}",
        "people": visit.people,
        "from_on": visit.from_on,
        "to_on": visit.to_on,
        "note": visit.note,
    }
    return [cells[c.key] for c in COLUMNS]


def _sheet(workbook: Workbook) -> Any:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Short visits")
    write_header(sheet, COLUMNS, comments=True)
    return sheet


def visits_workbook(found: QuerySet[ShortVisit]) -> bytes:
    workbook = Workbook()
    sheet = _sheet(workbook)
    for visit in found:
        append_row(sheet, _cells(visit))
    keys = [c.key for c in COLUMNS]
    for row in sheet.iter_rows(min_row=2):
        row[keys.index("from_on")].number_format = DATE_FORMAT
        row[keys.index("to_on")].number_format = DATE_FORMAT
    return workbook_bytes(workbook)


def template_workbook() -> bytes:
    workbook = Workbook()
    _sheet(workbook)
    return workbook_bytes(workbook)


# --- in


@dataclass
class ParsedRow:
    row: int
    fields: dict[str, Any]


def _parse_row(
    number: int, cells: Sequence[Any], columns: dict[str, int], directory: Directory,
    user: Any, errors: list[RowError],
) -> ParsedRow | None:  # fmt: skip
    before = len(errors)
    row = Row(number, cells, columns, {k: str(c.label) for k, c in BY_KEY.items()}, errors)
    row.require("kind", "direction", "origin", "host", "people", "from_on", "to_on")
    fields: dict[str, Any] = {"note": row.text("note")}
    for key, choices in (
        ("kind", choice_lookup(VisitKind)),
        ("direction", choice_lookup(Direction)),
    ):
        text = row.text(key)
        if text:
            fields[key] = choices.get(text.lower())
            if fields[key] is None:
                row.error(key, _("“%(value)s” is not one of the allowed values.") % {"value": text})
    for key in ("origin", "host"):
        if row.text(key):
            try:
                fields[key] = directory.place(row.text(key))
            except ValueError as exc:
                row.error(key, str(exc))
    both = "origin" in fields and "host" in fields
    places = Places((fields["origin"], fields["host"])) if both else None
    if places is not None and not policy.can(user, "exchange.record", places):
        row.error("origin", _("Neither the sending nor the host place is within your scope."))
    if row.text("people"):
        try:
            fields["people"] = visits.people_clean(row.text("people"))
        except ValidationError as exc:
            row.error("people", " ".join(exc.messages))
    for key in ("from_on", "to_on"):
        if row.text(key):
            fields[key] = cell_date(row.cell(key))
            if fields[key] is None:
                row.error(key, not_a_date(row.cell(key)))
    if fields.get("from_on") and fields.get("to_on") and fields["to_on"] < fields["from_on"]:
        row.error("to_on", _("The visit cannot end before it begins."))
    if len(errors) > before:
        return None
    return ParsedRow(number, fields)


@transaction.atomic
def import_visits(*, source: IO[bytes], user: Any) -> list[ShortVisit]:
    """Record a visit for each row; ImportRefused (and nothing written) if any cell is bad."""
    directory = Directory()
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    with first_sheet(source, COLUMNS) as (columns, rows):
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(cell_text(c) for c in cells):
                continue
            row = _parse_row(number, cells, columns, directory, user, errors)
            if row is not None:
                parsed.append(row)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    if not parsed:
        raise refuse(_("The first sheet has no visits below its header."))
    created = []
    for row in parsed:
        try:
            created.append(visits.visit_create(actor=user, **row.fields))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                label = str(BY_KEY.get(key, BY_KEY["kind"]).label)
                errors += [RowError(row.row, label, message) for message in messages]
    if errors:
        raise ImportRefused(errors)
    return created
