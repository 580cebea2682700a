from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xiezuo.accounts import policy
from xiezuo.accounts.audit import audit_history
from xiezuo.dates import parse_day, parse_year
from xiezuo.forms import errors_to_form, form_status
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.places.models import Place
from xiezuo.places.selectors import home_place_code, place_get_or_404
from xiezuo.spreadsheets import xlsx_response

from . import exports, selectors, services
from .forms import PairingEndForm, PairingForm
from .models import Kind, Status


def _place(code: str | None) -> Place | None:
    return place_get_or_404(code) if code else None


def pairing_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "pairing.view")
    place = _place(request.GET.get("place"))
    qs = selectors.pairing_list(
        kind=request.GET.get("kind") or None,
        status=request.GET.get("status") or None,
        place=place.code if place else None,
        side=request.GET.get("side") or "either",
    )
    page = page_of(request, qs)
    return render(
        request,
        "pairings/list.html",
        {
            "page": page,
            "filters": request.GET,
            "filter_place": place,
            "kinds": Kind.choices,
            "statuses": Status.choices,
            "sides": [
                ("either", _("Either side")),
                ("helper", _("Helper side")),
                ("helped", _("Helped side")),
            ],
        },
    )


def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "pairing.view")
    pairing = get_object_or_404(selectors.pairing_list(), pk=pk)
    return render(
        request,
        "pairings/detail.html",
        {
            "pairing": pairing,
            "end_form": PairingEndForm(initial={"ended_on": timezone.localdate()}),
            "audit": audit_history(pairing)
            if policy.can(request.user, "audit.view", pairing)
            else None,
        },
    )


def pairing_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "pairing.create")
    initial: dict[str, object] = {
        k: request.GET[k] for k in ("kind", "helper_place", "helped_place") if k in request.GET
    }
    initial.setdefault("started_on", timezone.localdate())
    form = PairingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy.require(request.user, "pairing.create", policy.Sides(data["helper"], data["helped"]))
        try:
            pairing = services.pairing_create(
                kind=data["kind"],
                helper=data["helper"],
                helped=data["helped"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                note=data["note"],
                source=data["source"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc, fields=form.service_fields())
        else:
            messages.success(request, _("Pairing created: %s.") % pairing)
            return redirect(pairing)
    return render(request, "pairings/form.html", {"form": form}, status=form_status(form))


def pairing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_object_or_404(selectors.pairing_list(), pk=pk)
    policy.require(request.user, "pairing.update", pairing)
    initial = {
        "kind": pairing.kind,
        "helper_place": pairing.helper_place.code if pairing.helper_place else "",
        "helper_organisation": pairing.helper_organisation,
        "helped_place": pairing.helped_place.code if pairing.helped_place else "",
        "helped_organisation": pairing.helped_organisation,
        "started_on": pairing.started_on,
        "ended_on": pairing.ended_on,
        "note": pairing.note,
        "source": pairing.source,
    }
    form = PairingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy.require(request.user, "pairing.create", policy.Sides(data["helper"], data["helped"]))
        try:
            services.pairing_update(
                pairing=pairing,
                kind=data["kind"],
                helper=data["helper"],
                helped=data["helped"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                note=data["note"],
                source=data["source"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc, fields=form.service_fields())
        else:
            messages.success(request, _("Pairing saved."))
            return redirect(pairing)
    return render(
        request,
        "pairings/form.html",
        {"form": form, "pairing": pairing},
        status=form_status(form),
    )


@require_http_methods(["POST"])
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_object_or_404(selectors.pairing_list(), pk=pk)
    policy.require(request.user, "pairing.end", pairing)
    form = PairingEndForm(request.POST)
    if form.is_valid():
        try:
            services.pairing_end(
                pairing=pairing,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Pairing ended."))
            return redirect(pairing)
    return render(
        request,
        "pairings/detail.html",
        {"pairing": pairing, "end_form": form, "audit": None},
        status=form_status(form),
    )


def _coverage_args(request: HttpRequest) -> tuple[Place, date, int | None]:
    """The place (default the programme's helped region), the day (default today) and the
    year of poverty asked for; a day or year that cannot be read is named on the page and
    left out."""
    place = _place(request.GET.get("place") or home_place_code())
    assert place is not None
    on = query_value(request, parse_day, field="on", default=timezone.localdate())
    poor_in = query_value(request, parse_year, field="poor_in", default=None)
    return place, on, poor_in


def coverage(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "coverage.view")
    place, on, poor_in = _coverage_args(request)
    cov = selectors.coverage(place, on=on, poor_in=poor_in)
    network = selectors.pairing_network(place, on=on)
    return render(
        request,
        "pairings/coverage.html",
        {
            "coverage": cov,
            "network": {"nodes": network.nodes, "links": network.links},
            "query": request.GET.urlencode(),
        },
    )


def coverage_export(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "coverage.view")
    place, on, poor_in = _coverage_args(request)
    cov = selectors.coverage(place, on=on, poor_in=poor_in)
    content = exports.unpaired_workbook(cov)
    return xlsx_response(content, f"unpaired-{place.code}-{cov.on.isoformat()}.xlsx")
