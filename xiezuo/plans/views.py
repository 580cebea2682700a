"""Pages of the work plan: documents, their categories and work items, progress.

Each view parses, asks the policy, calls one service or selector and renders.
A form refused by a service is shown again with the errors beside its fields
(status 422); a write that succeeds redirects.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.accounts import policy
from xiezuo.accounts.audit import audit_history
from xiezuo.dates import parse_day
from xiezuo.forms import errors_to_form, form_status
from xiezuo.indicators.forms import TargetForm
from xiezuo.indicators.models import DataElement, Indicator
from xiezuo.params import query_value

from . import selectors, services
from .forms import (
    CategoryForm,
    DocumentForm,
    ItemForm,
    MilestoneForm,
    TickForm,
    UpdateForm,
)
from .models import Document, Evidence, Milestone, Target, WorkItem
from .status import Assessment, Status

INLINE_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})


def _as_on(request: HttpRequest) -> date:
    """The "as on" day of a page (?on=YYYY-MM-DD), default today; a bad day is named."""
    return query_value(request, parse_day, field="on", default=timezone.localdate())


def _count(assessments: dict[int, Assessment]) -> list[tuple[Status, int]]:
    counts = Counter(a.status for a in assessments.values())
    return [(status, counts[status]) for status in Status]


# --- documents -----------------------------------------------------------------------


@dataclass
class DocumentRow:
    document: Document
    counts: list[tuple[Status, int]]
    total: int


def document_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "plan.view")
    on = _as_on(request)
    documents = list(selectors.document_list())
    by_document: dict[int, dict[int, Assessment]] = {d.pk: {} for d in documents}
    items = [i for i in selectors.item_list() if i.document_id in by_document]
    found = selectors.item_assessments(items, on=on)
    for item in items:
        by_document[item.document_id][item.pk] = found[item.pk]
    rows = [
        DocumentRow(document, _count(by_document[document.pk]), len(by_document[document.pk]))
        for document in documents
    ]
    return render(
        request,
        "plans/document_list.html",
        {"rows": rows, "on": on, "today": timezone.localdate(), "statuses": list(Status)},
    )


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "plan.view")
    document = get_object_or_404(selectors.document_list(), pk=pk)
    return _document_page(request, document)


def _document_page(
    request: HttpRequest,
    document: Document,
    category_form: CategoryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    on = _as_on(request)
    items = list(selectors.item_list(document=document))
    assessments = selectors.item_assessments(items, on=on)
    categories = [
        (
            category,
            [(item, assessments[item.pk]) for item in items if item.category_id == category.pk],
        )
        for category in document.categories.all()
    ]
    return render(
        request,
        "plans/document_detail.html",
        {
            "document": document,
            "categories": categories,
            "counts": _count(assessments),
            "total": len(items),
            "on": on,
            "today": timezone.localdate(),
            "category_form": category_form or CategoryForm(),
            "audit": audit_history(document, *document.categories.all())
            if policy.can(request.user, "audit.view", document)
            else None,
        },
        status=status,
    )


def _document_initial(document: Document) -> dict[str, Any]:
    return {
        "kind": document.kind,
        "title": document.title,
        "parties": list(document.parties.all()),
        "signed_on": document.signed_on,
        "starts_on": document.starts_on,
        "ends_on": document.ends_on,
        "summary": document.summary,
        "illustrative": document.illustrative,
    }


def _signed_in_scope(request: HttpRequest, form: DocumentForm) -> bool:
    """A coordinator records and keeps the documents his side signs: one of the parties
    chosen must be within his scope (`plan.manage`); else the parties field says so."""
    parties = policy.Parties(tuple(form.cleaned_data["parties"]))
    if policy.can(request.user, "plan.manage", parties):
        return True
    form.add_error(
        "parties",
        _("Name at least one party within your scope: you edit the documents your side signs."),
    )
    return False


def document_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "plan.manage")
    form = DocumentForm(request.POST or None, request.FILES or None)
    status = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not _signed_in_scope(request, form):
            status = 403
        else:
            try:
                document = services.document_create(
                    kind=data["kind"],
                    title=data["title"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    signed_on=data["signed_on"],
                    parties=data["parties"],
                    summary=data["summary"],
                    file=data["file"] or None,
                    illustrative=data["illustrative"],
                    categories=data["categories"],
                )
            except ValidationError as exc:
                errors_to_form(form, exc, fields={"name": "categories"})
            else:
                messages.success(request, _("Document recorded: %s.") % document)
                return redirect("plan_document_detail", document.pk)
    return render(
        request, "plans/document_form.html", {"form": form}, status=status or form_status(form)
    )


def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    policy.require(request.user, "plan.manage", document)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        document=document,
        initial=_document_initial(document),
    )
    status = None
    if request.method == "POST" and form.is_valid() and not _signed_in_scope(request, form):
        status = 403  # a document is not handed over to parties outside his scope
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in ("kind", "title", "signed_on", "starts_on", "ends_on", "summary")
        }
        if data["file"]:
            fields["file"] = data["file"]
        elif data.get("remove_file"):
            fields["file"] = ""
        try:
            services.document_update(
                document=document,
                parties=data["parties"],
                illustrative=data["illustrative"],
                **fields,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Document saved."))
            return redirect("plan_document_detail", document.pk)
    return render(
        request,
        "plans/document_form.html",
        {"form": form, "document": document},
        status=status or form_status(form),
    )


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    policy.require(request.user, "plan.view")
    document = get_object_or_404(Document, pk=pk)
    if not document.file:
        raise Http404(_("This document has no file."))
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=PurePath(document.file.name or "").name,
    )


@require_POST
def category_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(selectors.document_list(), pk=pk)
    policy.require(request.user, "plan.manage", document)
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            category = services.category_create(document=document, name=form.cleaned_data["name"])
        except ValidationError as exc:
            errors_to_form(form, exc, fields={"__all__": "name"})
        else:
            messages.success(request, _("Category added: %s.") % category)
            return redirect("plan_document_detail", document.pk)
    return _document_page(request, document, category_form=form, status=form_status(form))


# --- work items ----------------------------------------------------------------------


def _item_data(data: dict[str, Any]) -> dict[str, Any]:
    return {
        name: data[name]
        for name in (
            "category",
            "title",
            "description",
            "lead",
            "supporting",
            "places",
            "starts_on",
            "due_on",
        )
    }


def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    policy.require(request.user, "plan.manage", document)
    initial = {
        "starts_on": document.starts_on,
        "due_on": document.ends_on,
        "category": request.GET.get("category"),
    }
    form = ItemForm(request.POST or None, document=document, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(document=document, **_item_data(form.cleaned_data))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Work item added: %s.") % item)
            return redirect("plan_item_detail", item.pk)
    return render(
        request,
        "plans/item_form.html",
        {"form": form, "document": document},
        status=form_status(form),
    )


def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WorkItem.objects.select_related("document"), pk=pk)
    policy.require(request.user, "plan.manage", item)
    initial = {
        "category": item.category_id,
        "title": item.title,
        "description": item.description,
        "lead": item.lead_id,
        "supporting": list(item.supporting.all()),
        "places": list(item.places.all()),
        "starts_on": item.starts_on,
        "due_on": item.due_on,
    }
    form = ItemForm(request.POST or None, document=item.document, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _item_data(form.cleaned_data)
        try:
            services.item_update(
                item=item, supporting=data.pop("supporting"), places=data.pop("places"), **data
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Work item saved."))
            return redirect("plan_item_detail", item.pk)
    return render(
        request,
        "plans/item_form.html",
        {"form": form, "document": item.document, "item": item},
        status=form_status(form),
    )


@dataclass
class TargetRow:
    target: Target
    label: str
    actual: Decimal | None
    share: float  # of the target reached, 0..1 (for the bar)


def _target_rows(item: WorkItem, assessment: Assessment) -> list[TargetRow]:
    rows = []
    for target in item.targets.all():
        actual = assessment.target_values.get(target.pk)
        share = float(actual / target.value) if actual is not None and target.value else 0.0
        rows.append(TargetRow(target, selectors.target_label(target), actual, min(share, 1.0)))
    return rows


def _item_get(pk: int) -> WorkItem:
    return get_object_or_404(selectors.item_list(), pk=pk)


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "plan.view")
    return _item_page(request, _item_get(pk))


def _item_page(
    request: HttpRequest,
    item: WorkItem,
    *,
    status: int = 200,
    update_form: UpdateForm | None = None,
    milestone_form: MilestoneForm | None = None,
    target_form: TargetForm | None = None,
    tick_form: TickForm | None = None,
    tick_of: int | None = None,
) -> HttpResponse:
    on = _as_on(request)
    assessment = selectors.item_assessments([item], on=on)[item.pk]
    milestones = [
        (
            m,
            tick_form
            if tick_of == m.pk and tick_form is not None
            else TickForm(auto_id=f"id_m{m.pk}_%s"),
        )
        for m in selectors.milestone_list(item=item)
    ]
    updates = selectors.update_list(item=item)
    audited = policy.can(request.user, "audit.view", item)
    return render(
        request,
        "plans/item_detail.html",
        {
            "item": item,
            "document": item.document,
            "assessment": assessment,
            "on": on,
            "today": timezone.localdate(),
            "milestones": milestones,
            "targets": _target_rows(item, assessment),
            "updates": updates,
            "update_form": update_form or UpdateForm(),
            "milestone_form": milestone_form or MilestoneForm(),
            "target_form": target_form or TargetForm(),
            "figures": _figure_options() if policy.can(request.user, "plan.manage", item) else [],
            "tick_failed": tick_of,
            "audit": audit_history(
                item, *item.milestones.all(), *item.targets.all(), *item.updates.all()
            )
            if audited
            else None,
        },
        status=status,
    )


def _figure_options() -> list[tuple[str, str]]:
    elements = [(e.code, e.name) for e in DataElement.objects.order_by("code")]
    indicators = [(i.code, i.name) for i in Indicator.objects.order_by("code")]
    return elements + indicators


@require_POST
def update_post(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_get(pk)
    policy.require(request.user, "plan.update", item)
    form = UpdateForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_create(
                item=item,
                user=request.user,  # type: ignore[arg-type]
                text=data["text"],
                percent=data["percent"],
                reported_on=data["reported_on"],
                files=data["files"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Progress update posted."))
            return redirect(reverse("plan_item_detail", args=[item.pk]) + "#updates")
    return _item_page(request, item, update_form=form, status=form_status(form))


# --- milestones and targets ------------------------------------------------------------


@require_POST
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_get(pk)
    policy.require(request.user, "plan.manage", item)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_create(item=item, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Milestone added."))
            return redirect(reverse("plan_item_detail", args=[item.pk]) + "#milestones")
    return _item_page(request, item, milestone_form=form, status=form_status(form))


def _milestone_get(pk: int) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related("item"), pk=pk)


@require_POST
def milestone_tick(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone_get(pk)
    policy.require(request.user, "plan.update", milestone.item)
    form = TickForm(request.POST, request.FILES, auto_id=f"id_m{milestone.pk}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.milestone_tick(
                milestone=milestone,
                user=request.user,  # type: ignore[arg-type]
                done_on=data["done_on"],
                note=data["note"],
                files=data["files"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Milestone ticked off: %s.") % milestone)
            return redirect(reverse("plan_item_detail", args=[milestone.item_id]) + "#milestones")
    item = _item_get(milestone.item_id)
    return _item_page(request, item, tick_form=form, tick_of=milestone.pk, status=form_status(form))


@require_POST
def milestone_untick(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone_get(pk)
    policy.require(request.user, "plan.update", milestone.item)
    services.milestone_untick(milestone=milestone)
    messages.success(request, _("Milestone marked as not done: %s.") % milestone)
    return redirect(reverse("plan_item_detail", args=[milestone.item_id]) + "#milestones")


@require_POST
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_get(pk)
    policy.require(request.user, "plan.manage", item)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.target_create(item=item, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Target added."))
            return redirect(reverse("plan_item_detail", args=[item.pk]) + "#targets")
    return _item_page(request, item, target_form=form, status=form_status(form))


@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(Target.objects.select_related("item"), pk=pk)
    policy.require(request.user, "plan.manage", target.item)
    item_id = target.item_id
    services.target_delete(target=target)
    messages.success(request, _("Target removed."))
    return redirect(reverse("plan_item_detail", args=[item_id]) + "#targets")


# --- evidence --------------------------------------------------------------------------


def evidence_file(request: HttpRequest, uid: str) -> FileResponse:
    """An evidence file under its original name; photos inline (for thumbnails)."""
    policy.require(request.user, "plan.view")
    evidence = get_object_or_404(Evidence, uid=uid)
    inline = evidence.is_image and PurePath(evidence.name).suffix.lower() in INLINE_IMAGE_SUFFIXES
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from the store.")) from exc
    return FileResponse(handle, as_attachment=not inline, filename=evidence.name)
