"""The pivot table: any data by period, place and disaggregation, laid out as asked.

Four dimensions can go on rows or columns: data (dx), period (pe), place
(ou) and one disaggregation (co). A dimension on neither is a filter: its
selection is aggregated (periods and places) or left out (no split).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import QueryDict
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from xiezuo import periods
from xiezuo.indicators.analytics import Cell, Query, analytics
from xiezuo.indicators.models import DataElement, Dimension, Indicator
from xiezuo.language import period_label
from xiezuo.numbers import plain
from xiezuo.periods import Period
from xiezuo.places.models import Place
from xiezuo.places.selectors import home_place_code, place_display_names, place_get
from xiezuo.spreadsheets import append_row, csv_text, workbook_bytes

DIMENSIONS = ("dx", "pe", "ou", "co")


class PivotError(ValueError):
    """A selection that cannot be answered; the message says why, in the user's language."""


@dataclass
class Selection:
    items: list[str]
    periods: list[Period]
    place: Place
    level: int | None
    split: str | None
    rows: str
    columns: str

    @property
    def filters(self) -> list[str]:
        return [d for d in DIMENSIONS if d not in (self.rows, self.columns)]


@dataclass
class Table:
    selection: Selection
    row_keys: list[tuple[str, str]]  # (key, label)
    column_keys: list[tuple[str, str]]
    cells: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    # whether unapproved figures outside the reader's scope were left out
    left_out: bool = False

    def value(self, row: str, column: str) -> Decimal | None:
        return self.cells.get((row, column))

    @property
    def body(self) -> list[tuple[str, list[Decimal | None]]]:
        return [
            (label, [self.value(row, column) for column, _ in self.column_keys])
            for row, label in self.row_keys
        ]


def _periods(values: list[str]) -> list[Period]:
    found: list[Period] = []
    for value in values:
        for part in value.replace(",", ";").split(";"):
            part = part.strip()
            if not part:
                continue
            if periods.is_relative(part):
                found += periods.relative(part)
            else:
                try:
                    found.append(periods.parse(part))
                except ValueError as exc:
                    raise PivotError(_("“%s” is not a period") % part) from exc
    return found


def default_periods() -> list[Period]:
    """The periods of a selection that names none."""
    return periods.relative("LAST_5_YEARS")


def parse_selection(params: QueryDict) -> Selection:
    items = [i for i in params.getlist("dx") if i.strip()]
    if not items:
        raise PivotError(_("Choose at least one data element or indicator."))
    known = set(DataElement.objects.values_list("code", flat=True)) | set(
        Indicator.objects.values_list("code", flat=True)
    )
    for item in items:
        if item.split("[")[0] not in known:
            raise PivotError(_("“%s” is not a data element or indicator") % item)
    chosen_periods = _periods(params.getlist("pe")) or default_periods()
    code = params.get("ou") or home_place_code()
    place = place_get(code)
    if place is None:
        raise PivotError(_("No place has the code “%s”.") % code)
    level = params.get("level")
    split = params.get("co") or None
    if split and not Dimension.objects.filter(code=split).exists():
        raise PivotError(_("“%s” is not a disaggregation") % split)
    rows = params.get("rows") or "ou"
    columns = params.get("columns") or "pe"
    if rows not in DIMENSIONS or columns not in DIMENSIONS or rows == columns:
        raise PivotError(_("Rows and columns must be two different dimensions."))
    if "dx" not in (rows, columns) and len(items) > 1:
        raise PivotError(_("Several data items need “data” on the rows or the columns."))
    if split is None and "co" in (rows, columns):
        raise PivotError(_("Choose a disaggregation to lay it out."))
    return Selection(
        items=items,
        periods=chosen_periods,
        place=place,
        level=int(level) if level else None,
        split=split,
        rows=rows,
        columns=columns,
    )


def _labels(selection: Selection, place_names: dict[str, str]) -> dict[str, dict[str, str]]:
    names: dict[str, str] = {}
    for model in (DataElement, Indicator):
        for obj in model.objects.filter(code__in=[i.split("[")[0] for i in selection.items]):
            names[obj.code] = obj.name
    items = {}
    for item in selection.items:
        base = item.split("[")[0]
        items[item] = names.get(base, item) + (item[len(base) :] if "[" in item else "")
    options = {}
    if selection.split:
        dimension = Dimension.objects.get(code=selection.split)
        options = {o.code: o.name for o in dimension.options.all()}
    return {
        "dx": items,
        "pe": {p.id: period_label(p) for p in selection.periods},
        "ou": {**place_names, **place_display_names(place_names)},
        "co": options,
    }


def _key(cell: Cell, dimension: str) -> str:
    value = {"dx": cell.item, "pe": cell.period, "ou": cell.place, "co": cell.option}[dimension]
    return "" if value is None else value


def pivot(selection: Selection, *, unapproved_within: tuple[str, ...] | None) -> Table:
    """The table, with unapproved reported values counted only within `unapproved_within`
    (the reader's `policy.unapproved_scope`)."""
    query = Query(
        items=selection.items,
        periods=selection.periods,
        places=[selection.place],
        level=selection.level,
        split=selection.split if "co" in (selection.rows, selection.columns) else None,
        periods_as_filter="pe" not in (selection.rows, selection.columns),
        places_as_filter="ou" not in (selection.rows, selection.columns),
        unapproved_within=unapproved_within,
    )
    result = analytics(query)
    labels = _labels(selection, result.place_names)

    def keys(dimension: str) -> list[tuple[str, str]]:
        if dimension == "dx":
            return [(i, labels["dx"][i]) for i in selection.items]
        if dimension == "pe":
            return [(p.id, labels["pe"][p.id]) for p in selection.periods]
        if dimension == "co":
            return list(labels["co"].items())
        found = sorted({c.place for c in result.values if c.place})
        if not found and selection.level is None:
            found = [selection.place.code]
        return [(code, f"{labels['ou'].get(code, code)}") for code in found]

    table = Table(
        selection=selection,
        row_keys=keys(selection.rows),
        column_keys=keys(selection.columns),
        left_out=bool(result.hidden),
    )
    for cell, value in result.values.items():
        table.cells[(_key(cell, selection.rows), _key(cell, selection.columns))] = value
    return table


def left_out_note() -> str:
    return _(
        "Unapproved figures of places outside your scope are left out; they count once approved."
    )


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    # a CSV for people, opened in a spreadsheet: a label that could be taken for a formula
    # is escaped (`csv_text`); the figures are numbers and are written as they are
    writer.writerow(["", *[csv_text(label) for _, label in table.column_keys]])
    for label, values in table.body:
        writer.writerow([csv_text(label), *[plain(v) for v in values]])
    if table.left_out:
        writer.writerow([left_out_note()])
    return out.getvalue()


def table_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Pivot table")
    append_row(sheet, ["", *[label for _, label in table.column_keys]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for label, values in table.body:
        append_row(sheet, [label, *[None if v is None else float(v) for v in values]])
    if table.left_out:
        append_row(sheet, [left_out_note()])
    sheet.column_dimensions["A"].width = 28
    return workbook_bytes(workbook)


def chart_data(table: Table) -> dict:
    """An ECharts option's data: one series per column, the rows along the x axis."""
    body = table.body
    series = []
    for index, (_key, label) in enumerate(table.column_keys):
        data = [_number(values[index]) for _row, values in body]
        series.append({"name": label, "type": "bar", "data": data})
    return {"categories": [label for label, _values in body], "series": series}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
