"""Pages of the project library: the list (filtered, exported, imported), a project's page
with its status steps, budget lines, files and publishing, the project form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.accounts import policy
from xiezuo.accounts.audit import audit_history
from xiezuo.dates import parse_year
from xiezuo.forms import REFUSED, ButtonForm, errors_to_form, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.indicators.forms import TargetForm
from xiezuo.ledger.selectors import account_balances
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get
from xiezuo.spreadsheets import WorkbookForm, xlsx_response

from . import selectors, services
from .excel import imports, layout, workbooks
from .forms import BudgetLineForm, ProjectFileForm, ProjectForm, StepForm
from .models import BudgetLine, FundingSource, Kind, Project, ProjectFile, ProjectTarget, Status


def _project(pk: int) -> Project:
    try:
        return selectors.project_get(pk)
    except Project.DoesNotExist as exc:
        raise Http404(_("No project has this id.")) from exc


def _filters(request: HttpRequest) -> dict[str, Any]:
    """The list's filters from the query string; a value that names nothing is named in a
    warning and left out."""
    place: Place | None = None
    code = request.GET.get("place", "").strip()
    if code:
        place = place_get(code)
        if place is None:
            messages.warning(request, _("No place has the code “%s”.") % code)
    partner: Organisation | None = None
    partner_id = request.GET.get("partner", "").strip()
    if partner_id:
        partner = (
            Organisation.objects.filter(pk=partner_id).first() if partner_id.isdigit() else None
        )
        if partner is None:
            messages.warning(request, _("No organisation has the id %s.") % partner_id)
    return {
        "place": place,
        "year": query_value(request, parse_year, field="year", default=None),
        "kind": request.GET.get("kind") if request.GET.get("kind") in Kind.values else None,
        "status": request.GET.get("status") if request.GET.get("status") in Status.values else None,
        "partner": partner,
        "source": request.GET.get("source")
        if request.GET.get("source") in FundingSource.values
        else None,
    }


def project_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "project.view")
    filters = _filters(request)
    page = page_of(request, selectors.project_list(**filters))
    return render(
        request,
        "projects/list.html",
        {
            "page": page,
            "rows": selectors.with_budgets(page),
            "filters": request.GET,
            "filter_place": filters["place"],
            "kinds": Kind.choices,
            "statuses": Status.choices,
            "sources": FundingSource.choices,
            "partners": Organisation.objects.filter(side=Organisation.Side.HELPER).order_by("name"),
            "query": request.GET.urlencode(),
        },
    )


def project_export(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "project.view")
    projects = selectors.in_full(selectors.project_list(**_filters(request)))
    return xlsx_response(workbooks.projects_workbook(projects), "projects.xlsx")


def project_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "project.manage")
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        policy.require(request.user, "project.manage", policy.Places(tuple(data["locations"])))
        try:
            project = services.project_create(by=request.user, **data)  # type: ignore[arg-type]
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Project created: %s.") % project.name)
            return redirect(project)
    return render(request, "projects/form.html", {"form": form}, status=form_status(form))


def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    policy.require(request.user, "project.manage", project)
    form = ProjectForm(request.POST or None, initial=ProjectForm.initial_of(project))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        policy.require(request.user, "project.manage", policy.Places(tuple(data["locations"])))
        try:
            services.project_update(project=project, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Project saved."))
            return redirect(project)
    return render(
        request,
        "projects/form.html",
        {"form": form, "project": project},
        status=form_status(form),
    )


def _step_form(project: Project, data: Any = None) -> StepForm:
    statuses = [(s.value, str(s.label)) for s in services.next_statuses(project)]
    return StepForm(data, statuses=statuses)


def _detail(request: HttpRequest, project: Project, **shown: forms.Form) -> HttpResponse:
    """The project's page; `shown`: a form that was posted, to show with its errors."""
    forms_on_page: dict[str, forms.Form] = {
        "step_form": _step_form(project),
        "budget_form": BudgetLineForm(),
        "file_form": ProjectFileForm(),
        "target_form": TargetForm(auto_id="target_%s"),
        "publish_form": ButtonForm(),
        **shown,
    }
    by_source = selectors.budget_by_source(project)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "budget": [(FundingSource(s).label, amount) for s, amount in by_source.items()],
            "budget_total": sum(by_source.values()),
            "rolled_up": bool(project.children.all()),
            "beneficiaries": selectors.beneficiaries(project),
            "missing": selectors.publish_missing(project),
            "money": account_balances(project.account) if project.account else None,
            "audit": audit_history(
                project,
                *project.budget_lines.all(),
                *project.targets.all(),
                *project.files.all(),
            )
            if policy.can(request.user, "audit.view", project)
            else None,
            **forms_on_page,
        },
        status=form_status(*forms_on_page.values()),
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "project.view")
    return _detail(request, _project(pk))


@require_POST
def project_step(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    policy.require(request.user, "project.manage", project)
    form = _step_form(project, request.POST)
    if form.is_valid():
        try:
            step = services.project_step(
                project=project,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                by=request.user,  # type: ignore[arg-type]
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Status changed to “%s”.") % Status(step.status).label)
            return redirect(project)
    return _detail(request, project, step_form=form)


@require_POST
def project_publish(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    policy.require(request.user, "project.publish")
    form = ButtonForm(request.POST)
    form.is_valid()
    try:
        services.project_publish(project=project)
    except ValidationError as exc:
        errors_to_form(form, exc)
        return _detail(request, project, publish_form=form)
    messages.success(request, _("Project published."))
    return redirect(project)


@require_POST
def project_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    policy.require(request.user, "project.publish")
    services.project_unpublish(project=project)
    messages.success(request, _("Project withdrawn from publication."))
    return redirect(project)


@require_POST
def budget_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    policy.require(request.user, "project.manage", project)
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        try:
            services.budget_line_add(project=project, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Budget line added."))
            return redirect(project)
    return _detail(request, project, budget_form=form)


@require_POST
def budget_line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("project"), pk=pk)
    policy.require(request.user, "project.manage", line.project)
    services.budget_line_delete(line=line)
    messages.success(request, _("Budget line removed."))
    return redirect(line.project)


@require_POST
def project_target_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    policy.require(request.user, "project.manage", project)
    form = TargetForm(request.POST, auto_id="target_%s")
    if form.is_valid():
        try:
            services.project_target_add(project=project, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Target added."))
            return redirect(project)
    return _detail(request, project, target_form=form)


@require_POST
def project_target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(ProjectTarget.objects.select_related("project"), pk=pk)
    policy.require(request.user, "project.manage", target.project)
    services.project_target_delete(target=target)
    messages.success(request, _("Target removed."))
    return redirect(target.project)


@require_POST
def project_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    policy.require(request.user, "project.manage", project)
    form = ProjectFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.project_file_add(
                project=project,
                upload=form.cleaned_data["file"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("File added."))
            return redirect(project)
    return _detail(request, project, file_form=form)


def project_file(request: HttpRequest, uid: str) -> FileResponse:
    """A project's photo (inline) or document (a download), under its own name."""
    policy.require(request.user, "project.view")
    stored = get_object_or_404(ProjectFile, uid=uid)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from the store.")) from exc
    return FileResponse(handle, as_attachment=not stored.is_image, filename=stored.name)


def project_import(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "project.manage")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            created = imports.import_projects(source=form.cleaned_data["file"], user=request.user)  # type: ignore[arg-type]
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(request, _("Imported %(count)s projects.") % {"count": len(created)})
            return redirect("project_list")
    return render(
        request,
        "projects/import.html",
        {"form": form, "refused": refused, "columns": layout.COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def project_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "project.view")
    return xlsx_response(workbooks.template_workbook(), "projects-template.xlsx")
