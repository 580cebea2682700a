"""How aid funds are used (资金使用): payout and spending rates, per year, place, helper and
project, and the fiscal aid per county (县均), all counted from the transfers.

For a place with its area, in a year (or in all years):

- received (到位): fiscal aid come into the area's receiving accounts — from the helper
  side, or allocated from a level above the area — net of reversals (an allocation inside
  the area moves money, it does not bring it in);
- disbursed (拨付): paid from the area's receiving accounts to projects;
- spent (支出): paid out as expenditure by the area's project accounts;
- payout rate = disbursed ÷ received; spending rate = spent ÷ disbursed (None when the
  divisor is zero: no rate rather than a made-up one).

A helper's row is what it pledged and sent, and the rates of the receiving accounts it sends
to (an account funded by two helpers counts in both rows). A project's row is what came into
its account (from the ledger and from donors) and what it spent. Reversals count against
what they reverse, in the year they are dated, as in the ledger's figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from xiezuo.places import codes
from xiezuo.places.models import Place

from .models import ZERO, Account, AccountKind, Transfer, TransferKind

COUNTY_LEVEL = 3


@dataclass(frozen=True)
class Movement:
    """Transfers of one kind between two accounts in one year, summed (a reversal is turned
    back into the direction of what it reverses, with its sign flipped)."""

    counts_as: str
    source: int
    target: int
    year: int
    amount: Decimal


@dataclass
class Use:
    """received, disbursed and spent; the rates follow."""

    label: str
    pledged: Decimal = ZERO
    received: Decimal = ZERO
    disbursed: Decimal = ZERO
    spent: Decimal = ZERO
    key: str = ""
    note: str = ""

    @property
    def in_place_rate(self) -> Decimal | None:
        return self.received / self.pledged if self.pledged else None

    @property
    def payout_rate(self) -> Decimal | None:
        return self.disbursed / self.received if self.received else None

    @property
    def spending_rate(self) -> Decimal | None:
        return self.spent / self.disbursed if self.disbursed else None


@dataclass
class FundUse:
    place: Place
    year: int | None
    total: Use
    years: list[Use] = field(default_factory=list)
    places: list[Use] = field(default_factory=list)
    helpers: list[Use] = field(default_factory=list)
    projects: list[Use] = field(default_factory=list)
    counties: int = 0

    @property
    def per_county(self) -> Decimal | None:
        """Fiscal aid received in the area per county of it that has a receiving account
        (县均); None when it has none."""
        return self.total.received / self.counties if self.counties else None


def _movements() -> list[Movement]:
    rows = (
        Transfer.objects.exclude(counts_as=TransferKind.REFUND)
        .annotate(year=ExtractYear("on"))
        .values_list("kind", "counts_as", "source_id", "target_id", "year")
        .annotate(total=Sum("amount"))
    )
    found = []
    for kind, counts_as, source, target, year, total in rows:
        if kind == TransferKind.REVERSAL:
            source, target, total = target, source, -total
        found.append(Movement(counts_as, source, target, year, total))
    return found


def _tally(
    use: Use,
    movements: Iterable[Movement],
    accounts: dict[int, Account],
    inside: Callable[[Account], bool],
) -> Use:
    """Add to `use` what the movements mean for the accounts `inside` says are in it."""
    for move in movements:
        source, target = accounts[move.source], accounts[move.target]
        s_in, t_in = inside(source), inside(target)
        kinds, counts_as = (source.kind, target.kind), move.counts_as
        if (
            counts_as == TransferKind.PLEDGE
            and t_in
            and kinds
            == (
                AccountKind.HELPER_FISCAL,
                AccountKind.RECEIVING,
            )
        ):
            use.pledged += move.amount
        elif counts_as in (TransferKind.RECEIPT, TransferKind.ALLOCATION) and (
            target.kind == AccountKind.RECEIVING and t_in and not s_in
        ):
            use.received += move.amount
        elif (
            counts_as == TransferKind.DISBURSEMENT and s_in and source.kind == AccountKind.RECEIVING
        ):
            use.disbursed += move.amount
        elif counts_as == TransferKind.EXPENDITURE and s_in and source.kind == AccountKind.PROJECT:
            use.spent += move.amount
    return use


def _in_area(code: str) -> Callable[[Account], bool]:
    lo, hi = codes.subtree_range(code)
    return lambda account: account.place is not None and lo <= account.place.code < hi


def fund_use(place: Place, year: int | None = None) -> FundUse:
    """The use of the aid funds of `place` with its area, in `year` (None: every year)."""
    everything = _movements()
    accounts = {a.pk: a for a in Account.objects.select_related("place")}
    dated = [m for m in everything if year is None or m.year == year]
    in_area = _in_area(place.code)
    report = FundUse(place, year, _tally(Use(place.name, key=place.code), dated, accounts, in_area))
    for each in sorted({m.year for m in everything}):
        this_year = [m for m in everything if m.year == each]
        row = _tally(Use(str(each), key=str(each)), this_year, accounts, in_area)
        if row.pledged or row.received or row.disbursed or row.spent:
            report.years.append(row)
    for child in Place.objects.filter(parent=place).order_by("code"):
        row = _tally(Use(child.name, key=child.code), dated, accounts, _in_area(child.code))
        if row.pledged or row.received or row.disbursed or row.spent:
            report.places.append(row)
    for helper in sorted(
        (a for a in accounts.values() if a.kind == AccountKind.HELPER_FISCAL), key=lambda a: a.code
    ):
        sent_to = {
            m.target
            for m in dated
            if m.source == helper.pk and accounts[m.target].kind == AccountKind.RECEIVING
            and in_area(accounts[m.target])
        }  # fmt: skip
        if not sent_to:
            continue
        # what this helper pledged and sent; what the accounts its money reached (those it
        # sends to, and those they allocate to) paid out and spent
        sent: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for m in dated:
            if m.source == helper.pk and m.target in sent_to:
                sent[m.counts_as] += m.amount
        disbursed, spent = _pooled(dated, accounts, _reached(dated, sent_to))
        report.helpers.append(
            Use(helper.name, key=helper.code, pledged=sent[TransferKind.PLEDGE],
                received=sent[TransferKind.RECEIPT], disbursed=disbursed, spent=spent)
        )  # fmt: skip
    for account in sorted(
        (a for a in accounts.values() if a.kind == AccountKind.PROJECT and in_area(a)),
        key=lambda a: a.code,
    ):
        came = sum((m.amount for m in dated if m.target == account.pk), ZERO)
        spent = sum(
            (m.amount for m in dated
             if m.source == account.pk and m.counts_as == TransferKind.EXPENDITURE), ZERO,
        )  # fmt: skip
        if came or spent:
            # a project's money came in disbursed (or given): its spending rate is over that
            report.projects.append(
                Use(account.name, received=came, disbursed=came, spent=spent, key=account.code)
            )
    counties = {
        a.place.code
        for a in accounts.values()
        if a.kind == AccountKind.RECEIVING and a.place is not None and in_area(a)
        and codes.level_of(a.place.code) == COUNTY_LEVEL
    }  # fmt: skip
    report.counties = len(counties)
    return report


def _reached(movements: list[Movement], ids: set[int]) -> set[int]:
    """These receiving accounts and every one they allocated to, down the levels."""
    reached, frontier = set(ids), set(ids)
    while frontier:
        frontier = {
            m.target for m in movements
            if m.source in frontier and m.counts_as == TransferKind.ALLOCATION
        } - reached  # fmt: skip
        reached |= frontier
    return reached


def _pooled(
    movements: Iterable[Movement], accounts: dict[int, Account], ids: set[int]
) -> tuple[Decimal, Decimal]:
    """(disbursed from these receiving accounts, spent by the projects they paid)."""
    paid: set[int] = set()
    disbursed = ZERO
    listed = list(movements)
    for m in listed:
        if m.source in ids and m.counts_as == TransferKind.DISBURSEMENT:
            disbursed += m.amount
            paid.add(m.target)
    spent = sum(
        (m.amount for m in listed
         if m.source in paid and m.counts_as == TransferKind.EXPENDITURE
         and accounts[m.source].kind == AccountKind.PROJECT),
        ZERO,
    )  # fmt: skip
    return disbursed, spent
