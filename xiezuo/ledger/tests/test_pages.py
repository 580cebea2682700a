"""The ledger's pages: what each account holds, and its statement."""

from __future__ import annotations

import re

import pytest

from .factories import move

pytestmark = pytest.mark.django_db


def cell(page: str, element_id: str, end: str = "</td>") -> str:
    found = re.search(rf'id="{element_id}">(.*?){end}', page, re.S)
    assert found, element_id
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_an_accounts_page_shows_its_figures_and_its_transfers(client_for, recorder, accounts):
    a = accounts
    receipt = move(recorder, "receipt", a["shenzhen"], a["baise"], "1500000")
    move(recorder, "allocation", a["baise"], a["debao"], "600000.50")
    page = client_for("viewer", scope=["45"]).get("/ledger/baise/").content.decode()
    assert cell(page, "balance-received") == "1,500,000.00"
    assert cell(page, "balance-allocated") == "600,000.50"
    assert cell(page, "balance-remaining") == "899,999.50 （90万）"
    row = cell(page, f"transfer-{receipt.pk}", end="</tr>")
    assert "2018-06-01" in row and "深圳市财政帮扶资金" in row and "1,500,000.00" in row


def test_the_list_shows_what_each_account_holds_in_wan(client_for, recorder, accounts):
    move(recorder, "receipt", accounts["shenzhen"], accounts["baise"], "1500000")
    page = client_for("viewer").get("/ledger/?place=4510&kind=receiving").content.decode()
    row = page[page.index("百色市接收账户") :]
    assert row[: row.index("</tr>")].rstrip().endswith('title="1,500,000.00">150万</td>')


def test_an_unknown_account_is_not_found(client_for):
    assert client_for("viewer").get("/ledger/no-such/").status_code == 404


def test_the_funds_grid_says_its_figures_come_from_the_ledger(client_for):
    page = client_for("clerk", scope=["451024"]).get("/data/entry/FUNDS/451024/2018/")
    text = page.content.decode()
    assert "来自资金台账" in text and 'href="/ledger/"' in text


FORM = {
    "kind": "allocation",
    "source": "baise",
    "target": "debao",
    "amount": "1000.00",
    "on": "2018-07-01",
    "voucher": "百财字〔2018〕12号",
    "idempotency_key": "page:test-1",
}


def test_a_clerk_records_a_transfer_on_the_page_and_sees_it_on_the_statement(
    client_for, recorder, accounts
):
    move(recorder, "receipt", accounts["shenzhen"], accounts["baise"], "5000")
    clerk = client_for("clerk", scope=["4510"])
    form = clerk.get("/ledger/transfers/new/?source=baise").content.decode()
    assert 'value="baise"' in form
    response = clerk.post("/ledger/transfers/new/", FORM)
    assert response.status_code == 302 and response["Location"] == "/ledger/baise/"
    statement = clerk.get("/ledger/baise/").content.decode()
    assert cell(statement, "balance-allocated") == "1,000.00"
    assert "百财字〔2018〕12号" in statement
    again = clerk.post("/ledger/transfers/new/", FORM)  # the same form sent twice
    assert again.status_code == 302
    assert cell(clerk.get("/ledger/baise/").content.decode(), "balance-allocated") == "1,000.00"


def test_a_refused_transfer_shows_the_message_beside_its_field(
    client_for, recorder, accounts, errors_beside
):
    move(recorder, "receipt", accounts["shenzhen"], accounts["baise"], "500")
    clerk = client_for("clerk", scope=["4510"])
    response = clerk.post("/ledger/transfers/new/", {**FORM, "idempotency_key": "page:test-2"})
    assert response.status_code == 422
    assert errors_beside(response, "id_amount") == [
        "百色市接收账户余额为 500.00 元，不能从中转出 1,000.00 元。"
    ]
    unknown = clerk.post("/ledger/transfers/new/", {**FORM, "target": "nowhere"})
    assert unknown.status_code == 422
    assert errors_beside(unknown, "id_target") == ["没有编号或代码为“nowhere”的账户。"]


def test_an_accounts_statement_downloads_as_excel_with_opening_and_closing_balances(
    client_for, recorder, accounts
):
    import io
    from datetime import date
    from decimal import Decimal

    from openpyxl import load_workbook

    a = accounts
    move(recorder, "pledge", a["shenzhen"], a["baise"], "5000", on=date(2018, 5, 1))
    move(recorder, "receipt", a["shenzhen"], a["baise"], "1000", on=date(2018, 6, 1))
    move(recorder, "allocation", a["baise"], a["debao"], "300", on=date(2018, 7, 1))
    response = client_for("viewer").get("/ledger/baise/statement.xlsx?first=2018-06-15")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[5][2] == "期初余额" and rows[5][6] == 1000
    assert rows[6][2] == "下拨" and Decimal(str(rows[6][5])) == Decimal("-300")
    assert rows[6][6] == 700 and rows[6][3] == "百色市接收账户" and rows[6][4] == "德保县接收账户"
    assert rows[7][2] == "期末余额" and rows[7][6] == 700
    whole = client_for("viewer").get("/ledger/baise/statement.xlsx")
    rows = list(load_workbook(io.BytesIO(whole.content)).active.iter_rows(values_only=True))
    assert [r[2] for r in rows[5:]] == [
        "期初余额",
        "承诺 （尚未到账）",
        "到位",
        "下拨",
        "期末余额",
    ]
    bad = client_for("viewer").get("/ledger/baise/statement.xlsx?first=2018-02-30")
    assert bad.status_code == 400 and "2018-02-30" in bad.content.decode()


def test_a_transfer_is_reversed_from_its_row_and_says_so(client_for, recorder, accounts):
    a = accounts
    move(recorder, "receipt", a["shenzhen"], a["baise"], "1000")
    allocation = move(recorder, "allocation", a["baise"], a["debao"], "300")
    clerk = client_for("clerk", scope=["4510"])
    response = clerk.post(
        f"/ledger/transfers/{allocation.pk}/reverse/", {"note": "县别录错", "back": "baise"}
    )
    assert response.status_code == 302 and response["Location"] == "/ledger/baise/"
    page = clerk.get("/ledger/baise/").content.decode()
    assert cell(page, "balance-allocated") == "0.00"
    assert cell(page, f"transfer-{allocation.pk}", end="</tr>").endswith(
        f"被第 {allocation.reversed_by.pk} 号冲销"
    )
    again = clerk.post(
        f"/ledger/transfers/{allocation.pk}/reverse/", {"back": "baise"}, follow=True
    )
    assert "该笔转账已被冲销。" in again.content.decode()
