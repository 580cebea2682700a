"""Excel exports of pairing data."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from xiezuo.places.models import Level, Place
from xiezuo.spreadsheets import append_row, workbook_bytes

from .selectors import Coverage


def unpaired_workbook(cov: Coverage) -> bytes:
    """The designated poor places of a region with no active pairing, one sheet per level."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("Summary")
    append_row(summary, [_("Region"), f"{cov.place.name} ({cov.place.code})"])
    append_row(summary, [_("Pairings active on"), cov.on.isoformat()])
    append_row(summary, [])
    append_row(summary, [_("Level"), _("Designated"), _("Paired"), _("Unpaired")])
    for cell in summary[4]:
        cell.font = Font(bold=True)
    labels = {
        "county": Level.COUNTY.label,
        "township": Level.TOWNSHIP.label,
        "village": Level.VILLAGE.label,
    }
    for name, level in cov.levels.items():
        append_row(
            summary, [str(labels[name]), level.designated, level.paired, len(level.unpaired)]
        )
    for name, level in cov.levels.items():
        sheet = workbook.create_sheet(str(labels[name]))
        append_row(sheet, [_("Division code"), _("Name"), _("County"), _("Prefecture")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        wanted = {code for p in level.unpaired for code in (p.code[:6], p.code[:4])}
        names = dict(Place.objects.filter(code__in=wanted).values_list("code", "name"))
        for place in level.unpaired:
            append_row(
                sheet,
                [
                    place.code,
                    place.name,
                    names.get(place.code[:6], ""),
                    names.get(place.code[:4], ""),
                ],
            )
        sheet.column_dimensions["A"].width = 16
        sheet.column_dimensions["B"].width = 28
        sheet.column_dimensions["C"].width = 20
        sheet.column_dimensions["D"].width = 16
    return workbook_bytes(workbook)
