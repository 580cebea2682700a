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

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from xiezuo.indicators.analytics import value_of
from xiezuo.ledger.models import Donation, Transfer
from xiezuo.ledger.selectors import Balances, account_balances
from xiezuo.numbers import plain
from xiezuo.periods import parse as parse_period
from xiezuo.places.models import Place
from xiezuo.places.selectors import code_within
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
            f"{t.figure.name} · {t.place.name} · {t.period}: {plain(t.value)}"
            for t in project.targets.all()
        ],
        money=account_balances(project.account) if project.account else None,
    )


def _sum(transfers: QuerySet[Transfer]) -> Decimal:
    total: Decimal | None = transfers.aggregate(total=Sum("amount"))["total"]
    return total or ZERO


def disclosure(place: Place, year: int) -> Disclosure:
    """What the place (with its area) published for the year. The fiscal aid received and
    disbursed, and what projects spent, are the ledger's own figures (its indicator
    source), read as every report reads them."""
    projects = [public_project(p) for p in published_projects(place, year)]
    periods = [parse_period(str(year))]

    def figure(element: str) -> Decimal:
        # shown to everyone: a reported value counts once approved (policy.unapproved_scope
        # of a visitor); the ledger's derived figures always do
        return value_of(element, place=place, periods=periods, unapproved_within=()) or ZERO

    gifts = [
        PublicGift(
            donor=_("an anonymous donor") if gift.donor.anonymous else gift.donor.name,
            form=str(gift.get_form_display()),
            goods=gift.goods,
            place=gift.place.name,
            amount=gift.amount,
            received_on=gift.received_on,
        )
        for gift in Donation.objects.filter(
            code_within("place__code", place.code), received_on__year=year
        )
        .select_related("donor", "place")
        .order_by("received_on", "id")
    ]
    return Disclosure(
        place,
        year,
        projects,
        figure("fiscal_aid_in_place"),
        figure("fiscal_aid_disbursed"),
        figure("project_spending"),
        gifts,
    )


def project_published(uid: str) -> PublicProject | None:
    project = (
        project_selectors.in_full(Project.objects.filter(uid=uid, published_at__isnull=False))
        .select_related("account", "implementing_organisation", "responsible_organisation")
        .first()
    )
    return public_project(project) if project else None
