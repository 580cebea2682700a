"""Excel export of the signed projects: the list as filtered, with its totals."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from xiezuo.spreadsheets import DATE_FORMAT, workbook_bytes

from .models import ZERO, InvestmentProject
from .selectors import Totals

MONEY = "#,##0.00"


def projects_workbook(projects: QuerySet[InvestmentProject], totals: Totals) -> bytes:
    """One row per project (planned and in place in yuan, exact), and a row of totals."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Signed projects")
    header = [
        _("Number"), _("Name"), _("Enterprise"), _("Place"), _("Division code"), _("Sector"),
        _("Signed on"), _("Planned investment (yuan)"), _("Investment in place (yuan)"),
        _("Jobs expected"), _("Status"), _("Illustrative"),
    ]  # fmt: skip
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for project in projects.prefetch_related("in_place"):
        in_place = sum((r.signed_amount for r in project.in_place.all()), ZERO)
        sheet.append(
            [
                project.uid, project.name, project.enterprise.name, project.place.name,
                project.place.code, str(project.get_sector_display()), project.signed_on,
                project.planned_investment, in_place, project.jobs_expected,
                str(project.get_status_display()), _("yes") if project.illustrative else "",
            ]
        )  # fmt: skip
    sheet.append(["", _("Total"), "", "", "", "", "", totals.planned, totals.in_place])
    last = sheet.max_row
    for cell in sheet[last]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[6].number_format = DATE_FORMAT
        row[7].number_format = MONEY
        row[8].number_format = MONEY
    for column, width in zip("ABCDEFGHIJKL", (14, 40, 30, 16, 12, 10, 12, 20, 20, 10, 10, 8),
                             strict=True):  # fmt: skip
        sheet.column_dimensions[column].width = width
    return workbook_bytes(workbook)
