"""Pages of data entry and approval: choose a report, enter it cell by cell,
complete it; the level above approves or returns it; completeness and
validation across places."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.forms import ButtonForm, errors_to_form, form_status
from xiezuo.language import period_label
from xiezuo.numbers import from_fullwidth, ungrouped
from xiezuo.periods import Period, PeriodType
from xiezuo.places.models import Place
from xiezuo.places.selectors import place_get_or_404

from . import selectors, services, validation
from .forms import ApprovalFilterForm, PlaceForm, ReportForm, ReturnForm, ValidationForm
from .models import DataSet, ValueType
from .selectors import GridCell


def _report_args(code: str, place_code: str, period_id: str) -> tuple[DataSet, Place, Period]:
    data_set = DataSet.objects.filter(code=code).first()
    if data_set is None:
        raise Http404(_("No data set has the code “%s”.") % code)
    place = place_get_or_404(place_code)
    try:
        period = periods.parse(period_id)
    except ValueError as exc:
        raise Http404(_("“%s” is not a period.") % period_id) from exc
    if period.type is not data_set.period_type_enum:
        raise Http404(
            _("%(data_set)s is reported %(type)s; “%(period)s” is not such a period")
            % {
                "data_set": data_set.name,
                "type": data_set.get_period_type_display(),
                "period": period_id,
            }
        )
    return data_set, place, period


def _grid_url(data_set: DataSet, place: Place, period: Period) -> str:
    return reverse("entry_grid", args=[data_set.code, place.code, period.id])


def _cell_urls(data_set: DataSet, place: Place, period: Period) -> dict[str, str]:
    args = [data_set.code, place.code, period.id]
    return {
        "cell_url": reverse("entry_cell", args=args),
        "history_url": reverse("entry_cell_history", args=args),
    }


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


# --- choosing a report


@require_GET
def entry_start(request: HttpRequest) -> HttpResponse:
    """Choose a data set, a place in scope and a period; see the recent reports' states."""
    policy.require_anywhere(request.user, "data.view")
    default_place = selectors.default_place_code(request.user)
    form = ReportForm(
        request.GET if "data_set" in request.GET else None,
        user=request.user,
        initial={"place": default_place},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return redirect(_grid_url(data["data_set"], data["place"], data["period"]))
    place_form = PlaceForm(
        {"place": request.GET.get("place") or default_place},
        user=request.user,
        auto_id="id_recent_%s",  # the report form above has a place field too
    )
    recent = None
    if place_form.is_valid():
        recent = selectors.recent_reports(place=place_form.cleaned_data["place"])
    return render(
        request,
        "indicators/entry_start.html",
        {
            "form": form,
            "place_form": place_form,
            "recent": recent,
            "states": selectors.REPORT_STATES,
            "suggestions": selectors.place_suggestions(request.user),
        },
        # without a query the forms hold the defaults: nothing the user sent was refused
        status=form_status(form, place_form) if request.GET else 200,
    )


# --- the grid


def _grid_response(
    request: HttpRequest,
    data_set: DataSet,
    place: Place,
    period: Period,
    *,
    report_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    report = selectors.report_get(data_set, place, period)
    grid = selectors.grid_build(
        data_set=data_set,
        place=place,
        period=period,
        may_enter=policy.can(user, "data.enter", place),
        report=report,
    )
    context = {
        **_cell_urls(data_set, place, period),
        "grid": grid,
        "report": report,
        "violations": validation.violations_for(place, period, data_set=data_set),
        "may_approve": policy.can(user, "data.approve", place),
        "report_form": report_form,
        "return_form": report_form if isinstance(report_form, ReturnForm) else ReturnForm(),
        "history": selectors.report_history(data_set, place, period)
        if policy.can(user, "audit.view", place)
        else None,
        "expected": not data_set.places.exists() or data_set.places.filter(pk=place.pk).exists(),
    }
    return render(request, "indicators/entry.html", context, status=status)


@require_GET
def entry_grid(request: HttpRequest, code: str, place_code: str, period_id: str) -> HttpResponse:
    """The report's grid: editable for those who may enter, read-only for readers."""
    data_set, place, period = _report_args(code, place_code, period_id)
    policy.require(request.user, "data.view", place)
    return _grid_response(request, data_set, place, period)


@require_POST
def entry_cell(request: HttpRequest, code: str, place_code: str, period_id: str) -> HttpResponse:
    """Save one cell (htmx): answers the cell, saved or with its error beside it,
    and the validation panel (out of band) when something was written."""
    data_set, place, period = _report_args(code, place_code, period_id)
    element = get_object_or_404(data_set.data_elements, code=request.POST.get("element", ""))
    key = request.POST.get("key", "")
    raw = request.POST.get("value", "")
    if element.value_type != ValueType.TEXT:
        # A Chinese input method types full-width digits, and people write 12,500: in
        # the grid alone they are read as 12500 (the API and the imports take DHIS2's
        # number format only: ASCII digits, no separators).
        raw = ungrouped(from_fullwidth(raw))
    if not policy.can(request.user, "data.enter", place):
        # Nothing of the place is shown: it may be outside the user's scope.
        denied = GridCell(element=element, key=key, label="", value=raw)
        return render(
            request,
            "indicators/_entry_cell.html",
            {"cell": denied, "error": policy.denied_message("data.enter")},
            status=403,
        )
    context: dict[str, Any] = _cell_urls(data_set, place, period)
    try:
        services.cell_save(
            actor=request.user,
            data_set=data_set,
            element=element,
            place=place,
            period=period,
            key=key,
            raw=raw,
        )
    except ValidationError as exc:
        cell = selectors.grid_cell(
            element=element, key=key, place=place, period=period, may_enter=True
        )
        if cell.editable:
            cell.value = raw  # keep what was typed, to correct it
        context |= {"cell": cell, "error": _errors(exc)}
        return render(request, "indicators/_entry_cell.html", context, status=422)
    context |= {
        "cell": selectors.grid_cell(
            element=element, key=key, place=place, period=period, may_enter=True
        ),
        "saved": True,
        "violations": validation.violations_for(place, period, data_set=data_set),
        "oob": True,
    }
    return render(request, "indicators/_entry_cell.html", context)


@require_GET
def entry_cell_history(
    request: HttpRequest, code: str, place_code: str, period_id: str
) -> HttpResponse:
    """Who stored a cell's value and every change before (a partial)."""
    data_set, place, period = _report_args(code, place_code, period_id)
    policy.require(request.user, "data.history", place)
    element = get_object_or_404(data_set.data_elements, code=request.GET.get("element", ""))
    key = request.GET.get("key", "")
    history = selectors.value_history(element=element, place=place, period=period, key=key)
    return render(
        request,
        "indicators/_entry_history.html",
        {"history": history, "dom_id": selectors.cell_dom_id(element.code, key)},
    )


# --- a report's life


def _report_action(
    request: HttpRequest,
    code: str,
    place_code: str,
    period_id: str,
    *,
    action: str,
    done: str,
    service: Any,
    form_class: type[forms.Form] = ButtonForm,
) -> HttpResponse:
    """A button (or the return form) that changes the report's state: what the service
    refuses is shown on the report, beside the comment or above the buttons (422)."""
    data_set, place, period = _report_args(code, place_code, period_id)
    policy.require(request.user, action, place)
    form = form_class(request.POST)
    status = 0
    if form.is_valid():
        try:
            service(
                actor=request.user,
                data_set=data_set,
                place=place,
                period=period,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        except PermissionDenied as exc:  # four eyes: shown on the report, beside the button
            form.add_error(None, str(exc))
            status = 403
        else:
            messages.success(request, done)
            return redirect(_grid_url(data_set, place, period))
    return _grid_response(
        request, data_set, place, period, report_form=form, status=status or form_status(form)
    )


@require_POST
def report_complete(
    request: HttpRequest, code: str, place_code: str, period_id: str
) -> HttpResponse:
    return _report_action(
        request,
        code,
        place_code,
        period_id,
        action="data.enter",
        done=_("The report is marked complete."),
        service=services.report_complete,
    )


@require_POST
def report_uncomplete(
    request: HttpRequest, code: str, place_code: str, period_id: str
) -> HttpResponse:
    return _report_action(
        request,
        code,
        place_code,
        period_id,
        action="data.enter",
        done=_("The report is open for entry again."),
        service=services.report_uncomplete,
    )


@require_POST
def report_approve(
    request: HttpRequest, code: str, place_code: str, period_id: str
) -> HttpResponse:
    return _report_action(
        request,
        code,
        place_code,
        period_id,
        action="data.approve",
        done=_("The report is approved; its figures are locked."),
        service=_approve,
    )


def _approve(*, actor: Any, data_set: DataSet, place: Place, period: Period, **fields: Any) -> Any:
    """Approve, if the four-eyes rule lets this approver (`policy.self_approval`)."""
    took_part = selectors.report_took_part(actor, data_set, place, period)
    own = policy.self_approval(actor, took_part=took_part)
    return services.report_approve(
        actor=actor, data_set=data_set, place=place, period=period, self_approved=own, **fields
    )


@require_POST
def report_return(request: HttpRequest, code: str, place_code: str, period_id: str) -> HttpResponse:
    return _report_action(
        request,
        code,
        place_code,
        period_id,
        action="data.approve",
        done=_("The report is returned with your comment."),
        service=services.report_return,
        form_class=ReturnForm,
    )


@require_POST
def report_unapprove(
    request: HttpRequest, code: str, place_code: str, period_id: str
) -> HttpResponse:
    return _report_action(
        request,
        code,
        place_code,
        period_id,
        action="data.approve",
        done=_("The approval is withdrawn; the figures are unlocked."),
        service=services.report_unapprove,
    )


# --- across places


@require_GET
def approval_list(request: HttpRequest) -> HttpResponse:
    """Reports below the user's scope: awaiting approval, approved, returned."""
    policy.require_anywhere(request.user, "data.approve")
    form = ApprovalFilterForm(request.GET or None)
    data_set = period = None
    if form.is_bound and form.is_valid():
        data_set, period = form.cleaned_data["data_set"], form.cleaned_data["period"]
    queue = selectors.approval_queue(request.user, data_set=data_set, period=period)
    return render(
        request,
        "indicators/approval_list.html",
        {"form": form, "queue": queue},
        status=form_status(form),
    )


@require_GET
def data_completeness(request: HttpRequest) -> HttpResponse:
    """Expected against received reports of a data set, place by place."""
    policy.require_anywhere(request.user, "data.view")
    first = selectors.data_set_list().first()
    data = {
        "data_set": request.GET.get("data_set") or (first.code if first else ""),
        "place": request.GET.get("place") or selectors.default_place_code(request.user),
        "period": request.GET.get("period", ""),
    }
    form = ReportForm(data, user=request.user)
    result = None
    if form.is_valid():
        result = selectors.completeness(
            data_set=form.cleaned_data["data_set"],
            place=form.cleaned_data["place"],
            period=form.cleaned_data["period"],
        )
    return render(
        request,
        "indicators/entry_completeness.html",
        {
            "form": form,
            "result": result,
            "suggestions": selectors.place_suggestions(request.user),
        },
        status=form_status(form) if request.GET else 200,  # defaults only: nothing sent
    )


@require_GET
def data_validation(request: HttpRequest) -> HttpResponse:
    """The validation rules broken by a place and its children in a period."""
    policy.require_anywhere(request.user, "data.view")
    last_year = periods.of_date(timezone.localdate(), PeriodType.YEARLY).previous
    data = {
        "place": request.GET.get("place") or selectors.default_place_code(request.user),
        "period": request.GET.get("period") or last_year.id,
    }
    form = ValidationForm(data, user=request.user)
    found, shown_period = None, ""
    if form.is_valid():
        place, period = form.cleaned_data["place"], form.cleaned_data["period"]
        found, shown_period = validation.violations_below(place, period), period_label(period)
    return render(
        request,
        "indicators/entry_validation.html",
        {
            "form": form,
            "violations": found,
            "period_label": shown_period,
            "suggestions": selectors.place_suggestions(request.user),
        },
        status=form_status(form) if request.GET else 200,  # defaults only: nothing sent
    )
