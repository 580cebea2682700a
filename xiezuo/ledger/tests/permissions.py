"""Permission-matrix entries for the fund ledger."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.ledger import services
from xiezuo.ledger.models import Account, AccountKind, TransferKind

from .factories import account


def _funded(user: Any, where: str) -> tuple[Account, Account]:
    """The receiving account of the place inside (or outside) the scope, holding 1,000 yuan,
    and an expenditure account."""
    helper = account("helper", AccountKind.HELPER_FISCAL, "4403")
    receiving = account("receiving", AccountKind.RECEIVING, TARGET_PLACE[where])
    spent = account("spent", AccountKind.EXPENDITURE, None)
    services.transfer_create(
        actor=user, kind=TransferKind.RECEIPT, source=helper, target=receiving, amount="1000",
        on=date(2018, 6, 1),
    )  # fmt: skip
    return receiving, spent


def _spend(c: Any, u: Any, where: str) -> Any:
    receiving, spent = _funded(u, where)
    body = {"kind": "expenditure", "source": receiving.code, "target": spent.code,
            "amount": "100.00", "on": "2018-07-01"}  # fmt: skip
    return json_request(c, "post", "/api/v1/ledger/transfers", body)


def _reverse(c: Any, u: Any, where: str) -> Any:
    receiving, spent = _funded(u, where)
    spending = services.transfer_create(
        actor=u, kind=TransferKind.EXPENDITURE, source=receiving, target=spent, amount="100",
        on=date(2018, 7, 1),
    ).transfer  # fmt: skip
    return json_request(c, "post", f"/api/v1/ledger/transfers/{spending.pk}/reverse", {})


ACCOUNT = {"code": "debao-new", "kind": "receiving", "name_zh": "德保县新账户", "place": "451024"}

ENDPOINTS = [
    Endpoint("api ledger account create", Role.COORDINATOR, scoped=False,
             call=lambda c, u, w: json_request(c, "post", "/api/v1/ledger/accounts", ACCOUNT)),
    Endpoint("api ledger transfer create", Role.CLERK, call=_spend),
    Endpoint("api ledger transfer reverse", Role.CLERK, call=_reverse),
]  # fmt: skip

API_WRITES = {
    ("POST", "/ledger/accounts"): "api ledger account create",
    ("POST", "/ledger/transfers"): "api ledger transfer create",
    ("POST", "/ledger/transfers/{transfer_id}/reverse"): "api ledger transfer reverse",
}


def _spend_on_the_page(c: Any, u: Any, where: str) -> Any:
    receiving, spent = _funded(u, where)
    return c.post(
        "/ledger/transfers/new/",
        {"kind": "expenditure", "source": receiving.code, "target": spent.code,
         "amount": "100.00", "on": "2018-07-01", "idempotency_key": "page:matrix"},
    )  # fmt: skip


def _reverse_on_the_page(c: Any, u: Any, where: str) -> Any:
    receiving, spent = _funded(u, where)
    spending = services.transfer_create(
        actor=u, kind=TransferKind.EXPENDITURE, source=receiving, target=spent, amount="100",
        on=date(2018, 7, 1),
    ).transfer  # fmt: skip
    return c.post(f"/ledger/transfers/{spending.pk}/reverse/", {"note": "录错"})


def _donate_on_the_page(c: Any, u: Any, where: str) -> Any:
    return c.post(
        "/ledger/donations/new/",
        {"donor_name": "某企业", "donor_kind": "enterprise", "donor_origin": "guangdong",
         "form": "cash", "amount": "1000", "place": TARGET_PLACE[where],
         "received_on": "2018-07-01"},
    )  # fmt: skip


def _pledged(u: Any, where: str) -> Any:
    from xiezuo.places.models import Place

    return services.donation_record(
        actor=u, donor=services.DonorDetails(name="某企业", kind="enterprise", origin="guangdong"),
        form="cash", amount="1000", place=Place.objects.get(code=TARGET_PLACE[where]),
        pledged_on=date(2018, 6, 1),
    )  # fmt: skip


GIFT = {"donor": "某企业", "donor_kind": "enterprise", "donor_origin": "guangdong",
        "form": "cash", "amount": "1000", "received_on": "2018-07-01"}  # fmt: skip


def _donate(c: Any, u: Any, where: str) -> Any:
    body = {**GIFT, "place": TARGET_PLACE[where]}
    return json_request(c, "post", "/api/v1/ledger/donations", body)


def _receive(c: Any, u: Any, where: str) -> Any:
    gift = _pledged(u, where)
    body = {"received_on": "2018-07-01"}
    return json_request(c, "post", f"/api/v1/ledger/donations/{gift.uid}/receive", body)


def _receive_on_the_page(c: Any, u: Any, where: str) -> Any:
    gift = _pledged(u, where)
    return c.post(f"/ledger/donations/{gift.uid}/receive/", {"received_on": "2018-07-01"})


ENDPOINTS += [
    Endpoint("api ledger donation create", Role.CLERK, call=_donate),
    Endpoint("api ledger donation receive", Role.CLERK, call=_receive),
    Endpoint("page ledger donation receive", Role.CLERK, call=_receive_on_the_page),
]
API_WRITES.update(
    {
        ("POST", "/ledger/donations"): "api ledger donation create",
        ("POST", "/ledger/donations/{uid}/receive"): "api ledger donation receive",
    }
)
ENDPOINTS += [
    Endpoint("page ledger donation create", Role.CLERK, call=_donate_on_the_page),
    Endpoint("page ledger transfer create", Role.CLERK, call=_spend_on_the_page),
    Endpoint("page ledger transfer reverse", Role.CLERK, call=_reverse_on_the_page),
]
READ_ONLY_PAGES = {
    "ledger_account_list",
    "ledger_account_detail",
    "ledger_statement",
    "ledger_donation_list",
    "ledger_export",
    "ledger_fund_use",
}
WRITE_PAGES = {
    "ledger_donation_create": "page ledger donation create",
    "ledger_donation_receive": "page ledger donation receive",
    "ledger_transfer_create": "page ledger transfer create",
    "ledger_transfer_reverse": "page ledger transfer reverse",
}
