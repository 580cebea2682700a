"""Pages of the investment registry: signed projects (filtered, with totals and an Excel
export), a project with its investment in place and job reports, parks with their
enterprises and half-yearly returns, workshops, events."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.dates import parse_year
from xiezuo.forms import REFUSED, errors_to_form, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.numbers import money
from xiezuo.paging import page_of
from xiezuo.spreadsheets import WorkbookForm, xlsx_response

from . import excel, selectors, services
from .forms import (
    EnterpriseForm,
    EventForm,
    InPlaceForm,
    JobReportForm,
    ParkForm,
    ProjectForm,
    WorkshopForm,
    WorkshopReportForm,
    helper_enterprises,
)
from .models import InPlaceRecord, InvestmentProject, ProjectStatus, Sector


def _filters(request: HttpRequest) -> selectors.ProjectFilters:
    """The list's filters from the query string; a bad year is named and left out."""
    try:
        year = parse_year(request.GET.get("year"), default=None, field="year")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        year = None
    sector = request.GET.get("sector") or None
    enterprise = request.GET.get("enterprise") or ""
    return selectors.ProjectFilters(
        place=(request.GET.get("place") or "").strip() or None,
        year=year,
        sector=sector if sector in Sector.values else None,
        enterprise=int(enterprise) if enterprise.isdigit() else None,
    )


def project_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "investment.view")
    projects = selectors.project_list(_filters(request))
    return render(
        request,
        "investment/project_list.html",
        {
            "page": page_of(request, projects),
            "totals": selectors.project_totals(projects),
            "sectors": Sector.choices,
            "enterprises": helper_enterprises(),
            "filters": request.GET,
            "query": request.GET.urlencode(),
        },
    )


def project_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, as an Excel workbook."""
    policy.require(request.user, "investment.view")
    projects = selectors.project_list(_filters(request))
    content = excel.projects_workbook(projects, selectors.project_totals(projects))
    return xlsx_response(content, "signed-projects.xlsx")


def project_import(request: HttpRequest) -> HttpResponse:
    """Signed projects from an Excel workbook: every row, or none (a message per cell)."""
    policy.require_anywhere(request.user, "investment.record")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            created = excel.import_projects(source=form.cleaned_data["file"], user=request.user)
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(
                request, _("Imported %(count)s signed projects.") % {"count": len(created)}
            )
            return redirect("investment_project_list")
    return render(
        request,
        "investment/project_import.html",
        {"form": form, "refused": refused, "columns": excel.COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def project_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "investment.view")
    return xlsx_response(excel.template_workbook(), "signed-projects-template.xlsx")


def project_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "investment.record")
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = InvestmentProject(enterprise=data["enterprise"], place=data["place"])
        policy.require(request.user, "investment.record", candidate)
        try:
            project = services.project_create(actor=request.user, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: the signed project %(name)s.") % {"name": project.name}
            )
            return redirect("investment_project_detail", uid=project.uid)
    return render(request, "investment/project_form.html", {"form": form}, status=form_status(form))


def _project(uid: str) -> InvestmentProject:
    project = selectors.project_get(uid)
    if project is None:
        raise Http404(_("No signed project has the number “%(key)s”.") % {"key": uid})
    return project


def _project_page(
    request: HttpRequest, project: InvestmentProject, *forms: Any, status: int = 200
) -> HttpResponse:
    shown = {type(form).__name__: form for form in forms}
    records = selectors.project_in_place(project)
    return render(
        request,
        "investment/project_detail.html",
        {
            "project": project,
            "records": records,
            "in_place": selectors.in_place_total(records),
            "reports": selectors.project_job_reports(project),
            "next_statuses": [
                (status.value, status.label)
                for status in ProjectStatus
                if status in services.NEXT_STATUS[ProjectStatus(project.status)]
            ],
            "in_place_form": shown.get("InPlaceForm") or InPlaceForm(),
            "job_form": shown.get("JobReportForm") or JobReportForm(),
        },
        status=status,
    )


def project_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "investment.view")
    return _project_page(request, _project(uid))


def in_place_create(request: HttpRequest, uid: str) -> HttpResponse:
    """Record investment arrived for the project (POST, from its page)."""
    project = _project(uid)
    policy.require(request.user, "investment.record", project)
    form = InPlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.in_place_record(
                actor=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Recorded: %(amount)s yuan in place for %(name)s.")
                % {"amount": money(record.amount), "name": project.name},
            )
            return redirect("investment_project_detail", uid=project.uid)
    return _project_page(request, project, form, status=form_status(form))


def in_place_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    """Reverse a record of investment in place (POST), back to its project's page."""
    record = InPlaceRecord.objects.select_related("project").filter(pk=pk).first()
    if record is None:
        raise Http404(_("No record of investment in place has the id %(id)s.") % {"id": pk})
    policy.require(request.user, "investment.record", record.project)
    if request.method == "POST":
        try:
            services.in_place_reverse(
                actor=request.user, record=record, note=request.POST.get("note", "")
            )  # a second click is refused: a record is reversed at most once
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Record no. %(number)s is reversed.") % {"number": pk})
    return redirect("investment_project_detail", uid=record.project.uid)


def job_report_create(request: HttpRequest, uid: str) -> HttpResponse:
    project = _project(uid)
    policy.require(request.user, "investment.record", project)
    form = JobReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.job_report_record(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded: the jobs as of %(day)s.")
                             % {"day": form.cleaned_data["on"].isoformat()})  # fmt: skip
            return redirect("investment_project_detail", uid=project.uid)
    return _project_page(request, project, form, status=form_status(form))


def project_status(request: HttpRequest, uid: str) -> HttpResponse:
    """Move the project on (POST): signed → under construction → in production, or stopped."""
    project = _project(uid)
    policy.require(request.user, "investment.record", project)
    if request.method == "POST":
        try:
            services.project_status_change(project=project, status=request.POST.get("status", ""))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(name)s is now: %(status)s.")
                % {"name": project.name, "status": project.get_status_display()},
            )
    return redirect("investment_project_detail", uid=project.uid)


def event_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "investment.view")
    return render(
        request, "investment/event_list.html", {"page": page_of(request, selectors.event_list())}
    )


def park_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "investment.view")
    place = (request.GET.get("place") or "").strip() or None
    return render(
        request,
        "investment/park_list.html",
        {"page": page_of(request, selectors.park_list(place=place)), "filters": request.GET},
    )


def _park_page(request: HttpRequest, uid: str, form: EnterpriseForm | None = None) -> HttpResponse:
    park = selectors.park_get(uid)
    if park is None:
        raise Http404(_("No park has the number “%(key)s”.") % {"key": uid})
    return render(
        request,
        "investment/park_detail.html",
        {
            "park": park,
            "half_years": selectors.park_half_years(park),
            "page": page_of(request, selectors.park_enterprises(park)),
            "form": form or EnterpriseForm(),
        },
        status=form_status(form) if form is not None else 200,
    )


def park_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "investment.view")
    return _park_page(request, uid)


def park_enterprise_create(request: HttpRequest, uid: str) -> HttpResponse:
    """An enterprise entered the park (POST, from the park's page)."""
    park = selectors.park_get(uid)
    if park is None:
        raise Http404(_("No park has the number “%(key)s”.") % {"key": uid})
    policy.require(request.user, "investment.record", park)
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.park_enterprises_add(
                actor=request.user, park=park,
                enterprises=[services.EnterpriseDetails(data["name"], data["entered_on"])],
            )  # fmt: skip
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded: %(name)s entered the park.")
                             % {"name": data["name"]})  # fmt: skip
            return redirect("investment_park_detail", uid=park.uid)
    return _park_page(request, uid, form)


def workshop_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "investment.view")
    place = (request.GET.get("place") or "").strip() or None
    workshops = selectors.workshop_list(place=place)
    return render(
        request,
        "investment/workshop_list.html",
        {"page": page_of(request, workshops), "filters": request.GET,
         "form": WorkshopReportForm()},
    )  # fmt: skip


def workshop_report_create(request: HttpRequest, uid: str) -> HttpResponse:
    """A workshop's people employed as of a day (POST, from the list)."""
    workshop = selectors.workshop_get(uid)
    if workshop is None:
        raise Http404(_("No workshop has the number “%(key)s”.") % {"key": uid})
    policy.require(request.user, "investment.record", workshop)
    form = WorkshopReportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.workshop_report_record(
                    actor=request.user, workshop=workshop, **form.cleaned_data
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Recorded: the people employed in %(name)s.")
                                 % {"name": workshop.name})  # fmt: skip
        else:
            for errors in form.errors.values():
                messages.error(request, " ".join(str(message) for message in errors))
    return redirect("investment_workshop_list")


def _record_page(
    request: HttpRequest, form: Any, title: str, back: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "investment/record_form.html",
        {"form": form, "title": title, "back": back},
        status=status,
    )


def event_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "investment.record")
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        policy.require(request.user, "investment.record", form.cleaned_data["place"])
        try:
            event = services.event_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded: %(name)s.") % {"name": event.name})
            return redirect("investment_event_list")
    return _record_page(
        request, form, _("Record an investment event"), "investment_event_list", form_status(form)
    )


def park_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "investment.record")
    form = ParkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partners = [data["partner"]] if data["partner"] else []
        policy.require(request.user, "investment.record", policy.Places((data["place"], *partners)))
        try:
            park = services.park_create(
                actor=request.user, name=data["name"], kind=data["kind"], place=data["place"],
                established_on=data["established_on"], partner_places=partners,
            )  # fmt: skip
        except ValidationError as exc:
            errors_to_form(form, exc, fields={"partner_places": "partner"})
        else:
            messages.success(request, _("Recorded: %(name)s.") % {"name": park.name})
            return redirect("investment_park_detail", uid=park.uid)
    return _record_page(
        request, form, _("Record an industrial park"), "investment_park_list", form_status(form)
    )


def workshop_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "investment.record")
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        policy.require(request.user, "investment.record", form.cleaned_data["place"])
        try:
            workshop = services.workshop_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded: %(name)s.") % {"name": workshop.name})
            return redirect("investment_workshop_list")
    return _record_page(
        request, form, _("Record an assistance workshop"), "investment_workshop_list",
        form_status(form),
    )  # fmt: skip
