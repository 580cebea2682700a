"""The quotas in Excel: the report "planned vs in post" written out, and the year's quotas
read in (one row per county: cadres and professionals), all or nothing.

The import reads every row first — the county (and that the importing coordinator may
set its quotas), the year, the direction, the two numbers — and one bad cell refuses the
whole file with a message per row and column; then each row is set by
`quotas.quota_set` in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from xiezuo.accounts import policy
from xiezuo.importing import ImportRefused, RowError
from xiezuo.places.lookups import Directory
from xiezuo.spreadsheets import (
    Column,
    Row,
    append_row,
    cell_text,
    choice_lookup,
    first_sheet,
    refuse,
    workbook_bytes,
    write_header,
)

from . import quotas
from .models import Direction, Quota

COLUMNS: tuple[Column, ...] = (
    Column("place", gettext_lazy("County"), 18,
           gettext_lazy("The county's division code (“451024 德保县” is read as 451024)."),
           required=True),
    Column("year", gettext_lazy("Year"), 8, gettext_lazy("The agreement's year, e.g. 2018."),
           required=True),
    Column("direction", gettext_lazy("Direction"), 16,
           gettext_lazy("Helper side to helped side (received) or back (sent); "
                        "empty: received.")),
    Column("cadres", gettext_lazy("Cadres planned"), 12,
           gettext_lazy("A whole number, zero or more."), required=True),
    Column("professionals", gettext_lazy("Professionals planned"), 12,
           gettext_lazy("A whole number, zero or more."), required=True),
    Column("source", gettext_lazy("From the document"), 30, gettext_lazy("Optional.")),
)  # fmt: skip
BY_KEY = {c.key: c for c in COLUMNS}

REPORT_HEADER = (
    gettext_lazy("County"), gettext_lazy("Name"), gettext_lazy("Cadres planned"),
    gettext_lazy("Cadres in post"), gettext_lazy("Professionals planned"),
    gettext_lazy("Professionals in post"), gettext_lazy("Planned in all"),
    gettext_lazy("In post in all"),
)  # fmt: skip


def _numbers(row: quotas.ReportRow) -> list[Any]:
    return [row.cadres_planned, row.cadres_in_post, row.professionals_planned,
            row.professionals_in_post, row.planned, row.in_post]  # fmt: skip


def report_workbook(report: quotas.QuotaReport) -> bytes:
    """The report as the page shows it: a row per county and a row of totals."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Planned vs in post")
    direction = str(Direction(report.direction).label)
    append_row(sheet, [_("Year"), report.year, _("In post on"), report.on.isoformat(),
                       _("Direction"), direction, _("Place"), report.place or ""])  # fmt: skip
    append_row(sheet, [str(label) for label in REPORT_HEADER], bold=True)
    for row in report.rows:
        append_row(sheet, [row.code, row.name, *_numbers(row)])
    append_row(sheet, [_("Total"), "", *_numbers(report.total)], bold=True)
    return workbook_bytes(workbook)


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Quotas")
    write_header(sheet, COLUMNS, comments=True)
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
    row.require("place", "year", "cadres", "professionals")
    fields: dict[str, Any] = {"source": row.text("source")}
    if row.text("place"):
        try:
            fields["place"] = directory.place(row.text("place"))
        except ValueError as exc:
            row.error("place", str(exc))
        else:
            if not policy.can(user, "exchange.quota.manage", fields["place"]):
                row.error("place", _("The county is not within your scope."))
    direction = row.text("direction")
    fields["direction"] = (
        choice_lookup(Direction).get(direction.lower()) if direction else Direction.TO_HELPED
    )
    if fields["direction"] is None:
        row.error(
            "direction", _("“%(value)s” is not one of the allowed values.") % {"value": direction}
        )
    for key, check in (
        ("year", quotas.year_clean),
        ("cadres", quotas.planned_clean),
        ("professionals", quotas.planned_clean),
    ):
        if row.text(key):
            try:
                fields[key] = check(row.text(key), field=key)
            except ValidationError as exc:
                row.error(key, " ".join(exc.messages))
    if len(fields["source"]) > 200:
        row.error("source", _("The text is too long (at most 200 characters)."))
    if len(errors) > before:
        return None
    return ParsedRow(number, fields)


@transaction.atomic
def import_quotas(*, source: IO[bytes], user: Any) -> list[Quota]:
    """Set the quotas of each row; ImportRefused (and nothing written) if any cell is bad."""
    directory = Directory()
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    seen: dict[tuple[str, int, str], int] = {}
    with first_sheet(source, COLUMNS) as (columns, rows):
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(cell_text(c) for c in cells):
                continue
            row = _parse_row(number, cells, columns, directory, user, errors)
            if row is None:
                continue
            key = (row.fields["place"].code, row.fields["year"], row.fields["direction"])
            if key in seen:
                errors.append(RowError(number, str(BY_KEY["place"].label),
                                       _("The county's quotas for this year are on row "
                                         "%(row)s already.") % {"row": seen[key]}))  # fmt: skip
                continue
            seen[key] = number
            parsed.append(row)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    if not parsed:
        raise refuse(_("The first sheet has no quotas below its header."))
    written: list[Quota] = []
    for row in parsed:
        try:
            written += quotas.quota_set(actor=user, **row.fields)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                label = str(BY_KEY.get(field, BY_KEY["place"]).label)
                errors += [RowError(row.row, label, message) for message in messages]
    if errors:
        raise ImportRefused(errors)  # inside the transaction: the rows set are undone
    return written
