"""Property-based tests of the ledger: any sequence of transfers and reversals, valid or not.

After every step the ledger balances (the sum of all balances is zero, and
every account's totals equal a replay of its transfers), no account that
holds money is below zero, a refusal changes nothing, and what each account
holds equals an independent replay of the transfers accepted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.ledger import services
from xiezuo.ledger.models import Account, Transfer, TransferKind
from xiezuo.ledger.selectors import ledger_check

pytestmark = pytest.mark.django_db

NAMES = [
    "shenzhen",
    "donors",
    "baise",
    "debao",
    "tiandong",
    "project",
    "social",
    "spent",
    "refunds",
]
KINDS = [k for k in TransferKind if k != TransferKind.REVERSAL]
AMOUNTS = st.one_of(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2),
    st.sampled_from(["0", "-3", "abc", "1.001", "1e3"]),
)
STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("move"),
            st.sampled_from(KINDS),
            st.sampled_from(NAMES),
            st.sampled_from(NAMES),
            AMOUNTS,
        ),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=40)),
    ),
    min_size=1,
    max_size=30,
)


def snapshot() -> dict[str, tuple[Decimal, ...]]:
    return {
        a.code: (a.debits_posted, a.credits_posted, a.debits_pending, a.credits_pending)
        for a in Account.objects.all()
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_the_ledger_always_balances_and_refusals_change_nothing(steps, recorder, accounts):
    with transaction.atomic():
        # pay in first, so that later steps have money to move
        services.transfer_create(
            actor=recorder, kind=TransferKind.RECEIPT, source=accounts["shenzhen"],
            target=accounts["baise"], amount="10000", on=date(2018, 6, 1),
        )  # fmt: skip
        held = {a.pk: a.balance for a in Account.objects.all()}  # the independent replay
        recorded: list[Transfer] = []
        for step in steps:
            before, count = snapshot(), Transfer.objects.count()
            try:
                if step[0] == "move":
                    _, kind, source, target, amount = step
                    done = services.transfer_create(
                        actor=recorder, kind=kind, source=accounts[source],
                        target=accounts[target], amount=amount, on=date(2018, 6, 1),
                    ).transfer  # fmt: skip
                else:
                    if not recorded:
                        continue
                    done = services.transfer_reverse(
                        actor=recorder, transfer=recorded[step[1] % len(recorded)]
                    ).transfer
            except ValidationError:
                assert snapshot() == before and Transfer.objects.count() == count
            else:
                recorded.append(done)
                if not done.pending:
                    held[done.source_id] -= done.amount
                    held[done.target_id] += done.amount
            check = ledger_check()
            assert check.sound, check
            assert {a.pk: a.balance for a in Account.objects.all()} == held
        transaction.set_rollback(True)
