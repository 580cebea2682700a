"""/api/v1/ledger as a finance system or a clerk's script uses it."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from .factories import ours

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def clerk(client_for):
    """A clerk of Baise: records what Baise receives, passes down and spends."""
    return client_for("clerk", scope=["4510"])


def post(client, path, body, key=None, raw=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(path, raw or json.dumps(body), content_type="application/json", **headers)


RECEIPT = {"kind": "receipt", "source": "shenzhen-fiscal", "target": "baise", "on": "2018-06-01"}


def test_a_receipt_is_recorded_and_the_account_shows_what_it_holds(clerk, accounts):
    response = post(clerk, "/api/v1/ledger/transfers", {**RECEIPT, "amount": "1500000.10"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["amount"] == "1500000.1" and body["kind"] == "receipt" and body["kind_name"] == "到位"
    )
    assert body["source"] == accounts["shenzhen"].pk and body["recorded_by"]
    detail = clerk.get("/api/v1/ledger/accounts/baise").json()
    assert detail["balance"] == "1500000.1"
    assert (
        detail["balances"]["received"] == "1500000.1" and detail["balances"]["payout_rate"] == "0"
    )


def test_a_json_number_is_read_exactly_not_as_a_float(clerk, accounts):
    raw = (
        '{"kind": "receipt", "source": "shenzhen-fiscal", "target": "baise", '
        '"on": "2018-06-01", "amount": 0.1}'
    )
    post(clerk, "/api/v1/ledger/transfers", None, raw=raw)
    raw = raw.replace('"amount": 0.1', '"amount": 0.2')
    post(clerk, "/api/v1/ledger/transfers", None, raw=raw)
    assert clerk.get("/api/v1/ledger/accounts/baise").json()["balance"] == "0.3"


def test_the_same_key_twice_records_once_and_answers_the_same(clerk, accounts):
    body = {**RECEIPT, "amount": "100"}
    first = post(clerk, "/api/v1/ledger/transfers", body, key="bank-2018-06-01-7")
    again = post(clerk, "/api/v1/ledger/transfers", body, key="bank-2018-06-01-7")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert ours().count() == 1
    other = post(
        clerk, "/api/v1/ledger/transfers", {**body, "amount": "200"}, key="bank-2018-06-01-7"
    )
    assert other.status_code == 422
    assert other.json()["errors"] == {"idempotency_key": ["此幂等键已用于另一请求。"]}
    assert ours().count() == 1


def test_bad_input_is_named_by_field_and_nothing_is_written(clerk, accounts):
    response = post(
        clerk, "/api/v1/ledger/transfers", {**RECEIPT, "source": "nowhere", "amount": "-1"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"source": ["没有编号或代码为“nowhere”的账户。"]}
    response = post(clerk, "/api/v1/ledger/transfers", {**RECEIPT, "amount": "-1"})
    assert response.json()["errors"] == {"amount": ["金额必须大于零。"]}
    response = post(clerk, "/api/v1/ledger/transfers", {**RECEIPT, "amount": "十元"})
    assert response.json()["errors"] == {"amount": ["请输入数字。"]}
    assert not ours().exists()


def test_a_reversal_through_the_api_names_what_it_reverses(clerk, accounts):
    receipt = post(clerk, "/api/v1/ledger/transfers", {**RECEIPT, "amount": "100"}).json()
    response = post(
        clerk, f"/api/v1/ledger/transfers/{receipt['id']}/reverse", {"note": "重复录入"}
    )
    assert response.status_code == 201, response.content
    assert (
        response.json()["reverses"] == receipt["id"] and response.json()["counts_as"] == "receipt"
    )
    assert (
        clerk.get(f"/api/v1/ledger/transfers/{receipt['id']}").json()["reversed_by"]
        == response.json()["id"]
    )
    again = post(clerk, f"/api/v1/ledger/transfers/{response.json()['id']}/reverse", {})
    assert again.status_code == 422
    assert again.json()["errors"] == {"transfer": ["冲销不能再被冲销；请重新录入该笔转账。"]}


def test_a_clerk_records_only_on_accounts_of_his_side(client_for, accounts):
    hechi = client_for("clerk", scope=["4512"])
    response = post(hechi, "/api/v1/ledger/transfers", {**RECEIPT, "amount": "100"})
    assert response.status_code == 403
    assert not ours().exists()


def test_lists_are_paged_and_filtered(clerk, accounts):
    for amount in ("1", "2", "3"):
        post(clerk, "/api/v1/ledger/transfers", {**RECEIPT, "amount": amount})
    page = clerk.get("/api/v1/ledger/transfers?account=baise&limit=2").json()
    assert page["count"] == 3 and [t["amount"] for t in page["items"]] == ["3", "2"]
    receiving = clerk.get("/api/v1/ledger/accounts?kind=receiving&place=4510&limit=500").json()
    found = {a["code"]: a for a in receiving["items"]}
    assert {"baise", "debao", "tiandong"} <= set(found) and receiving["count"] == len(found)
    assert {(a["kind"], a["place"][:4]) for a in found.values()} == {("receiving", "4510")}


def test_the_helped_side_records_what_it_received_but_not_what_the_helper_pledges(
    client_for, accounts
):
    baise = client_for("clerk", scope=["4510"])
    pledge = {**RECEIPT, "kind": "pledge", "amount": "100"}
    assert post(baise, "/api/v1/ledger/transfers", pledge).status_code == 403
    shenzhen = client_for("clerk", scope=["4403"])
    assert post(shenzhen, "/api/v1/ledger/transfers", pledge).status_code == 201
    assert post(baise, "/api/v1/ledger/transfers", {**RECEIPT, "amount": "100"}).status_code == 201


def test_a_year_no_date_can_have_is_refused(clerk):
    """Found by the fuzzer (tests/test_fuzz_api.py): `?year=105551688300` overflowed the
    date filter of the donations (a 500)."""
    response = clerk.get("/api/v1/ledger/donations?year=105551688300")
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {"year": ["请输入不大于 9999 的数。"]}
    assert clerk.get("/api/v1/ledger/donations?year=2020").status_code == 200
