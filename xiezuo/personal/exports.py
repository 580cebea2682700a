"""The access log in Excel."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from xiezuo.spreadsheets import append_row, workbook_bytes

from .models import PersonalDataView


def log_workbook(views: QuerySet[PersonalDataView]) -> bytes:
    """One row per recorded view, newest first, as the log page lists them."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Views of personal information")
    append_row(sheet,
        [_("When"), _("User"), _("Action"), _("Records of"), _("Records"), _("Record ids"),
         _("What was asked for"), _("Page")]
    )  # fmt: skip
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for view in views.iterator(chunk_size=2000):
        append_row(sheet,
            [
                timezone.localtime(view.at).replace(tzinfo=None), view.user.username,
                str(view.get_action_display()), view.model, view.count,
                ", ".join(str(pk) for pk in view.object_ids), view.description, view.where,
            ]
        )  # fmt: skip
    return workbook_bytes(workbook)
