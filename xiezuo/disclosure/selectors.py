"""What the public disclosure shows (公告公示): only what is published.

Per place (with its area) and year: each published project running that year
with its places, budget by funding source, implementer, benefit mechanism,
targets, status and the money that reached it and was spent; the fiscal aid
received, disbursed and spent there; the donations received — a donor who
asked for anonymity is never named. Nothing else is read here: no user,
note, voucher, evidence file, draft or unpublished project.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from xiezuo.ledger.models import AccountKind, Donation, Transfer, TransferKind
from xiezuo.ledger.selectors import Balances, account_balances
from xiezuo.places import codes
from xiezuo.places.models import Place
from xiezuo.projects import selectors as project_selectors
from xiezuo.projects.models import FundingSource, Project

ZERO = Decimal(0)


@dataclass(frozen=True)
class PublicProject:
    project: Project
    places: list[Place]
    budget: list[tuple[str, Decimal]]  # (funding source's name, yuan)
    budget_total: Decimal
    targets: list[str]
    money: Balances | None


@dataclass(frozen=True)
class PublicGift:
    donor: str  # "anonymous" where the donor asked not to be named
    form: str
    goods: str
    place: str
    amount: Decimal
    received_on: object


@dataclass(frozen=True)
class Disclosure:
    place: Place
    year: int
    projects: list[PublicProject]
    received: Decimal
    disbursed: Decimal
    spent: Decimal
    gifts: list[PublicGift]

    @property
    def gifts_total(self) -> Decimal:
        return sum((g.amount for g in self.gifts), ZERO)


def published_projects(place: Place, year: int | None) -> list[Project]:
    projects = project_selectors.project_list(place=place, year=year).filter(
        published_at__isnull=False
    )
    return list(project_selectors.in_full(projects).select_related("account"))


def public_project(project: Project) -> PublicProject:
    by_source = project_selectors.budget_by_source(project)
    return PublicProject(
        project=project,
        places=list(project.locations.all()),
        budget=[(str(FundingSource(s).label), amount) for s, amount in by_source.items()],
        budget_total=sum(by_source.values(), ZERO),
        targets=[
            f"{t.figure.name} · {t.place.name} · {t.period}: {t.value.normalize():f}"
            for t in project.targets.all()
        ],
        money=account_balances(project.account) if project.account else None,
    )


def _within(field: str, place: Place) -> Q:
    lo, hi = codes.subtree_range(place.code)
    return Q(**{f"{field}__gte": lo, f"{field}__lt": hi})


def _sum(transfers: object) -> Decimal:
    return transfers.aggregate(total=Sum("amount"))["total"] or ZERO  # type: ignore[attr-defined]


def disclosure(place: Place, year: int) -> Disclosure:
    projects = [public_project(p) for p in published_projects(place, year)]
    in_year = Transfer.objects.filter(on__year=year, pending=False).exclude(
        kind=TransferKind.REVERSAL
    )
    reversed_in_year = Transfer.objects.filter(on__year=year, kind=TransferKind.REVERSAL)
    fiscal = Q(source__kind=AccountKind.HELPER_FISCAL, target__kind=AccountKind.RECEIVING)

    def net(kind: str, side: str, extra: Q | None = None) -> Decimal:
        here = _within(f"{side}__place__code", place)
        other = "source" if side == "target" else "target"
        mirrored = _within(f"{other}__place__code", place)
        return _sum(in_year.filter(here, extra or Q(), counts_as=kind)) - _sum(
            reversed_in_year.filter(mirrored, counts_as=kind)
        )

    received = net(TransferKind.RECEIPT, "target", fiscal)
    disbursed = net(TransferKind.DISBURSEMENT, "source", Q(source__kind=AccountKind.RECEIVING))
    spent = net(TransferKind.EXPENDITURE, "source")
    gifts = [
        PublicGift(
            donor=_("an anonymous donor") if gift.donor.anonymous else gift.donor.name,
            form=str(gift.get_form_display()),
            goods=gift.goods,
            place=gift.place.name,
            amount=gift.amount,
            received_on=gift.received_on,
        )
        for gift in Donation.objects.filter(_within("place__code", place), received_on__year=year)
        .select_related("donor", "place")
        .order_by("received_on", "id")
    ]
    return Disclosure(place, year, projects, received, disbursed, spent, gifts)


def project_published(uid: str) -> PublicProject | None:
    project = (
        project_selectors.in_full(Project.objects.filter(uid=uid, published_at__isnull=False))
        .select_related("account", "implementing_organisation", "responsible_organisation")
        .first()
    )
    return public_project(project) if project else None
