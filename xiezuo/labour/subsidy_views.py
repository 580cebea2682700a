"""Pages of the subsidies (补贴): the rules, who is eligible for one on a day (and a list
drawn up from them), and a payment list — approved, returned, its payments cancelled, and
exported to Excel (identity numbers masked unless the policy allows)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from xiezuo.accounts import policy
from xiezuo.dates import parse_day
from xiezuo.forms import errors_to_form, form_status
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.personal.identity import mask_identity
from xiezuo.personal.models import Action
from xiezuo.personal.shown import reveal
from xiezuo.spreadsheets import append_row, workbook_bytes, xlsx_response

from . import subsidies
from .models import BatchStatus, PovertyStatus, SubsidyBatch, SubsidyPayment, SubsidyRule
from .subsidy_forms import ReasonForm, SubsidyRuleForm

_RULE_FIELDS = (
    "name", "kind", "amount", "account", "home_area", "poverty_statuses", "destination",
    "months_employed", "spell_counts", "started_from", "started_to", "once", "valid_from",
    "valid_to", "note",
)  # fmt: skip


def _rule_or_404(uid: str) -> SubsidyRule:
    rule = (
        SubsidyRule.objects.select_related("place", "account", "home_area").filter(uid=uid).first()
    )
    if rule is None:
        raise Http404(_("No subsidy rule has the number “%(key)s”.") % {"key": uid})
    return rule


def _batch_or_404(uid: str) -> SubsidyBatch:
    batch = SubsidyBatch.objects.select_related("rule", "rule__place", "rule__account")
    found = batch.filter(uid=uid).first()
    if found is None:
        raise Http404(_("No payment list has the number “%(key)s”.") % {"key": uid})
    return found


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def rule_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "labour.view")
    return render(
        request,
        "labour/subsidy_rule_list.html",
        {
            "page": page_of(request, subsidies.rule_list()),
            "batches": subsidies.batch_list()[:20],
            "may_manage": policy.can_anywhere(request.user, "subsidy.rule.manage"),
        },
    )


def rule_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "subsidy.rule.manage")
    form = SubsidyRuleForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        policy.require(request.user, "subsidy.rule.manage", data["account"].place)
        try:
            rule = subsidies.subsidy_rule_create(actor=request.user, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved: the rule %(name)s.") % {"name": rule.name})
            return redirect("labour_subsidy_rule_detail", uid=rule.uid)
    return render(
        request,
        "labour/subsidy_rule_form.html",
        {"form": form, "title": _("New subsidy rule")},
        status=form_status(form),
    )


def rule_edit(request: HttpRequest, uid: str) -> HttpResponse:
    rule = _rule_or_404(uid)
    policy.require(request.user, "subsidy.rule.manage", rule.place)
    initial = {field: getattr(rule, field) for field in _RULE_FIELDS}
    initial["home_area"] = rule.home_area.code if rule.home_area else ""
    form = SubsidyRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        policy.require(request.user, "subsidy.rule.manage", data["account"].place)
        try:
            subsidies.subsidy_rule_update(rule=rule, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved: the rule %(name)s.") % {"name": rule.name})
            return redirect("labour_subsidy_rule_detail", uid=rule.uid)
    return render(
        request,
        "labour/subsidy_rule_form.html",
        {
            "form": form,
            "rule": rule,
            "in_use": subsidies.subsidy_rule_in_use(rule),
            "title": _("Subsidy rule: %(name)s") % {"name": rule.name},
        },
        status=form_status(form),
    )


@require_POST
def rule_delete(request: HttpRequest, uid: str) -> HttpResponse:
    rule = _rule_or_404(uid)
    policy.require(request.user, "subsidy.rule.manage", rule.place)
    try:
        subsidies.subsidy_rule_delete(rule=rule)
    except ValidationError as exc:
        messages.error(request, _message(exc))
        return redirect("labour_subsidy_rule_detail", uid=rule.uid)
    messages.success(request, _("Deleted: the rule %(name)s.") % {"name": rule.name})
    return redirect("labour_subsidy_rule_list")


def rule_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """The rule, who it pays on a day (`?on=`, today) with the reason, and its lists."""
    policy.require(request.user, "labour.view")
    rule = _rule_or_404(uid)
    on = query_value(request, parse_day, field="on", default=timezone.localdate())
    eligible = subsidies.subsidy_eligible(rule=rule, on=on)
    page = page_of(request, eligible)
    for item in page:
        item.placement.worker.masked_identity = mask_identity(item.placement.worker.identity)
    return render(
        request,
        "labour/subsidy_rule_detail.html",
        {
            "rule": rule,
            "statuses": [PovertyStatus(status).label for status in rule.poverty_statuses],
            "on": on,
            "page": page,
            "count": len(eligible),
            "total": sum((e.amount for e in eligible), rule.amount * 0),
            "batches": subsidies.batch_list(rule=rule),
            "in_use": subsidies.subsidy_rule_in_use(rule),
            "may_draw": policy.can(request.user, "subsidy.list.draw", rule.place),
            "may_manage": policy.can(request.user, "subsidy.rule.manage", rule.place),
        },
    )


@require_POST
def batch_draw(request: HttpRequest, uid: str) -> HttpResponse:
    """Draw up a list of those eligible on the day: all, or those ticked."""
    rule = _rule_or_404(uid)
    policy.require(request.user, "subsidy.list.draw", rule.place)
    ticked = request.POST.getlist("placement")
    try:
        on = parse_day(request.POST.get("on"), default=timezone.localdate())
        batch = subsidies.subsidy_batch_draw(
            actor=request.user, rule=rule, on=on,
            placements=ticked if request.POST.get("which") == "ticked" else None,
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, _message(exc))
        return redirect("labour_subsidy_rule_detail", uid=rule.uid)
    messages.success(request, _("Drawn up: a payment list for a coordinator to approve."))
    return redirect("labour_subsidy_batch_detail", uid=batch.uid)


def _payments(batch: SubsidyBatch) -> list[SubsidyPayment]:
    return list(
        batch.payments.select_related(
            "worker", "worker__home", "placement", "placement__spell__place_of_work",
            "transfer", "reversal",
        ).order_by("id")
    )  # fmt: skip


def batch_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "labour.view")
    batch = _batch_or_404(uid)
    payments = _payments(batch)
    for payment in payments:
        payment.worker.masked_identity = mask_identity(payment.worker.identity)  # type: ignore[attr-defined]
    may_approve = policy.can(request.user, "subsidy.list.approve", batch.rule.place)
    return render(
        request,
        "labour/subsidy_batch_detail.html",
        {
            "batch": batch,
            "payments": payments,
            "total": subsidies.batch_total(batch),
            "draft": batch.status == BatchStatus.DRAFT,
            "approved": batch.status == BatchStatus.APPROVED,
            "may_approve": may_approve,
            "reason_form": ReasonForm(),
        },
    )


@require_POST
def batch_approve(request: HttpRequest, uid: str) -> HttpResponse:
    batch = _batch_or_404(uid)
    policy.require(request.user, "subsidy.list.approve", batch.rule.place)
    try:
        subsidies.subsidy_batch_approve(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Approved: each payment is recorded in the ledger."))
    return redirect("labour_subsidy_batch_detail", uid=batch.uid)


@require_POST
def batch_return(request: HttpRequest, uid: str) -> HttpResponse:
    batch = _batch_or_404(uid)
    policy.require(request.user, "subsidy.list.approve", batch.rule.place)
    try:
        subsidies.subsidy_batch_return(
            actor=request.user, batch=batch, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Returned: the list was sent back, nothing was paid."))
    return redirect("labour_subsidy_batch_detail", uid=batch.uid)


@require_POST
def payment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    payment = SubsidyPayment.objects.select_related("batch", "rule__place").filter(pk=pk).first()
    if payment is None:
        raise Http404(_("No such payment."))
    policy.require(request.user, "subsidy.list.approve", payment.rule.place)
    try:
        subsidies.subsidy_payment_cancel(
            actor=request.user, payment=payment, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Cancelled: the payment's transfer is reversed."))
    return redirect("labour_subsidy_batch_detail", uid=payment.batch.uid)


def batch_export(request: HttpRequest, uid: str) -> HttpResponse:
    """The list as a spreadsheet: identity numbers in full only where the policy allows
    (each such export recorded); every text a cell holds is text, never a formula."""
    policy.require(request.user, "labour.view")
    batch = _batch_or_404(uid)
    payments = _payments(batch)
    shown = reveal(
        request, [p.worker for p in payments], action=Action.EXPORT,
        description=_("Subsidy payment list %(uid)s") % {"uid": batch.uid},
    )  # fmt: skip
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Payment list")
    append_row(sheet,
        [
            _("Worker number"), _("Name"), _("Identity number"), _("Home"), _("Started on"),
            _("Place of work"), _("Why eligible"), _("Amount (yuan)"), _("Transfer"),
            _("Cancelled on"),
        ]
    )  # fmt: skip
    for payment in payments:
        worker = payment.worker
        append_row(sheet,
            [
                worker.uid, worker.name, shown.identity(worker), worker.home.name,
                payment.placement.started_on, payment.placement.spell.place_of_work.name,
                payment.reason, payment.amount,
                payment.transfer.uid if payment.transfer else "", payment.cancelled_on,
            ]
        )  # fmt: skip
    for row in sheet.iter_rows():
        for cell in row:
            if cell.is_date:
                cell.number_format = "yyyy-mm-dd"
            elif cell.column == 8:
                cell.number_format = "#,##0.00"
    return xlsx_response(workbook_bytes(workbook), f"subsidies-{batch.uid}.xlsx")
