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
