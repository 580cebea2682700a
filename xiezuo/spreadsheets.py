"""Excel in, Excel out, one way for every register: a sheet's columns with their codes in the
header, reading cells (text, dates, lists of names), opening an uploaded workbook, and writing
the header, the rows and the file.

Every export writes its rows with `append_row` (or builds them with `cells`): a text is
written as text, so a name or a note that begins with “=” is never a formula when the file is
opened, and the control characters a workbook cannot hold (openpyxl's
`ILLEGAL_CHARACTERS_RE`) are left out, so a record stored before they were refused on input
cannot make an export fail. `workbook_bytes` checks once more before saving: no cell of the
file is a formula (no export writes one). `csv_text` does the same for a CSV file meant for
people (the pivot table); a CSV meant for machines (`/api/dataValueSets.csv`) is written as
DHIS2 writes it.

A column is found by its code in brackets — “牵头单位 (lead)” — or by its plain label in
either language, whatever the order of the columns.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django import forms
from django.http import HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from xiezuo.importing import ImportRefused, RowError

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
MAX_IMPORT_BYTES = 10 * 1024 * 1024

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?$")
_SEPARATORS = re.compile(r"[、;；,，\n]+")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_CODE_IN_HEADER = re.compile(r"\(([a-z_]+)\)\s*$")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    width: int
    help: Promise
    required: bool = False
    imported: bool = True


def header(columns: Sequence[Column]) -> list[str]:
    return [f"{c.label} ({c.key})" for c in columns]


def _labels(columns: Sequence[Column]) -> dict[str, str]:
    """Column key by its label in either language (for headers written without the codes)."""
    found: dict[str, str] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for column in columns:
                found.setdefault(str(column.label).strip().lower(), column.key)
    return found


def columns_of_header(cells: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    """Position of each column by key, found by its code in brackets or its label."""
    keys = {c.key for c in columns}
    labels = _labels(columns)
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        text = str(cell or "").strip()
        match = _CODE_IN_HEADER.search(text)
        key = match.group(1) if match and match.group(1) in keys else None
        key = key or labels.get(text.lower())
        if key and key not in found:
            found[key] = position
    return found


def choice_lookup(choices: Any) -> dict[str, Any]:
    """A cell's choice (a Django `Choices` class): its value by its code or its label in
    either language, the keys in lower case — look a cell up with `text.strip().lower()`."""
    found: dict[str, Any] = {str(choice.value).lower(): choice.value for choice in choices}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for choice in choices:
                found.setdefault(str(choice.label).strip().lower(), choice.value)
    return found


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def cell_date(value: Any) -> date | None:
    """A date from a cell (a date, or text such as 2018-06-30, 2018/6/30, 2018年6月30日)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(cell_text(value))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def not_a_date(value: Any) -> str:
    return _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": cell_text(value)}


def cell_names(value: Any) -> list[str]:
    """The names in a cell, separated by 、 ; , or new lines."""
    return [part.strip() for part in _SEPARATORS.split(cell_text(value)) if part.strip()]


@dataclass
class Row:
    """One row of an uploaded sheet being read: its cells by column key, and its errors,
    each named by the row's number and the column's label, appended to `errors`."""

    number: int
    cells: Sequence[Any]
    columns: dict[str, int]  # position by key, from `columns_of_header`
    labels: dict[str, str]  # column label by key
    errors: list[RowError]

    def cell(self, key: str) -> Any:
        position = self.columns.get(key)
        if position is None or position >= len(self.cells):
            return None
        return self.cells[position]

    def text(self, key: str) -> str:
        return cell_text(self.cell(key))

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.labels[key], message))

    def require(self, *keys: str) -> None:
        """An error on each of these cells that is empty."""
        for key in keys:
            if not self.text(key):
                self.error(key, _("This cell must be filled in."))


def refuse(message: str) -> ImportRefused:
    """A refusal of the file as a whole (row 0: no row or column to point at)."""
    return ImportRefused([RowError(0, "", message)])


@contextmanager
def first_sheet(
    source: IO[bytes], columns: Sequence[Column]
) -> Iterator[tuple[dict[str, int], Iterator[tuple[Any, ...]]]]:
    """The columns found in the header of an uploaded workbook's first sheet, and its rows
    below the header; ImportRefused if the file is not a workbook or lacks a required column."""
    head = source.read(8)
    source.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(
            _("This is an old Excel (.xls) file; save it as .xlsx (Excel workbook) and try again.")
        )
    if not head.startswith(b"PK\x03\x04"):
        raise refuse(_("The file is not an Excel workbook (.xlsx); nothing was imported."))
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise refuse(_("The Excel file cannot be opened; is it an .xlsx workbook?")) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        found = columns_of_header(list(next(rows, None) or []), columns)
        missing = [c for c in columns if c.required and c.key not in found]
        if missing:
            raise ImportRefused(
                [
                    RowError(1, str(c.label), _("the column is missing from the header"))
                    for c in missing
                ]
            )
        yield found, rows
    finally:
        workbook.close()


def write_header(sheet: Worksheet, columns: Sequence[Column], *, comments: bool = False) -> None:
    """The header row, bold, each column its width (and its help as a note, on a template)."""
    append_row(sheet, header(columns), bold=True)
    for position, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=position)
        if comments:
            cell.comment = Comment(str(column.help), "Xiezuo", width=260, height=110)
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"


def instructions_sheet(
    workbook: Workbook,
    columns: Sequence[Column],
    example: dict[str, Any],
    *,
    one_row_per: str,
    ignored: str,
    title: str = "",
    more: Sequence[str] = (),
) -> Worksheet:
    """An import template's second sheet: how the file is read (under a `title`, if any;
    `more` lines after the usual ones), how to write each column (required or not, its
    help) and an example row, the last row of the sheet (for the caller to format its
    dates and amounts)."""
    notes = workbook.create_sheet(_("Instructions"))
    if title:
        append_row(notes, [title])
        notes.cell(row=1, column=1).font = Font(bold=True, size=13)
    for line in (
        one_row_per,
        _(
            "Every row is checked first: one bad cell refuses the whole file, with a message "
            "per row and column, and nothing is written."
        ),
        ignored,
        *more,
    ):
        append_row(notes, [line])
    append_row(notes, [])
    append_row(notes, [_("Column"), _("Required"), _("How to write it")], bold=True)
    for column in columns:
        append_row(
            notes,
            [
                f"{column.label} ({column.key})",
                _("yes") if column.required else "",
                str(column.help),
            ],
        )
    append_row(notes, [])
    append_row(notes, [_("An example row:")])
    append_row(notes, header(columns))
    append_row(notes, [example.get(c.key, "") for c in columns])
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["C"].width = 80
    return notes


def writable(value: Any) -> Any:
    """A value as a cell can hold it: a text without the control characters a workbook
    cannot store (lazy translations made text); other values as they are."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def cells(sheet: Worksheet | Any, values: Sequence[Any], *, bold: bool = False) -> list[Cell]:
    """A row's cells for `sheet` (in either mode): each text is text, never a formula,
    whatever it begins with; `bold` for a header."""
    row = []
    for value in values:
        # a cell made beforehand (styled) is taken as it is, its text made text
        cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=writable(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"  # "=HYPERLINK(…)" typed by someone stays what was typed
        if bold:
            cell.font = Font(bold=True)
        row.append(cell)
    return row


def append_row(sheet: Worksheet | Any, values: Sequence[Any], *, bold: bool = False) -> None:
    """Add a row to `sheet`, its texts as text (see `cells`)."""
    sheet.append(cells(sheet, values, bold=bold))


def csv_text(value: Any) -> Any:
    """A cell of a CSV file meant for people (opened in a spreadsheet): a text that a
    spreadsheet would take for a formula (beginning with = + - @, a tab or a carriage
    return) is prefixed with ' (as OWASP advises); numbers, and a CSV meant for machines,
    are left as they are."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def workbook_bytes(workbook: Workbook) -> bytes:
    """The file of a workbook. No cell is a formula: a text written without `cells` that
    openpyxl took for one is made text again (a write-only sheet is already written)."""
    for sheet in workbook.worksheets:
        if isinstance(sheet, Worksheet):
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download."""
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class WorkbookForm(forms.Form):
    """An Excel workbook to import (its rows are checked by the import)."""

    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        error_messages={"required": gettext_lazy("Choose an Excel file (.xlsx) to import.")},
        widget=forms.FileInput(attrs={"accept": f".xlsx,{CONTENT_TYPE}"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
