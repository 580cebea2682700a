"""Pages of consumption assistance's sales: the sales (filtered, with what counts and what
is kept apart, an Excel export, a channel statement's import), a sale with its reversal,
buyers and facilities."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.dates import parse_day
from xiezuo.forms import REFUSED, errors_to_form, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.numbers import money
from xiezuo.paging import page_of
from xiezuo.places.selectors import place_get
from xiezuo.spreadsheets import WorkbookForm, xlsx_response

from . import facilities, sales, statements
from .forms_sales import BuyerForm, FacilityForm, ReverseForm, SaleForm
from .models import Buyer, BuyerKind, FacilityKind, Sale


def _filter(request: HttpRequest) -> sales.SaleFilter:
    """The list's filters from the query string; a bad date is named and left out."""
    days: dict[str, Any] = {}
    for name in ("since", "until"):
        try:
            days[name] = parse_day(request.GET.get(name), default=None, field=name)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            days[name] = None
    code = (request.GET.get("place") or "").strip()
    buyer = (request.GET.get("buyer") or "").strip()
    return sales.SaleFilter(
        place=place_get(code) if code else None,
        buyer=Buyer.objects.filter(uid=buyer).first() if buyer else None,
        query=(request.GET.get("q") or "").strip(),
        **days,
    )


def sale_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    found = sales.sale_list(_filter(request))
    return render(
        request,
        "consumption/sale_list.html",
        {
            "page": page_of(request, found),
            "totals": statements.sale_totals(found),
            "buyers": Buyer.objects.order_by("name"),
            "filters": request.GET,
            "query": request.GET.urlencode(),
        },
    )


def sale_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, as an Excel workbook."""
    policy.require(request.user, "consumption.view")
    return xlsx_response(statements.sales_workbook(sales.sale_list(_filter(request))),
                         "sales.xlsx")  # fmt: skip


def _sale(uid: str) -> Sale:
    sale = sales.sale_get(uid)
    if sale is None:
        raise Http404(_("No sale has the number “%(key)s”.") % {"key": uid})
    return sale


def sale_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    sale = _sale(uid)
    return render(
        request,
        "consumption/sale_detail.html",
        {
            "sale": sale,
            "not_counted": "" if sale.reverses_id else sales.sale_not_counted(sale),
            "reversal": Sale.objects.filter(reverses=sale).first(),
            "reverse_form": ReverseForm(),
        },
    )


def sale_create(request: HttpRequest) -> HttpResponse:
    """Record a purchase; one of a product not certified that day is kept, and said not to
    count."""
    policy.require_anywhere(request.user, "consumption.record")
    initial = {k: request.GET[k] for k in ("buyer", "product", "supplier") if k in request.GET}
    form = SaleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        supplier = data["supplier"] or (data["product"].supplier if data["product"] else None)
        if supplier is not None:
            candidate = Sale(buyer=data["buyer"], supplier=supplier)
            policy.require(request.user, "consumption.record", candidate)
        try:
            sale = sales.sale_record(actor=request.user, **{**data, "supplier": supplier})
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            reason = sales.sale_not_counted(sale)
            recorded = _("Recorded: a purchase of %(amount)s yuan by %(buyer)s.") % {
                "amount": money(sale.amount), "buyer": sale.buyer.name,
            }  # fmt: skip
            if reason:
                messages.warning(request, f"{recorded} {reason}")
            else:
                messages.success(
                    request, f"{recorded} " + _("It counts toward the consumption figure.")
                )
            return redirect("consumption_sale_detail", uid=sale.uid)
    return render(request, "consumption/sale_form.html", {"form": form}, status=form_status(form))


def sale_reverse(request: HttpRequest, uid: str) -> HttpResponse:
    """Reverse a sale (POST), back to its page; "editing" it is recording it again."""
    sale = _sale(uid)
    policy.require(request.user, "consumption.record", sale)
    if request.method == "POST":
        form = ReverseForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            sales.sale_reverse(actor=request.user, sale=sale, note=note)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The sale is reversed; it no longer counts."))
    return redirect("consumption_sale_detail", uid=sale.uid)


def sale_import(request: HttpRequest) -> HttpResponse:
    """A channel's monthly statement: every row, or none (a message per cell)."""
    policy.require_anywhere(request.user, "consumption.record")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            created = statements.import_statement(
                source=form.cleaned_data["file"], user=request.user
            )
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(request, _("Imported %(count)s sales.") % {"count": len(created)})
            return redirect("consumption_sale_list")
    return render(
        request,
        "consumption/sale_import.html",
        {"form": form, "refused": refused, "columns": statements.COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def sale_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    return xlsx_response(statements.template_workbook(), "channel-statement-template.xlsx")


def buyer_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    kind = request.GET.get("kind") or ""
    found = sales.buyer_list(
        query=(request.GET.get("q") or "").strip(), kind=kind if kind in BuyerKind.values else ""
    )
    return render(
        request,
        "consumption/buyer_list.html",
        {"page": page_of(request, found), "kinds": BuyerKind.choices, "filters": request.GET},
    )


def buyer_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "consumption.record")
    form = BuyerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        policy.require(request.user, "consumption.record", form.cleaned_data["place"])
        try:
            buyer = sales.buyer_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded: the buyer %(name)s.") % {"name": buyer.name})
            return redirect("consumption_buyer_list")
    return render(request, "consumption/buyer_form.html", {"form": form}, status=form_status(form))


def facility_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    kind = request.GET.get("kind") or ""
    code = (request.GET.get("place") or "").strip()
    found = facilities.facility_list(
        kind=kind if kind in FacilityKind.values else "", place=place_get(code) if code else None
    )
    return render(
        request,
        "consumption/facility_list.html",
        {"page": page_of(request, found), "kinds": FacilityKind.choices, "filters": request.GET},
    )


def facility_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "consumption.record")
    form = FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sides = tuple(p for p in (data["serves"], data["located_in"]) if p is not None)
        policy.require(request.user, "consumption.record", policy.Places(sides))
        try:
            facility = facilities.facility_create(actor=request.user, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: the facility %(name)s.") % {"name": facility.name}
            )
            return redirect("consumption_facility_list")
    return render(
        request, "consumption/facility_form.html", {"form": form}, status=form_status(form)
    )
