"""A document's work items in Excel: one layout for the import, the board's export and the template.

One row per work item, the header in the user's language with each
column's code in brackets — “牵头单位 (lead)” — so that the import finds
its columns by those codes (or by the plain label) whatever their order:

- category: the category's name (a new name makes a new category, numbered
  after the document's in order of first appearance);
- number: the item's number in the document (empty: numbered after the
  document's last item; a number the document already has refuses the row);
- title, description;
- lead: the lead organisation's name; supporting: names separated by 、 or ;;
- places: the responsible places, division codes and/or names separated by
  、 or ; (“4510 百色市” reads as the code 4510);
- start (empty: the document's start), due: dates (YYYY-MM-DD);
- milestones: one a line, “title YYYY-MM-DD”;
- targets: one a line, “element_code[dim=option] @place_code period value”,
  e.g. `people_trained[poverty=poor] @45 2018 10000` (an indicator's code
  works too, without options);
- status, reasons: written by the board's export, ignored by the import.

The import adds items to the document, never replaces; it is all-or-nothing:
every row is checked first and one bad cell refuses the whole file with a
message per row and column (`xiezuo.importing`), and nothing is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from xiezuo.importing import ImportRefused, RowError
from xiezuo.indicators.models import DataElement, Indicator
from xiezuo.places.models import Organisation, Place

from . import services
from .board import STATUSES, Board, Outcome, Report
from .models import Category, Document, WorkItem
from .status import Assessment, Status

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    width: int
    help: Promise
    required: bool = False
    imported: bool = True


COLUMNS: tuple[Column, ...] = (
    Column(
        "category",
        gettext_lazy("Category"),
        14,
        gettext_lazy("The category's name; a new name makes a new category."),
        required=True,
    ),
    Column(
        "number",
        gettext_lazy("No."),
        6,
        gettext_lazy(
            "The item's number in the document; empty: numbered after the last item. "
            "A number the document already has is refused."
        ),
    ),
    Column("title", gettext_lazy("Work item"), 40, gettext_lazy("What is to be done."), True),
    Column("description", gettext_lazy("Description"), 30, gettext_lazy("Optional.")),
    Column(
        "lead",
        gettext_lazy("Lead organisation"),
        22,
        gettext_lazy("The name of an organisation known to Xiezuo."),
        required=True,
    ),
    Column(
        "supporting",
        gettext_lazy("Supporting organisations"),
        26,
        gettext_lazy("Organisation names separated by 、 or ;."),
    ),
    Column(
        "places",
        gettext_lazy("Responsible places"),
        24,
        gettext_lazy(
            "Prefectures and counties: division codes and/or names separated by 、 or ; "
            "(“4510 百色市” is read as the code 4510)."
        ),
    ),
    Column(
        "start", gettext_lazy("Start"), 12, gettext_lazy("A date; empty: the document's start.")
    ),
    Column("due", gettext_lazy("Due"), 12, gettext_lazy("A date, not before the start."), True),
    Column(
        "milestones",
        gettext_lazy("Milestones"),
        30,
        gettext_lazy("One a line: the title, a space, the due date (YYYY-MM-DD)."),
    ),
    Column(
        "targets",
        gettext_lazy("Targets"),
        40,
        gettext_lazy(
            "One a line: element_code[dimension=option] @place_code period value, "
            "e.g. people_trained[poverty=poor] @45 2018 10000."
        ),
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        8,
        gettext_lazy("Written by the board's export; ignored on import."),
        imported=False,
    ),
    Column(
        "reasons",
        gettext_lazy("Reasons"),
        40,
        gettext_lazy("Written by the board's export; ignored on import."),
        imported=False,
    ),
)
BY_KEY = {c.key: c for c in COLUMNS}
STATUS_FILLS = {
    Status.OVERDUE: "F3E5E5",
    Status.AT_RISK: "FFF4E0",
    Status.NOT_STARTED: "EEF2F6",
    Status.ON_TRACK: "E5EDF8",
    Status.DONE: "E3F4E8",
}
_CODE_IN_HEADER = re.compile(r"\(([a-z_]+)\)\s*$")
_SEPARATORS = re.compile(r"[、;；,，\n]+")
_PLACE_CODE = re.compile(r"^(\d{2,12})(?:\s.*)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MILESTONE = re.compile(r"^(?P<title>.*\S)\s+(?P<due>\S+)$")
_TARGET = re.compile(
    r"^(?P<code>[A-Za-z][\w.-]*)\s*(?:\[(?P<options>[^\]]*)\])?"
    r"\s+@(?P<place>\S+)\s+(?P<period>\S+)\s+(?P<value>\S+)$"
)


def header() -> list[str]:
    return [f"{c.label} ({c.key})" for c in COLUMNS]


# --- writing ------------------------------------------------------------------------------


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")  # 10000.0000 -> "10000"


def _places_cell(places: Iterable[Place]) -> str:
    return "、".join(f"{p.code} {p.name}" for p in places)


def item_cells(item: WorkItem, assessment: Assessment | None = None) -> list[Any]:
    """An item's row in the layout (pass an item from `selectors.items_of`)."""
    milestones = "\n".join(f"{m.title} {m.due_on.isoformat()}" for m in item.milestones.all())
    targets = "\n".join(
        f"{t.expression} @{t.place.code} {t.period} {_number(t.value)}" for t in item.targets.all()
    )
    cells: dict[str, Any] = {
        "category": item.category.name,
        "number": item.number,
        "title": item.title,
        "description": item.description,
        "lead": item.lead.name,
        "supporting": "、".join(o.name for o in item.supporting.all()),
        "places": _places_cell(item.places.all()),
        "start": item.starts_on,
        "due": item.due_on,
        "milestones": milestones,
        "targets": targets,
        "status": str(assessment.status.label) if assessment else "",
        "reasons": "\n".join(assessment.reasons) if assessment else "",
    }
    return [cells[c.key] for c in COLUMNS]


def _layout_sheet(sheet: Worksheet, *, comments: bool = False) -> None:
    sheet.append(header())
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position)
        cell.font = Font(bold=True)
        if comments:
            cell.comment = Comment(str(column.help), "Xiezuo", width=260, height=110)
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"


def _style_rows(sheet: Worksheet, first: int = 2) -> None:
    dates = {COLUMNS.index(BY_KEY["start"]) + 1, COLUMNS.index(BY_KEY["due"]) + 1}
    for row in sheet.iter_rows(min_row=first):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in dates:
                cell.number_format = DATE_FORMAT


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def board_workbook(board: Board) -> bytes:
    """The board in the import's layout (items in the plan's order), with a summary sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Work items")
    _layout_sheet(sheet)
    status_column = COLUMNS.index(BY_KEY["status"]) + 1
    for row in sorted(board.rows, key=lambda r: (r.item.category.number, r.item.number)):
        sheet.append(item_cells(row.item, row.assessment))
        sheet.cell(row=sheet.max_row, column=status_column).fill = PatternFill(
            "solid", fgColor=STATUS_FILLS[row.status]
        )
    _style_rows(sheet)

    summary = workbook.create_sheet(_("Summary"))
    summary.append([_("Document"), board.document.title])
    summary.append([_("Statuses as on"), board.on])
    summary.cell(row=2, column=2).number_format = DATE_FORMAT
    summary.append([])
    _bold_row(summary, [_("Status"), _("Items")])
    for status in STATUSES:
        summary.append([str(status.label), board.counts[status]])
    summary.append([_("All items"), len(board.rows)])
    for title, tallies in (
        (_("Lead organisation"), board.by_lead),
        (_("Prefecture or county"), board.by_place),
    ):
        summary.append([])
        _bold_row(
            summary,
            [title, _("Items"), *[str(s.label) for s in STATUSES], _("Completion rate")],
        )
        for tally in tallies:
            label = f"{tally.key} {tally.label}" if tally.level else tally.label
            rate = tally.rate if tally.rate is not None else ""
            summary.append([label, tally.total, *[tally.counts[s] for s in STATUSES], rate])
            summary.cell(row=summary.max_row, column=len(STATUSES) + 3).number_format = "0.0%"
    summary.column_dimensions["A"].width = 30
    return _bytes(workbook)


def template_workbook(document: Document) -> bytes:
    """The layout, empty, with a note on each column and an instructions sheet with an example."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Work items")
    _layout_sheet(sheet, comments=True)

    notes = workbook.create_sheet(_("Instructions"))
    notes.append([_("Work items of “%(title)s”") % {"title": document.title}])
    notes["A1"].font = Font(bold=True, size=13)
    for line in (
        _("Fill one row per work item on the first sheet, below its header; keep the header."),
        _(
            "The import adds the rows to the document; it does not change or remove items "
            "already there."
        ),
        _(
            "Every row is checked first: one bad cell refuses the whole file, with a message "
            "per row and column, and nothing is written."
        ),
        _("The status and reasons columns are written by the board's export and ignored."),
    ):
        notes.append([line])
    categories = "、".join(c.name for c in document.categories.all())
    if categories:
        notes.append([_("Categories of this document: %(names)s") % {"names": categories}])
    notes.append([])
    _bold_row(notes, [_("Column"), _("Required"), _("How to write it")])
    for column in COLUMNS:
        notes.append(
            [
                f"{column.label} ({column.key})",
                _("yes") if column.required else "",
                str(column.help),
            ]
        )
    notes.append([])
    notes.append([_("An example row:")])
    _bold_row(notes, header())
    example = {
        "category": _("Labour cooperation"),
        "number": "",
        "title": _("Help poor workers move into jobs"),
        "description": "",
        "lead": "粤桂扶贫协作办公室",
        "supporting": "百色市扶贫开发办公室、德保县扶贫开发办公室",
        "places": "4510 百色市、451024 德保县",
        "start": date(2018, 1, 1),
        "due": date(2018, 12, 31),
        "milestones": "\n".join(
            [
                _("Training plan agreed") + " 2018-03-31",
                _("Year’s training classes held") + " 2018-11-30",
            ]
        ),
        "targets": "people_trained[poverty=poor] @45 2018 10000",
        "status": "",
        "reasons": "",
    }
    notes.append([example[c.key] for c in COLUMNS])
    _style_rows(notes, first=notes.max_row)
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["C"].width = 80
    return _bytes(workbook)


def report_workbook(report: Report, absolute: Callable[[str], str] = str) -> bytes:
    """The completion report: the tallies, then every item with its outcome and evidence."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("Summary")
    summary.append([_("Completion report: %(title)s") % {"title": report.document.title}])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([_("As on"), report.on])
    summary.cell(row=2, column=2).number_format = DATE_FORMAT
    columns = [
        _("Items"),
        str(Outcome.LABELS[Outcome.ON_TIME]),
        str(Outcome.LABELS[Outcome.LATE]),
        str(Outcome.LABELS[Outcome.NOT_DONE]),
        _("Completion rate"),
    ]
    for title, groups in (
        (_("Category"), [*report.by_category, report.total]),
        (_("Lead organisation"), [*report.by_lead, report.total]),
    ):
        summary.append([])
        _bold_row(summary, [title, *columns])
        for group in groups:
            rate = group.rate if group.rate is not None else ""
            summary.append(
                [group.label, group.total, group.on_time, group.late, group.not_done, rate]
            )
            summary.cell(row=summary.max_row, column=6).number_format = "0.0%"
    summary.column_dimensions["A"].width = 30

    sheet = workbook.create_sheet(_("Items"))
    _bold_row(
        sheet,
        [
            _("Category"),
            _("No."),
            _("Work item"),
            _("Lead organisation"),
            _("Due"),
            _("Outcome"),
            _("Done on"),
            _("Status"),
            _("Reasons"),
            _("Evidence"),
        ],
    )
    for entry in report.items:
        item = entry.item
        lines = []
        for record in entry.records:
            kind = _("Milestone done") if record.kind == "milestone" else _("Update")
            percent = f" ({record.percent}%)" if record.percent is not None else ""
            lines.append(
                f"{record.day.isoformat()} {kind}: {record.text}{percent} — {record.author}"
            )
            for name, url in record.files:
                lines.append(f"  · {name} {absolute(url) if url else ''}".rstrip())
        done_on: date | str = entry.assessment.completed_on or (
            _("date unknown") if entry.date_unknown else ""
        )
        sheet.append(
            [
                item.category.name,
                item.number,
                item.title,
                item.lead.name,
                item.due_on,
                entry.outcome_label,
                done_on,
                str(entry.assessment.status.label),
                "\n".join(entry.assessment.reasons),
                "\n".join(lines),
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in (5, 7):
                cell.number_format = DATE_FORMAT
    for letter, width in zip("ABCDEFGHIJ", (14, 6, 40, 22, 12, 10, 12, 8, 30, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    return _bytes(workbook)


# --- reading ------------------------------------------------------------------------------


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


def _labels() -> dict[str, str]:
    """Column key by its label in either language (for headers written without the codes)."""
    found: dict[str, str] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for column in COLUMNS:
                found.setdefault(str(column.label).strip().lower(), column.key)
    return found


def columns_of_header(cells: Sequence[Any]) -> dict[str, int]:
    """Position of each column by key, found by its code in brackets or its label."""
    labels = _labels()
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        text = str(cell or "").strip()
        match = _CODE_IN_HEADER.search(text)
        key = match.group(1) if match and match.group(1) in BY_KEY else None
        key = key or labels.get(text.lower())
        if key and key not in found:
            found[key] = position
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _date(value: Any) -> date | None:
    """A date from a cell (a date, or text such as 2018-06-30, 2018/6/30, 2018年6月30日)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(_text(value))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _not_a_date(value: Any) -> str:
    return _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": _text(value)}


def _names(value: Any) -> list[str]:
    return [part.strip() for part in _SEPARATORS.split(_text(value)) if part.strip()]


class _Catalogue:
    """What the rows name, looked up once per file."""

    def __init__(self) -> None:
        self.organisations: dict[str, list[Organisation]] = {}
        for organisation in Organisation.objects.all():
            self.organisations.setdefault(organisation.name, []).append(organisation)
            self.organisations.setdefault(organisation.uid, []).append(organisation)
        self.places: dict[str, Place | None] = {}
        self.figures: dict[str, DataElement | Indicator | None] = {}
        self.options: dict[int, set[tuple[str, str]]] = {}

    def organisation(self, name: str) -> Organisation:
        found = self.organisations.get(name, [])
        if not found:
            raise ValueError(_("No organisation is named “%(name)s”.") % {"name": name})
        if len(found) > 1:
            raise ValueError(
                _("Several organisations are named “%(name)s”; write the one meant by its uid.")
                % {"name": name}
            )
        return found[0]

    def place(self, token: str) -> Place:
        match = _PLACE_CODE.match(token)
        if match:
            code = match.group(1)
            if code not in self.places:
                self.places[code] = Place.objects.filter(code=code).first()
            place = self.places[code]
            if place is None:
                raise ValueError(_("No place has the code “%(code)s”.") % {"code": code})
            return place
        found = list(Place.objects.filter(name=token)[:2])
        if not found:
            raise ValueError(_("No place is named “%(name)s”.") % {"name": token})
        if len(found) > 1:
            raise ValueError(
                _("Several places are named “%(name)s”; write its division code.") % {"name": token}
            )
        return found[0]

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
            self.options[element.pk] = services.element_options(element)
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

    def cell(key: str) -> Any:
        position = columns.get(key)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def error(key: str, message: str) -> None:
        errors.append(RowError(number, str(BY_KEY[key].label), message))

    for key in ("category", "title", "lead", "due"):
        if not _text(cell(key)):
            error(key, _("This cell must be filled in."))

    category = _text(cell("category"))
    if len(category) > Category._meta.get_field("name").max_length:  # type: ignore[operator]
        error("category", _("The category's name is too long."))
    title = _text(cell("title"))
    if len(title) > WorkItem._meta.get_field("title").max_length:  # type: ignore[operator]
        error("title", _("The title is too long (at most 300 characters)."))

    item_number: int | None = None
    raw_number = _text(cell("number"))
    if raw_number:
        if raw_number.isdigit() and 1 <= int(raw_number) <= 32767:
            item_number = int(raw_number)
        else:
            error("number", _("“%(value)s” is not an item number.") % {"value": raw_number})

    lead: Organisation | None = None
    if _text(cell("lead")):
        try:
            lead = catalogue.organisation(_text(cell("lead")))
        except ValueError as exc:
            error("lead", str(exc))
    supporting = []
    for name in _names(cell("supporting")):
        try:
            supporting.append(catalogue.organisation(name))
        except ValueError as exc:
            error("supporting", str(exc))
    places = []
    for token in _names(cell("places")):
        try:
            places.append(catalogue.place(token))
        except ValueError as exc:
            error("places", str(exc))

    starts_on: date | None = document.starts_on
    if _text(cell("start")):
        starts_on = _date(cell("start"))
        if starts_on is None:
            error("start", _not_a_date(cell("start")))
    due_on: date | None = None
    if _text(cell("due")):
        due_on = _date(cell("due"))
        if due_on is None:
            error("due", _not_a_date(cell("due")))
    if starts_on and due_on and due_on < starts_on:
        error("due", _("The due date is before the start."))

    milestones: list[tuple[str, date]] = []
    for line_number, line in enumerate(_text(cell("milestones")).splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _MILESTONE.match(line)
        day = _date(match.group("due")) if match else None
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
    for line in _text(cell("targets")).splitlines():
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
        _text(cell("description")),
        lead,
        supporting,
        places,
        starts_on,
        due_on,
        milestones,
        targets,
    )


def _refuse(message: str) -> ImportRefused:
    """A refusal of the file as a whole (row 0: no row or column to point at)."""
    return ImportRefused([RowError(0, "", message)])


def read_rows(source: IO[bytes], document: Document) -> list[ParsedRow]:
    """The rows of a workbook in the layout, every one checked; ImportRefused if any is bad."""
    head = source.read(8)
    source.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            _("This is an old Excel (.xls) file; save it as .xlsx (Excel workbook) and try again.")
        )
    if not head.startswith(b"PK\x03\x04"):
        raise _refuse(_("The file is not an Excel workbook (.xlsx); nothing was imported."))
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise _refuse(_("The Excel file cannot be opened; is it an .xlsx workbook?")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns = columns_of_header(list(next(rows, None) or []))
        missing = [c for c in COLUMNS if c.required and c.key not in columns]
        if missing:
            raise ImportRefused(
                [
                    RowError(1, str(c.label), _("the column is missing from the header"))
                    for c in missing
                ]
            )
        catalogue = _Catalogue()
        errors: list[RowError] = []
        parsed: list[ParsedRow] = []
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(_text(c) for c in cells):
                continue
            row = _parse_row(number, cells, columns, document, catalogue, errors)
            if row is not None:
                parsed.append(row)
    finally:
        workbook.close()
    if not errors and not parsed:
        raise _refuse(_("The first sheet has no work items below its header."))
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
    rows = read_rows(source, document)
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
                    services.milestone_add(item=item, title=title, due_on=due_on)
                for target in row.targets:
                    services.target_add(
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
