"""Excel exports of the fund ledger: an account's statement."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import Statement

MONEY = "#,##0.00"


def statement_workbook(statement: Statement) -> bytes:
    """Opening balance, every transfer with the balance after it, closing balance."""
    account = statement.account
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Statement")
    sheet.append([_("Account"), f"{account.name} ({account.code})"])
    sheet.append([_("Kind"), str(account.get_kind_display())])
    span = (
        f"{statement.first.isoformat() if statement.first else '…'} — "
        f"{statement.last.isoformat() if statement.last else '…'}"
    )
    sheet.append([_("Period"), span])
    sheet.append([])
    header = [
        _("Date"), _("Number"), _("Kind"), _("From"), _("To"), _("Amount (yuan)"),
        _("Balance (yuan)"), _("Voucher number"), _("Note"), _("Recorded by"),
    ]  # fmt: skip
    sheet.append(header)
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    sheet.append(["", "", _("Opening balance"), "", "", None, statement.opening])
    for line in statement.lines:
        transfer = line.transfer
        kind = str(transfer.get_kind_display())
        if transfer.reverses_id:
            kind += " " + _("of no. %(number)s") % {"number": transfer.reverses_id}
        if line.balance is None:
            kind += " " + _("(not yet held)")
        sheet.append(
            [
                transfer.on, transfer.pk, kind, transfer.source.name, transfer.target.name,
                line.amount, line.balance, transfer.voucher, transfer.note,
                transfer.created_by.display_name,
            ]
        )  # fmt: skip
    sheet.append(["", "", _("Closing balance"), "", "", None, statement.closing])
    for row in sheet.iter_rows(min_row=6):
        row[0].number_format = "yyyy-mm-dd"
        row[5].number_format = MONEY
        row[6].number_format = MONEY
    for column, width in zip("ABCDEFGHIJ", (12, 8, 16, 30, 30, 18, 18, 22, 30, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
