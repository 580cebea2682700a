"""The fund ledger's figures, derived, never typed (an indicator source).

For each helped place with a receiving account, and each year: the fiscal aid
pledged to it by the helper side (财政援助资金), in place there (到位: received
from the helper side, plus what the level above allocated to it, less what it
allocated below) and disbursed from it to projects (拨付); and what the
projects of each place spent (项目资金支出) — net of reversals, which count
in the year they are dated. Each yuan counts once in
a place's subtree, so the analytics' sums over places are right. The
figures are the catalogue's fund elements, so the key figures, the pivot,
the DHIS2 analytics and the validation rules (disbursed within funds in
place) read the ledger without re-entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.sources import Figure, Source

from .models import AccountKind, Donation, DonationForm, Transfer, TransferKind

ELEMENTS = ("fiscal_aid", "fiscal_aid_in_place", "fiscal_aid_disbursed", "project_spending")
_COUNTED = (
    TransferKind.PLEDGE,
    TransferKind.RECEIPT,
    TransferKind.ALLOCATION,
    TransferKind.DISBURSEMENT,
    TransferKind.EXPENDITURE,
)
# the accounts whose place a figure counts at
_PLACED = (AccountKind.RECEIVING, AccountKind.PROJECT)


def _contributions(
    counts_as: str, source: tuple[str, str | None], target: tuple[str, str | None]
) -> Iterator[tuple[str, str | None, int]]:
    """(element, place, sign) a transfer of this kind between these accounts counts in.

    Each yuan counts once in a place's subtree: aid pledged and received counts
    where it lands; an allocation moves what is in place from the level above
    to the one below; a disbursement counts where it is paid from.
    """
    (source_kind, source_place), (target_kind, target_place) = source, target
    fiscal = source_kind == AccountKind.HELPER_FISCAL and target_kind == AccountKind.RECEIVING
    if counts_as == TransferKind.PLEDGE and fiscal:
        yield "fiscal_aid", target_place, 1
    elif counts_as == TransferKind.RECEIPT and fiscal:
        yield "fiscal_aid_in_place", target_place, 1
    elif counts_as == TransferKind.ALLOCATION:
        yield "fiscal_aid_in_place", target_place, 1
        yield "fiscal_aid_in_place", source_place, -1
    elif counts_as == TransferKind.DISBURSEMENT and source_kind == AccountKind.RECEIVING:
        yield "fiscal_aid_disbursed", source_place, 1
    elif counts_as == TransferKind.EXPENDITURE and source_kind == AccountKind.PROJECT:
        yield "project_spending", source_place, 1


class LedgerSource(Source):
    name = "ledger"
    label = _("the fund ledger")
    elements = ELEMENTS
    page = "ledger_account_list"

    def places(self) -> Iterable[str]:
        found: set[str] = set()
        for side in ("source", "target"):
            found |= set(
                Transfer.objects.filter(**{f"{side}__kind__in": _PLACED})
                .values_list(f"{side}__place__code", flat=True)
                .distinct()
            )
        return found

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        wanted = set(places)
        rows = (
            Transfer.objects.filter(counts_as__in=_COUNTED)
            .filter(Q(source__place__code__in=wanted) | Q(target__place__code__in=wanted))
            .annotate(year=ExtractYear("on"))
            .values_list(
                "kind", "counts_as", "source__kind", "source__place__code",
                "target__kind", "target__place__code", "year",
            )
            .annotate(total=Sum("amount"))
        )  # fmt: skip
        totals: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
        for kind, counts_as, s_kind, s_place, t_kind, t_place, year, total in rows:
            if periods is not None and str(year) not in periods:
                continue
            source, target = (s_kind, s_place), (t_kind, t_place)
            sign = 1
            if kind == TransferKind.REVERSAL:  # the mirror of what it reverses, taken back
                source, target, sign = target, source, -1
            for element, place, way in _contributions(counts_as, source, target):
                if place in wanted:
                    totals[(element, place, str(year))] += sign * way * total
        for (element, code, year), total in sorted(totals.items()):
            if total:
                yield Figure(element=element, place=code, period=year, value=total)


def places_of(*transfers: Transfer) -> tuple[set[str], set[str]]:
    """(places, years) whose figures these transfers count in."""
    places: set[str] = set()
    years: set[str] = set()
    for transfer in transfers:
        for account in (transfer.source, transfer.target):
            if account.kind in _PLACED and account.place is not None:
                places.add(account.place.code)
        years.add(str(transfer.on.year))
    return places, years


class DonationSource(Source):
    """Donations received in cash and in goods per place and month, by who gave (社会帮扶);
    a gift pledged counts once it arrives."""

    name = "donations"
    label = _("the donation register")
    elements = ("donation_cash", "donation_goods")
    page = "ledger_donation_list"

    def places(self) -> Iterable[str]:
        return set(
            Donation.objects.filter(received_on__isnull=False)
            .values_list("place__code", flat=True)
            .distinct()
        )

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        totals: dict[tuple[str, str, str, str], Decimal] = defaultdict(Decimal)
        rows = (
            Donation.objects.filter(place__code__in=list(places), received_on__isnull=False)
            .annotate(year=ExtractYear("received_on"), month=ExtractMonth("received_on"))
            .values_list("form", "donor__kind", "donor__origin", "place__code", "year", "month")
            .annotate(total=Sum("amount"))
        )
        for form, kind, origin, code, year, month, total in rows:
            period = f"{year}{month:02d}"
            if periods is not None and period not in periods:
                continue
            if form == DonationForm.CASH:
                key = f"donor_kind={kind};donor_origin={origin}"
                totals[("donation_cash", code, period, key)] += total
            else:
                totals[("donation_goods", code, period, f"donor_origin={origin}")] += total
        for (element, code, period, key), total in sorted(totals.items()):
            yield Figure(
                element=element, place=code, period=period, value=total, disaggregation=key
            )
