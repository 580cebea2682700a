"""The fund ledger: accounts, and transfers between them (double entry).

Every movement of money is one `Transfer` from one account (debited) to
another (credited) of the same amount, so debits equal credits and the sum of
all balances is zero, always. Transfers are append-only: never updated,
never deleted (the services; on PostgreSQL a trigger as well); a correction
is a reversing transfer that names the one it reverses.

An account's totals (`debits_posted`, `credits_posted`, and the pending
ones of pledges) are kept by the services alone, in the transaction that
writes the transfer, with the account locked — as TigerBeetle keeps them —
so that a balance check reads one row; `selectors.account_balances` derives
every figure shown from the transfers themselves, and the tests replay them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.append_only import AppendOnly
from xiezuo.language import pick
from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid

ZERO = Decimal("0.00")


class AccountKind(models.TextChoices):
    HELPER_FISCAL = "helper_fiscal", _("Helper's fiscal aid")
    DONATIONS = "donations", _("Donors")
    RECEIVING = "receiving", _("Receiving account")
    PROJECT = "project", _("Project")
    SOCIAL = "social", _("Social funds")
    EXPENDITURE = "expenditure", _("Expenditure")
    REFUNDS = "refunds", _("Refunds")


# Accounts that hold money: never below zero. The others are where money comes from
# (helper fiscal aid, donors: below zero by what they gave) or where it ends.
HOLDING_KINDS = frozenset({AccountKind.RECEIVING, AccountKind.PROJECT, AccountKind.SOCIAL})


class Account(models.Model):
    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AccountKind.choices)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("place"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # a project's account: the last day of the project's span (its actual end, else its
    # planned end); after it money may only be returned (kept by the projects' services)
    ends_on = models.DateField(_("span ends on"), null=True, blank=True)
    illustrative = models.BooleanField(default=False)
    # kept by the services only (see the module's docstring)
    debits_posted = models.DecimalField(
        default=ZERO, editable=False, max_digits=18, decimal_places=2
    )
    credits_posted = models.DecimalField(
        default=ZERO, editable=False, max_digits=18, decimal_places=2
    )
    debits_pending = models.DecimalField(
        default=ZERO, editable=False, max_digits=18, decimal_places=2
    )
    credits_pending = models.DecimalField(
        default=ZERO, editable=False, max_digits=18, decimal_places=2
    )
    version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(HOLDING_KINDS))
                | Q(credits_posted__gte=models.F("debits_posted")),
                name="ledger_account_holding_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en or self.name_zh)

    @property
    def holds_money(self) -> bool:
        return self.kind in HOLDING_KINDS

    @property
    def balance(self) -> Decimal:
        """What it holds now: credits less debits (a source account: less than zero)."""
        return self.credits_posted - self.debits_posted

    def scope_sides(self) -> list[Any]:
        """What the account answers to: its organisation, else its place."""
        return [side for side in (self.organisation, self.place) if side is not None]


class TransferKind(models.TextChoices):
    PLEDGE = "pledge", _("Pledge")
    RECEIPT = "receipt", _("Receipt")
    ALLOCATION = "allocation", _("Allocation")
    DISBURSEMENT = "disbursement", _("Disbursement")
    EXPENDITURE = "expenditure", _("Expenditure")
    REFUND = "refund", _("Refund")
    REVERSAL = "reversal", _("Reversal")


class Transfer(AppendOnly):
    """Money moved from `source` (debited) to `target` (credited); a pledge is pending.
    Append-only: a correction is a reversal."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=TransferKind.choices)
    source = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="debits", verbose_name=_("from account")
    )
    target = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="credits", verbose_name=_("to account")
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=18, decimal_places=2)  # to the fen
    on = models.DateField(_("date"))
    pending = models.BooleanField(default=False)
    # a receipt that posts (part of) a pledge
    pledge = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="receipts",
        verbose_name=_("pledge"),
    )  # fmt: skip
    # a reversal: the transfer it undoes (each at most once), and what that one counted as
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by",
        verbose_name=_("reverses"),
    )  # fmt: skip
    counts_as = models.CharField(max_length=16, choices=TransferKind.choices)
    voucher = models.CharField(_("voucher number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="ledger/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_transfer_positive"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="ledger_transfer_two_accounts"
            ),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="ledger_transfer_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["source", "on"]),
            models.Index(fields=["target", "on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.source.code}→{self.target.code}"

    def scope_sides(self) -> list[Any]:
        """Who may record it: the side the money leaves (a pledge: the side that pledges) —
        or, for a receipt, either side (the helper records what it sent, the helped side
        what it received)."""
        sides = list(self.source.scope_sides())
        if self.counts_as == TransferKind.RECEIPT:
            sides += self.target.scope_sides()
        return sides


class DonorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    ORGANISATION = "organisation", _("Social organisation")
    INDIVIDUAL = "individual", _("Individual")


class DonorOrigin(models.TextChoices):
    GUANGDONG = "guangdong", _("Guangdong")
    OTHER = "other", _("Elsewhere")


class Donor(models.Model):
    """Who gives (社会帮扶): an enterprise, an organisation or a person; one who asked for
    anonymity is never named on a public page or export."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=DonorKind.choices)
    origin = models.CharField(_("from"), max_length=16, choices=DonorOrigin.choices)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.name


class DonationForm(models.TextChoices):
    CASH = "cash", _("Cash")
    GOODS = "goods", _("Goods")


class Donation(models.Model):
    """A gift pledged (认捐) or received: cash (a ledger pledge, then a receipt, into the
    place's social funds or the project's account it is for) or goods (described, with
    their value). It counts in the figures once received."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="donations")
    form = models.CharField(_("form"), max_length=8, choices=DonationForm.choices)
    amount = models.DecimalField(_("amount or value (yuan)"), max_digits=18, decimal_places=2)
    goods = models.CharField(_("goods"), max_length=300, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("for the place")
    )
    # the project it is for (its account in the ledger), if any
    project_account = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("for the project"),
    )  # fmt: skip
    pledged_on = models.DateField(_("pledged on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=100, blank=True)
    pledge = models.OneToOneField(
        Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="pledged_gift"
    )
    transfer = models.OneToOneField(
        Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="donation"
    )
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = [models.F("received_on").desc(nulls_first=True), "-pledged_on", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_donation_positive"),
            models.CheckConstraint(
                condition=Q(received_on__isnull=False) | Q(pledged_on__isnull=False),
                name="ledger_donation_pledged_or_received",
            ),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="ledger_donation_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor} {self.amount}"

    @property
    def received(self) -> bool:
        return self.received_on is not None
