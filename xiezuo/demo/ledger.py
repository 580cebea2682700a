"""The demo's fund ledger: the seed's fiscal aid recorded as transfers, not typed.

Each helped poor county has a receiving account (东西部协作资金专户) and an
account for its cooperation projects; each helper city has its fiscal-aid
account. The amounts are `values.FISCAL`'s (the seed's totals, spread over
the counties as the other demo figures are): each county's aid pledged by
its prefecture's helper city, received against that pledge, and paid to its
projects. The ledger's figures (`ledger.sources`) then give the seed's
财政援助资金 10.33亿, 到位 9.85亿 and 拨付 8.12亿 for 2018.

Loading again changes nothing: every transfer carries an idempotency key,
and the ledger answers a key it has seen with the transfer it recorded.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from xiezuo.accounts.models import User
from xiezuo.ledger import services
from xiezuo.ledger.models import Account, AccountKind, Transfer, TransferKind
from xiezuo.pairings.models import Kind, Pairing
from xiezuo.places.models import Place
from xiezuo.projects.models import FundingSource, Project

from .values import FISCAL, spread

# when each step of a year's aid is dated (2018: before the seed's article of 2018-06-14)
DATES = {
    TransferKind.PLEDGE: (3, 1),
    TransferKind.RECEIPT: (4, 20),
    TransferKind.DISBURSEMENT: (6, 1),
}
WORDS = {  # in the vouchers' numbers
    TransferKind.PLEDGE: "承诺",
    TransferKind.RECEIPT: "到位",
    TransferKind.DISBURSEMENT: "拨付",
}
STEPS = {
    "fiscal_aid": TransferKind.PLEDGE,
    "fiscal_aid_in_place": TransferKind.RECEIPT,
    "fiscal_aid_disbursed": TransferKind.DISBURSEMENT,
}


def _account(
    code: str, kind: str, place: Place | None, name: str, *, illustrative: bool
) -> Account:
    found = Account.objects.filter(code=code).first()
    if found is not None:
        return found
    return services.account_create(
        code=code, kind=kind, name_zh=name, place=place, opened_on=date(2016, 1, 1),
        illustrative=illustrative,
    )  # fmt: skip


def _helper_of(prefectures: set[str]) -> dict[str, Place]:
    """The Guangdong city paired with each Guangxi prefecture (the first pairing)."""
    helpers: dict[str, Place] = {}
    for pairing in (
        Pairing.objects.filter(kind=Kind.PREFECTURE, helped_place__code__in=prefectures)
        .select_related("helper_place", "helped_place")
        .order_by("started_on", "pk")
    ):
        if pairing.helped_place is not None and pairing.helper_place is not None:
            helpers.setdefault(pairing.helped_place.code, pairing.helper_place)
    return helpers


def _named_projects(code: str, on: date) -> list[tuple[Project, Decimal]]:
    """The county's approved demo projects running on that day, with the helper-side fiscal
    aid their budgets plan: what the county's disbursement pays them first."""
    found = []
    for project in (
        Project.objects.filter(account__isnull=False, account__place__code__startswith=code)
        .filter(planned_start_on__lte=on, planned_end_on__gte=on)
        .select_related("account")
        .order_by("name")
    ):
        planned = sum(
            (line.amount for line in project.budget_lines.all()
             if line.source == FundingSource.HELPER_FISCAL), Decimal(0),
        )  # fmt: skip
        if planned:
            found.append((project, planned))
    return found


def _spend(actor: User, project: Project, held: Decimal, spent_to: Account) -> None:
    """What a funded demo project spent of what it was paid: all of it in two payments once
    it is completed, three fifths while it is being built (illustrative)."""
    assert project.account is not None
    end = project.actual_end_on
    start = project.actual_start_on or project.planned_start_on
    assert start is not None
    if end is not None:
        payments = [
            (start + (end - start) / 2, held * 3 / 5),
            (end - timedelta(days=10), held * 2 / 5),
        ]
    else:
        payments = [(start + timedelta(days=180), held * 3 / 5)]
    for number, (day, amount) in enumerate(payments, start=1):
        services.transfer_create(
            actor=actor, kind=TransferKind.EXPENDITURE, source=project.account, target=spent_to,
            amount=amount.quantize(Decimal("0.01")), on=day,
            voucher=f"示意-支出-{project.uid}-{number}", note="示意：项目支出",
            idempotency_key=f"demo:expenditure:{project.uid}:{number}",
        )  # fmt: skip


def load_ledger(actor: User) -> int:
    """Record the demo's fiscal aid; returns how many transfers were recorded."""
    steps = [
        (STEPS[allocation.element], place, period, value)
        for allocation in FISCAL
        for place, period, value in spread(allocation)
    ]
    counties = {p.code: p for p in Place.objects.filter(code__in={s[1] for s in steps})}
    helpers = _helper_of({code[:4] for code in counties})
    before = Transfer.objects.count()
    spent = _account(
        "expenditure-projects", AccountKind.EXPENDITURE, None, "项目支出", illustrative=True
    )
    pledges: dict[tuple[str, str], Transfer] = {}
    order = list(STEPS.values())
    for kind, code, year, value in sorted(steps, key=lambda s: (order.index(s[0]), s[1], s[2])):
        county, city = counties[code], helpers[code[:4]]
        helper = _account(
            f"fiscal-{city.code}", AccountKind.HELPER_FISCAL, city,
            f"{city.name}东西部扶贫协作财政帮扶资金", illustrative=False,
        )  # fmt: skip
        receiving = _account(
            f"receiving-{code}", AccountKind.RECEIVING, county,
            f"{county.name}东西部协作资金专户", illustrative=True,
        )  # fmt: skip
        projects = _account(
            f"projects-{code}", AccountKind.PROJECT, county,
            f"{county.name}东西部协作项目", illustrative=True,
        )  # fmt: skip
        source, target = {
            TransferKind.PLEDGE: (helper, receiving),
            TransferKind.RECEIPT: (helper, receiving),
            TransferKind.DISBURSEMENT: (receiving, projects),
        }[kind]
        month, day = DATES[kind]
        on, amount = date(int(year), month, day), Decimal(value)
        key = f"demo:{kind}:{code}:{year}"
        if (
            kind == TransferKind.DISBURSEMENT
            and not Transfer.objects.filter(idempotency_key=key).exists()
        ):  # (a ledger loaded by an earlier demo paid it all to the county's pool)
            # the county's named projects are paid their planned share first, the rest goes
            # to its other projects: the county's total is the same
            key += ":rest"
            for project, planned in _named_projects(code, on):
                assert project.account is not None
                services.transfer_create(
                    actor=actor, kind=kind, source=receiving, target=project.account,
                    amount=planned, on=on, voucher=f"示意-{year}-{code}-拨付-{project.uid}",
                    note="示意：按项目预算拨付",
                    idempotency_key=f"demo:disbursement:{project.uid}:{year}",
                )  # fmt: skip
                amount -= planned
                _spend(actor, project, planned, spent)
        recorded = services.transfer_create(
            actor=actor,
            kind=kind,
            source=source,
            target=target,
            amount=amount,
            on=on,
            pledge=pledges.get((code, year)) if kind == TransferKind.RECEIPT else None,
            voucher=f"示意-{year}-{code}-{WORDS[kind]}",
            note="示意：金额合计为种子文章数字，按县分配为示意",
            idempotency_key=key,
        )
        if kind == TransferKind.PLEDGE:
            pledges[(code, year)] = recorded.transfer
    return Transfer.objects.count() - before
