"""Writes of the fund ledger: accounts opened and closed, transfers recorded and reversed.

A transfer is recorded in one transaction that first locks the accounts it
touches (in id order, so that two transfers never wait on each other), then
checks it against their totals as they now stand, then writes it and the
totals. Two clerks taking an account's last balance at the same moment are
thus served one after the other: the second sees what the first took and is
refused. On SQLite every transaction takes the database's write lock at its
start (`transaction_mode = IMMEDIATE` in the settings), which serialises
them the same way.

With an idempotency key (a client's id for the request) the same request
sent twice records one transfer and answers it both times; the same key with
another request is refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.amounts import amount_clean
from xiezuo.indicators import sources
from xiezuo.numbers import money
from xiezuo.places import codes
from xiezuo.places.models import Organisation, Place

from .models import (
    HOLDING_KINDS,
    ZERO,
    Account,
    AccountKind,
    Donation,
    DonationForm,
    Donor,
    Transfer,
    TransferKind,
)
from .sources import places_of

# which kind of account a transfer of each kind goes from and to
ALLOWED: dict[str, frozenset[tuple[str, str]]] = {
    TransferKind.PLEDGE: frozenset(
        {
            (AccountKind.HELPER_FISCAL, AccountKind.RECEIVING),
            (AccountKind.DONATIONS, AccountKind.SOCIAL),
            (AccountKind.DONATIONS, AccountKind.PROJECT),
        }
    ),
    TransferKind.RECEIPT: frozenset(
        {
            (AccountKind.HELPER_FISCAL, AccountKind.RECEIVING),
            (AccountKind.DONATIONS, AccountKind.SOCIAL),
            (AccountKind.DONATIONS, AccountKind.PROJECT),
        }
    ),
    TransferKind.ALLOCATION: frozenset({(AccountKind.RECEIVING, AccountKind.RECEIVING)}),
    TransferKind.DISBURSEMENT: frozenset(
        {(AccountKind.RECEIVING, AccountKind.PROJECT), (AccountKind.SOCIAL, AccountKind.PROJECT)}
    ),
    TransferKind.EXPENDITURE: frozenset(
        {(kind, AccountKind.EXPENDITURE) for kind in HOLDING_KINDS}
    ),
    TransferKind.REFUND: frozenset(
        {
            (holder, back)
            for holder in HOLDING_KINDS
            for back in (
                AccountKind.HELPER_FISCAL,
                AccountKind.DONATIONS,
                AccountKind.REFUNDS,
                AccountKind.RECEIVING,
            )
        }
    ),
}


@dataclass(frozen=True)
class Recorded:
    """A transfer recorded, or found again for a request sent before (`replayed`)."""

    transfer: Transfer
    replayed: bool = False


# --- accounts


def account_create(
    *,
    code: str,
    kind: str,
    name_zh: str,
    name_en: str = "",
    place: Place | None = None,
    organisation: Organisation | None = None,
    opened_on: date | None = None,
    illustrative: bool = False,
) -> Account:
    account = Account(
        code=code,
        kind=kind,
        name_zh=name_zh,
        name_en=name_en,
        place=place,
        organisation=organisation,
        opened_on=opened_on or timezone.localdate(),
        illustrative=illustrative,
    )
    account.full_clean()
    if kind in (AccountKind.RECEIVING, AccountKind.PROJECT) and place is None:
        raise ValidationError({"place": _("A receiving or project account belongs to a place.")})
    account.save()
    return account


def account_span_end(*, account: Account, ends_on: date | None) -> Account:
    """Set the last day of the span the account's money moves in (a project's end): after
    it a transfer into or out of it is refused, but for returning what it still holds."""
    if account.ends_on != ends_on:
        account.ends_on = ends_on
        account.save(update_fields=["ends_on"])
    return account


def account_close(*, account: Account, on: date | None = None) -> Account:
    """No transfer may go to or from it after `on` (a cancelled project's account)."""
    account.closed_on = on or timezone.localdate()
    account.save(update_fields=["closed_on"])
    return account


# --- checking what is asked


def _check_day(on: date, source: Account, target: Account, kind: str) -> None:
    """A transfer is dated no later than today and after both accounts were opened; a closed
    account takes no more money (what it still holds may leave it, to be returned); after
    an account's span ends (a project's end) money may only be returned from it, or a
    mistake reversed."""
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date is in the future.")})
    for account in (source, target):
        if on < account.opened_on:
            raise ValidationError(
                {
                    "on": _("%(account)s was opened on %(day)s.")
                    % {"account": account.name, "day": account.opened_on}
                }
            )
    for account in (source, target):
        allowed = kind == TransferKind.REVERSAL or (
            account is source and kind == TransferKind.REFUND
        )
        if account.ends_on is not None and on > account.ends_on and not allowed:
            raise ValidationError(
                {
                    "on": _(
                        "%(account)s: its project ended on %(day)s; after that day money "
                        "may only be returned from it. If the project is still running, "
                        "change its end date first."
                    )
                    % {"account": account.name, "day": account.ends_on}
                }
            )
    if target.closed_on is not None and on >= target.closed_on:
        raise ValidationError(
            {
                "on": _("%(account)s was closed on %(day)s.")
                % {"account": target.name, "day": target.closed_on}
            }
        )


def _check_kind(kind: str, source: Account, target: Account) -> None:
    if source.pk == target.pk:
        raise ValidationError({"target": _("Money must move between two different accounts.")})
    if (source.kind, target.kind) not in ALLOWED[kind]:
        raise ValidationError(
            {
                "kind": _(
                    "A %(kind)s cannot go from %(source)s (%(source_kind)s) "
                    "to %(target)s (%(target_kind)s)."
                )
                % {
                    "kind": TransferKind(kind).label,
                    "source": source.name,
                    "source_kind": AccountKind(source.kind).label,
                    "target": target.name,
                    "target_kind": AccountKind(target.kind).label,
                }
            }
        )
    if kind == TransferKind.ALLOCATION:
        above, below = source.place, target.place
        if above is None or below is None or above.code not in codes.ancestor_codes(below.code):
            raise ValidationError(
                {"target": _("An allocation goes to a place below the one that allocates it.")}
            )


def _check_balance(account: Account, amount: Decimal) -> None:
    if account.kind in HOLDING_KINDS and account.balance < amount:
        raise ValidationError(
            {
                "amount": _(
                    "%(account)s holds %(balance)s yuan; %(amount)s yuan cannot be taken from it."
                )
                % {
                    "account": account.name,
                    "balance": money(account.balance),
                    "amount": money(amount),
                }
            }
        )


def _digest(request: dict[str, Any]) -> str:
    text = json.dumps(request, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _recorded_before(
    model: type[Transfer] | type[Donation], actor: Any, key: str | None, digest: str
) -> Any:
    """What this user recorded with this idempotency key (None: nothing yet); the same key
    with another request is refused."""
    if not key:
        return None
    found = model.objects.filter(created_by=actor, idempotency_key=key).first()
    if found is None:
        return None
    if found.request_digest != digest:
        raise ValidationError(
            {"idempotency_key": _("This idempotency key was used for another request.")}
        )
    return found


def _replay(actor: Any, key: str | None, digest: str) -> Recorded | None:
    found = _recorded_before(Transfer, actor, key, digest)
    return None if found is None else Recorded(found, replayed=True)


def _locked(*accounts: Account) -> dict[int, Account]:
    """The accounts as they now stand, locked until the transaction ends (in id order)."""
    ids = sorted({account.pk for account in accounts})
    Account.objects.filter(pk__in=ids).update(version=F("version") + 1)  # the write lock first
    return {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _post(transfer: Transfer, source: Account, target: Account) -> None:
    """Write the transfer and the two accounts' totals."""
    transfer.save()
    if transfer.pending:
        Account.objects.filter(pk=source.pk).update(
            debits_pending=F("debits_pending") + transfer.amount
        )
        Account.objects.filter(pk=target.pk).update(
            credits_pending=F("credits_pending") + transfer.amount
        )
    else:
        Account.objects.filter(pk=source.pk).update(
            debits_posted=F("debits_posted") + transfer.amount
        )
        Account.objects.filter(pk=target.pk).update(
            credits_posted=F("credits_posted") + transfer.amount
        )


def _sync_figures(transfer: Transfer) -> None:
    """The fund figures the transfer counts in, in the same transaction (see `sources`)."""
    places, years = places_of(transfer)
    if places:
        sources.sync("ledger", places=places, periods=years)


def _outstanding(pledge: Transfer) -> Decimal:
    """What of a pledge has not been received yet (receipts reversed count again)."""
    received = ZERO
    for receipt in Transfer.objects.filter(pledge=pledge).select_related("reversed_by"):
        if not hasattr(receipt, "reversed_by"):
            received += receipt.amount
    return pledge.amount - received


# --- transfers


def transfer_create(
    *,
    actor: Any,
    kind: str,
    source: Account,
    target: Account,
    amount: Any,
    on: date | None = None,
    pledge: Transfer | None = None,
    voucher: str = "",
    note: str = "",
    evidence: UploadedFile | None = None,
    idempotency_key: str | None = None,
) -> Recorded:
    """Record money moved from `source` to `target` (a pledge: agreed, not yet moved).

    ValidationError, by field, for anything wrong; then nothing is written.
    """
    if kind not in ALLOWED:
        raise ValidationError({"kind": _("Choose one of the allowed values.")})
    amount = amount_clean(amount)
    on = on or timezone.localdate()
    digest = _digest(
        {"kind": kind, "source": source.pk, "target": target.pk, "amount": str(amount),
         "on": on.isoformat(), "pledge": pledge.pk if pledge else None, "voucher": voucher,
         "note": note}
    )  # fmt: skip
    if (found := _replay(actor, idempotency_key, digest)) is not None:
        return found
    _check_kind(kind, source, target)
    try:
        with transaction.atomic():
            accounts = _locked(source, target)
            source, target = accounts[source.pk], accounts[target.pk]
            _check_day(on, source, target, kind)
            if pledge is not None:
                _check_pledge(pledge, kind, source, target, amount)
            if kind != TransferKind.PLEDGE:
                _check_balance(source, amount)
            transfer = Transfer(
                kind=kind,
                counts_as=kind,
                source=source,
                target=target,
                amount=amount,
                on=on,
                pending=kind == TransferKind.PLEDGE,
                pledge=pledge,
                voucher=voucher.strip(),
                note=note.strip(),
                created_by=actor,
                idempotency_key=idempotency_key or None,
                request_digest=digest if idempotency_key else "",
            )
            if evidence is not None:
                transfer.evidence.save(evidence.name or "evidence", evidence, save=False)
            _post(transfer, source, target)
            _sync_figures(transfer)
    except IntegrityError:
        # the same key sent twice at once: the other request recorded it
        if (found := _replay(actor, idempotency_key, digest)) is not None:
            return found
        raise
    return Recorded(transfer)


def _check_pledge(
    pledge: Transfer, kind: str, source: Account, target: Account, amount: Decimal
) -> None:
    if kind != TransferKind.RECEIPT:
        raise ValidationError({"pledge": _("Only a receipt posts a pledge.")})
    if pledge.kind != TransferKind.PLEDGE or hasattr(pledge, "reversed_by"):
        raise ValidationError({"pledge": _("That is not a pledge that stands.")})
    if (pledge.source_id, pledge.target_id) != (source.pk, target.pk):
        raise ValidationError({"pledge": _("The pledge is between other accounts.")})
    outstanding = _outstanding(pledge)
    if amount > outstanding:
        raise ValidationError(
            {
                "amount": _("Only %(outstanding)s yuan of the pledge is still to come.")
                % {"outstanding": money(outstanding)}
            }
        )


def transfer_reverse(
    *,
    actor: Any,
    transfer: Transfer,
    on: date | None = None,
    note: str = "",
    idempotency_key: str | None = None,
) -> Recorded:
    """Undo a transfer by its mirror image, which names it; the original stays as it was."""
    on = on or timezone.localdate()
    digest = _digest({"reverses": transfer.pk, "on": on.isoformat(), "note": note})
    if (found := _replay(actor, idempotency_key, digest)) is not None:
        return found
    if transfer.kind == TransferKind.REVERSAL:
        raise ValidationError(
            {"transfer": _("A reversal cannot be reversed; record the transfer again.")}
        )
    if on < transfer.on:
        raise ValidationError({"on": _("A reversal cannot be dated before what it reverses.")})
    try:
        with transaction.atomic():
            accounts = _locked(transfer.source, transfer.target)
            # back from where the money went, to where it came from
            source, target = accounts[transfer.target_id], accounts[transfer.source_id]
            if Transfer.objects.filter(reverses=transfer).exists():
                raise ValidationError({"transfer": _("This transfer has already been reversed.")})
            _check_day(on, source, target, TransferKind.REVERSAL)
            if transfer.kind == TransferKind.PLEDGE:
                if _outstanding(transfer) != transfer.amount:
                    raise ValidationError(
                        {"transfer": _("Receipts have posted this pledge: reverse them first.")}
                    )
            else:
                _check_balance(source, transfer.amount)
            reversal = Transfer(
                kind=TransferKind.REVERSAL,
                counts_as=transfer.kind,
                source=source,
                target=target,
                amount=transfer.amount,
                on=on,
                pending=transfer.pending,
                reverses=transfer,
                note=note.strip(),
                created_by=actor,
                idempotency_key=idempotency_key or None,
                request_digest=digest if idempotency_key else "",
            )
            _post(reversal, source, target)
            _sync_figures(reversal)
    except IntegrityError:
        if (found := _replay(actor, idempotency_key, digest)) is not None:
            return found
        raise ValidationError({"transfer": _("This transfer has already been reversed.")}) from None
    return Recorded(reversal)


# --- donations (社会帮扶)

DONORS_ACCOUNT = "donors"  # where donated money comes from: one source account for all donors


def social_account(place: Place) -> Account:
    """The place's social-funds account (opened when its first cash donation arrives)."""
    found = Account.objects.filter(code=f"social-{place.code}").first()
    if found is not None:
        return found
    return account_create(
        code=f"social-{place.code}",
        kind=AccountKind.SOCIAL,
        name_zh=f"{place.name}社会帮扶资金",
        name_en=f"Social funds of {place.name}",
        place=place,
        opened_on=date(1996, 1, 1),
    )


def donors_account() -> Account:
    found = Account.objects.filter(code=DONORS_ACCOUNT).first()
    if found is not None:
        return found
    return account_create(
        code=DONORS_ACCOUNT, kind=AccountKind.DONATIONS, name_zh="社会捐赠",
        name_en="Donors", opened_on=date(1996, 1, 1),
    )  # fmt: skip


@dataclass(frozen=True)
class DonorDetails:
    """A donor as a gift names it: found by name, kind and origin, or added."""

    name: str
    kind: str
    origin: str
    anonymous: bool = False
    illustrative: bool = False


def _donor(details: DonorDetails) -> Donor:
    name = details.name.strip()
    if not name:
        raise ValidationError({"donor_name": _("Give the donor's name.")})
    donor, _created = Donor.objects.get_or_create(
        name=name,
        kind=details.kind,
        origin=details.origin,
        defaults={"anonymous": details.anonymous, "illustrative": details.illustrative},
    )
    return donor


def _within(inner: Place | None, outer: Place) -> bool:
    return inner is not None and (
        inner.code == outer.code or outer.code in codes.ancestor_codes(inner.code)
    )


def donation_record(
    *,
    actor: Any,
    donor: Donor | DonorDetails,
    form: str,
    amount: Any,
    place: Place | None = None,
    project_account: Account | None = None,
    received_on: date | None = None,
    pledged_on: date | None = None,
    goods: str = "",
    receipt_number: str = "",
    note: str = "",
    illustrative: bool = False,
    idempotency_key: str | None = None,
) -> Donation:
    """Record a gift pledged (认捐: `pledged_on` only) or received, from a donor on record or
    one named (`DonorDetails`: found, or added in the same transaction), for a place or for
    a project (its account; the place is then the project's unless a wider one is given).

    Cash is money in the ledger: a pledge, or a receipt, from the donors into the place's
    social funds or the project's account; goods are described and valued. The same
    request sent again with the same idempotency key records one gift."""
    amount = amount_clean(amount)
    if form not in DonationForm.values:
        raise ValidationError({"form": _("Choose one of the allowed values.")})
    if form == DonationForm.GOODS and not goods.strip():
        raise ValidationError({"goods": _("Say what goods were given.")})
    if project_account is not None:
        if project_account.kind != AccountKind.PROJECT:
            raise ValidationError({"project_account": _("That is not a project's account.")})
        if place is None:
            place = project_account.place
        elif not _within(project_account.place, place):
            raise ValidationError(
                {
                    "place": _("The project is in %(project_place)s, not within %(place)s.")
                    % {
                        "project_place": getattr(project_account.place, "name", "—"),
                        "place": place.name,
                    }
                }
            )
    if place is None:
        raise ValidationError({"place": _("Say which place the gift is for.")})
    if received_on is None and pledged_on is None:
        raise ValidationError(
            {"received_on": _("Give the day the gift was received, or the day it was pledged.")}
        )
    today = timezone.localdate()
    for field, day in (("pledged_on", pledged_on), ("received_on", received_on)):
        if day is not None and day > today:
            raise ValidationError({field: _("The date is in the future.")})
    if pledged_on and received_on and received_on < pledged_on:
        raise ValidationError(
            {"received_on": _("A gift cannot be received before it was pledged.")}
        )
    digest = _digest(
        {"donor": donor.pk if isinstance(donor, Donor) else vars(donor), "form": form,
         "amount": str(amount), "place": place.code,
         "project_account": project_account.pk if project_account else None,
         "received_on": received_on, "pledged_on": pledged_on, "goods": goods,
         "receipt_number": receipt_number, "note": note}
    )  # fmt: skip
    if (found := _recorded_before(Donation, actor, idempotency_key, digest)) is not None:
        return found
    try:
        with transaction.atomic():
            if isinstance(donor, DonorDetails):
                donor = _donor(donor)
            target = project_account or social_account(place)
            said = _("Donation by %(donor)s") % {
                "donor": _("an anonymous donor") if donor.anonymous else donor.name
            }
            pledge = transfer = None
            if form == DonationForm.CASH and received_on is None:
                pledge = transfer_create(
                    actor=actor, kind=TransferKind.PLEDGE, source=donors_account(),
                    target=target, amount=amount, on=pledged_on, note=said,
                ).transfer  # fmt: skip
            elif form == DonationForm.CASH:
                transfer = transfer_create(
                    actor=actor, kind=TransferKind.RECEIPT, source=donors_account(),
                    target=target, amount=amount, on=received_on, voucher=receipt_number,
                    note=said,
                ).transfer  # fmt: skip
            donation = Donation.objects.create(
                donor=donor,
                form=form,
                amount=amount,
                goods=goods.strip(),
                place=place,
                project_account=project_account,
                pledged_on=pledged_on,
                received_on=received_on,
                receipt_number=receipt_number.strip(),
                pledge=pledge,
                transfer=transfer,
                note=note.strip(),
                illustrative=illustrative,
                created_by=actor,
                idempotency_key=idempotency_key or None,
                request_digest=digest if idempotency_key else "",
            )
            sources.sync("donations", places=[place.code], periods=None)
    except IntegrityError:
        # the same key sent twice at once: the other request recorded it
        if (found := _recorded_before(Donation, actor, idempotency_key, digest)) is not None:
            return found
        raise
    return donation


def donation_receive(
    *, actor: Any, donation: Donation, received_on: date, receipt_number: str = ""
) -> Donation:
    """A pledged gift arrives (all of it): cash is the ledger receipt that posts its pledge.
    Received once: a second receipt is refused."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date is in the future.")})
    with transaction.atomic():
        donation = Donation.objects.select_for_update().select_related("donor").get(pk=donation.pk)
        if donation.received_on is not None:
            raise ValidationError(
                {
                    "received_on": _("This gift was received on %(day)s.")
                    % {"day": donation.received_on.isoformat()}
                }
            )
        if donation.pledged_on is not None and received_on < donation.pledged_on:
            raise ValidationError(
                {"received_on": _("A gift cannot be received before it was pledged.")}
            )
        if donation.pledge is not None:
            donation.transfer = transfer_create(
                actor=actor,
                kind=TransferKind.RECEIPT,
                source=donation.pledge.source,
                target=donation.pledge.target,
                amount=donation.amount,
                on=received_on,
                pledge=donation.pledge,
                voucher=receipt_number,
                note=donation.pledge.note,
            ).transfer
        donation.received_on = received_on
        donation.receipt_number = receipt_number.strip() or donation.receipt_number
        donation.save(update_fields=["received_on", "receipt_number", "transfer"])
        sources.sync("donations", places=[donation.place.code], periods=None)
    return donation
