"""Pages of the talent exchange registry: secondments (filtered, exported to Excel,
imported from it), a secondment with its reports and evidence (filed there, their files
served to those who may read), seconded people and each person's history across years.

Identity numbers and phones are masked on lists and exports; a person's page shows them in
full only where `personal.unmask` allows, and records the showing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.accounts import policy
from xiezuo.accounts.audit import audit_history
from xiezuo.dates import parse_year
from xiezuo.forms import REFUSED, errors_to_form, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.paging import page_of
from xiezuo.personal.identity import mask_identity
from xiezuo.personal.phones import mask_phone
from xiezuo.personal.shown import reveal
from xiezuo.spreadsheets import WorkbookForm, xlsx_response

from . import excel, selectors, services
from .forms import PersonForm, SecondmentForm, SecondmentReportForm
from .models import Category, Direction, Kind, Person, Secondment


def _filters(request: HttpRequest) -> selectors.SecondmentFilters:
    """The list's filters from the query string; a bad year is named and left out."""
    try:
        year = parse_year(request.GET.get("year"), default=None, field="year")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        year = None

    def chosen(name: str, values: list[str]) -> str | None:
        value = request.GET.get(name) or None
        return value if value in values else None

    return selectors.SecondmentFilters(
        place=(request.GET.get("place") or "").strip() or None,
        year=year,
        direction=chosen("direction", Direction.values),
        category=chosen("category", Category.values),
        kind=chosen("kind", Kind.values),
        in_post=request.GET.get("in_post") == "1",
    )


def secondment_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "exchange.view")
    found = selectors.secondment_list(_filters(request))
    return render(
        request,
        "exchange/secondment_list.html",
        {
            "page": page_of(request, found),
            "count": found.count(),
            "directions": Direction.choices,
            "categories": Category.choices,
            "kinds": Kind.choices,
            "filters": request.GET,
            "query": request.GET.urlencode(),
        },
    )


def secondment_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, as an Excel workbook (identity numbers and phones masked)."""
    policy.require(request.user, "exchange.view")
    content = excel.secondments_workbook(selectors.secondment_list(_filters(request)))
    return xlsx_response(content, "secondments.xlsx")


def secondment_import(request: HttpRequest) -> HttpResponse:
    """Secondments (and their people, if new) from Excel: every row, or none."""
    policy.require_anywhere(request.user, "exchange.record")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            created = excel.import_secondments(source=form.cleaned_data["file"], user=request.user)
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(
                request, _("Imported %(count)s secondments.") % {"count": len(created)}
            )
            return redirect("exchange_secondment_list")
    return render(
        request,
        "exchange/secondment_import.html",
        {"form": form, "refused": refused, "columns": excel.COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def secondment_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "exchange.view")
    return xlsx_response(excel.template_workbook(), "secondments-template.xlsx")


def _secondment(uid: str) -> Secondment:
    found = selectors.secondment_get(uid)
    if found is None:
        raise Http404(_("No secondment has the number “%(key)s”.") % {"key": uid})
    return found


def _person(uid: str) -> Person:
    found = selectors.person_get(uid)
    if found is None:
        raise Http404(_("No seconded person has the number “%(key)s”.") % {"key": uid})
    return found


def _detail(
    request: HttpRequest,
    secondment: Secondment,
    report_form: SecondmentReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "exchange/secondment_detail.html",
        {
            "secondment": secondment,
            "reports": selectors.secondment_reports(secondment),
            "report_form": report_form or SecondmentReportForm(),
            "audit": audit_history(secondment)
            if policy.can(request.user, "audit.view", secondment)
            else None,
        },
        status=status,
    )


def secondment_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "exchange.view")
    return _detail(request, _secondment(uid))


@require_POST
def secondment_report_add(request: HttpRequest, uid: str) -> HttpResponse:
    """A report or a piece of evidence filed from the secondment's page."""
    secondment = _secondment(uid)
    policy.require(request.user, "exchange.record", secondment)
    form = SecondmentReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.secondment_report_add(
                actor=request.user, secondment=secondment, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Report added."))
            return redirect("exchange_secondment_detail", uid=secondment.uid)
    return _detail(request, secondment, report_form=form, status=form_status(form))


def secondment_report_file(request: HttpRequest, uid: str) -> FileResponse:
    """A report's file, a download under its own name, to those who may read secondments."""
    policy.require(request.user, "exchange.view")
    report = selectors.report_get(uid)
    if report is None or not report.file:
        raise Http404(_("No report has the number “%(key)s”.") % {"key": uid})
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from the store.")) from exc
    return FileResponse(handle, as_attachment=True, filename=report.file_name)


def _secondment_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.SECONDMENT_CHANGES if name in data}


def _form_page(
    request: HttpRequest, form: Any, title: str, back: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "exchange/record_form.html",
        {"form": form, "title": title, "back": back},
        status=status,
    )


def secondment_create(request: HttpRequest, uid: str) -> HttpResponse:
    """A secondment of the person (from his page)."""
    person = _person(uid)
    policy.require_anywhere(request.user, "exchange.record")
    form = SecondmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = _secondment_fields(form.cleaned_data)
        candidate = Secondment(
            origin=fields["origin"], host=fields["host"],
            origin_organisation=fields["origin_organisation"],
            host_organisation=fields["host_organisation"],
        )  # fmt: skip
        policy.require(request.user, "exchange.record", candidate)
        try:
            secondment = services.secondment_create(actor=request.user, person=person, **fields)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: the secondment of %(name)s.") % {"name": person.name}
            )
            return redirect("exchange_secondment_detail", uid=secondment.uid)
    title = _("Record a secondment of %(name)s") % {"name": person.name}
    return _form_page(request, form, title, person.get_absolute_url(), form_status(form))


def secondment_edit(request: HttpRequest, uid: str) -> HttpResponse:
    """Change a secondment: record its start or end, put a post or a place right."""
    secondment = _secondment(uid)
    policy.require(request.user, "exchange.record", secondment)
    initial = {name: getattr(secondment, name) for name in services.SECONDMENT_CHANGES}
    for name in ("origin", "host"):
        initial[name] = getattr(secondment, name).code
    form = SecondmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = _secondment_fields(form.cleaned_data)
        after = Secondment(origin=fields["origin"], host=fields["host"])
        policy.require(request.user, "exchange.record", after)
        try:
            services.secondment_update(secondment=secondment, **fields)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("exchange_secondment_detail", uid=secondment.uid)
    title = _("Change the secondment of %(name)s") % {"name": secondment.person.name}
    return _form_page(request, form, title, secondment.get_absolute_url(), form_status(form))


class _Masked:
    """A person as a list shows him: identity number and phone masked."""

    def __init__(self, person: Person) -> None:
        self.person = person
        self.masked_identity = mask_identity(person.identity) if person.identity else ""
        self.masked_phone = mask_phone(person.phone) if person.phone else ""


def person_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "exchange.view")
    place = (request.GET.get("place") or "").strip() or None
    found = selectors.person_list(place=place, name=request.GET.get("name") or "")
    page = page_of(request, found)
    return render(
        request,
        "exchange/person_list.html",
        {"page": page, "people": [_Masked(p) for p in page], "filters": request.GET},
    )


def person_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """A person and every secondment of his; his identity number and phone in full where
    the policy allows (the showing recorded)."""
    policy.require(request.user, "exchange.view")
    person = _person(uid)
    shown = reveal(request, [person]) if person.identity or person.phone else None
    return render(
        request,
        "exchange/person_detail.html",
        {
            "person": person,
            "identity": shown.identity(person) if shown and person.identity else "",
            "phone": shown.phone(person) if shown and person.phone else "",
            "unmasked": bool(shown and shown.unmasked(person)),
            "secondments": selectors.person_secondments(person),
        },
    )


def person_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "exchange.record")
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy.require(
            request.user,
            "exchange.record",
            Person(home=data["home"], organisation=data["organisation"]),
        )
        try:
            person = services.person_register(actor=request.user, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Registered: %(name)s.") % {"name": person.name})
            return redirect("exchange_person_detail", uid=person.uid)
    return _form_page(
        request,
        form,
        _("Register a seconded person"),
        reverse("exchange_person_list"),
        form_status(form),
    )


def person_edit(request: HttpRequest, uid: str) -> HttpResponse:
    person = _person(uid)
    policy.require(request.user, "exchange.record", person)
    initial = {
        "name": person.name, "category": person.category, "rank": person.rank,
        "home": person.home.code, "organisation": person.organisation,
    }  # fmt: skip
    # the identity number and phone are not put in the form (nor shown): typed, they replace
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        after = Person(home=data["home"], organisation=data["organisation"])
        policy.require(request.user, "exchange.record", after)
        identity = data.pop("identity") or None
        if not data["phone"]:
            data.pop("phone")
        try:
            services.person_update(person=person, identity=identity, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("exchange_person_detail", uid=person.uid)
    title = _("Change %(name)s") % {"name": person.name}
    return _form_page(request, form, title, person.get_absolute_url(), form_status(form))
