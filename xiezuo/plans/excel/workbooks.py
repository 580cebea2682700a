"""Workbooks written in the layout (`layout`): the board's export, the empty template with its
instructions, and the year-end completion report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from xiezuo.numbers import plain
from xiezuo.places.models import Place
from xiezuo.spreadsheets import append_row, instructions_sheet, workbook_bytes, write_header

from ..board import STATUSES, Board
from ..models import Document, WorkItem
from ..report import Outcome, Report
from ..status import Assessment, Status
from .layout import BY_KEY, COLUMNS, DATE_FORMAT

STATUS_FILLS = {
    Status.OVERDUE: "F3E5E5",
    Status.AT_RISK: "FFF4E0",
    Status.NOT_STARTED: "EEF2F6",
    Status.ON_TRACK: "E5EDF8",
    Status.DONE: "E3F4E8",
}


def _places_cell(places: Iterable[Place]) -> str:
    return "、".join(f"{p.code} {p.name}" for p in places)


def item_cells(item: WorkItem, assessment: Assessment | None = None) -> list[Any]:
    """An item's row in the layout (pass an item from `selectors.item_list`)."""
    milestones = "\n".join(f"{m.title} {m.due_on.isoformat()}" for m in item.milestones.all())
    targets = "\n".join(
        f"{t.expression} @{t.place.code} {t.period} {plain(t.value)}" for t in item.targets.all()
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
    write_header(sheet, COLUMNS, comments=comments)


def _style_rows(sheet: Worksheet, first: int = 2) -> None:
    dates = {COLUMNS.index(BY_KEY["start"]) + 1, COLUMNS.index(BY_KEY["due"]) + 1}
    for row in sheet.iter_rows(min_row=first):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in dates:
                cell.number_format = DATE_FORMAT


def _bold_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    append_row(sheet, list(values))
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
        append_row(sheet, item_cells(row.item, row.assessment))
        sheet.cell(row=sheet.max_row, column=status_column).fill = PatternFill(
            "solid", fgColor=STATUS_FILLS[row.status]
        )
    _style_rows(sheet)

    summary = workbook.create_sheet(_("Summary"))
    append_row(summary, [_("Document"), board.document.title])
    append_row(summary, [_("Statuses as on"), board.on])
    summary.cell(row=2, column=2).number_format = DATE_FORMAT
    append_row(summary, [])
    _bold_row(summary, [_("Status"), _("Items")])
    for status in STATUSES:
        append_row(summary, [str(status.label), board.counts[status]])
    append_row(summary, [_("All items"), len(board.rows)])
    for title, tallies in (
        (_("Lead organisation"), board.by_lead),
        (_("Prefecture or county"), board.by_place),
    ):
        append_row(summary, [])
        _bold_row(
            summary,
            [title, _("Items"), *[str(s.label) for s in STATUSES], _("Completion rate")],
        )
        for tally in tallies:
            label = f"{tally.key} {tally.label}" if tally.level else tally.label
            rate = tally.rate if tally.rate is not None else ""
            append_row(summary, [label, tally.total, *[tally.counts[s] for s in STATUSES], rate])
            summary.cell(row=summary.max_row, column=len(STATUSES) + 3).number_format = "0.0%"
    summary.column_dimensions["A"].width = 30
    return workbook_bytes(workbook)


def template_workbook(document: Document) -> bytes:
    """The layout, empty, with a note on each column and an instructions sheet with an example."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Work items")
    _layout_sheet(sheet, comments=True)

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
    categories = "、".join(c.name for c in document.categories.all())
    notes = instructions_sheet(
        workbook,
        COLUMNS,
        example,
        title=_("Work items of “%(title)s”") % {"title": document.title},
        one_row_per=_(
            "Fill one row per work item on the first sheet, below its header; keep the header."
        ),
        ignored=_("The status and reasons columns are written by the board's export and ignored."),
        more=[
            _(
                "The import adds the rows to the document; it does not change or remove items "
                "already there."
            ),
            *([_("Categories of this document: %(names)s") % {"names": categories}]
              if categories else []),
        ],
    )  # fmt: skip
    _style_rows(notes, first=notes.max_row)
    return workbook_bytes(workbook)


def report_workbook(report: Report, absolute: Callable[[str], str] = str) -> bytes:
    """The completion report: the tallies, then every item with its outcome and evidence."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("Summary")
    append_row(summary, [_("Completion report: %(title)s") % {"title": report.document.title}])
    summary["A1"].font = Font(bold=True, size=13)
    append_row(summary, [_("As on"), report.on])
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
        append_row(summary, [])
        _bold_row(summary, [title, *columns])
        for group in groups:
            rate = group.rate if group.rate is not None else ""
            append_row(
                summary, [group.label, group.total, group.on_time, group.late, group.not_done, rate]
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
        append_row(
            sheet,
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
            ],
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in (5, 7):
                cell.number_format = DATE_FORMAT
    for letter, width in zip("ABCDEFGHIJ", (14, 6, 40, 22, 12, 10, 12, 8, 30, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook_bytes(workbook)
