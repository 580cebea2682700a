"""Workbooks of the labour registers in their layouts (`layout`): the exports and the empty
templates.

The exports are written in openpyxl's write-only mode (a register may hold tens of
thousands of rows). Every text cell is written as text: a name or a note that
begins with “=” stays what was typed and never becomes a formula. Identity numbers
and phones are written as `Revealed` shows them: masked, unless the export was
asked for in full and the policy allows it for the record (recorded by `reveal`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from xiezuo.personal.identity import mask_identity
from xiezuo.personal.phones import mask_phone
from xiezuo.personal.shown import Revealed
from xiezuo.spreadsheets import (
    DATE_FORMAT,
    Column,
    append_row,
    cells,
    header,
    instructions_sheet,
    workbook_bytes,
    write_header,
)

from ..models import FollowUp, Placement, Posting, Trainee, Worker
from ..services import follow_up_due
from .layout import PLACEMENT_COLUMNS, POSTING_COLUMNS, TRAINEE_COLUMNS, WORKER_COLUMNS


def text_cells(sheet: WriteOnlyWorksheet, values: Sequence[Any]) -> list[Cell]:
    """A row's cells: text as text (`spreadsheets.cells`: never a formula, whatever it
    begins with), dates in the date format."""
    row = cells(sheet, values)
    for cell in row:
        if isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
    return row


def _register_workbook(
    title: str, columns: Sequence[Column], rows: Iterable[dict[str, Any]]
) -> bytes:
    """One sheet: the header (bold, frozen, each column its width) and a row per record."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"
    append_row(sheet, header(columns), bold=True)
    for record in rows:
        append_row(sheet, text_cells(sheet, [record.get(c.key) for c in columns]))
    return workbook_bytes(workbook)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _place(place: Any) -> str:
    return f"{place.code} {place.name}" if place is not None else ""


# --- workers


def worker_cells(worker: Worker, shown: Revealed | None = None) -> dict[str, Any]:
    """A worker's row (pass a worker from `selectors.worker_list(on=…)`, its wished
    occupations prefetched); identity and phone masked unless `shown` unmasks them."""
    identity = shown.identity(worker) if shown else mask_identity(worker.identity)
    phone = shown.phone(worker) if shown else (mask_phone(worker.phone) if worker.phone else "")
    wish = str(worker.get_wish_destination_display())
    if worker.wish_place is not None:
        wish = _place(worker.wish_place)
    return {
        "uid": worker.uid,
        "name": worker.name,
        "identity": identity,
        "sex": str(worker.get_sex_display()),
        "birth_date": worker.birth_date,
        "ethnicity": worker.ethnicity,
        "home": _place(worker.home),
        "poverty_status": str(worker.get_poverty_status_display()),
        "education": str(worker.get_education_display()),
        "skills": worker.skills,
        "certificates": "、".join(line for line in worker.certificates.splitlines() if line),
        "health_limits": worker.health_limits,
        "phone": phone,
        "wish_occupations": "、".join(f"{o.code} {o.name}" for o in worker.wish_occupations.all()),
        "wish_destination": wish,
        "expected_wage": worker.expected_wage,
        "available_from": worker.available_from,
        "employed": _yes_no(bool(getattr(worker, "employed", False))),
    }


def workers_workbook(workers: Iterable[Worker], shown: Revealed | None = None) -> bytes:
    return _register_workbook(
        _("Workers"), WORKER_COLUMNS, (worker_cells(w, shown) for w in workers)
    )


# --- postings


def posting_cells(posting: Posting) -> dict[str, Any]:
    return {
        "uid": posting.uid,
        "employer": posting.employer.name,
        "title": posting.title,
        "occupation": f"{posting.occupation.code} {posting.occupation.name}",
        "place_of_work": _place(posting.place_of_work),
        "openings": posting.openings,
        "wage_min": posting.wage_min,
        "wage_max": posting.wage_max,
        "hours": posting.hours,
        "meals": _yes_no(posting.meals),
        "housing": _yes_no(posting.housing),
        "age_min": posting.age_min,
        "age_max": posting.age_max,
        "education_min": str(posting.get_education_min_display()),
        "skills": posting.skills,
        "certificates": "、".join(line for line in posting.certificates.splitlines() if line),
        "contact": posting.contact,
        "offered_to": _place(posting.offered_to),
        "for_school_leavers": _yes_no(posting.for_school_leavers),
        "valid_from": posting.valid_from,
        "valid_to": posting.valid_to,
        "closed_on": posting.closed_on,
    }


def postings_workbook(postings: Iterable[Posting]) -> bytes:
    return _register_workbook(_("Postings"), POSTING_COLUMNS, map(posting_cells, postings))


# --- trainees of a class


def trainee_cells(trainee: Trainee) -> dict[str, Any]:
    return {
        "identity": mask_identity(trainee.worker.identity),
        "name": trainee.worker.name,
        "completed": _yes_no(trainee.completed),
        "certificate": trainee.certificate,
        "found_job_on": trainee.found_job_on,
        "poverty_status": str(trainee.get_poverty_status_display()),
        "county": _place(trainee.county),
    }


def trainees_workbook(trainees: Iterable[Trainee]) -> bytes:
    return _register_workbook(_("Trainees"), TRAINEE_COLUMNS, map(trainee_cells, trainees))


# --- placements, with their follow-ups


def follow_up_text(placement: Placement, months: int, today: date) -> str:
    """What became of a placement's follow-up: recorded (employed or not, on which day),
    due since a day, or due on a day to come."""
    recorded: FollowUp | None = next(
        (f for f in placement.follow_ups.all() if f.months == months), None
    )
    if recorded is not None:
        if recorded.employed:
            return _("still employed (checked %(day)s)") % {"day": recorded.checked_on.isoformat()}
        return _("no longer employed (checked %(day)s)") % {"day": recorded.checked_on.isoformat()}
    due = follow_up_due(placement, months)
    if due <= today:
        return _("due since %(day)s, not recorded") % {"day": due.isoformat()}
    return _("due on %(day)s") % {"day": due.isoformat()}


def placement_cells(placement: Placement, today: date) -> dict[str, Any]:
    """A placement's row (pass one from `selectors.placement_list`); the worker's identity
    number masked."""
    spell = placement.spell
    occupation = spell.occupation
    return {
        "uid": placement.uid,
        "identity": mask_identity(placement.worker.identity),
        "name": placement.worker.name,
        "posting": placement.posting.uid if placement.posting else "",
        "employer": spell.employer.name if spell.employer else spell.employer_name,
        "place_of_work": _place(spell.place_of_work),
        "occupation": f"{occupation.code} {occupation.name}" if occupation else "",
        "started_on": placement.started_on,
        "channel": str(placement.get_channel_display()),
        "fair": placement.fair.name if placement.fair else "",
        "monthly_income": spell.monthly_income,
        "note": placement.note,
        "county": _place(placement.county),
        "destination": str(placement.get_destination_display()),
        "poverty_status": str(placement.get_poverty_status_display()),
        "follow_up_3": follow_up_text(placement, 3, today),
        "follow_up_6": follow_up_text(placement, 6, today),
    }


def placements_workbook(placements: Iterable[Placement], today: date) -> bytes:
    return _register_workbook(
        _("Placements"), PLACEMENT_COLUMNS, (placement_cells(p, today) for p in placements)
    )


# --- the empty templates


def template_workbook(
    title: str, columns: Sequence[Column], example: dict[str, Any], one_row_per: str
) -> bytes:
    """The layout, empty, with a note on each column, and an instructions sheet that says how
    to write each column and shows an example row."""
    imported = [c for c in columns if c.imported]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    write_header(sheet, imported, comments=True)
    notes = instructions_sheet(
        workbook,
        imported,
        example,
        one_row_per=one_row_per,
        ignored=_(
            "The columns of the register's export that are not in this template are ignored."
        ),
    )
    for cell in notes[notes.max_row]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
    return workbook_bytes(workbook)


Template = Callable[[], bytes]


def worker_template() -> bytes:
    return template_workbook(
        _("Workers"),
        WORKER_COLUMNS,
        {
            "name": "韦某某",
            "identity": "459900199005170028",
            "home": "451024105201 某村",
            "poverty_status": _("Registered poor household"),
            "education": _("Junior secondary school"),
            "skills": "电焊",
            "phone": "13800138000",
            "wish_occupations": "6-25-04-01、缝纫工",
            "wish_destination": _("In the helper province"),
            "expected_wage": 4000,
            "available_from": date(2019, 3, 1),
        },
        _("Fill one row per worker on the first sheet, below its header; keep the header."),
    )


def posting_template() -> bytes:
    return template_workbook(
        _("Postings"),
        POSTING_COLUMNS,
        {
            "employer": "某电子有限公司",
            "title": "电子装配工",
            "occupation": "6-25-04-01",
            "place_of_work": "441900 东莞市",
            "openings": 30,
            "wage_min": 4000,
            "wage_max": 5500,
            "hours": "8小时，两班倒",
            "meals": "是",
            "housing": "是",
            "age_min": 18,
            "age_max": 45,
            "valid_from": date(2019, 3, 1),
            "valid_to": date(2019, 6, 30),
        },
        _("Fill one row per posting on the first sheet, below its header; keep the header."),
    )


def trainee_template() -> bytes:
    return template_workbook(
        _("Trainees"),
        TRAINEE_COLUMNS,
        {
            "identity": "459900199005170028",
            "name": "韦某某",
            "completed": "是",
            "certificate": "电工职业资格证书",
        },
        _(
            "Fill one row per trainee on the first sheet, below its header; keep the header. "
            "The workers must be registered already."
        ),
    )


def placement_template() -> bytes:
    return template_workbook(
        _("Placements"),
        PLACEMENT_COLUMNS,
        {
            "identity": "459900199005170028",
            "name": "韦某某",
            "employer": "某电子有限公司",
            "place_of_work": "441900 东莞市",
            "occupation": "6-25-04-01",
            "started_on": date(2019, 3, 1),
            "channel": _("Organised by the programme"),
            "monthly_income": 4500,
        },
        _(
            "Fill one row per placement on the first sheet, below its header; keep the header. "
            "The workers must be registered already."
        ),
    )
