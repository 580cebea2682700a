"""API: the fund ledger — accounts with their balances, transfers recorded and reversed.

Amounts travel as JSON numbers or strings and are read exactly (never as
floats); they are answered as strings, as every figure of the API is
(`numbers.plain`: "1250.5"). A write may
carry an `Idempotency-Key` header: sent again with the same body it answers
the transfer recorded the first time; with another body, 422.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.api import Year, idempotency_key
from xiezuo.numbers import plain
from xiezuo.paging import ApiPagination
from xiezuo.places.models import Organisation
from xiezuo.places.selectors import place_get

from . import selectors, services
from .models import (
    Account,
    AccountKind,
    Donation,
    DonationForm,
    DonorKind,
    DonorOrigin,
    Transfer,
    TransferKind,
)

router = Router(tags=["ledger"])


class BalancesOut(Schema):
    pledged: str
    received: str
    allocated: str
    disbursed: str
    spent: str
    refunded: str
    remaining: str
    payout_rate: str | None
    spending_rate: str | None


class AccountOut(Schema):
    id: int
    uid: str
    code: str
    kind: str
    kind_name: str
    name: str
    place: str | None
    organisation: int | None
    opened_on: date
    closed_on: date | None
    ends_on: date | None
    holds_money: bool
    balance: str

    @staticmethod
    def resolve_kind_name(obj: Account) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_place(obj: Account) -> str | None:
        return obj.place.code if obj.place else None

    @staticmethod
    def resolve_organisation(obj: Account) -> int | None:
        return obj.organisation_id

    @staticmethod
    def resolve_balance(obj: Account) -> str:
        return plain(obj.balance)


class AccountDetailOut(AccountOut):
    balances: BalancesOut

    @staticmethod
    def resolve_balances(obj: Account) -> dict:
        found = selectors.account_balances(obj)
        rates = {"payout_rate": found.payout_rate, "spending_rate": found.spending_rate}
        return {
            **{
                name: plain(getattr(found, name))
                for name in BalancesOut.model_fields
                if name not in rates
            },
            **{
                name: None if rate is None else plain(rate.quantize(Decimal("0.0001")))
                for name, rate in rates.items()
            },
        }


class AccountIn(Schema):
    code: str
    kind: AccountKind
    name_zh: str
    name_en: str = ""
    place: str | None = None
    organisation: int | None = None
    opened_on: date | None = None


class TransferOut(Schema):
    id: int
    uid: str
    kind: str
    kind_name: str
    counts_as: str
    source: int
    target: int
    amount: str
    on: date
    pending: bool
    pledge: int | None
    reverses: int | None
    reversed_by: int | None
    voucher: str
    note: str
    recorded_by: str
    recorded_at: str

    @staticmethod
    def resolve_kind_name(obj: Transfer) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_source(obj: Transfer) -> int:
        return obj.source_id

    @staticmethod
    def resolve_target(obj: Transfer) -> int:
        return obj.target_id

    @staticmethod
    def resolve_amount(obj: Transfer) -> str:
        return plain(obj.amount)

    @staticmethod
    def resolve_pledge(obj: Transfer) -> int | None:
        return obj.pledge_id

    @staticmethod
    def resolve_reverses(obj: Transfer) -> int | None:
        return obj.reverses_id

    @staticmethod
    def resolve_reversed_by(obj: Transfer) -> int | None:
        reversal = getattr(obj, "reversed_by", None)
        return reversal.pk if reversal is not None else None

    @staticmethod
    def resolve_recorded_by(obj: Transfer) -> str:
        return obj.created_by.display_name

    @staticmethod
    def resolve_recorded_at(obj: Transfer) -> str:
        return obj.created_at.isoformat()


class TransferIn(Schema):
    kind: TransferKind
    source: str
    target: str
    amount: Decimal
    on: date | None = None
    pledge: int | None = None
    voucher: str = ""
    note: str = ""


class ReverseIn(Schema):
    on: date | None = None
    note: str = ""


class DonationOut(Schema):
    id: int
    uid: str
    donor: str
    donor_kind: str
    donor_origin: str
    anonymous: bool
    form: str
    amount: str
    goods: str
    place: str
    project_account: str | None
    pledged_on: date | None
    received_on: date | None
    receipt_number: str
    pledge: int | None
    transfer: int | None
    illustrative: bool

    @staticmethod
    def resolve_donor(obj: Donation) -> str:
        return obj.donor.name

    @staticmethod
    def resolve_donor_kind(obj: Donation) -> str:
        return obj.donor.kind

    @staticmethod
    def resolve_donor_origin(obj: Donation) -> str:
        return obj.donor.origin

    @staticmethod
    def resolve_anonymous(obj: Donation) -> bool:
        return obj.donor.anonymous

    @staticmethod
    def resolve_amount(obj: Donation) -> str:
        return plain(obj.amount)

    @staticmethod
    def resolve_place(obj: Donation) -> str:
        return obj.place.code

    @staticmethod
    def resolve_project_account(obj: Donation) -> str | None:
        return obj.project_account.code if obj.project_account else None

    @staticmethod
    def resolve_pledge(obj: Donation) -> int | None:
        return obj.pledge_id

    @staticmethod
    def resolve_transfer(obj: Donation) -> int | None:
        return obj.transfer_id


class DonationIn(Schema):
    donor: str
    donor_kind: DonorKind
    donor_origin: DonorOrigin
    anonymous: bool = False
    form: DonationForm
    amount: Decimal | str
    goods: str = ""
    place: str | None = None
    project_account: str | None = None
    pledged_on: date | None = None
    received_on: date | None = None
    receipt_number: str = ""
    note: str = ""


class ReceiveIn(Schema):
    received_on: date
    receipt_number: str = ""


def _account(key: str | int, field: str | None = None) -> Account:
    account = selectors.account_get(key)
    if account is None:
        message = _("No account has the id or code “%(key)s”.") % {"key": key}
        if field:
            raise ValidationError({field: message})
        raise Http404(message)
    return account


def _transfer(transfer_id: int) -> Transfer:
    transfer = selectors.transfer_list().filter(pk=transfer_id).first()
    if transfer is None:
        raise Http404(_("No transfer has the id %(id)s.") % {"id": transfer_id})
    return transfer


@router.get("/accounts", response=list[AccountOut], summary="Accounts, with what each holds")
@paginate(ApiPagination)
def account_list(
    request: HttpRequest, kind: AccountKind | None = None, place: str | None = None
) -> list[Account]:
    policy.require(request.user, "ledger.view")
    return selectors.account_list(kind=kind, place_code=place)  # type: ignore[return-value]


@router.get(
    "/accounts/{account_id}", response=AccountDetailOut, summary="An account and its balances"
)
def account_detail(request: HttpRequest, account_id: str) -> Account:
    policy.require(request.user, "ledger.view")
    return _account(account_id)


@router.post("/accounts", response={201: AccountDetailOut}, summary="Open an account")
def account_create(request: HttpRequest, payload: AccountIn) -> Status:
    policy.require(request.user, "ledger.manage")
    place = None
    if payload.place:
        place = place_get(payload.place)
        if place is None:
            raise ValidationError({"place": _("No place has the code “%s”.") % payload.place})
    organisation = None
    if payload.organisation is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation).first()
        if organisation is None:
            raise ValidationError({"organisation": _("No such organisation.")})
    account = services.account_create(
        code=payload.code,
        kind=payload.kind,
        name_zh=payload.name_zh,
        name_en=payload.name_en,
        place=place,
        organisation=organisation,
        opened_on=payload.opened_on,
    )
    return Status(201, account)


@router.get("/transfers", response=list[TransferOut], summary="Transfers, newest first")
@paginate(ApiPagination)
def transfer_list(
    request: HttpRequest, account: str | None = None, kind: TransferKind | None = None
) -> list[Transfer]:
    policy.require(request.user, "ledger.view")
    found = _account(account) if account else None
    return selectors.transfer_list(account=found, kind=kind)  # type: ignore[return-value]


@router.get("/transfers/{transfer_id}", response=TransferOut, summary="One transfer")
def transfer_detail(request: HttpRequest, transfer_id: int) -> Transfer:
    policy.require(request.user, "ledger.view")
    return _transfer(transfer_id)


@router.post("/transfers", response={201: TransferOut}, summary="Record a transfer")
def transfer_create(request: HttpRequest, payload: TransferIn) -> Status:
    key = idempotency_key(request)
    errors: dict[str, list[str]] = {}
    accounts: dict[str, Account] = {}
    for field in ("source", "target"):
        try:
            accounts[field] = _account(getattr(payload, field), field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    pledge = None
    if payload.pledge is not None:
        pledge = Transfer.objects.filter(pk=payload.pledge).first()
        if pledge is None:
            errors["pledge"] = [_("No transfer has the id %(id)s.") % {"id": payload.pledge}]
    if errors:
        raise ValidationError(errors)
    candidate = Transfer(
        kind=payload.kind,
        counts_as=payload.kind,
        source=accounts["source"],
        target=accounts["target"],
    )
    policy.require(request.user, "ledger.record", candidate)
    recorded = services.transfer_create(
        actor=request.user,
        kind=payload.kind,
        source=accounts["source"],
        target=accounts["target"],
        amount=payload.amount,
        on=payload.on,
        pledge=pledge,
        voucher=payload.voucher,
        note=payload.note,
        idempotency_key=key,
    )
    return Status(201, _transfer(recorded.transfer.pk))


@router.post(
    "/transfers/{transfer_id}/reverse", response={201: TransferOut}, summary="Reverse a transfer"
)
def transfer_reverse(request: HttpRequest, transfer_id: int, payload: ReverseIn) -> Status:
    key = idempotency_key(request)
    transfer = _transfer(transfer_id)
    policy.require(request.user, "ledger.record", transfer)
    recorded = services.transfer_reverse(
        actor=request.user, transfer=transfer, on=payload.on, note=payload.note, idempotency_key=key
    )
    return Status(201, _transfer(recorded.transfer.pk))


def _donations() -> QuerySet[Donation]:
    return Donation.objects.select_related("donor", "place", "project_account")


def _donation(uid: str) -> Donation:
    donation = _donations().filter(uid=uid).first()
    if donation is None:
        raise Http404(_("No donation has the id “%(key)s”.") % {"key": uid})
    return donation


@router.get("/donations", response=list[DonationOut], summary="Donations pledged and received")
@paginate(ApiPagination)
def donation_list(
    request: HttpRequest,
    place: str | None = None,
    year: Year | None = None,
    received: bool | None = None,
) -> list[Donation]:
    """`place`: with its area; `year`: received (or, still pledged, pledged) that year;
    `received`: true for gifts received, false for pledges still to come."""
    policy.require(request.user, "ledger.view")
    donations = _donations()
    if place:
        donations = donations.filter(place__code__startswith=place.strip())
    if received is not None:
        donations = donations.filter(received_on__isnull=not received)
    if year is not None:
        donations = donations.filter(
            Q(received_on__year=year) | Q(received_on__isnull=True, pledged_on__year=year)
        )
    return donations  # type: ignore[return-value]


@router.get("/donations/{uid}", response=DonationOut, summary="One donation")
def donation_detail(request: HttpRequest, uid: str) -> Donation:
    policy.require(request.user, "ledger.view")
    return _donation(uid)


@router.post("/donations", response={201: DonationOut}, summary="Record a donation or a pledge")
def donation_create(request: HttpRequest, payload: DonationIn) -> Status:
    key = idempotency_key(request)
    place = project_account = None
    if payload.project_account:
        project_account = _account(payload.project_account, "project_account")
    if payload.place:
        place = place_get(payload.place)
        if place is None:
            raise ValidationError(
                {"place": _("No place has the code “%(code)s”.") % {"code": payload.place}}
            )
    where = place or (project_account.place if project_account else None)
    if where is None:
        raise ValidationError({"place": _("Say which place the gift is for.")})
    policy.require(request.user, "donation.record", where)
    donation = services.donation_record(
        actor=request.user,
        donor=services.DonorDetails(
            name=payload.donor,
            kind=payload.donor_kind,
            origin=payload.donor_origin,
            anonymous=payload.anonymous,
        ),
        form=payload.form,
        amount=payload.amount,
        place=place,
        project_account=project_account,
        pledged_on=payload.pledged_on,
        received_on=payload.received_on,
        goods=payload.goods,
        receipt_number=payload.receipt_number,
        note=payload.note,
        idempotency_key=key,
    )
    return Status(201, _donation(donation.uid))


@router.post(
    "/donations/{uid}/receive", response={200: DonationOut}, summary="A pledged gift received"
)
def donation_receive(request: HttpRequest, uid: str, payload: ReceiveIn) -> Donation:
    donation = _donation(uid)
    policy.require(request.user, "donation.record", donation.place)
    services.donation_receive(
        actor=request.user,
        donation=donation,
        received_on=payload.received_on,
        receipt_number=payload.receipt_number,
    )
    return _donation(uid)
