"""Pages of the year's quotas — the report "planned vs in post" (with its Excel export),
setting a county's quotas, importing them — and of who is in post on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.dates import parse_day, parse_year
from xiezuo.forms import REFUSED, errors_to_form, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.spreadsheets import WorkbookForm, xlsx_response

from . import excel_quotas, quotas
from .forms_exchange_quotas import QuotaForm
from .models import Direction

ENDING_DAYS = 30


@dataclass(frozen=True)
class ReportQuery:
    year: int
    on: date | None
    place: str | None
    direction: str


def _query(request: HttpRequest) -> ReportQuery:
    """The report's filters from the query string; a bad value is named and left out."""
    year = query_value(request, parse_year, field="year", default=None)
    on = query_value(request, parse_day, field="on", default=None)
    if year is not None and not quotas.FIRST_YEAR <= year <= quotas.last_year():
        try:
            quotas.year_clean(year)
        except ValidationError as exc:
            for message in exc.messages:
                messages.warning(request, message)
        year = None
    # no year asked: the day's year, else the latest year quotas are set for, else this year
    year = year or (on.year if on else quotas.latest_quota_year() or timezone.localdate().year)
    direction = request.GET.get("direction") or Direction.TO_HELPED
    if direction not in Direction.values:
        direction = Direction.TO_HELPED
    return ReportQuery(year, on, (request.GET.get("place") or "").strip() or None, direction)


def _report(query: ReportQuery) -> quotas.QuotaReport:
    return quotas.quota_report(
        year=query.year, on=query.on, place=query.place, direction=query.direction
    )


def _report_page(
    request: HttpRequest, form: QuotaForm | None = None, status: int = 200
) -> HttpResponse:
    query = _query(request)
    return render(
        request,
        "exchange/quota_report.html",
        {
            "report": _report(query),
            "query": query,
            "directions": Direction.choices,
            "form": form or QuotaForm(initial={"year": query.year, "direction": query.direction}),
            "querystring": request.GET.urlencode(),
        },
        status=status,
    )


def quota_report(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "exchange.view")
    return _report_page(request)


def quota_export(request: HttpRequest) -> HttpResponse:
    """The report as shown, as an Excel workbook."""
    policy.require(request.user, "exchange.view")
    content = excel_quotas.report_workbook(_report(_query(request)))
    return xlsx_response(content, "quotas-planned-in-post.xlsx")


def quota_set(request: HttpRequest) -> HttpResponse:
    """Set a county's quotas for a year (POST, from the report's page)."""
    policy.require_anywhere(request.user, "exchange.quota.manage")
    form = QuotaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["place"] is not None:
            policy.require(request.user, "exchange.quota.manage", data["place"])
        try:
            quotas.quota_set(actor=request.user, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("The quotas of %(place)s for %(year)s are set.")
                % {"place": data["place"].display_name, "year": data["year"]},
            )
            target = reverse("exchange_quota_report")
            return redirect(f"{target}?year={data['year']}&direction={data['direction']}")
    return _report_page(request, form, status=form_status(form))


def quota_import(request: HttpRequest) -> HttpResponse:
    """The year's quotas from an Excel workbook: every row, or none (a message per cell)."""
    policy.require_anywhere(request.user, "exchange.quota.manage")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            written = excel_quotas.import_quotas(
                source=form.cleaned_data["file"], user=request.user
            )
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(
                request,
                _("Imported the quotas of %(count)s counties.") % {"count": len(written) // 2},
            )
            return redirect("exchange_quota_report")
    return render(
        request,
        "exchange/quota_import.html",
        {"form": form, "refused": refused, "columns": excel_quotas.COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def quota_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "exchange.view")
    return xlsx_response(excel_quotas.template_workbook(), "quotas-template.xlsx")


def in_post(request: HttpRequest) -> HttpResponse:
    """Who is in post on a day, and who of them ends within 30 days."""
    policy.require(request.user, "exchange.view")
    on = query_value(request, parse_day, field="on", default=None) or timezone.localdate()
    place = (request.GET.get("place") or "").strip() or None
    found = quotas.in_post_list(on=on, place=place)
    return render(
        request,
        "exchange/in_post.html",
        {
            "on": on,
            "place": place or "",
            "page": page_of(request, found),
            "count": found.count(),
            "ending": quotas.ending_list(on=on, place=place, days=ENDING_DAYS),
            "ending_days": ENDING_DAYS,
            "last_day": None if found.exists() else quotas.last_in_post_day(before=on, place=place),
        },
    )
