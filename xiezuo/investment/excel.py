"""The signed-project list in Excel, one layout for the export, the import and the template.

One row per project, the header in the user's language with each column's code in
brackets — “企业 (enterprise)” — so that the import finds its columns by those codes (or
by the plain label) whatever their order. The id and the investment in place are written
by the export and ignored by the import: an exported list imports (as new projects)
elsewhere.

The import is all or nothing: every row is read and checked first — the enterprise, the
place (and that the importing user may record there), the sector, the day, the amount —
and one bad cell refuses the whole file with a message per row and column; then each
row is recorded by `services.project_create` in one transaction, and a refusal by the
service is named on its row too and undoes the rows before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from xiezuo.accounts import policy
from xiezuo.amounts import amount_clean
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

from . import services
from .models import ZERO, InvestmentProject, ProjectStatus, Sector
from .selectors import Totals

MONEY = "#,##0.00"

COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("name", gettext_lazy("Name"), 36, gettext_lazy("The project's name."), required=True),
    Column("enterprise", gettext_lazy("Enterprise"), 28,
           gettext_lazy("A helper-side enterprise known to Xiezuo, by its name or id."),
           required=True),
    Column("place", gettext_lazy("Place"), 16,
           gettext_lazy("The helped place's division code (“451024 德保县” is read as 451024)."),
           required=True),
    Column("sector", gettext_lazy("Sector"), 10,
           gettext_lazy("Agriculture or other sectors, as the list of sectors names them."),
           required=True),
    Column("signed_on", gettext_lazy("Signed on"), 12, gettext_lazy("A date, e.g. 2018-05-08."),
           required=True),
    Column("planned", gettext_lazy("Planned investment (yuan)"), 20,
           gettext_lazy("Yuan, at most two decimals."), required=True),
    Column("in_place", gettext_lazy("Investment in place (yuan)"), 20,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("jobs", gettext_lazy("Jobs expected"), 10,
           gettext_lazy("A whole number; may be empty.")),
    Column("status", gettext_lazy("Status"), 10,
           gettext_lazy("Signed, under construction, in production or stopped; empty: signed.")),
    Column("mechanism", gettext_lazy("Benefit to the poor"), 30, gettext_lazy("Optional.")),
)  # fmt: skip
BY_KEY = {c.key: c for c in COLUMNS}
# which column a service's refusal of a field belongs to
_SERVICE_COLUMNS = {
    "name": "name", "enterprise": "enterprise", "place": "place", "sector": "sector",
    "signed_on": "signed_on", "planned_investment": "planned", "jobs_expected": "jobs",
    "status": "status",
}  # fmt: skip


# --- out


def _cells(project: InvestmentProject) -> list[Any]:
    in_place = sum((r.signed_amount for r in project.in_place.all()), ZERO)
    cells: dict[str, Any] = {
        "uid": project.uid,
        "name": project.name,
        "enterprise": project.enterprise.name,
        "place": f"{project.place.code} {project.place.name}",
        "sector": str(project.get_sector_display()),
        "signed_on": project.signed_on,
        "planned": project.planned_investment,
        "in_place": in_place,
        "jobs": project.jobs_expected,
        "status": str(project.get_status_display()),
        "mechanism": project.benefit_mechanism,
    }
    return [cells[c.key] for c in COLUMNS]


def _sheet(workbook: Workbook) -> Any:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Signed projects")
    write_header(sheet, COLUMNS, comments=True)
    return sheet


def projects_workbook(projects: QuerySet[InvestmentProject], totals: Totals) -> bytes:
    """One row per project (planned and in place in yuan, exact), and a row of totals."""
    workbook = Workbook()
    sheet = _sheet(workbook)
    for project in projects.prefetch_related("in_place"):
        append_row(sheet, _cells(project))
    keys = [c.key for c in COLUMNS]
    total: list[Any] = [""] * len(keys)
    total[keys.index("name")] = _("Total")
    total[keys.index("planned")] = totals.planned
    total[keys.index("in_place")] = totals.in_place
    append_row(sheet, total)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[keys.index("signed_on")].number_format = DATE_FORMAT
        row[keys.index("planned")].number_format = MONEY
        row[keys.index("in_place")].number_format = MONEY
    return workbook_bytes(workbook)


def template_workbook() -> bytes:
    """The header alone, each column's help as a note."""
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
    row.require("name", "enterprise", "place", "sector", "signed_on", "planned")
    fields: dict[str, Any] = {"name": row.text("name"), "benefit_mechanism": row.text("mechanism")}
    if len(fields["name"]) > 200:
        row.error("name", _("The name is too long (at most 200 characters)."))
    if row.text("enterprise"):
        try:
            fields["enterprise"] = directory.organisation(row.text("enterprise"))
        except ValueError as exc:
            row.error("enterprise", str(exc))
    if row.text("place"):
        try:
            fields["place"] = directory.place(row.text("place"))
        except ValueError as exc:
            row.error("place", str(exc))
    for key, field, choices, default in (
        ("sector", "sector", choice_lookup(Sector), None),
        ("status", "status", choice_lookup(ProjectStatus), ProjectStatus.SIGNED),
    ):
        text = row.text(key)
        if text:
            fields[field] = choices.get(text.lower())
            if fields[field] is None:
                row.error(key, _("“%(value)s” is not one of the allowed values.") % {"value": text})
        elif default is not None:
            fields[field] = default
    if row.text("signed_on"):
        fields["signed_on"] = cell_date(row.cell("signed_on"))
        if fields["signed_on"] is None:
            row.error("signed_on", not_a_date(row.cell("signed_on")))
    if row.text("planned"):
        try:
            fields["planned_investment"] = amount_clean(row.text("planned"))
        except ValidationError as exc:
            row.error("planned", " ".join(exc.messages))
    jobs = row.text("jobs").replace(",", "")
    if jobs and not jobs.isdigit():
        row.error("jobs", _("“%(value)s” is not a whole number.") % {"value": jobs})
    fields["jobs_expected"] = int(jobs) if jobs.isdigit() else 0
    if "enterprise" in fields and "place" in fields:
        candidate = InvestmentProject(enterprise=fields["enterprise"], place=fields["place"])
        if not policy.can(user, "investment.record", candidate):
            row.error("place", _("Neither the place nor the enterprise is within your scope."))
    if len(errors) > before:
        return None
    return ParsedRow(number, fields)


@transaction.atomic
def import_projects(*, source: IO[bytes], user: Any) -> list[InvestmentProject]:
    """Record a signed project for each row; ImportRefused (and nothing written) if any
    cell is bad."""
    directory = Directory()
    totals = set()  # the export's row of totals, in either language
    for language in ("zh-hans", "en"):
        with translation.override(language):
            totals.add(str(_("Total")))
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    with first_sheet(source, COLUMNS) as (columns, rows):
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(cell_text(c) for c in cells):
                continue
            name = cell_text(cells[columns["name"]]) if columns["name"] < len(cells) else ""
            if name in totals:
                continue  # the export's row of totals
            row = _parse_row(number, cells, columns, directory, user, errors)
            if row is not None:
                parsed.append(row)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    if not parsed:
        raise refuse(_("The first sheet has no projects below its header."))
    created = []
    for row in parsed:
        try:
            created.append(services.project_create(actor=user, **row.fields))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                label = str(BY_KEY[_SERVICE_COLUMNS.get(key, "name")].label)
                errors += [RowError(row.row, label, message) for message in messages]
    if errors:
        raise ImportRefused(errors)  # inside the transaction: the rows recorded are undone
    return created
