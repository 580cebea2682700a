from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.accounts import policy
from xiezuo.accounts.audit import audit_history
from xiezuo.forms import ButtonForm, errors_to_form, form_status
from xiezuo.htmx import is_htmx
from xiezuo.paging import capped, page_of

from . import panels, selectors, services
from .forms import OrganisationForm
from .models import Organisation, Place

SUGGESTIONS = 20
SEARCH_RESULTS = 100
CHILDREN_SHOWN = 500


def place_tree(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "place.view")
    return render(request, "places/tree.html", {"children": selectors.place_children(None)})


def place_children(request: HttpRequest, code: str) -> HttpResponse:
    """The children of a place, as rows of the tree (an htmx partial)."""
    policy.require(request.user, "place.view")
    place = selectors.place_get_or_404(code)
    return render(
        request,
        "places/_tree_rows.html",
        {"children": selectors.place_children(place), "parent": place},
    )


def place_search(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "place.view")
    query = request.GET.get("q", "")
    if request.GET.get("suggest"):
        # a place field's typeahead (static/web/xiezuo.js): choosing an option puts its
        # code in the field; typing more narrows the options
        suggestions = selectors.place_search(query)[:SUGGESTIONS]
        return JsonResponse({"results": [_suggestion(place) for place in suggestions]})
    results = capped(selectors.place_search(query), SEARCH_RESULTS)
    template = "places/_search_results.html" if is_htmx(request) else "places/search.html"
    return render(request, template, {"query": query, "results": results})


def _suggestion(place: Place) -> dict[str, str]:
    """One option of the typeahead: "德保县 (451024, 百色市)", and the name in the other
    language, so that a reader who typed pinyin sees what matched."""
    where = f"{place.code}, {place.parent.display_name}" if place.parent else place.code
    other = place.name if place.display_name != place.name else place.name_en
    return {"code": place.code, "label": f"{place.display_name} ({where})", "other": other}


def place_detail(request: HttpRequest, code: str) -> HttpResponse:
    policy.require(request.user, "place.view")
    place = selectors.place_get_or_404(code)
    designations = list(selectors.designation_list(place))
    context = {
        "place": place,
        "ancestors": selectors.place_ancestors(place),
        "children": capped(selectors.place_children(place), CHILDREN_SHOWN),
        "designations": designations,
        "organisations": selectors.organisation_list(place=place),
        "panels": panels.panels_for("place", place),
        "renames": place.renames.all(),
        "audit": audit_history(place, *designations)
        if policy.can(request.user, "audit.view", place)
        else None,
    }
    return render(request, "places/detail.html", context)


def organisation_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "organisation.view")
    organisations = selectors.organisation_list(
        within=request.GET.get("place") or None,
        kind=request.GET.get("kind") or None,
        side=request.GET.get("side") or None,
        query=request.GET.get("q") or None,
    )
    page = page_of(request, organisations)
    return render(
        request,
        "places/organisation_list.html",
        {
            "page": page,
            "filters": request.GET,
            "kinds": Organisation.Kind.choices,
            "sides": Organisation.Side.choices,
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "organisation.view")
    organisation = get_object_or_404(Organisation.objects.select_related("place"), pk=pk)
    return _organisation_page(request, organisation)


def _organisation_page(
    request: HttpRequest, organisation: Organisation, delete_form: ButtonForm | None = None
) -> HttpResponse:
    delete_form = ButtonForm() if delete_form is None else delete_form
    context = {
        "organisation": organisation,
        "panels": panels.panels_for("organisation", organisation),
        "members": organisation.members.all() if policy.is_administrator(request.user) else None,
        "audit": audit_history(organisation)
        if policy.can(request.user, "audit.view", organisation)
        else None,
        "delete_form": delete_form,
    }
    return render(
        request, "places/organisation_detail.html", context, status=form_status(delete_form)
    )


def organisation_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "organisation.create")
    form = OrganisationForm(request.POST or None, initial={"place": request.GET.get("place", "")})
    if request.method == "POST" and form.is_valid():
        place = form.cleaned_data["place"]
        policy.require(request.user, "organisation.create", place)
        try:
            organisation = services.organisation_create(
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                place=place,
                side=form.cleaned_data["side"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Organisation “%s” created.") % organisation.name)
            return redirect(organisation)
    return render(
        request, "places/organisation_form.html", {"form": form}, status=form_status(form)
    )


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("place"), pk=pk)
    policy.require(request.user, "organisation.update", organisation)
    form = OrganisationForm(
        request.POST or None,
        initial={
            "name": organisation.name,
            "kind": organisation.kind,
            "place": organisation.place.code,
            "side": organisation.side,
            "note": organisation.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        policy.require(request.user, "organisation.create", form.cleaned_data["place"])
        try:
            services.organisation_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Organisation “%s” saved.") % organisation.name)
            return redirect(organisation)
    return render(
        request,
        "places/organisation_form.html",
        {"form": form, "organisation": organisation},
        status=form_status(form),
    )


@require_POST
def organisation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("place"), pk=pk)
    policy.require(request.user, "organisation.delete", organisation)
    form = ButtonForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_delete(organisation=organisation)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Organisation “%s” deleted.") % organisation.name)
            return redirect("organisation_list")
    return _organisation_page(request, organisation, delete_form=form)
