"""The tourism registry in Excel: the scenic spots with their discounts (export), and the
monthly visitor reports — one layout for the export, the import and the template, since a
county's monthly return is the natural import.

The header is in the user's language with each column's code in brackets, so that the
import finds its columns by those codes (or by the plain label) whatever their order.

The visitor import is all or nothing: every row is read and checked first — the place and
its spot (by name), that the importing user may record there, the month (not one to come),
the counts (whole, zero or more; those from the helper province no more than all), the
same spot and month twice in the file or already reported — and one bad cell refuses the
whole file with a message per row and column. A month already reported is refused, never
replaced: correct it on the spot's page or with PATCH /api/v1/tourism/visitor-reports/{id}.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from xiezuo import periods as period_ids
from xiezuo.accounts import policy
from xiezuo.importing import ImportRefused, RowError
from xiezuo.indicators import sources
from xiezuo.places.lookups import Directory
from xiezuo.spreadsheets import (
    DATE_FORMAT,
    Column,
    Row,
    append_row,
    cell_text,
    first_sheet,
    refuse,
    workbook_bytes,
    write_header,
)

from . import services
from .models import Discount, ScenicSpot, VisitorReport

SPOT_COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13, gettext_lazy("The scenic spot's id.")),
    Column("place", gettext_lazy("Place"), 18, gettext_lazy("Division code and name.")),
    Column("spot", gettext_lazy("Scenic spot"), 30, gettext_lazy("Its name.")),
    Column("grade", gettext_lazy("Grade"), 8, gettext_lazy("A to 5A, or empty.")),
    Column("kind", gettext_lazy("Kind"), 14, gettext_lazy("What kind of scenic spot.")),
    Column("audience", gettext_lazy("For whom"), 22, gettext_lazy("Who the discount is for.")),
    Column("discount", gettext_lazy("Discount"), 14, gettext_lazy("What it gives.")),
    Column("value", gettext_lazy("Percentage or amount"), 12, gettext_lazy("If any.")),
    Column("valid_from", gettext_lazy("Valid from"), 12, gettext_lazy("A date.")),
    Column("valid_to", gettext_lazy("Valid until"), 12,
           gettext_lazy("A date; empty: until further notice.")),
)  # fmt: skip

VISITOR_COLUMNS: tuple[Column, ...] = (
    Column("place", gettext_lazy("Place"), 18,
           gettext_lazy("The spot's division code (“451024 德保县” is read as 451024)."),
           required=True),
    Column("spot", gettext_lazy("Scenic spot"), 30,
           gettext_lazy("The scenic spot's name, as recorded at that place."), required=True),
    Column("period", gettext_lazy("Month"), 10, gettext_lazy("e.g. 2018-05 or 201805."),
           required=True),
    Column("visitors", gettext_lazy("Visitors (person-times)"), 14,
           gettext_lazy("A whole number, zero or more."), required=True),
    Column("helper", gettext_lazy("Of them from the helper province"), 16,
           gettext_lazy("A whole number, no more than all visitors."), required=True),
    Column("revenue", gettext_lazy("Tourism revenue (yuan)"), 16,
           gettext_lazy("Yuan, at most two decimals; may be empty.")),
)  # fmt: skip
VISITOR_BY_KEY = {c.key: c for c in VISITOR_COLUMNS}
_SERVICE_COLUMNS = {"period": "period", "visitors": "visitors",
                    "helper_visitors": "helper", "revenue": "revenue"}  # fmt: skip


def _sheet(workbook: Workbook, title: str, columns: Sequence[Column]) -> Any:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    write_header(sheet, columns, comments=True)
    return sheet


# --- out


def spots_workbook(spots: QuerySet[ScenicSpot]) -> bytes:
    """One row per discount (a spot without one: a row with the discount's cells empty)."""
    workbook = Workbook()
    sheet = _sheet(workbook, _("Scenic spots"), SPOT_COLUMNS)
    for spot in spots.prefetch_related("discounts"):
        grade = spot.get_grade_display() if spot.grade else ""
        place = f"{spot.place.code} {spot.place.name}"
        base = [spot.uid, place, spot.name, grade, str(spot.get_kind_display())]
        discounts: list[Discount | None] = [*spot.discounts.all()] or [None]
        for discount in discounts:
            if discount is None:
                append_row(sheet, [*base, "", "", "", None, None])
                continue
            append_row(
                sheet,
                [*base, str(discount.get_audience_display()), str(discount.get_kind_display()),
                 discount.value, discount.valid_from, discount.valid_to],
            )  # fmt: skip
    for row in sheet.iter_rows(min_row=2):
        row[8].number_format = DATE_FORMAT
        row[9].number_format = DATE_FORMAT
    return workbook_bytes(workbook)


def visitors_workbook(reports: QuerySet[VisitorReport]) -> bytes:
    """One row per spot and month, in the import's layout."""
    workbook = Workbook()
    sheet = _sheet(workbook, _("Visitor reports"), VISITOR_COLUMNS)
    for report in reports:
        month = period_ids.parse(report.period)
        append_row(
            sheet,
            [f"{report.spot.place.code} {report.spot.place.name}", report.spot.name,
             f"{month.year}-{report.period[4:]}", report.visitors, report.helper_visitors,
             report.revenue],
        )  # fmt: skip
    return workbook_bytes(workbook)


def visitors_template() -> bytes:
    workbook = Workbook()
    _sheet(workbook, _("Visitor reports"), VISITOR_COLUMNS)
    return workbook_bytes(workbook)


# --- in


def _parse_row(
    number: int, cells: Sequence[Any], columns: dict[str, int], directory: Directory,
    user: Any, seen: dict[tuple[int, str], int], errors: list[RowError],
) -> VisitorReport | None:  # fmt: skip
    before = len(errors)
    labels = {k: str(c.label) for k, c in VISITOR_BY_KEY.items()}
    row = Row(number, cells, columns, labels, errors)
    row.require("place", "spot", "period", "visitors", "helper")
    spot = None
    if row.text("place") and row.text("spot"):
        try:
            place = directory.place(row.text("place"))
        except ValueError as exc:
            row.error("place", str(exc))
        else:
            spot = (
                ScenicSpot.objects.select_related("place")
                .filter(place=place, name=row.text("spot"))
                .first()
            )
            if spot is None:
                row.error("spot", _("%(place)s has no scenic spot named %(name)s.")
                          % {"place": place.name, "name": row.text("spot")})  # fmt: skip
            elif not policy.can(user, "tourism.record", spot):
                row.error("place", _("The place is not within your scope."))
                spot = None
    report = None
    if all(row.text(key) for key in ("period", "visitors", "helper")):  # else named above
        try:
            report = services.visitor_report_check(
                actor=user, spot=spot, period=row.text("period"), visitors=row.text("visitors"),
                helper_visitors=row.text("helper"), revenue=row.text("revenue"),
            )  # fmt: skip
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                for message in messages:
                    row.error(_SERVICE_COLUMNS.get(key, "visitors"), message)
    try:  # a month twice in the file, whatever else is wrong with either row
        month = services.month_clean(row.text("period"))
    except ValidationError:
        month = ""  # named above
    if spot is not None and month:
        first = seen.get((spot.pk, month))
        if first is not None:
            row.error("period", _("Row %(row)s reports the same spot and month.") % {"row": first})
        seen.setdefault((spot.pk, month), number)
    if len(errors) > before or spot is None:
        return None
    return report


@transaction.atomic
def import_visitor_reports(*, source: IO[bytes], user: Any) -> list[VisitorReport]:
    """Record each row's month; ImportRefused (and nothing written) if any cell is bad."""
    directory = Directory()
    errors: list[RowError] = []
    parsed: list[VisitorReport] = []
    seen: dict[tuple[int, str], int] = {}
    with first_sheet(source, VISITOR_COLUMNS) as (columns, rows):
        for number, cells in enumerate(rows, start=2):
            if not cells or not any(cell_text(c) for c in cells):
                continue
            report = _parse_row(number, cells, columns, directory, user, seen, errors)
            if report is not None:
                parsed.append(report)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    if not parsed:
        raise refuse(_("The first sheet has no visitor reports below its header."))
    for report in parsed:
        report.save()  # one by one, so that each keeps its history
    sources.sync(services.SOURCE, places={r.spot.place.code for r in parsed})
    return parsed
