"""Pages of the method editor: the methods, a method's tree with its weights (summed per
area and item), grades and groups; forms to change the method, each part (area, item,
criterion, grade, group), all the weights at once; copy; export to Excel and import back.

Every change is made on the whole method's dict and checked by `methods.method_problems`
before anything is written (`methods.method_change`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.forms import REFUSED, ButtonForm, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.spreadsheets import WorkbookForm, xlsx_response

from . import excel_methods, methods
from .forms_methods import (
    AreaForm,
    CopyForm,
    CriterionForm,
    GradeForm,
    GroupForm,
    ItemForm,
    MethodForm,
    WeightsForm,
)
from .methods import MethodInvalid, Problem
from .models import Method, Rule

MANAGE = "assessment.method.manage"


def _method(code: str) -> Method:
    method = methods.method_get(code)
    if method is None:
        raise Http404(_("No assessment method has the code “%(code)s”.") % {"code": code})
    return method


def _show_problems(form: forms.Form, problems: list[Problem], ref: tuple | None) -> None:
    """Each problem beside its field when it is about the part the form edits, else above."""
    for problem in problems:
        here = ref is not None and problem.ref == ref and problem.field in form.fields
        form.add_error(problem.field if here else None, problem.message if here else str(problem))


def method_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "assessment.view")
    return render(
        request,
        "assessment/method_list.html",
        {"methods": methods.method_list(), "may_manage": policy.can(request.user, MANAGE)},
    )


def method_detail(request: HttpRequest, code: str) -> HttpResponse:
    policy.require(request.user, "assessment.view")
    method = methods.method_tree(_method(code))
    locked = methods.method_locked(method)
    return render(
        request,
        "assessment/method_detail.html",
        {
            "method": method,
            "sums": methods.method_weight_sums(method),
            "locked": locked,
            "may_manage": policy.can(request.user, MANAGE) and not locked,
            "may_copy": policy.can(request.user, MANAGE),
            "rules": dict(Rule.choices),
        },
    )


def _form_page(
    request: HttpRequest, method: Method | None, form: forms.Form, title: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "assessment/method_form.html",
        {"method": method, "form": form, "title": title, **extra},
        status=form_status(form),
    )


def _saved(request: HttpRequest, method: Method) -> HttpResponse:
    messages.success(request, _("Saved: %(method)s.") % {"method": method.name})
    return redirect("assessment_method_detail", code=method.code)


def method_edit(request: HttpRequest, code: str) -> HttpResponse:
    method = _method(code)
    policy.require(request.user, MANAGE, method)
    initial = {f: getattr(method, f) for f in MethodForm.base_fields}
    form = MethodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            method = methods.method_change(
                method=method, change=lambda d: d.update(form.cleaned_data)
            )
        except MethodInvalid as exc:
            _show_problems(form, exc.problems, ("method",))
        else:
            return _saved(request, method)
    return _form_page(request, method, form, _("Edit the method"))


def method_copy(request: HttpRequest, code: str) -> HttpResponse:
    method = _method(code)
    policy.require(request.user, MANAGE)
    initial = {
        "code": f"{method.code}-copy",
        "year_from": method.year_from,
        "name_zh": method.name_zh,
        "name_en": method.name_en,
    }
    form = CopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = methods.method_copy(method=method, **form.cleaned_data)
        except MethodInvalid as exc:
            _show_problems(form, exc.problems, ("method",))
        else:
            messages.success(request, _("Copied: %(method)s.") % {"method": copy.name})
            return redirect("assessment_method_detail", code=copy.code)
    return _form_page(request, method, form, _("Copy the method"))


def _criteria(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": c["id"],
            "weight": c["weight"],
            "where": f"{a['label_zh']} › {i['label_zh']} › {c['label_zh']}",
        }
        for a in data["areas"]
        for i in a["items"]
        for c in i["criteria"]
    ]


def method_weights(request: HttpRequest, code: str) -> HttpResponse:
    """All the weights of the method on one form, so that points move between criteria."""
    method = _method(code)
    policy.require(request.user, MANAGE, method)
    criteria = _criteria(methods.method_dump(method, ids=True))
    form = WeightsForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():

        def change(data: dict[str, Any]) -> None:
            for area in data["areas"]:
                for item in area["items"]:
                    for criterion in item["criteria"]:
                        criterion["weight"] = form.cleaned_data[f"w{criterion['id']}"]

        try:
            method = methods.method_change(method=method, change=change)
        except MethodInvalid as exc:
            _show_problems(form, exc.problems, None)
        else:
            return _saved(request, method)
    return _form_page(request, method, form, _("Weights"), total=method.full_score, weights=True)


# --- the parts: areas, items, criteria, grades, groups

PART_FORMS: dict[str, type[forms.Form]] = {
    "area": AreaForm,
    "item": ItemForm,
    "criterion": CriterionForm,
    "grade": GradeForm,
    "group": GroupForm,
}


def _lists(data: dict[str, Any], kind: str) -> list[list[dict[str, Any]]]:
    """Every list of the method's dict that holds parts of this kind."""
    if kind == "area":
        return [data["areas"]]
    if kind == "item":
        return [a["items"] for a in data["areas"]]
    if kind == "criterion":
        return [i["criteria"] for a in data["areas"] for i in a["items"]]
    return [data[f"{kind}s"]]


def _parent_list(data: dict[str, Any], kind: str, parent: int | None) -> list[dict[str, Any]]:
    """The list a new part of this kind goes in (an item in an area, a criterion in an item)."""
    if kind in ("item", "criterion"):
        owners = data["areas"] if kind == "item" else [i for a in data["areas"] for i in a["items"]]
        for owner in owners:
            if owner["id"] == parent:
                return owner["items" if kind == "item" else "criteria"]
        raise Http404(_("Choose where to add it."))
    return _lists(data, kind)[0]


def _find(data: dict[str, Any], kind: str, pk: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    for parts in _lists(data, kind):
        for part in parts:
            if part["id"] == pk:
                return parts, part
    raise Http404(_("This part of the method does not exist."))


def _ref_of(data: dict[str, Any], target: dict[str, Any]) -> tuple | None:
    for a, area in enumerate(data["areas"]):
        if area is target:
            return ("area", a)
        for i, item in enumerate(area["items"]):
            if item is target:
                return ("item", a, i)
            for c, criterion in enumerate(item["criteria"]):
                if criterion is target:
                    return ("criterion", a, i, c)
    for kind in ("grade", "group"):
        for n, part in enumerate(data[f"{kind}s"]):
            if part is target:
                return (kind, n)
    return None


def _initial(kind: str, part: dict[str, Any], position: int) -> dict[str, Any]:
    initial = dict(part) | {"position": position}
    if kind == "criterion":
        initial["thresholds"] = methods.thresholds_text(part.get("thresholds") or [])
    if kind == "group":
        initial["places"] = " ".join(part.get("places") or [])
    return initial


def _apply(kind: str, part: dict[str, Any], values: dict[str, Any]) -> None:
    values = {k: v for k, v in values.items() if k != "position"}
    if kind == "criterion":
        values["thresholds"] = values.get("thresholds") or []
        values["cap"] = values.get("cap") or 1
    if kind == "group":
        values["places"] = values["places"].replace(",", " ").replace("，", " ").split()
    part.update(values)


def _move(parts: list[dict[str, Any]], part: dict[str, Any], position: int | None) -> None:
    if position is None:
        return
    parts.remove(part)
    parts.insert(min(position, len(parts) + 1) - 1, part)


def _sort_grades(data: dict[str, Any]) -> None:
    def key(grade: dict[str, Any]) -> Any:
        try:
            return -float(grade.get("min_score") or 0)
        except (TypeError, ValueError):
            return 0

    data["grades"].sort(key=key)


def _part_page(
    request: HttpRequest, method: Method, kind: str, pk: int | None, parent: int | None
) -> HttpResponse:
    data = methods.method_dump(method, ids=True)
    part: dict[str, Any] = {"id": None}
    if pk is None:
        parts = _parent_list(data, kind, parent)
        initial: dict[str, Any] = {"cap": 1} if kind == "criterion" else {}
        title: str = _("Add")
    else:
        parts, part = _find(data, kind, pk)
        initial = _initial(kind, part, parts.index(part) + 1)
        title = part["label_zh"]
    form = PART_FORMS[kind](request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        position = form.cleaned_data.get("position")
        refs: list[tuple | None] = []

        def change(new: dict[str, Any]) -> None:
            found_parts = _parent_list(new, kind, parent) if pk is None else _find(new, kind, pk)[0]
            found = {"id": None} if pk is None else _find(new, kind, pk)[1]
            if pk is None:
                found_parts.append(found)
            _apply(kind, found, form.cleaned_data)
            _move(found_parts, found, position)
            if kind == "grade":
                _sort_grades(new)
            refs.append(_ref_of(new, found))

        try:
            method = methods.method_change(method=method, change=change)
        except MethodInvalid as exc:
            _show_problems(form, exc.problems, refs[0] if refs else None)
        else:
            return _saved(request, method)
    return _form_page(request, method, form, title, kind=kind, parts=parts)


def part_new(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    method = _method(code)
    policy.require(request.user, MANAGE, method)
    if kind not in PART_FORMS:
        raise Http404
    parent = request.GET.get("in")
    return _part_page(
        request, method, kind, None, int(parent) if parent and parent.isdigit() else None
    )


def part_edit(request: HttpRequest, code: str, kind: str, pk: int) -> HttpResponse:
    method = _method(code)
    policy.require(request.user, MANAGE, method)
    if kind not in PART_FORMS:
        raise Http404
    return _part_page(request, method, kind, pk, None)


def part_remove(request: HttpRequest, code: str, kind: str, pk: int) -> HttpResponse:
    """Remove a part (an area with its items and criteria) — asked first, done on POST;
    refused when the weights would no longer add up."""
    method = _method(code)
    policy.require(request.user, MANAGE, method)
    if kind not in PART_FORMS:
        raise Http404
    part = _find(methods.method_dump(method, ids=True), kind, pk)[1]
    form = ButtonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():

        def change(data: dict[str, Any]) -> None:
            found_parts, found = _find(data, kind, pk)
            found_parts.remove(found)

        try:
            method = methods.method_change(method=method, change=change)
        except MethodInvalid as exc:
            _show_problems(form, exc.problems, None)
        else:
            messages.success(request, _("Removed: %(part)s.") % {"part": part["label_zh"]})
            return redirect("assessment_method_detail", code=method.code)
    return _form_page(
        request, method, form, _("Remove %(part)s?") % {"part": part["label_zh"]}, remove=True
    )


# --- Excel


def method_export(request: HttpRequest, code: str) -> HttpResponse:
    policy.require(request.user, "assessment.view")
    method = _method(code)
    return xlsx_response(excel_methods.method_workbook(method), f"method-{method.code}.xlsx")


def method_import(request: HttpRequest) -> HttpResponse:
    """A method from Excel (the export's layout): created or updated by its code, every
    sheet or nothing, a message per row and column."""
    policy.require(request.user, MANAGE)
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            method, _outcome = excel_methods.method_import(source=form.cleaned_data["file"])
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(request, _("Imported: %(method)s.") % {"method": method.name})
            return redirect("assessment_method_detail", code=method.code)
    return render(
        request,
        "assessment/method_import.html",
        {"form": form, "refused": refused},
        status=REFUSED if refused else form_status(form),
    )
