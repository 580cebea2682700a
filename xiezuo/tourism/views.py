"""Pages of the tourism registry: scenic spots (filtered, with totals and an Excel export
of the spots with their discounts), a spot with its discounts and monthly visitors,
tourism cooperation projects, tourist routes, and the visitor reports (a county's month
entered on one form; an Excel return imported all or nothing; exported)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo import periods as period_ids
from xiezuo.accounts import policy
from xiezuo.dates import parse_year
from xiezuo.forms import REFUSED, errors_to_form, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.language import period_label
from xiezuo.paging import page_of
from xiezuo.places.selectors import place_get
from xiezuo.spreadsheets import WorkbookForm, xlsx_response

from . import excel, selectors, services
from .api import _Sides
from .forms import DiscountForm, ProjectForm, RouteForm, SpotForm, VisitorReportForm
from .models import Grade, ProjectKind, ScenicSpot, SpotKind, TourismProject


def _year(request: HttpRequest) -> int | None:
    """The year asked for; a bad one is named and left out."""
    try:
        return parse_year(request.GET.get("year"), default=None, field="year")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None


def _place_code(request: HttpRequest) -> str | None:
    return (request.GET.get("place") or "").strip() or None


# --- scenic spots


def _spot_filters(request: HttpRequest) -> selectors.SpotFilters:
    grade = request.GET.get("grade")
    kind = request.GET.get("kind") or None
    return selectors.SpotFilters(
        place=_place_code(request),
        year=_year(request),
        grade=grade if grade in Grade.values and grade != "" else None,
        kind=kind if kind in SpotKind.values else None,
        discounted=request.GET.get("discounted") == "1",
    )


def spot_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "tourism.view")
    spots = selectors.spot_list(_spot_filters(request))
    return render(
        request,
        "tourism/spot_list.html",
        {
            "page": page_of(request, spots),
            "totals": selectors.spot_totals(spots),
            "grades": [g for g in Grade.choices if g[0]],
            "kinds": SpotKind.choices,
            "filters": request.GET,
            "query": request.GET.urlencode(),
        },
    )


def spot_export(request: HttpRequest) -> HttpResponse:
    """The spots as filtered, with their discounts, as an Excel workbook."""
    policy.require(request.user, "tourism.view")
    spots = selectors.spot_list(_spot_filters(request))
    return xlsx_response(excel.spots_workbook(spots), "scenic-spots.xlsx")


def spot_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "tourism.record")
    form = SpotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy.require(request.user, "tourism.record", ScenicSpot(place=data["place"]))
        try:
            spot = services.spot_create(actor=request.user, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: the scenic spot %(name)s.") % {"name": spot.name}
            )
            return redirect("tourism_spot_detail", uid=spot.uid)
    return _form_page(request, form, _("Record a scenic spot"), "tourism_spot_list")


def _form_page(
    request: HttpRequest, form: Any, title: str, back: str, back_args: Any = ()
) -> HttpResponse:
    return render(
        request,
        "tourism/record_form.html",
        {"form": form, "title": title, "back": back, "back_args": back_args},
        status=form_status(form),
    )


def _spot(uid: str) -> ScenicSpot:
    spot = selectors.spot_get(uid)
    if spot is None:
        raise Http404(_("No scenic spot has the number “%(key)s”.") % {"key": uid})
    return spot


def _spot_page(
    request: HttpRequest, spot: ScenicSpot, *forms: Any, status: int = 200
) -> HttpResponse:
    shown = {type(form).__name__: form for form in forms}
    this_month = period_ids.of_date(timezone.localdate(), period_ids.PeriodType.MONTHLY)
    return render(
        request,
        "tourism/spot_detail.html",
        {
            "spot": spot,
            "discounts": selectors.spot_discounts(spot),
            "months": selectors.spot_months(spot),
            "discount_form": shown.get("DiscountForm") or DiscountForm(),
            "visitor_form": shown.get("VisitorReportForm")
            or VisitorReportForm(initial={"period": f"{this_month.year}-{this_month.id[4:]}"}),
        },
        status=status,
    )


def spot_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "tourism.view")
    return _spot_page(request, _spot(uid))


def spot_edit(request: HttpRequest, uid: str) -> HttpResponse:
    spot = _spot(uid)
    policy.require(request.user, "tourism.record", spot)
    initial = {"name": spot.name, "place": spot.place.code, "grade": spot.grade,
               "kind": spot.kind, "note": spot.note}  # fmt: skip
    form = SpotForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy.require(request.user, "tourism.record", ScenicSpot(place=data["place"]))
        try:
            services.spot_update(actor=request.user, spot=spot, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved: the scenic spot %(name)s.") % {"name": spot.name})
            return redirect("tourism_spot_detail", uid=spot.uid)
    return _form_page(request, form, spot.name, "tourism_spot_detail", [spot.uid])


def discount_create(request: HttpRequest, uid: str) -> HttpResponse:
    """Record a ticket discount of the spot (POST, from its page)."""
    spot = _spot(uid)
    policy.require(request.user, "tourism.record", spot)
    form = DiscountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.discount_create(actor=request.user, spot=spot, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: a ticket discount of %(name)s.") % {"name": spot.name}
            )
            return redirect("tourism_spot_detail", uid=spot.uid)
    return _spot_page(request, spot, form, status=form_status(form))


def discount_edit(request: HttpRequest, pk: int) -> HttpResponse:
    discount = selectors.discount_get(pk)
    if discount is None:
        raise Http404(_("No ticket discount has the id %(id)s.") % {"id": pk})
    policy.require(request.user, "tourism.record", discount)
    initial = {"audience": discount.audience, "kind": discount.kind, "value": discount.value,
               "valid_from": discount.valid_from, "valid_to": discount.valid_to,
               "note": discount.note}  # fmt: skip
    form = DiscountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.discount_update(actor=request.user, discount=discount, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved: the ticket discount."))
            return redirect("tourism_spot_detail", uid=discount.spot.uid)
    return _form_page(request, form, discount.spot.name, "tourism_spot_detail", [discount.spot.uid])


def visitor_report_create(request: HttpRequest, uid: str) -> HttpResponse:
    """Report the spot's visitors of a month (POST, from its page)."""
    spot = _spot(uid)
    policy.require(request.user, "tourism.record", spot)
    form = VisitorReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.visitor_report_record(
                actor=request.user, spot=spot, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Recorded: the visitors of %(month)s at %(name)s.")
                % {"month": period_label(period_ids.parse(report.period)), "name": spot.name},
            )
            return redirect("tourism_spot_detail", uid=spot.uid)
    return _spot_page(request, spot, form, status=form_status(form))


# --- tourism cooperation projects


def project_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "tourism.view")
    kind = request.GET.get("kind") or None
    filters = selectors.ProjectFilters(
        place=_place_code(request), year=_year(request),
        kind=kind if kind in ProjectKind.values else None,
    )  # fmt: skip
    projects = selectors.project_list(filters)
    by_kind = selectors.project_counts_by_kind(projects)
    return render(
        request,
        "tourism/project_list.html",
        {
            "page": page_of(request, projects),
            "total": sum(by_kind.values()),
            "by_kind": [(label, by_kind.get(value, 0)) for value, label in ProjectKind.choices],
            "kinds": ProjectKind.choices,
            "filters": request.GET,
        },
    )


def _project_may(request: HttpRequest, data: dict[str, Any]) -> None:
    candidate = TourismProject(
        place=data["place"], helper=data.get("helper"), helper_place=data.get("helper_place")
    )
    policy.require(request.user, "tourism.record", candidate)


def project_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "tourism.record")
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _project_may(request, form.cleaned_data)
        try:
            project = services.project_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: the tourism project %(name)s.") % {"name": project.name}
            )
            return redirect("tourism_project_list")
    return _form_page(
        request, form, _("Record a tourism cooperation project"), "tourism_project_list"
    )


def project_edit(request: HttpRequest, uid: str) -> HttpResponse:
    project = selectors.project_get(uid)
    if project is None:
        raise Http404(_("No tourism project has the number “%(key)s”.") % {"key": uid})
    policy.require(request.user, "tourism.record", project)
    initial = {
        "name": project.name, "kind": project.kind, "place": project.place.code,
        "helper": project.helper_id,
        "helper_place": project.helper_place.code if project.helper_place else "",
        "agreed_on": project.agreed_on, "library_project": project.library_project_id,
        "note": project.note,
    }  # fmt: skip
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _project_may(request, form.cleaned_data)
        try:
            services.project_update(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Saved: the tourism project %(name)s.") % {"name": project.name}
            )
            return redirect("tourism_project_list")
    return _form_page(request, form, project.name, "tourism_project_list")


# --- tourist routes


def route_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "tourism.view")
    routes = selectors.route_list(place=_place_code(request))
    return render(
        request,
        "tourism/route_list.html",
        {"page": page_of(request, routes), "filters": request.GET},
    )


def _route_may(request: HttpRequest, data: dict[str, Any]) -> None:
    sides = [*data["places"], *([data["promoted_by"]] if data.get("promoted_by") else [])]
    if not any(policy.can(request.user, "tourism.record", _Sides(side)) for side in sides):
        policy.require(request.user, "tourism.record", _Sides(None))


def route_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "tourism.record")
    form = RouteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _route_may(request, form.cleaned_data)
        try:
            route = services.route_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: the tourist route %(name)s.") % {"name": route.name}
            )
            return redirect("tourism_route_list")
    return _form_page(request, form, _("Record a tourist route"), "tourism_route_list")


def route_edit(request: HttpRequest, uid: str) -> HttpResponse:
    route = selectors.route_get(uid)
    if route is None:
        raise Http404(_("No tourist route has the number “%(key)s”.") % {"key": uid})
    policy.require(request.user, "tourism.record", route)
    places = " ".join(p.code for p in route.places.all())
    initial = {"name": route.name, "places": places, "promoted_by": route.promoted_by_id,
               "since": route.since, "note": route.note}  # fmt: skip
    form = RouteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _route_may(request, form.cleaned_data)
        try:
            services.route_update(actor=request.user, route=route, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Saved: the tourist route %(name)s.") % {"name": route.name}
            )
            return redirect("tourism_route_list")
    return _form_page(request, form, route.name, "tourism_route_list")


# --- monthly visitor reports


def _report_filters(request: HttpRequest) -> selectors.ReportFilters:
    period = (request.GET.get("period") or "").replace("-", "").strip()
    return selectors.ReportFilters(
        place=_place_code(request), year=_year(request),
        period=period if len(period) == 6 and period.isdigit() else None,
    )  # fmt: skip


def visitor_report_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "tourism.view")
    reports = selectors.visitor_report_list(_report_filters(request))
    return render(
        request,
        "tourism/visitor_report_list.html",
        {"page": page_of(request, reports), "filters": request.GET,
         "query": request.GET.urlencode()},
    )  # fmt: skip


def visitor_report_export(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "tourism.view")
    reports = selectors.visitor_report_list(_report_filters(request))
    return xlsx_response(excel.visitors_workbook(reports), "visitor-reports.xlsx")


def visitor_month(request: HttpRequest) -> HttpResponse:
    """A county's month on one form: each of its spots' visitors; saved all or nothing.
    A spot that reported the month already is shown with its figures, not asked again."""
    policy.require_anywhere(request.user, "tourism.record")
    data = request.POST if request.method == "POST" else request.GET
    place = (data.get("place") or "").strip()
    errors: dict[str, str] = {}
    period = ""
    if data.get("period"):
        try:
            period = services.month_clean(data.get("period"))
        except ValidationError as exc:
            errors["period"] = " ".join(exc.messages)
    if request.method == "POST":  # a county's month is recorded by whoever records there
        asked = place_get(place) if place else None
        if asked is None:
            raise Http404(_("No place has the code “%(code)s”.") % {"code": place})
        policy.require(request.user, "tourism.record", _Sides(asked))
    rows = selectors.month_sheet(place, period) if place and period else []
    rows = [
        (spot, report) for spot, report in rows if policy.can(request.user, "tourism.record", spot)
    ]
    status = 200
    if request.method == "POST" and rows and not errors:
        entries = []
        for spot, report in rows:
            total = (data.get(f"visitors-{spot.uid}") or "").strip()
            helper = (data.get(f"helper-{spot.uid}") or "").strip()
            if report is None and (total or helper):
                entries.append((spot, total, helper))
        try:
            made = services.visitor_month_record(actor=request.user, period=period, entries=entries)
        except ValidationError as exc:
            errors.update({key: " ".join(value) for key, value in exc.message_dict.items()})
            status = REFUSED
        else:
            messages.success(
                request, _("Recorded: the visitors of %(count)s scenic spots.") % {"count": made}
            )
            return redirect(f"{request.path}?place={place}&period={period}")
    elif errors:
        status = REFUSED if request.method == "POST" else 200
    sheet = [
        {
            "spot": spot, "report": report,
            "visitors": (f"visitors-{spot.uid}", data.get(f"visitors-{spot.uid}", ""),
                         errors.get(f"visitors-{spot.uid}", "")),
            "helper": (f"helper-{spot.uid}", data.get(f"helper-{spot.uid}", ""),
                       errors.get(f"helper-{spot.uid}", "")),
        }
        for spot, report in rows
    ]  # fmt: skip
    return render(
        request,
        "tourism/visitor_month.html",
        {"place": place, "period": period, "asked": data.get("period", ""), "sheet": sheet,
         "period_error": errors.get("period", "")},
        status=status,
    )  # fmt: skip


def visitor_import(request: HttpRequest) -> HttpResponse:
    """A monthly return from Excel: every row, or none (a message per row and column)."""
    policy.require_anywhere(request.user, "tourism.record")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            created = excel.import_visitor_reports(
                source=form.cleaned_data["file"], user=request.user
            )
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(
                request, _("Imported %(count)s visitor reports.") % {"count": len(created)}
            )
            return redirect("tourism_visitor_report_list")
    return render(
        request,
        "tourism/visitor_import.html",
        {"form": form, "refused": refused, "columns": excel.VISITOR_COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def visitor_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "tourism.view")
    return xlsx_response(excel.visitors_template(), "visitor-reports-template.xlsx")
