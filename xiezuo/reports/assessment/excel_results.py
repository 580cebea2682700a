"""The year's results as a workbook (one sheet per group, ranked, and the weakest
criteria) and as a printable PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook

from xiezuo.reports.documents import html_to_pdf
from xiezuo.spreadsheets import append_row, workbook_bytes

from .selectors import Results


def _sheet_title(text: str, taken: set[str]) -> str:
    title = "".join(ch for ch in text if ch not in "[]:*?/\\")[:28] or "-"
    n, base = 2, title
    while title in taken:
        title, n = f"{base}{n}", n + 1
    taken.add(title)
    return title


def results_workbook(results: Results) -> bytes:
    workbook = Workbook()
    default = workbook.active
    assert default is not None
    workbook.remove(default)
    taken: set[str] = set()
    head = [_("Rank"), _("Division code"), _("Assessed unit"), _("Score"), _("Grade"),
            _("Last year's score"), _("Change from last year"), _("Status"),
            _("Weakest criteria")]  # fmt: skip
    for label, rows in results.groups:
        sheet = workbook.create_sheet(_sheet_title(label, taken))
        append_row(sheet, [f"{results.year} {results.method.name} · {label}"], bold=True)
        append_row(sheet, head, bold=True)
        for row in rows:
            a = row.assessment
            append_row(sheet, [
                row.rank, a.place.code, a.place.name, row.total,
                a.grade.label if a.grade else "", row.previous, row.change,
                a.get_status_display(),
                "; ".join(f"{name} {share:.0%}" for name, share in row.weakest),
            ])  # fmt: skip
        for column, width in zip("ABCDEFGHI", (6, 10, 18, 8, 8, 10, 8, 14, 40), strict=True):
            sheet.column_dimensions[column].width = width
    sheet = workbook.create_sheet(_sheet_title(_("Weakest criteria"), taken))
    append_row(sheet, [_("Criterion"), _("Weight"), _("Share of the weight earned")], bold=True)
    for weak in results.weakest:
        append_row(sheet, [weak.label, weak.weight, float(round(weak.share, 4))])
    return workbook_bytes(workbook)


def results_pdf(results: Results) -> bytes:
    html = render_to_string("assessment/results_print.html", {"results": results})
    return html_to_pdf(html)
