"""Subsidies (补贴): the rules a paying place sets, who is eligible by the records, and the
payment lists a clerk draws up and a coordinator approves — each payment then one ledger
transfer from the paying place's account, all of a list or none.

Eligibility is read, never typed: the poverty status and destination as they stood when
the worker was placed, the day the placement started, and the proof the job lasted — a 3-
or 6-month follow-up that found the worker employed (at least the rule's months), or, when
the rule lets it count, the employment spell itself. A worker (or a placement, as the rule
says) on a list that stands — drawn up, or approved and not cancelled — is not eligible
again; a list returned, or a payment cancelled, frees them.

The ledger's notes name the worker by name and number (uid), never by identity number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.amounts import amount_clean
from xiezuo.ledger.models import HOLDING_KINDS, ZERO, Account, AccountKind, TransferKind
from xiezuo.ledger.services import account_create, transfer_create, transfer_reverse
from xiezuo.numbers import money
from xiezuo.places.models import Place
from xiezuo.places.selectors import code_within

from .models import (
    BatchStatus,
    FollowUp,
    Placement,
    PovertyStatus,
    SubsidyBatch,
    SubsidyDestination,
    SubsidyKind,
    SubsidyOnce,
    SubsidyPayment,
    SubsidyRule,
    Worker,
)
from .services import follow_up_due

MAX_MONTHS = 60

# the conditions of a rule: once a list names it they stand as they are (end it instead)
_CONDITIONS = (
    "kind", "amount", "account", "home_area", "poverty_statuses", "destination",
    "months_employed", "spell_counts", "started_from", "started_to", "once", "valid_from",
)  # fmt: skip
_EDITABLE_IN_USE = ("name", "note", "valid_to")


# --- rules


def _clean_rule(rule: SubsidyRule) -> None:
    if rule.kind not in SubsidyKind.values:
        raise ValidationError({"kind": _("Choose one of the allowed values.")})
    if rule.destination not in SubsidyDestination.values:
        raise ValidationError({"destination": _("Choose one of the allowed values.")})
    if rule.once not in SubsidyOnce.values:
        raise ValidationError({"once": _("Choose one of the allowed values.")})
    if not rule.name.strip():
        raise ValidationError({"name": _("Give the rule a name.")})
    account = rule.account
    if account.kind not in HOLDING_KINDS or account.place is None:
        raise ValidationError(
            {"account": _("A subsidy is paid from an account of a place that holds money.")}
        )
    if account.closed_on is not None:
        raise ValidationError({"account": _("%(account)s is closed.") % {"account": account.name}})
    statuses = rule.poverty_statuses
    if (
        not isinstance(statuses, list)
        or not statuses
        or not set(statuses) <= set(PovertyStatus.values)
    ):
        raise ValidationError(
            {"poverty_statuses": _("Choose at least one poverty status the rule counts.")}
        )
    if not 0 <= rule.months_employed <= MAX_MONTHS:
        raise ValidationError(
            {
                "months_employed": _("Give a number of months from 0 to %(most)s.")
                % {"most": MAX_MONTHS}
            }
        )
    if rule.started_from and rule.started_to and rule.started_to < rule.started_from:
        raise ValidationError({"started_to": _("The window of placements ends before it starts.")})
    if rule.valid_to is not None and rule.valid_to < rule.valid_from:
        raise ValidationError({"valid_to": _("The rule ends before it starts.")})


def subsidy_rule_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    amount: Any,
    account: Account,
    valid_from: date,
    home_area: Place | None = None,
    poverty_statuses: Iterable[str] | None = None,
    destination: str = SubsidyDestination.HELPER,
    months_employed: int = 3,
    spell_counts: bool = False,
    started_from: date | None = None,
    started_to: date | None = None,
    once: str = SubsidyOnce.WORKER,
    valid_to: date | None = None,
    note: str = "",
    illustrative: bool = False,
) -> SubsidyRule:
    """A rule paid from `account` (a holding account of the paying place)."""
    rule = SubsidyRule(
        name=name.strip(),
        kind=kind,
        amount=amount_clean(amount),
        account=account,
        place=account.place,
        home_area=home_area,
        poverty_statuses=sorted(set(poverty_statuses))
        if poverty_statuses is not None
        else sorted([PovertyStatus.POOR, PovertyStatus.EXITED]),
        destination=destination,
        months_employed=months_employed,
        spell_counts=spell_counts,
        started_from=started_from,
        started_to=started_to,
        once=once,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note.strip(),
        illustrative=illustrative,
        created_by=actor,
    )
    _clean_rule(rule)
    rule.save()
    return rule


def subsidy_rule_in_use(rule: SubsidyRule) -> bool:
    return rule.batches.exists()


@transaction.atomic
def subsidy_rule_update(*, rule: SubsidyRule, **changes: Any) -> SubsidyRule:
    """Change a rule. Once a list names it, only its name, note and end may change: its
    conditions stand as the lists were drawn by them (end it, and make another)."""
    rule = SubsidyRule.objects.select_for_update().get(pk=rule.pk)
    unknown = set(changes) - set(_CONDITIONS) - set(_EDITABLE_IN_USE)
    if unknown:
        raise TypeError(f"not a field of a rule: {sorted(unknown)}")
    if "amount" in changes:
        changes["amount"] = amount_clean(changes["amount"])
    if "poverty_statuses" in changes:
        changes["poverty_statuses"] = sorted(set(changes["poverty_statuses"]))
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    changed = {field for field, value in changes.items() if getattr(rule, field) != value}
    if changed - set(_EDITABLE_IN_USE) and subsidy_rule_in_use(rule):
        field = sorted(changed - set(_EDITABLE_IN_USE))[0]
        raise ValidationError(
            {
                field: _(
                    "This rule is on payment lists: only its name, note and end may change. "
                    "End it, and make a new rule."
                )
            }
        )
    for field, value in changes.items():
        setattr(rule, field, value)
    _clean_rule(rule)
    assert rule.account.place is not None  # a holding account of a place (_clean_rule)
    rule.place = rule.account.place
    rule.save()
    return rule


@transaction.atomic
def subsidy_rule_delete(*, rule: SubsidyRule) -> None:
    """A rule no list names may go; one in use is ended instead (its valid_to)."""
    if subsidy_rule_in_use(rule):
        raise ValidationError(
            {"rule": _("This rule is on payment lists: it cannot be deleted, only ended.")}
        )
    rule.delete()


# --- eligibility


@dataclass(frozen=True)
class Eligible:
    """A worker a rule pays on a day, for a placement, and why (in words)."""

    placement: Placement
    reason: str
    amount: Decimal

    @property
    def worker(self) -> Worker:
        return self.placement.worker


def _once_key(rule: SubsidyRule, placement: Placement) -> str:
    if rule.once == SubsidyOnce.PLACEMENT:
        return f"p{placement.pk}"
    return f"w{placement.worker_id}"


def _candidates(rule: SubsidyRule, on: date) -> QuerySet[Placement]:
    """The placements that meet the rule's conditions the database can read."""
    placements = Placement.objects.filter(
        code_within("county__code", (rule.home_area or rule.place).code),
        poverty_status__in=rule.poverty_statuses,
        started_on__lte=on,
    )
    if rule.destination == SubsidyDestination.HELPER:
        placements = placements.filter(destination="helper")
    elif rule.destination == SubsidyDestination.OUTSIDE:
        placements = placements.exclude(destination="local")
    if rule.started_from is not None:
        placements = placements.filter(started_on__gte=rule.started_from)
    if rule.started_to is not None:
        placements = placements.filter(started_on__lte=rule.started_to)
    if rule.months_employed and not rule.spell_counts:
        proved = FollowUp.objects.filter(
            placement=OuterRef("pk"), employed=True, months__gte=rule.months_employed,
            checked_on__lte=on,
        )  # fmt: skip
        placements = placements.filter(Exists(proved))
    standing = SubsidyPayment.objects.filter(rule=rule, active=True)
    if rule.once == SubsidyOnce.PLACEMENT:
        placements = placements.exclude(Exists(standing.filter(placement=OuterRef("pk"))))
    else:
        placements = placements.exclude(Exists(standing.filter(worker=OuterRef("worker"))))
    return (
        placements.select_related("worker", "county", "spell__place_of_work")
        .prefetch_related("follow_ups")
        .order_by("started_on", "id")
    )


def _proof(rule: SubsidyRule, placement: Placement, on: date) -> str | None:
    """Why the job lasted the rule's months, in words; None: nothing on record proves it."""
    months = rule.months_employed
    follow_ups = sorted(
        (f for f in placement.follow_ups.all() if f.employed and f.checked_on <= on),
        key=lambda f: f.months,
    )
    for follow_up in follow_ups:
        if follow_up.months >= months:
            return _("%(months)s-month follow-up: employed") % {"months": follow_up.months}
    if rule.spell_counts:
        spell = placement.spell
        end = spell.ended_on if spell.ended_on is not None and spell.ended_on <= on else on
        if follow_up_due(placement, months) <= end:
            if spell.ended_on is not None and spell.ended_on <= on:
                return _("employed from %(start)s to %(end)s") % {
                    "start": spell.started_on.isoformat(),
                    "end": spell.ended_on.isoformat(),
                }
            return _("employed from %(start)s, still in the job") % {
                "start": spell.started_on.isoformat()
            }
    return None


def _province_names(placements: list[Placement]) -> dict[str, str]:
    wanted = {p.spell.place_of_work.code[:2] for p in placements}
    return dict(Place.objects.filter(code__in=wanted).values_list("code", "name"))


def subsidy_eligible(*, rule: SubsidyRule, on: date) -> list[Eligible]:
    """Who the rule pays on `on`, each with the reason in words (e.g. "建档立卡贫困户；在广东省
    就业满 3 个月（6 个月回访：在岗）"); those on a list that stands are left out, and a rule
    that pays once per worker names each worker once (the earliest placement). Nobody when
    the rule is not in force on the day."""
    if not rule.valid_on(on):
        return []
    placements = list(_candidates(rule, on))
    provinces = _province_names(placements)
    found: list[Eligible] = []
    seen: set[str] = set()
    for placement in placements:
        key = _once_key(rule, placement)
        if key in seen:
            continue
        status = PovertyStatus(placement.poverty_status).label
        where = provinces.get(placement.spell.place_of_work.code[:2], "")
        if rule.months_employed:
            proof = _proof(rule, placement, on)
            if proof is None:
                continue
            reason = _(
                "%(status)s; employed in %(where)s for %(months)s months or more (%(proof)s)"
            ) % {"status": status, "where": where, "months": rule.months_employed, "proof": proof}
        else:
            reason = _("%(status)s; employed in %(where)s") % {"status": status, "where": where}
        seen.add(key)
        found.append(Eligible(placement=placement, reason=reason, amount=rule.amount))
    return found


# --- payment lists


def _payees_account(place: Place) -> Account:
    """Where the place's subsidies go: the workers paid, outside the ledger (an expenditure
    account of the paying place, opened with its first payment)."""
    code = f"subsidies-{place.code}"
    found = Account.objects.filter(code=code).first()
    if found is not None:
        return found
    return account_create(
        code=code, kind=AccountKind.EXPENDITURE, name_zh=f"{place.name}劳务补贴发放",
        name_en=f"Labour subsidies paid by {place.name}", place=place,
        opened_on=date(1996, 1, 1),
    )  # fmt: skip


@transaction.atomic
def subsidy_batch_draw(
    *,
    actor: Any,
    rule: SubsidyRule,
    on: date | None = None,
    placements: Iterable[str] | None = None,
    illustrative: bool = False,
) -> SubsidyBatch:
    """Draw up a payment list of the workers eligible on `on` (all of them, or the
    placements named by uid, each of which must be eligible). Nothing is paid yet."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date is in the future.")})
    if not rule.valid_on(on):
        raise ValidationError(
            {"on": _("The rule is not in force on %(day)s.") % {"day": on.isoformat()}}
        )
    eligible = subsidy_eligible(rule=rule, on=on)
    if placements is not None:
        wanted = list(dict.fromkeys(placements))
        by_uid = {e.placement.uid: e for e in eligible}
        missing = [uid for uid in wanted if uid not in by_uid]
        if missing:
            raise ValidationError(
                {
                    "placements": _("Not eligible (or already on a list): %(uids)s.")
                    % {"uids": ", ".join(missing)}
                }
            )
        eligible = [by_uid[uid] for uid in wanted]
    if not eligible:
        raise ValidationError({"placements": _("Nobody is eligible: there is no list to draw up.")})
    batch = SubsidyBatch.objects.create(rule=rule, on=on, drawn_by=actor, illustrative=illustrative)
    try:
        with transaction.atomic():
            SubsidyPayment.objects.bulk_create(
                SubsidyPayment(
                    batch=batch,
                    rule=rule,
                    worker=e.placement.worker,
                    placement=e.placement,
                    amount=e.amount,
                    reason=e.reason,
                    once_key=_once_key(rule, e.placement),
                )
                for e in eligible
            )
    except IntegrityError:
        # another list took some of them at the same moment
        raise ValidationError(
            {"placements": _("Some of these workers were put on another list meanwhile.")}
        ) from None
    return batch


def batch_total(batch: SubsidyBatch) -> Decimal:
    """What the list pays (its payments not cancelled)."""
    total = batch.payments.filter(cancelled_on__isnull=True).aggregate(total=Sum("amount"))
    return total["total"] or ZERO


def _lock_draft(batch: SubsidyBatch) -> SubsidyBatch:
    batch = (
        SubsidyBatch.objects.select_for_update(of=("self",)).select_related("rule").get(pk=batch.pk)
    )
    if batch.status != BatchStatus.DRAFT:
        raise ValidationError(
            {"status": _("This list is %(status)s.") % {"status": batch.get_status_display()}}
        )
    return batch


@transaction.atomic
def subsidy_batch_approve(
    *, actor: Any, batch: SubsidyBatch, on: date | None = None
) -> SubsidyBatch:
    """Approve a list: each payment is a ledger expenditure from the rule's account to the
    paying place's subsidies paid, dated `on` — all in one transaction. When the account
    does not hold the list's total, nothing is paid and the message names the account and
    what is missing. Whoever drew the list up does not approve it."""
    on = on or timezone.localdate()
    batch = _lock_draft(batch)
    if batch.drawn_by_id == actor.pk:
        raise ValidationError(
            {"status": _("You drew this list up: another coordinator approves it.")}
        )
    rule = batch.rule
    payments = list(batch.payments.select_related("worker").order_by("id"))
    total = sum((p.amount for p in payments), ZERO)
    account = Account.objects.select_for_update().get(pk=rule.account_id)
    if account.kind in HOLDING_KINDS and account.balance < total:
        raise ValidationError(
            {
                "account": _(
                    "%(account)s holds %(balance)s yuan; the list needs %(total)s yuan: "
                    "%(missing)s yuan is missing. Nothing was paid."
                )
                % {
                    "account": account.name,
                    "balance": money(account.balance),
                    "total": money(total),
                    "missing": money(total - account.balance),
                }
            }
        )
    payees = _payees_account(rule.place)
    for payment in payments:
        note = _("%(rule)s: %(name)s (worker %(uid)s)") % {
            "rule": rule.name, "name": payment.worker.name, "uid": payment.worker.uid,
        }  # fmt: skip
        payment.transfer = transfer_create(
            actor=actor, kind=TransferKind.EXPENDITURE, source=account, target=payees,
            amount=payment.amount, on=on, voucher=batch.uid, note=note,
        ).transfer  # fmt: skip
        payment.save(update_fields=["transfer"])
    batch.status = BatchStatus.APPROVED
    batch.decided_by = actor
    batch.decided_at = timezone.now()
    batch.save(update_fields=["status", "decided_by", "decided_at"])
    return batch


@transaction.atomic
def subsidy_batch_return(*, actor: Any, batch: SubsidyBatch, reason: str) -> SubsidyBatch:
    """Send a list back with the reason; nothing is paid, its workers are free again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the list is returned.")})
    batch = _lock_draft(batch)
    batch.status = BatchStatus.RETURNED
    batch.returned_reason = reason.strip()
    batch.decided_by = actor
    batch.decided_at = timezone.now()
    batch.save(update_fields=["status", "returned_reason", "decided_by", "decided_at"])
    batch.payments.update(active=False)
    return batch


@transaction.atomic
def subsidy_payment_cancel(
    *, actor: Any, payment: SubsidyPayment, reason: str, on: date | None = None
) -> SubsidyPayment:
    """Cancel a payment already made: its transfer is reversed (never changed), and the
    worker may be paid again if the records still say so."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the payment is cancelled.")})
    payment = (
        SubsidyPayment.objects.select_for_update(of=("self",))
        .select_related("batch", "transfer")
        .get(pk=payment.pk)
    )
    if payment.cancelled_on is not None:
        raise ValidationError(
            {
                "payment": _("This payment was cancelled on %(day)s.")
                % {"day": payment.cancelled_on.isoformat()}
            }
        )
    if payment.batch.status != BatchStatus.APPROVED or payment.transfer is None:
        raise ValidationError({"payment": _("Only a payment made can be cancelled.")})
    on = on or timezone.localdate()
    payment.reversal = transfer_reverse(
        actor=actor, transfer=payment.transfer, on=on, note=reason.strip()
    ).transfer
    payment.cancelled_on = on
    payment.cancelled_reason = reason.strip()
    payment.cancelled_by = actor
    payment.active = False
    payment.save(
        update_fields=["reversal", "cancelled_on", "cancelled_reason", "cancelled_by", "active"]
    )
    return payment


def batch_list(*, rule: SubsidyRule | None = None) -> QuerySet[SubsidyBatch]:
    batches = SubsidyBatch.objects.select_related("rule", "rule__place", "drawn_by")
    if rule is not None:
        batches = batches.filter(rule=rule)
    return batches


def rule_list(*, place: str | None = None, on: date | None = None) -> QuerySet[SubsidyRule]:
    rules = SubsidyRule.objects.select_related("place", "account", "home_area")
    if place:
        rules = rules.filter(code_within("place__code", place))
    if on is not None:
        rules = rules.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)
    return rules
