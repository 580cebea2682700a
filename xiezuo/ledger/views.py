"""Pages of the fund ledger: the accounts with what each holds, and an account's statement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.dates import parse_day, parse_year
from xiezuo.forms import errors_to_form, form_status
from xiezuo.numbers import money
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.places.selectors import home_place_code, place_get
from xiezuo.spreadsheets import xlsx_response

from . import exports, selectors, services, use
from .forms import DonationForm, DonationReceiveForm, TransferForm
from .models import AccountKind, Donation, Transfer


def account_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "ledger.view")
    kind = request.GET.get("kind") or None
    if kind not in AccountKind.values:
        kind = None
    place = (request.GET.get("place") or "").strip() or None
    accounts = selectors.account_list(kind=kind, place_code=place)
    return render(
        request,
        "ledger/account_list.html",
        {"page": page_of(request, accounts), "kinds": AccountKind.choices, "filters": request.GET},
    )


def account_detail(request: HttpRequest, code: str) -> HttpResponse:
    policy.require(request.user, "ledger.view")
    account = selectors.account_get(code)
    if account is None:
        raise Http404(_("No account has the id or code “%(key)s”.") % {"key": code})
    return render(
        request,
        "ledger/account_detail.html",
        {
            "account": account,
            "balances": selectors.account_balances(account),
            "page": page_of(request, selectors.transfer_list(account=account)),
        },
    )


def transfer_create(request: HttpRequest) -> HttpResponse:
    """Record a transfer; the form may come filled from an account's page (?source=)."""
    policy.require_anywhere(request.user, "ledger.record")
    initial = {k: request.GET[k] for k in ("kind", "source", "target") if k in request.GET}
    form = TransferForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = Transfer(
            kind=data["kind"], counts_as=data["kind"], source=data["source"], target=data["target"]
        )
        policy.require(request.user, "ledger.record", candidate)
        try:
            recorded = services.transfer_create(
                actor=request.user,
                kind=data["kind"],
                source=data["source"],
                target=data["target"],
                amount=data["amount"],
                on=data["on"],
                pledge=data["pledge"],
                voucher=data["voucher"],
                note=data["note"],
                evidence=data["evidence"],
                idempotency_key=data["idempotency_key"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            transfer = recorded.transfer
            messages.success(
                request,
                _("Recorded: %(kind)s of %(amount)s yuan from %(source)s to %(target)s.")
                % {
                    "kind": transfer.get_kind_display(),
                    "amount": money(transfer.amount),
                    "source": transfer.source.name,
                    "target": transfer.target.name,
                },
            )
            return redirect("ledger_account_detail", code=transfer.source.code)
    return render(request, "ledger/transfer_form.html", {"form": form}, status=form_status(form))


def account_statement(request: HttpRequest, code: str) -> HttpResponse:
    """The account's statement as an Excel workbook, `?first=` to `?last=` (days)."""
    policy.require(request.user, "ledger.view")
    account = selectors.account_get(code)
    if account is None:
        raise Http404(_("No account has the id or code “%(key)s”.") % {"key": code})
    try:
        first = parse_day(request.GET.get("first"), default=None, field="first")
        last = parse_day(request.GET.get("last"), default=None, field="last")
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
    statement = selectors.account_statement(account, first=first, last=last)
    return xlsx_response(exports.statement_workbook(statement), f"statement-{account.code}.xlsx")


def transfer_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    """Reverse a transfer (POST), from its row on a statement; back to that statement."""
    transfer = selectors.transfer_list().filter(pk=pk).first()
    if transfer is None:
        raise Http404(_("No transfer has the id %(id)s.") % {"id": pk})
    policy.require(request.user, "ledger.record", transfer)
    back = request.POST.get("back") or transfer.source.code
    if request.method == "POST":
        try:
            services.transfer_reverse(
                actor=request.user,
                transfer=transfer,
                note=request.POST.get("note", ""),
            )  # a second click is refused: a transfer is reversed at most once
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Transfer no. %(number)s is reversed.") % {"number": transfer.pk},
            )
    account = selectors.account_get(back)
    return redirect("ledger_account_detail", code=account.code if account else transfer.source.code)


def donation_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "ledger.view")
    place = (request.GET.get("place") or "").strip() or None
    donations = Donation.objects.select_related(
        "donor", "place", "transfer__target", "project_account"
    )
    if place:
        donations = donations.filter(place__code__startswith=place)
    return render(
        request,
        "ledger/donation_list.html",
        {"page": page_of(request, donations), "filters": request.GET},
    )


def donation_create(request: HttpRequest) -> HttpResponse:
    """Record a gift received; a donor is found by name, kind and origin, or added."""
    policy.require_anywhere(request.user, "donation.record")
    form = DonationForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project_account = data["project_account"]
        place = data["place"] or (project_account.place if project_account else None)
        if place is None:
            form.add_error("place", _("Say which place the gift is for."))
            return render(request, "ledger/donation_form.html", {"form": form}, status=400)
        policy.require(request.user, "donation.record", place)
        try:
            donation = services.donation_record(
                actor=request.user,
                donor=services.DonorDetails(
                    name=data["donor_name"],
                    kind=data["donor_kind"],
                    origin=data["donor_origin"],
                    anonymous=data["anonymous"],
                ),
                form=data["form"],
                amount=data["amount"],
                place=data["place"],
                project_account=project_account,
                pledged_on=data["pledged_on"],
                received_on=data["received_on"],
                goods=data["goods"],
                receipt_number=data["receipt_number"],
                note=data["note"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if donation.received:
                said = _("Recorded: a donation of %(amount)s yuan for %(place)s.")
            else:
                said = _("Recorded: a pledge of %(amount)s yuan for %(place)s.")
            messages.success(
                request, said % {"amount": money(donation.amount), "place": donation.place.name}
            )
            return redirect("ledger_donation_list")
    return render(request, "ledger/donation_form.html", {"form": form}, status=form_status(form))


def donation_receive(request: HttpRequest, uid: str) -> HttpResponse:
    """A pledged gift arrives: record the day (and the receipt's number)."""
    donation = Donation.objects.select_related("donor", "place").filter(uid=uid).first()
    if donation is None:
        raise Http404(_("No donation has the id “%(key)s”.") % {"key": uid})
    policy.require(request.user, "donation.record", donation.place)
    form = DonationReceiveForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.donation_receive(
                actor=request.user,
                donation=donation,
                received_on=form.cleaned_data["received_on"],
                receipt_number=form.cleaned_data["receipt_number"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Recorded: the pledged %(amount)s yuan for %(place)s has been received.")
                % {"amount": money(donation.amount), "place": donation.place.name},
            )
            return redirect("ledger_donation_list")
    return render(
        request,
        "ledger/donation_receive.html",
        {"form": form, "donation": donation},
        status=form_status(form),
    )


def ledger_export(request: HttpRequest) -> HttpResponse:
    """The whole ledger as an Excel workbook: the accounts (`?kind=`, `?place=` with its area)
    with their balances, and every transfer touching them, oldest first."""
    policy.require(request.user, "ledger.view")
    kind = request.GET.get("kind") or None
    place = (request.GET.get("place") or "").strip() or None
    accounts = list(
        selectors.account_list(kind=kind if kind in AccountKind.values else None, place_code=place)
    )
    transfers = selectors.transfer_list().order_by("on", "id").select_related("pledge")
    if kind or place:
        ids = [a.pk for a in accounts]
        transfers = transfers.filter(Q(source__in=ids) | Q(target__in=ids))
    return xlsx_response(exports.ledger_workbook(accounts, transfers.iterator()), "ledger.xlsx")


def fund_use(request: HttpRequest) -> HttpResponse:
    """Payout and spending rates (资金使用) of a place with its area, by year, place, helper
    and project, and the aid per county; `?format=xlsx` for the workbook."""
    policy.require(request.user, "ledger.view")
    place = place_get(request.GET.get("place") or home_place_code())
    if place is None:
        raise Http404(_("No place has the code “%s”.") % request.GET.get("place"))
    year = query_value(request, parse_year, field="year", default=None)
    report = use.fund_use(place, year)
    if request.GET.get("format") == "xlsx":
        suffix = f"-{year}" if year else ""
        return xlsx_response(
            exports.fund_use_workbook(report), f"fund-use-{place.code}{suffix}.xlsx"
        )
    tables = [
        (_("By year"), _("Year"), report.years, "by-year"),
        (_("By place"), _("Place"), report.places, "by-place"),
        (_("By helper"), _("Helper"), report.helpers, "by-helper"),
        (_("By project"), _("Project"), report.projects, "by-project"),
    ]
    years = [int(row.key) for row in report.years]
    return render(
        request, "ledger/fund_use.html", {"report": report, "years": years, "tables": tables}
    )
