"""Workbooks of the project list in the layout (`layout`): the export and the empty template."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from xiezuo.spreadsheets import append_row, instructions_sheet, workbook_bytes, write_header

from .. import selectors
from ..models import Project
from .layout import BUDGET_KEYS, COLUMNS, DATE_FORMAT, DATE_KEYS


def project_cells(project: Project) -> list[Any]:
    """A project's row in the layout (pass a project from `selectors.project_list`)."""
    budget = selectors.budget_by_source(project)
    people = selectors.beneficiaries(project)
    published = project.published_at
    cells: dict[str, Any] = {
        "uid": project.uid,
        "name": project.name,
        "kind": str(project.get_kind_display()),
        "sector": project.sector,
        "locations": "、".join(f"{p.code} {p.name}" for p in project.locations.all()),
        "implementing": project.implementing_organisation.name
        if project.implementing_organisation
        else "",
        "responsible": project.responsible_organisation.name
        if project.responsible_organisation
        else "",
        "partners": "、".join(o.name for o in project.partners.all()),
        "parent": project.parent.uid if project.parent else "",
        "start": project.planned_start_on,
        "end": project.planned_end_on,
        "households": people.households_expected,
        "people": people.people_expected,
        "mechanism": project.benefit_mechanism,
        **{key: budget.get(key) for key in BUDGET_KEYS},
        "status": str(project.get_status_display()),
        "published": timezone.localtime(published).date() if published else None,
    }
    return [cells[c.key] for c in COLUMNS]


def _style_rows(sheet: Worksheet, first: int = 2) -> None:
    keys = [c.key for c in COLUMNS]
    dates = {keys.index(k) + 1 for k in (*DATE_KEYS, "published")}
    amounts = {keys.index(k) + 1 for k in BUDGET_KEYS}
    for row in sheet.iter_rows(min_row=first):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in dates:
                cell.number_format = DATE_FORMAT
            elif cell.column in amounts:
                cell.number_format = "#,##0.00"


def projects_workbook(projects: Iterable[Project]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Projects")
    write_header(sheet, COLUMNS)
    for project in projects:
        append_row(sheet, project_cells(project))
    _style_rows(sheet)
    return workbook_bytes(workbook)


def template_workbook() -> bytes:
    """The layout, empty, with a note on each column and an instructions sheet with an example."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Projects")
    write_header(sheet, COLUMNS, comments=True)
    example: dict[str, Any] = {
        "name": "德保县扶贫车间建设项目",
        "kind": _("Industry"),
        "locations": "451024 德保县",
        "implementing": "德保县扶贫开发办公室",
        "parent": "德保县2018年东西部扶贫协作项目",
        "start": date(2018, 3, 1),
        "end": date(2018, 12, 31),
        "households": 120,
        "people": 480,
        "mechanism": "吸纳贫困劳动力就业，按月发放工资",
        "helper_fiscal": 3000000,
    }
    notes = instructions_sheet(
        workbook,
        COLUMNS,
        example,
        one_row_per=_(
            "Fill one row per project on the first sheet, below its header; keep the header."
        ),
        ignored=_("The id, status and published columns are written by the export and ignored."),
    )
    _style_rows(notes, first=notes.max_row)
    return workbook_bytes(workbook)
