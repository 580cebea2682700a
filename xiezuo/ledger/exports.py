"""Excel exports of the fund ledger: an account's statement, the whole ledger, fund use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from xiezuo.spreadsheets import append_row, workbook_bytes

from .models import Account, Transfer
from .selectors import Statement, balances_of
from .use import FundUse

MONEY = "#,##0.00"


def statement_workbook(statement: Statement) -> bytes:
    """Opening balance, every transfer with the balance after it, closing balance."""
    account = statement.account
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Statement")
    append_row(sheet, [_("Account"), f"{account.name} ({account.code})"])
    append_row(sheet, [_("Kind"), str(account.get_kind_display())])
    span = (
        f"{statement.first.isoformat() if statement.first else '…'} — "
        f"{statement.last.isoformat() if statement.last else '…'}"
    )
    append_row(sheet, [_("Period"), span])
    append_row(sheet, [])
    header = [
        _("Date"), _("Number"), _("Kind"), _("From"), _("To"), _("Amount (yuan)"),
        _("Balance (yuan)"), _("Voucher number"), _("Note"), _("Recorded by"),
    ]  # fmt: skip
    append_row(sheet, header)
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    append_row(sheet, ["", "", _("Opening balance"), "", "", None, statement.opening])
    for line in statement.lines:
        transfer = line.transfer
        kind = str(transfer.get_kind_display())
        if transfer.reverses_id:
            kind += " " + _("of no. %(number)s") % {"number": transfer.reverses_id}
        if line.balance is None:
            kind += " " + _("(not yet held)")
        append_row(sheet,
            [
                transfer.on, transfer.pk, kind, transfer.source.name, transfer.target.name,
                line.amount, line.balance, transfer.voucher, transfer.note,
                transfer.created_by.display_name,
            ]
        )  # fmt: skip
    append_row(sheet, ["", "", _("Closing balance"), "", "", None, statement.closing])
    for row in sheet.iter_rows(min_row=6):
        row[0].number_format = "yyyy-mm-dd"
        row[5].number_format = MONEY
        row[6].number_format = MONEY
    for column, width in zip("ABCDEFGHIJ", (12, 8, 16, 30, 30, 18, 18, 22, 30, 16), strict=True):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(workbook)


def _sheet_of(workbook: Workbook, title: str, header: list[str], widths: list[int]) -> Any:
    sheet = workbook.create_sheet(title)
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def ledger_workbook(accounts: list[Account], transfers: Iterable[Transfer]) -> bytes:
    """The ledger: every account with its balances, and every transfer (oldest first)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = _sheet_of(
        workbook,
        _("Accounts"),
        [
            _("Code"), _("Account"), _("Kind"), _("Place"), _("Account opened on"), _("Closed on"),
            _("Pledged (yuan)"), _("Received (yuan)"), _("Allocated (yuan)"),
            _("Disbursed (yuan)"), _("Spent (yuan)"), _("Refunded (yuan)"),
            _("Remaining (yuan)"), _("Payout rate"), _("Spending rate"),
        ],
        [18, 30, 14, 14, 12, 12, 18, 18, 18, 18, 18, 18, 18, 10, 10],
    )  # fmt: skip
    balances = balances_of(accounts)
    for account in accounts:
        b = balances[account.pk]
        append_row(sheet,
            [
                account.code, account.name, str(account.get_kind_display()),
                account.place.name if account.place else "", account.opened_on,
                account.closed_on, b.pledged, b.received, b.allocated, b.disbursed, b.spent,
                b.refunded, b.remaining, b.payout_rate, b.spending_rate,
            ]
        )  # fmt: skip
    for row in sheet.iter_rows(min_row=2):
        for cell in row[4:6]:
            cell.number_format = "yyyy-mm-dd"
        for cell in row[6:13]:
            cell.number_format = MONEY
        for cell in row[13:15]:
            cell.number_format = "0.0%"
    sheet = _sheet_of(
        workbook,
        _("Transfers"),
        [
            _("Number"), _("Date"), _("Kind"), _("Counts as"), _("From"), _("To"),
            _("Amount (yuan)"), _("Pledge"), _("Reverses"), _("Voucher number"), _("Note"),
            _("Recorded by"), _("Recorded at"),
        ],
        [8, 12, 10, 10, 30, 30, 18, 8, 8, 22, 30, 16, 20],
    )  # fmt: skip
    for transfer in transfers:
        append_row(sheet,
            [
                transfer.pk, transfer.on, str(transfer.get_kind_display()),
                str(transfer.get_counts_as_display()), transfer.source.name,
                transfer.target.name, transfer.amount, transfer.pledge_id,
                transfer.reverses_id, transfer.voucher, transfer.note,
                transfer.created_by.display_name,
                timezone.localtime(transfer.created_at).replace(tzinfo=None),
            ]
        )  # fmt: skip
    for row in sheet.iter_rows(min_row=2):
        row[1].number_format = "yyyy-mm-dd"
        row[6].number_format = MONEY
        row[12].number_format = "yyyy-mm-dd hh:mm"
    return workbook_bytes(workbook)


def fund_use_workbook(report: FundUse) -> bytes:
    """The fund-use page's tables, one sheet each, with the rates."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    columns = [
        _("Pledged (yuan)"), _("Received (yuan)"), _("In-place rate"), _("Disbursed (yuan)"),
        _("Payout rate"), _("Spent (yuan)"), _("Spending rate"),
    ]  # fmt: skip
    tables = [
        (_("By year"), _("Year"), report.years),
        (_("By place"), _("Place"), [report.total, *report.places]),
        (_("By helper"), _("Helper"), report.helpers),
        (_("By project"), _("Project"), report.projects),
    ]
    for title, first, rows in tables:
        sheet = _sheet_of(workbook, title, [first, *columns], [30, 18, 18, 10, 18, 10, 18, 10])
        for use in rows:
            append_row(sheet,
                [
                    use.label, use.pledged, use.received, use.in_place_rate, use.disbursed,
                    use.payout_rate, use.spent, use.spending_rate,
                ]
            )  # fmt: skip
        for row in sheet.iter_rows(min_row=2):
            for index in (1, 2, 4, 6):
                row[index].number_format = MONEY
            for index in (3, 5, 7):
                row[index].number_format = "0.0%"
    sheet = workbook.create_sheet(_("Per county"))
    append_row(sheet, [_("Counties with a receiving account"), report.counties])
    append_row(sheet, [_("Fiscal aid received per county (yuan)"), report.per_county])
    sheet["B2"].number_format = MONEY
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 20
    return workbook_bytes(workbook)
