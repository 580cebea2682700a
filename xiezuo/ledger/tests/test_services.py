"""The ledger's rules, as a finance clerk meets them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from xiezuo.ledger import services
from xiezuo.ledger.models import Account, Transfer
from xiezuo.ledger.models import TransferKind as K
from xiezuo.ledger.selectors import account_balances, ledger_check

from .factories import move, ours

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def fresh(account: Account) -> Account:
    return Account.objects.get(pk=account.pk)


def refused(field: str, call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    (message,) = caught.value.message_dict[field]
    return message


def funded(recorder, accounts, amount="1000000.00"):
    """Shenzhen's money received by Baise."""
    return move(recorder, K.RECEIPT, accounts["shenzhen"], accounts["baise"], amount)


def test_money_flows_down_to_a_project_and_every_figure_follows(recorder, accounts):
    a = accounts
    funded(recorder, a)
    move(recorder, K.ALLOCATION, a["baise"], a["debao"], "600000")
    move(recorder, K.DISBURSEMENT, a["debao"], a["project"], "450000.50")
    move(recorder, K.EXPENDITURE, a["project"], a["spent"], "300000")
    debao, project = account_balances(fresh(a["debao"])), account_balances(fresh(a["project"]))
    assert debao.received == Decimal("600000.00") and debao.disbursed == Decimal("450000.50")
    assert debao.remaining == Decimal("149999.50")
    assert debao.payout_rate == Decimal("450000.50") / Decimal("600000")
    assert project.received == Decimal("450000.50") and project.spent == Decimal("300000.00")
    assert account_balances(fresh(a["baise"])).allocated == Decimal("600000.00")
    assert fresh(a["shenzhen"]).balance == Decimal("-1000000.00")  # what it has given
    assert ledger_check().sound


def test_a_transfer_that_would_overdraw_is_refused_naming_the_account_its_balance_and_the_amount(
    recorder, accounts
):
    a = accounts
    funded(recorder, a, "1000")
    message = refused(
        "amount", lambda: move(recorder, K.ALLOCATION, a["baise"], a["debao"], "1000.01")
    )
    assert message == "百色市接收账户余额为 1,000.00 元，不能从中转出 1,000.01 元。"
    assert fresh(a["baise"]).balance == Decimal("1000.00")
    assert ours().count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "金额必须大于零。"),
        ("0", "金额必须大于零。"),
        ("abc", "“abc”不是以元计的金额。"),
        ("12.345", "“12.345”：以元计的金额最多两位小数。"),
        ("NaN", "“NaN”不是以元计的金额。"),
        (12.5, "请以小数形式填写金额，例如 1250.50。"),
    ],
)
def test_a_bad_amount_is_refused_and_nothing_is_written(recorder, accounts, amount, message):
    a = accounts
    call = lambda: services.transfer_create(  # noqa: E731
        actor=recorder, kind=K.RECEIPT, source=a["shenzhen"], target=a["baise"], amount=amount,
        on=date(2018, 6, 1),
    )  # fmt: skip
    assert refused("amount", call) == message
    assert not ours().exists()


def test_an_amount_with_thousands_separators_is_read_exactly(recorder, accounts):
    a = accounts
    transfer = services.transfer_create(
        actor=recorder, kind=K.RECEIPT, source=a["shenzhen"], target=a["baise"],
        amount="1,234,567.89", on=date(2018, 6, 1),
    ).transfer  # fmt: skip
    assert transfer.amount == Decimal("1234567.89")


def test_money_moves_only_between_two_accounts_of_the_right_kinds(recorder, accounts):
    a = accounts
    funded(recorder, a)
    assert (
        refused("target", lambda: move(recorder, K.ALLOCATION, a["baise"], a["baise"], "1"))
        == "资金须在两个不同的账户之间转移。"
    )
    assert refused(
        "kind", lambda: move(recorder, K.DISBURSEMENT, a["shenzhen"], a["project"], "1")
    ) == ("拨付不能从深圳市财政帮扶资金（帮扶方财政资金）转入德保县产业路项目（项目）。")


def test_an_allocation_goes_only_to_a_place_below(recorder, accounts):
    a = accounts
    move(recorder, K.RECEIPT, a["shenzhen"], a["debao"], "100")
    assert (
        refused("target", lambda: move(recorder, K.ALLOCATION, a["debao"], a["tiandong"], "10"))
        == "下拨只能拨给下级地区。"
    )


def test_a_future_date_and_a_closed_account_are_refused(recorder, accounts):
    a = accounts
    funded(recorder, a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert (
        refused(
            "on", lambda: move(recorder, K.ALLOCATION, a["baise"], a["debao"], "1", on=tomorrow)
        )
        == "日期在未来。"
    )
    services.account_close(account=a["project"], on=date(2018, 5, 1))
    move(recorder, K.ALLOCATION, a["baise"], a["debao"], "10")
    assert refused("on", lambda: move(recorder, K.DISBURSEMENT, a["debao"], a["project"], "5")) == (
        "德保县产业路项目已于 2018-05-01 关闭。"
    )


def test_a_pledge_is_promised_not_held_and_receipts_post_it(recorder, accounts):
    a = accounts
    pledge = move(recorder, K.PLEDGE, a["shenzhen"], a["baise"], "1000")
    baise = account_balances(fresh(a["baise"]))
    assert baise.pledged == Decimal("1000.00") and baise.remaining == 0
    move(recorder, K.RECEIPT, a["shenzhen"], a["baise"], "600", pledge=pledge)
    assert (
        refused(
            "amount",
            lambda: move(recorder, K.RECEIPT, a["shenzhen"], a["baise"], "400.01", pledge=pledge),
        )
        == "该承诺尚有 400.00 元未到位。"
    )
    move(recorder, K.RECEIPT, a["shenzhen"], a["baise"], "400", pledge=pledge)
    assert account_balances(fresh(a["baise"])).received == Decimal("1000.00")
    assert (
        refused("transfer", lambda: services.transfer_reverse(actor=recorder, transfer=pledge))
        == "已有到位记录入账此承诺：请先冲销它们。"
    )


def test_a_correction_is_a_reversal_which_cannot_itself_be_reversed_or_repeated(recorder, accounts):
    a = accounts
    receipt = funded(recorder, a, "500")
    reversal = services.transfer_reverse(actor=recorder, transfer=receipt, note="金额录错").transfer
    assert reversal.reverses == receipt and reversal.source == a["baise"]
    assert fresh(a["baise"]).balance == 0 and account_balances(fresh(a["baise"])).received == 0
    assert (
        refused("transfer", lambda: services.transfer_reverse(actor=recorder, transfer=reversal))
        == "冲销不能再被冲销；请重新录入该笔转账。"
    )
    assert (
        refused("transfer", lambda: services.transfer_reverse(actor=recorder, transfer=receipt))
        == "该笔转账已被冲销。"
    )
    assert Transfer.objects.get(pk=receipt.pk).amount == Decimal("500.00")  # kept as it was


def test_a_reversal_that_would_overdraw_is_refused(recorder, accounts):
    a = accounts
    receipt = funded(recorder, a, "500")
    move(recorder, K.ALLOCATION, a["baise"], a["debao"], "300")
    message = refused("amount", lambda: services.transfer_reverse(actor=recorder, transfer=receipt))
    assert message == "百色市接收账户余额为 200.00 元，不能从中转出 500.00 元。"


def test_a_transfer_is_never_changed_or_deleted(recorder, accounts):
    transfer = funded(recorder, accounts)
    transfer.amount = Decimal("1")
    with pytest.raises(TypeError):
        transfer.save()
    with pytest.raises(TypeError):
        transfer.delete()
    with pytest.raises(TypeError):
        Transfer.objects.filter(pk=transfer.pk).update(amount=1)
    with pytest.raises(TypeError):
        Transfer.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database's own trigger")
def test_the_database_refuses_to_change_or_delete_a_transfer(recorder, accounts):
    from django.db import DatabaseError, transaction

    transfer = funded(recorder, accounts)
    for sql in (
        "UPDATE ledger_transfer SET amount = 1 WHERE id = %s",
        "DELETE FROM ledger_transfer WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [transfer.pk])
    assert Transfer.objects.get(pk=transfer.pk).amount == Decimal("1000000.00")


def test_the_same_request_twice_records_one_transfer_and_another_body_is_refused(
    recorder, accounts
):
    a = accounts
    first = services.transfer_create(
        actor=recorder, kind=K.RECEIPT, source=a["shenzhen"], target=a["baise"], amount="100",
        on=date(2018, 6, 1), idempotency_key="pay-2018-001",
    )  # fmt: skip
    again = services.transfer_create(
        actor=recorder, kind=K.RECEIPT, source=a["shenzhen"], target=a["baise"], amount="100.00",
        on=date(2018, 6, 1), idempotency_key="pay-2018-001",
    )  # fmt: skip
    assert again.replayed and again.transfer.pk == first.transfer.pk
    assert ours().count() == 1 and fresh(a["baise"]).balance == Decimal("100.00")
    message = refused(
        "idempotency_key",
        lambda: services.transfer_create(
            actor=recorder, kind=K.RECEIPT, source=a["shenzhen"], target=a["baise"], amount="200",
            on=date(2018, 6, 1), idempotency_key="pay-2018-001",
        ),
    )  # fmt: skip
    assert message == "此幂等键已用于另一请求。"
    assert ours().count() == 1


def test_a_reversal_into_a_closed_account_is_refused_as_a_transfer_would_be(recorder, accounts):
    a = accounts
    funded(recorder, a)
    move(recorder, K.ALLOCATION, a["baise"], a["debao"], "100")
    spending = move(recorder, K.EXPENDITURE, a["debao"], a["spent"], "60")
    services.account_close(account=a["debao"], on=date(2018, 8, 1))
    assert (
        refused("on", lambda: services.transfer_reverse(actor=recorder, transfer=spending))
        == "德保县接收账户已于 2018-08-01 关闭。"
    )
