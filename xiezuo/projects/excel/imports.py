"""The import of projects from a workbook in the layout (`layout`): all rows or none.

Every row is read and checked first — kind, places (and that they are in the
importing user's scope), organisations, dates, whole numbers, amounts — and
one bad cell refuses the whole file with a message per row and column
(`xiezuo.importing`); nothing is written then. The projects are created by
`project_create` inside one transaction: a refusal by the service is named on
its row too, and undoes the rows before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.amounts import amount_clean
from xiezuo.importing import ImportRefused, RowError
from xiezuo.places.lookups import Directory
from xiezuo.places.models import Organisation, Place
from xiezuo.spreadsheets import (
    Row,
    cell_date,
    cell_names,
    cell_text,
    choice_lookup,
    first_sheet,
    not_a_date,
    refuse,
)

from .. import services
from ..models import Kind, Project
from .layout import BUDGET_KEYS, BY_KEY, COLUMNS

# which column a service's message about a field belongs to
_SERVICE_COLUMNS = {
    "name": "name",
    "kind": "kind",
    "planned_end_on": "end",
    "partners": "partners",
}


@dataclass
class ParsedRow:
    row: int
    fields: dict[str, Any]
    locations: list[Place]
    partners: list[Organisation]
    budget: dict[str, Decimal] = field(default_factory=dict)
    uid: str = ""  # the export's id of the project, by which other rows may name it
    parent: str = ""


def _parse_row(
    number: int,
    cells: Sequence[Any],
    columns: dict[str, int],
    directory: Directory,
    kinds: dict[str, str],
    user: User,
    errors: list[RowError],
) -> ParsedRow | None:
    """One row read and checked; its errors appended to `errors` (None if there were any)."""
    before = len(errors)

    row = Row(number, cells, columns, {k: str(c.label) for k, c in BY_KEY.items()}, errors)
    cell, error = row.cell, row.error
    row.require("name", "kind", "locations")
    name = cell_text(cell("name"))
    if len(name) > 200:
        error("name", _("The name is too long (at most 200 characters)."))
    kind = ""
    if cell_text(cell("kind")):
        kind = kinds.get(cell_text(cell("kind")).lower(), "")
        if not kind:
            error("kind", _("“%s” is not a kind of project.") % cell_text(cell("kind")))

    locations: list[Place] = []
    for token in cell_names(cell("locations")):
        try:
            place = directory.place(token)
        except ValueError as exc:
            error("locations", str(exc))
        else:
            locations.append(place)
    if locations and not policy.can(user, "project.manage", policy.Places(tuple(locations))):
        error("locations", _("None of these places is within your scope."))

    organisations: dict[str, Organisation | None] = {}
    for key in ("implementing", "responsible"):
        organisations[key] = None
        if cell_text(cell(key)):
            try:
                organisations[key] = directory.organisation(cell_text(cell(key)))
            except ValueError as exc:
                error(key, str(exc))
    partners: list[Organisation] = []
    for partner in cell_names(cell("partners")):
        try:
            partners.append(directory.organisation(partner))
        except ValueError as exc:
            error("partners", str(exc))

    days: dict[str, date | None] = {}
    for key in ("start", "end"):
        days[key] = None
        if cell_text(cell(key)):
            days[key] = cell_date(cell(key))
            if days[key] is None:
                error(key, not_a_date(cell(key)))

    counts: dict[str, int | None] = {}
    for key in ("households", "people"):
        text = cell_text(cell(key)).replace(",", "")
        counts[key] = None
        if text:
            if text.isdigit():
                counts[key] = int(text)
            else:
                error(key, _("“%(value)s” is not a whole number.") % {"value": text})

    budget: dict[str, Decimal] = {}
    for key in BUDGET_KEYS:
        if cell_text(cell(key)):
            try:
                budget[key] = amount_clean(cell_text(cell(key)))
            except ValidationError as exc:
                error(key, " ".join(exc.messages))

    if len(errors) > before:
        return None
    return ParsedRow(
        row=number,
        fields={
            "name": name,
            "kind": kind,
            "sector": cell_text(cell("sector"))[:100],
            "implementing_organisation": organisations["implementing"],
            "responsible_organisation": organisations["responsible"],
            "planned_start_on": days["start"],
            "planned_end_on": days["end"],
            "households_expected": counts["households"],
            "people_expected": counts["people"],
            "benefit_mechanism": cell_text(cell("mechanism")),
        },
        locations=locations,
        partners=partners,
        budget=budget,
        uid=row.text("uid"),
        parent=row.text("parent"),
    )


def _in_library(token: str) -> Project:
    """A project already in the library, by its id or its unique name."""
    found = list(Project.objects.filter(uid=token)[:1]) or list(
        Project.objects.filter(name=token)[:2]
    )
    if not found:
        raise ValueError(
            _("No project is named “%(name)s” in this file or in the library.") % {"name": token}
        )
    if len(found) > 1:
        raise ValueError(
            _("Several projects are named “%(name)s”; write the one meant by its id.")
            % {"name": token}
        )
    return found[0]


def _read_rows(source: IO[bytes], user: User) -> list[ParsedRow]:
    directory, kinds = Directory(), choice_lookup(Kind)
    errors: list[RowError] = []
    parsed: list[ParsedRow] = []
    with first_sheet(source, COLUMNS) as (columns, rows):
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(cell_text(c) for c in cells):
                continue
            row = _parse_row(number, cells, columns, directory, kinds, user, errors)
            if row is not None:
                parsed.append(row)
    if not errors and not parsed:
        raise refuse(_("The first sheet has no projects below its header."))
    in_file = {row.fields["name"] for row in parsed} | {row.uid for row in parsed if row.uid}
    for row in parsed:
        if row.parent and row.parent not in in_file:
            try:
                _in_library(row.parent)
            except ValueError as exc:
                errors.append(RowError(row.row, str(BY_KEY["parent"].label), str(exc)))
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    return parsed


@transaction.atomic
def import_projects(*, source: IO[bytes], user: User) -> list[Project]:
    """Create a project for each row of the workbook; ImportRefused (and nothing written)
    if any cell is bad."""
    rows = _read_rows(source, user)
    created: list[Project] = []
    errors: list[RowError] = []
    named: dict[str, Project] = {}  # the file's projects by their name and their export id
    for row in rows:
        try:
            project = services.project_create(
                locations=row.locations,
                partners=row.partners,
                by=user,
                budget_lines=[{"source": k, "amount": a} for k, a in row.budget.items()],
                **row.fields,
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                column = BY_KEY[_SERVICE_COLUMNS.get(key, "name")].label
                errors += [RowError(row.row, str(column), m) for m in messages]
        else:
            created.append(project)
            named[project.name] = named[row.uid or project.name] = project
    if not errors:  # parents last, so that a row may name a project below it in the file
        for row, project in zip(rows, created, strict=True):
            if not row.parent:
                continue
            parent = named.get(row.parent) or _in_library(row.parent)
            try:
                services.project_update(project=project, parent=parent)
            except ValidationError as exc:
                label = str(BY_KEY["parent"].label)
                errors += [RowError(row.row, label, m) for m in exc.messages]
    if errors:
        raise ImportRefused(errors)  # inside the transaction: the rows created are undone
    return created
