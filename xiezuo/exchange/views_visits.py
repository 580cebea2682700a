"""Pages of the short visits: the list (filtered, with the people in all, an Excel
export), recording and correcting a visit, importing visits from Excel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.accounts.policy import Places
from xiezuo.dates import parse_year
from xiezuo.forms import REFUSED, errors_to_form, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.spreadsheets import WorkbookForm, xlsx_response

from . import excel_visits, visits
from .forms_exchange_quotas import VisitForm
from .models import Direction, ShortVisit, VisitKind


def _filters(request: HttpRequest) -> visits.VisitFilters:
    kind = request.GET.get("kind") or None
    direction = request.GET.get("direction") or None
    return visits.VisitFilters(
        place=(request.GET.get("place") or "").strip() or None,
        year=query_value(request, parse_year, field="year", default=None),
        kind=kind if kind in VisitKind.values else None,
        direction=direction if direction in Direction.values else None,
    )


def visit_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "exchange.view")
    found = visits.visit_list(_filters(request))
    return render(
        request,
        "exchange/visit_list.html",
        {
            "page": page_of(request, found),
            "people": visits.visit_people(found),
            "kinds": VisitKind.choices,
            "directions": Direction.choices,
            "filters": request.GET,
            "query": request.GET.urlencode(),
        },
    )


def visit_export(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "exchange.view")
    return xlsx_response(
        excel_visits.visits_workbook(visits.visit_list(_filters(request))), "short-visits.xlsx"
    )


def _visit(uid: str) -> ShortVisit:
    visit = visits.visit_get(uid)
    if visit is None:
        raise Http404(_("No visit has the number “%(key)s”.") % {"key": uid})
    return visit


def _authorise_places(request: HttpRequest, form: VisitForm) -> None:
    data = form.cleaned_data
    if data["origin"] is not None and data["host"] is not None:
        policy.require(request.user, "exchange.record", Places((data["origin"], data["host"])))


def visit_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "exchange.record")
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _authorise_places(request, form)
        try:
            visit = visits.visit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Recorded: %(people)s people, %(kind)s.")
                % {"people": visit.people, "kind": visit.get_kind_display()},
            )
            return redirect("exchange_visit_list")
    return render(
        request, "exchange/visit_form.html", {"form": form, "visit": None},
        status=form_status(form),
    )  # fmt: skip


def visit_edit(request: HttpRequest, uid: str) -> HttpResponse:
    visit = _visit(uid)
    policy.require(request.user, "exchange.record", visit)
    initial = {
        "kind": visit.kind, "direction": visit.direction, "origin": visit.origin.code,
        "host": visit.host.code, "people": visit.people, "from_on": visit.from_on,
        "to_on": visit.to_on, "note": visit.note,
    }  # fmt: skip
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _authorise_places(request, form)
        try:
            visits.visit_update(
                actor=request.user, visit=visit,
                host_organisation=visit.host_organisation, **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The visit is corrected."))
            return redirect("exchange_visit_list")
    return render(
        request, "exchange/visit_form.html", {"form": form, "visit": visit},
        status=form_status(form),
    )  # fmt: skip


def visit_import(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "exchange.record")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            created = excel_visits.import_visits(
                source=form.cleaned_data["file"], user=request.user
            )
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(request, _("Imported %(count)s visits.") % {"count": len(created)})
            return redirect("exchange_visit_list")
    return render(
        request,
        "exchange/visit_import.html",
        {"form": form, "refused": refused, "columns": excel_visits.COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def visit_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "exchange.view")
    return xlsx_response(excel_visits.template_workbook(), "short-visits-template.xlsx")
