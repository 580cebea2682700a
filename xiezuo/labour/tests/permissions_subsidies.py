"""Permission-matrix entries for subsidies (补贴): a coordinator of the paying place sets its
rules and approves (returns, cancels) its lists; a clerk of that place draws a list up."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from xiezuo.accounts.models import Role, User
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint
from xiezuo.labour import services, subsidies
from xiezuo.labour.models import BatchStatus, SubsidyBatch, SubsidyRule
from xiezuo.ledger.models import Account, AccountKind, TransferKind
from xiezuo.ledger.services import account_create, donors_account, transfer_create
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Place

_numbers = itertools.count(47000)
_accounts = itertools.count(1)
DONGGUAN = "4419"


def _admin() -> Any:
    return User.objects.get(username="admin")


def _account(where: str) -> Account:
    """A social-funds account of the target place, holding 10,000 yuan."""
    place = Place.objects.get(code=TARGET_PLACE[where])
    account = account_create(
        code=f"matrix-subsidy-{next(_accounts)}", kind=AccountKind.SOCIAL,
        name_zh=f"{place.name}就业补助资金", place=place, opened_on=date(2020, 1, 1),
    )  # fmt: skip
    transfer_create(
        actor=_admin(), kind=TransferKind.RECEIPT, source=donors_account(), target=account,
        amount="10000", on=date(2025, 1, 2),
    )  # fmt: skip
    return account


def _rule(where: str) -> SubsidyRule:
    return subsidies.subsidy_rule_create(
        actor=_admin(), name="一次性交通补贴", kind="travel", amount="500",
        account=_account(where), valid_from=date(2025, 1, 1), started_from=date(2025, 1, 1),
    )  # fmt: skip


def _eligible_worker(where: str) -> None:
    """A poor worker of the target county placed in Dongguan, found employed at 3 months."""
    home = TARGET_PLACE[where]
    admin = _admin()
    worker = services.worker_register(
        actor=admin, identity=synthetic_identity(next(_numbers), date(1966, 7, 8), "male", home),
        name="黄志强", home=Place.objects.get(code=home), poverty_status="poor",
    )  # fmt: skip
    placement = services.placement_record(
        actor=admin, worker=worker, started_on=date(2025, 3, 3), channel="organised",
        job=services.Job(place_of_work=Place.objects.get(code=DONGGUAN), employer_name="某厂"),
    )  # fmt: skip
    services.follow_up_record(
        actor=admin, placement=placement, months=3, checked_on=date(2025, 6, 3), employed=True
    )


def _batch(c: Any, where: str, *, approved: bool = False) -> SubsidyBatch:
    """A list drawn up (by another user than the one approving it), approved if asked."""
    rule = _rule(where)
    _eligible_worker(where)
    batch = subsidies.subsidy_batch_draw(actor=c.make_other(), rule=rule, on=date(2026, 1, 5))
    if approved:
        subsidies.subsidy_batch_approve(actor=_admin(), batch=batch)
    return batch


def _create_rule(c: Any, u: Any, where: str) -> Any:
    return c.post("/labour/subsidies/new/", {
        "name": "一次性交通补贴", "kind": "travel", "amount": "500",
        "account": _account(where).pk, "poverty_statuses": ["poor", "exited"],
        "destination": "helper", "months_employed": "3", "once": "worker",
        "valid_from": "2025-01-01",
    })  # fmt: skip


def _edit_rule(c: Any, u: Any, where: str) -> Any:
    rule = _rule(where)
    return c.post(f"/labour/subsidies/{rule.uid}/edit/", {
        "name": "一次性交通补贴（2025）", "kind": "travel", "amount": "500",
        "account": rule.account.pk, "poverty_statuses": ["poor", "exited"],
        "destination": "helper", "months_employed": "3", "once": "worker",
        "valid_from": "2025-01-01", "valid_to": "2026-12-31",
    })  # fmt: skip


def _delete_rule(c: Any, u: Any, where: str) -> Any:
    rule = _rule(where)
    response = c.post(f"/labour/subsidies/{rule.uid}/delete/")
    if response.status_code == 302:  # allowed: and done, not refused with a message
        assert not SubsidyRule.objects.filter(pk=rule.pk).exists()
    return response


def _draw(c: Any, u: Any, where: str) -> Any:
    rule = _rule(where)
    _eligible_worker(where)
    response = c.post(f"/labour/subsidies/{rule.uid}/lists/new/", {"on": "2026-01-05"})
    if response.status_code == 302:
        assert rule.batches.filter(drawn_by=u).count() == 1
    return response


def _approve(c: Any, u: Any, where: str) -> Any:
    batch = _batch(c, where)
    response = c.post(f"/labour/subsidy-lists/{batch.uid}/approve/")
    if response.status_code == 302:
        batch.refresh_from_db()
        assert batch.status == BatchStatus.APPROVED
    return response


def _return(c: Any, u: Any, where: str) -> Any:
    batch = _batch(c, where)
    response = c.post(f"/labour/subsidy-lists/{batch.uid}/return/", {"reason": "缺少回访记录"})
    if response.status_code == 302:
        batch.refresh_from_db()
        assert batch.status == BatchStatus.RETURNED
    return response


def _cancel(c: Any, u: Any, where: str) -> Any:
    payment = _batch(c, where, approved=True).payments.get()
    response = c.post(f"/labour/subsidy-payments/{payment.pk}/cancel/", {"reason": "重复发放"})
    if response.status_code == 302:
        payment.refresh_from_db()
        assert payment.reversal is not None
    return response


ENDPOINTS = [
    Endpoint("page labour subsidy rule create", Role.COORDINATOR, call=_create_rule),
    Endpoint("page labour subsidy rule update", Role.COORDINATOR, call=_edit_rule),
    Endpoint("page labour subsidy rule delete", Role.COORDINATOR, call=_delete_rule),
    Endpoint("page labour subsidy list draw", Role.CLERK, call=_draw),
    Endpoint("page labour subsidy list approve", Role.COORDINATOR, call=_approve),
    Endpoint("page labour subsidy list return", Role.COORDINATOR, call=_return),
    Endpoint("page labour subsidy payment cancel", Role.COORDINATOR, call=_cancel),
]
READ_ONLY_PAGES = {
    "labour_subsidy_rule_list",
    "labour_subsidy_rule_detail",
    "labour_subsidy_batch_detail",
    "labour_subsidy_batch_export",
}
WRITE_PAGES = {
    "labour_subsidy_rule_create": "page labour subsidy rule create",
    "labour_subsidy_rule_edit": "page labour subsidy rule update",
    "labour_subsidy_rule_delete": "page labour subsidy rule delete",
    "labour_subsidy_batch_draw": "page labour subsidy list draw",
    "labour_subsidy_batch_approve": "page labour subsidy list approve",
    "labour_subsidy_batch_return": "page labour subsidy list return",
    "labour_subsidy_payment_cancel": "page labour subsidy payment cancel",
}
