"""Reads of the fund ledger: an account's figures, derived from its transfers.

A reversal counts against what it reverses: a receipt reversed is not
received, an allocation reversed not allocated. Figures of an account:

- pledged: promised to it (pending), net of pledges withdrawn;
- received: come in — receipts, allocations from above, disbursements to a project;
- allocated: passed down to lower levels; disbursed: paid to projects;
- spent: paid out as expenditure; refunded: handed back;
- remaining: what it holds now (a source account: less than zero, by what it gave).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from .models import ZERO, Account, Transfer, TransferKind


@dataclass(frozen=True)
class Balances:
    pledged: Decimal
    received: Decimal
    allocated: Decimal
    disbursed: Decimal
    spent: Decimal
    refunded: Decimal
    remaining: Decimal

    @property
    def payout_rate(self) -> Decimal | None:
        """Disbursed ÷ received (拨付率); None before anything is received."""
        return self.disbursed / self.received if self.received else None

    @property
    def spending_rate(self) -> Decimal | None:
        """Spent ÷ what came in to be spent (支出率): a project's disbursements, else received."""
        return self.spent / self.received if self.received else None


def _flows(
    transfers: QuerySet[Transfer], ids: set[int]
) -> dict[int, tuple[dict[str, Decimal], dict[str, Decimal], Decimal]]:
    """(in by kind, out by kind, remaining) of each of these accounts, from their transfers."""
    flows: dict[int, tuple[dict[str, Decimal], dict[str, Decimal], Decimal]] = {}
    came: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    went: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    remaining: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = transfers.values("counts_as", "kind", "source_id", "target_id", "pending").annotate(
        total=Sum("amount")
    )
    for row in rows:
        total = row["total"]
        for account, outgoing in ((row["source_id"], True), (row["target_id"], False)):
            if account not in ids:
                continue
            if not row["pending"]:
                remaining[account] += -total if outgoing else total
            if row["kind"] == TransferKind.REVERSAL:  # the mirror of what it reverses
                (came if outgoing else went)[account][row["counts_as"]] -= total
            else:
                (went if outgoing else came)[account][row["counts_as"]] += total
    for account in ids:
        flows[account] = (came[account], went[account], remaining[account])
    return flows


def _balances(came: dict[str, Decimal], went: dict[str, Decimal], remaining: Decimal) -> Balances:
    return Balances(
        pledged=came[TransferKind.PLEDGE],
        received=came[TransferKind.RECEIPT]
        + came[TransferKind.ALLOCATION]
        + came[TransferKind.DISBURSEMENT],
        allocated=went[TransferKind.ALLOCATION],
        disbursed=went[TransferKind.DISBURSEMENT],
        spent=went[TransferKind.EXPENDITURE],
        refunded=went[TransferKind.REFUND],
        remaining=remaining,
    )


def account_balances(account: Account) -> Balances:
    transfers = Transfer.objects.filter(Q(source=account) | Q(target=account))
    return _balances(*_flows(transfers, {account.pk})[account.pk])


def balances_of(accounts: list[Account]) -> dict[int, Balances]:
    """Each account's balances, in one query over the ledger."""
    ids = {a.pk for a in accounts}
    transfers = Transfer.objects.filter(Q(source__in=ids) | Q(target__in=ids))
    return {pk: _balances(*flows) for pk, flows in _flows(transfers, ids).items()}


def account_list(*, kind: str | None = None, place_code: str | None = None) -> QuerySet[Account]:
    accounts = Account.objects.select_related("place", "organisation")
    if kind:
        accounts = accounts.filter(kind=kind)
    if place_code:
        accounts = accounts.filter(place__code__startswith=place_code)
    return accounts


def account_get(key: str | int) -> Account | None:
    """The account with this id, UID or code."""
    text = str(key).strip()
    accounts = Account.objects.select_related("place", "organisation")
    if text.isdigit():
        return accounts.filter(pk=int(text)).first()
    return accounts.filter(Q(uid=text) | Q(code=text)).first()


def transfer_list(*, account: Account | None = None, kind: str | None = None) -> QuerySet[Transfer]:
    transfers = Transfer.objects.select_related(
        "source", "target", "created_by", "reverses", "reversed_by"
    )
    if account is not None:
        transfers = transfers.filter(Q(source=account) | Q(target=account))
    if kind:
        transfers = transfers.filter(kind=kind)
    return transfers


@dataclass(frozen=True)
class LedgerCheck:
    """What `ledger_check` found: empty lists and a zero sum when the ledger is sound."""

    total: Decimal
    mismatched: list[str]
    negative: list[str]

    @property
    def sound(self) -> bool:
        return self.total == ZERO and not self.mismatched and not self.negative


def ledger_check() -> LedgerCheck:
    """Replay every transfer and compare with the accounts' totals; the sum of all balances."""
    replayed: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO, ZERO])
    for source, target, amount, pending in Transfer.objects.values_list(
        "source_id", "target_id", "amount", "pending"
    ).iterator():
        offset = 2 if pending else 0
        replayed[source][offset] += amount  # debits
        replayed[target][offset + 1] += amount  # credits
    total, mismatched, negative = ZERO, [], []
    for account in Account.objects.all():
        stored = [
            account.debits_posted,
            account.credits_posted,
            account.debits_pending,
            account.credits_pending,
        ]
        if stored != replayed[account.pk]:
            mismatched.append(account.code)
        total += account.balance
        if account.holds_money and account.balance < 0:
            negative.append(account.code)
    return LedgerCheck(total=total, mismatched=mismatched, negative=negative)


@dataclass(frozen=True)
class StatementLine:
    transfer: Transfer
    amount: Decimal  # signed: + into the account, − out of it
    balance: Decimal | None  # after it; None for a pledge (promised, not held)


@dataclass(frozen=True)
class Statement:
    account: Account
    first: date | None
    last: date | None
    opening: Decimal
    lines: list[StatementLine]
    closing: Decimal


def account_statement(account: Account, *, first: date | None, last: date | None) -> Statement:
    """What the account held before `first`, its transfers from `first` to `last` (by date,
    then as recorded) with the balance after each, and what it held after `last`."""
    transfers = Transfer.objects.filter(Q(source=account) | Q(target=account)).select_related(
        "source", "target", "created_by", "reverses"
    )
    opening = ZERO
    if first is not None:
        for source_id, amount in transfers.filter(on__lt=first, pending=False).values_list(
            "source_id", "amount"
        ):
            opening += -amount if source_id == account.pk else amount
    within = transfers
    if first is not None:
        within = within.filter(on__gte=first)
    if last is not None:
        within = within.filter(on__lte=last)
    balance, lines = opening, []
    for transfer in within.order_by("on", "id"):
        signed = -transfer.amount if transfer.source_id == account.pk else transfer.amount
        if transfer.pending:
            lines.append(StatementLine(transfer, signed, None))
            continue
        balance += signed
        lines.append(StatementLine(transfer, signed, balance))
    return Statement(account, first, last, opening, lines, balance)
