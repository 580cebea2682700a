"""The secondment list in Excel, one layout for the export, the import and the template.

One row per secondment naming its person, the header in the user's language with each
column's code in brackets — “派出地 (origin)” — so that the import finds its columns by
those codes (or the plain label) whatever their order. The export masks identity numbers
and phones; the id is written by the export and ignored by the import.

The import is all or nothing: every row is read and checked first (the places and
organisations, the choices, the dates, that the importing user may record there), and one
bad cell refuses the whole file with a message per row and column. Then, in one
transaction, each row finds its person — by identity number, else by name and place of
work — registering him if he is new, and records the secondment by the services; a
refusal by a service is named on its row and column too, and undoes the rows before it.
A masked number (from an export) counts as none given.
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
from xiezuo.importing import ImportRefused, RowError
from xiezuo.personal.crypto import lookup_hash
from xiezuo.personal.identity import identity_clean, mask_identity
from xiezuo.personal.phones import mask_phone
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
from .models import Category, Direction, Kind, Person, Secondment

OPTIONAL = gettext_lazy("Optional.")
A_DATE = gettext_lazy("A date, e.g. 2018-05-08.")
COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13,
           gettext_lazy("Written by the export; ignored on import."), imported=False),
    Column("name", gettext_lazy("Name"), 12, gettext_lazy("The person's name."), required=True),
    Column("identity", gettext_lazy("Identity number"), 22,
           gettext_lazy("Optional; finds the person again. A masked number counts as none.")),
    Column("phone", gettext_lazy("Phone"), 16, OPTIONAL),
    Column("category", gettext_lazy("Category"), 14,
           gettext_lazy("Cadre, teacher, doctor, agricultural or other technician, other."),
           required=True),
    Column("rank", gettext_lazy("Rank or professional title"), 14, OPTIONAL),
    Column("home", gettext_lazy("Place of work"), 16,
           gettext_lazy("Division code; empty: the sending place.")),
    Column("direction", gettext_lazy("Direction"), 16,
           gettext_lazy("Helper side to helped side, or back."), required=True),
    Column("kind", gettext_lazy("Kind"), 14,
           gettext_lazy("Secondment, professional support or short training visit."),
           required=True),
    Column("origin", gettext_lazy("Sending place"), 16, gettext_lazy("Division code."),
           required=True),
    Column("origin_organisation", gettext_lazy("Sending organisation"), 20, OPTIONAL),
    Column("host", gettext_lazy("Host place"), 16, gettext_lazy("Division code."), required=True),
    Column("host_organisation", gettext_lazy("Host organisation"), 20, OPTIONAL),
    Column("post", gettext_lazy("Post held"), 20, OPTIONAL),
    Column("planned_start", gettext_lazy("Planned start"), 12, A_DATE, required=True),
    Column("planned_end", gettext_lazy("Planned end"), 12, A_DATE, required=True),
    Column("started_on", gettext_lazy("Started on"), 12, gettext_lazy("Empty until started.")),
    Column("ended_on", gettext_lazy("Ended on"), 12, gettext_lazy("Empty until ended.")),
    Column("note", gettext_lazy("Note"), 20, OPTIONAL),
)  # fmt: skip
BY_KEY = {c.key: c for c in COLUMNS}
DATES = ("planned_start", "planned_end", "started_on", "ended_on")
PERSON_KEYS = {"name", "identity", "phone", "rank", "home"}


# --- out


def _cells(s: Secondment) -> list[Any]:
    person = s.person
    cells: dict[str, Any] = {
        "uid": s.uid,
        "name": person.name,
        "identity": mask_identity(person.identity) if person.identity else "",
        "phone": mask_phone(person.phone) if person.phone else "",
        "category": str(s.get_category_display()),
        "rank": person.rank,
        "home": f"{person.home.code} {person.home.name}",
        "direction": str(s.get_direction_display()),
        "kind": str(s.get_kind_display()),
        "origin": f"{s.origin.code} {s.origin.name}",
        "origin_organisation": s.origin_organisation.name if s.origin_organisation else "",
        "host": f"{s.host.code} {s.host.name}",
        "host_organisation": s.host_organisation.name if s.host_organisation else "",
        "post": s.post,
        "planned_start": s.planned_start,
        "planned_end": s.planned_end,
        "started_on": s.started_on,
        "ended_on": s.ended_on,
        "note": s.note,
    }
    return [cells[c.key] for c in COLUMNS]


def _sheet(workbook: Workbook) -> Any:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Secondments")
    write_header(sheet, COLUMNS, comments=True)
    return sheet


def secondments_workbook(secondments: QuerySet[Secondment]) -> bytes:
    """One row per secondment, its person's identity number and phone masked."""
    workbook = Workbook()
    sheet = _sheet(workbook)
    for secondment in secondments.select_related("person__home"):
        append_row(sheet, _cells(secondment))
    keys = [c.key for c in COLUMNS]
    for row in sheet.iter_rows(min_row=2):
        for key in DATES:
            row[keys.index(key)].number_format = DATE_FORMAT
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
    person: dict[str, Any]
    secondment: dict[str, Any]


def _parse_row(
    number: int, cells: Sequence[Any], columns: dict[str, int], directory: Directory,
    user: Any, errors: list[RowError],
) -> ParsedRow | None:  # fmt: skip
    before = len(errors)
    row = Row(number, cells, columns, {k: str(c.label) for k, c in BY_KEY.items()}, errors)
    row.require(*(c.key for c in COLUMNS if c.required))
    person: dict[str, Any] = {"name": row.text("name"), "rank": row.text("rank"),
                              "phone": row.text("phone")}  # fmt: skip
    identity = row.text("identity")
    person["identity"] = "" if "*" in identity else identity
    if "*" in person["phone"]:
        person["phone"] = ""
    fields: dict[str, Any] = {"post": row.text("post"), "note": row.text("note")}
    for key in ("origin", "host", "home"):
        if row.text(key):
            try:
                (fields if key != "home" else person)[key] = directory.place(row.text(key))
            except ValueError as exc:
                row.error(key, str(exc))
    for key in ("origin_organisation", "host_organisation"):
        fields[key] = None
        if row.text(key):
            try:
                fields[key] = directory.organisation(row.text(key))
            except ValueError as exc:
                row.error(key, str(exc))
    for key, choices in (("category", Category), ("direction", Direction), ("kind", Kind)):
        text = row.text(key)
        if text:
            fields[key] = choice_lookup(choices).get(text.lower())
            if fields[key] is None:
                row.error(key, _("“%(value)s” is not one of the allowed values.") % {"value": text})
    person["category"] = fields.get("category")
    for key in DATES:
        fields[key] = None
        if row.text(key):
            fields[key] = cell_date(row.cell(key))
            if fields[key] is None:
                row.error(key, not_a_date(row.cell(key)))
    if "origin" in fields and "host" in fields:
        candidate = Secondment(
            origin=fields["origin"], host=fields["host"],
            origin_organisation=fields["origin_organisation"],
            host_organisation=fields["host_organisation"],
        )  # fmt: skip
        if not policy.can(user, "exchange.record", candidate):
            row.error("host", _("Neither the sending nor the host side is within your scope."))
        person.setdefault("home", fields["origin"])
    if len(errors) > before:
        return None
    return ParsedRow(number, person, fields)


def _person_of(row: ParsedRow, user: Any) -> Person:
    """The row's person: by identity number, else by name and place of work; else new."""
    details = dict(row.person)
    identity = details.pop("identity")
    if identity:
        try:
            found = Person.objects.filter(identity_hash=lookup_hash(identity_clean(identity)))
        except ValidationError:
            found = Person.objects.none()  # refused, with its message, by the registration
        person = found.first()
        if person is not None:
            return person
    else:
        same = list(Person.objects.filter(name=details["name"], home=details["home"])[:2])
        if len(same) == 1:
            return same[0]
    return services.person_register(actor=user, identity=identity, **details)


@transaction.atomic
def import_secondments(*, source: IO[bytes], user: Any) -> list[Secondment]:
    """Record a secondment for each row (registering its person if new); ImportRefused
    (and nothing written) if any cell is bad."""
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
        raise refuse(_("The first sheet has no secondments below its header."))
    created = []
    for row in parsed:
        try:
            person = _person_of(row, user)
            created.append(services.secondment_create(actor=user, person=person, **row.secondment))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                column = key.removesuffix("_organisation") if key not in BY_KEY else key
                label = str(BY_KEY.get(column, BY_KEY["name"]).label)
                errors += [RowError(row.row, label, message) for message in messages]
    if errors:
        raise ImportRefused(errors)  # inside the transaction: the rows recorded are undone
    return created
