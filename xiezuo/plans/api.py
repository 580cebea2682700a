"""JSON API of the work plan (/api/v1/plans/…): documents, work items, milestones, updates.

Reads are open to every signed-in user; coordinators edit the plan; a clerk
ticks milestones and posts updates on the items his organisation or places
answer for. Evidence files are posted through the item's page.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from collections.abc import Callable
from datetime import date, datetime
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.dates import parse_day
from xiezuo.paging import ApiPagination
from xiezuo.places.models import Organisation, Place

from . import selectors, services
from .api_board import router as board_router
from .models import (
    Category,
    Document,
    DocumentKind,
    Evidence,
    Milestone,
    ProgressUpdate,
    WorkItem,
)
from .status import Assessment

router = Router(tags=["plans"])
router.add_router("", board_router)
M = TypeVar("M", bound=Model)


# --- schemas ---------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str


class PlaceRef(Schema):
    code: str
    name: str


class CategoryOut(Schema):
    id: int
    number: int
    name: str


class DocumentOut(Schema):
    id: int
    uid: str
    kind: str
    kind_name: str
    title: str
    year: int
    starts_on: date
    ends_on: date
    signed_on: date | None
    parties: list[OrganisationRef]
    summary: str
    file: str | None
    illustrative: bool


class DocumentDetailOut(DocumentOut):
    categories: list[CategoryOut]


class DocumentIn(Schema):
    kind: DocumentKind
    title: str
    starts_on: date
    ends_on: date
    signed_on: date | None = None
    parties: list[int] = []
    summary: str = ""
    categories: list[str] = []
    illustrative: bool = False


class EvidenceOut(Schema):
    uid: str
    name: str
    content_type: str
    size: int
    url: str


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    done_on: date | None
    done_by: str | None
    note: str
    evidence: list[EvidenceOut]


class TargetOut(Schema):
    id: int
    figure: str
    figure_type: str
    label: str
    options: str
    expression: str
    place: PlaceRef
    period: str
    value: float
    actual: float | None


class UpdateOut(Schema):
    id: int
    reported_on: date
    text: str
    percent: int | None
    author: str
    author_name: str
    created_at: datetime
    evidence: list[EvidenceOut]


class ItemOut(Schema):
    id: int
    uid: str
    document: int
    category: CategoryOut
    number: int
    title: str
    lead: OrganisationRef
    supporting: list[OrganisationRef]
    places: list[PlaceRef]
    starts_on: date
    due_on: date
    illustrative: bool
    status: str
    reasons: list[str]


class ItemDetailOut(ItemOut):
    description: str
    completed_on: date | None
    elapsed: float
    milestones: list[MilestoneOut]
    targets: list[TargetOut]
    updates: list[UpdateOut]


class ItemIn(Schema):
    document: int
    category: int
    title: str
    description: str = ""
    lead: int
    supporting: list[int] = []
    places: list[str] = []
    starts_on: date
    due_on: date
    illustrative: bool = False


class ItemPatch(Schema):
    category: int | None = None
    title: str | None = None
    description: str | None = None
    lead: int | None = None
    supporting: list[int] | None = None
    places: list[str] | None = None
    starts_on: date | None = None
    due_on: date | None = None
    illustrative: bool | None = None


class MilestoneIn(Schema):
    title: str
    due_on: date


class TickIn(Schema):
    done_on: date | None = None
    note: str = ""


class UpdateIn(Schema):
    text: str
    percent: int | None = None
    reported_on: date | None = None


# --- shaping ---------------------------------------------------------------------------


def _organisation(o: Organisation) -> dict:
    return {"id": o.pk, "name": o.name}


def _place(p: Place) -> dict:
    return {"code": p.code, "name": p.name}


def _category(c: Category) -> dict:
    return {"id": c.pk, "number": c.number, "name": c.name}


def document_out(d: Document, *, detail: bool = False) -> dict:
    body = {
        "id": d.pk,
        "uid": d.uid,
        "kind": d.kind,
        "kind_name": str(d.get_kind_display()),
        "title": d.title,
        "year": d.year,
        "starts_on": d.starts_on,
        "ends_on": d.ends_on,
        "signed_on": d.signed_on,
        "parties": [_organisation(o) for o in d.parties.all()],
        "summary": d.summary,
        "file": reverse("plan_document_file", args=[d.pk]) if d.file else None,
        "illustrative": d.illustrative,
    }
    if detail:
        body["categories"] = [_category(c) for c in d.categories.all()]
    return body


def _evidence(files: list[Evidence]) -> list[dict]:
    return [
        {
            "uid": e.uid,
            "name": e.name,
            "content_type": e.content_type,
            "size": e.size,
            "url": reverse("plan_evidence", args=[e.uid]),
        }
        for e in files
    ]


def _user_name(user: object) -> str:
    return getattr(user, "username", "")


def milestone_out(m: Milestone) -> dict:
    return {
        "id": m.pk,
        "title": m.title,
        "due_on": m.due_on,
        "done_on": m.done_on,
        "done_by": _user_name(m.done_by) if m.done_by_id else None,
        "note": m.note,
        "evidence": _evidence(list(m.evidence.all())),
    }


def update_out(u: ProgressUpdate) -> dict:
    return {
        "id": u.pk,
        "reported_on": u.reported_on,
        "text": u.text,
        "percent": u.percent,
        "author": u.author.username,
        "author_name": u.author.display_name,
        "created_at": u.created_at,
        "evidence": _evidence(list(u.evidence.all())),
    }


def item_out(item: WorkItem, assessment: Assessment) -> dict:
    return {
        "id": item.pk,
        "uid": item.uid,
        "document": item.document_id,
        "category": _category(item.category),
        "number": item.number,
        "title": item.title,
        "lead": _organisation(item.lead),
        "supporting": [_organisation(o) for o in item.supporting.all()],
        "places": [_place(p) for p in item.places.all()],
        "starts_on": item.starts_on,
        "due_on": item.due_on,
        "illustrative": item.illustrative,
        "status": assessment.status.value,
        "reasons": [str(r) for r in assessment.reasons],
    }


def item_detail_out(item: WorkItem, on: date | None = None) -> dict:
    item = selectors.item_list().get(pk=item.pk)
    assessment = selectors.item_assessments([item], on=on)[item.pk]
    targets = list(item.targets.all())
    actuals = assessment.target_values
    body = item_out(item, assessment)
    body.update(
        description=item.description,
        completed_on=assessment.completed_on,
        elapsed=round(assessment.elapsed, 4),
        milestones=[milestone_out(m) for m in selectors.milestone_list(item=item)],
        targets=[
            {
                "id": t.pk,
                "figure": t.figure.code,
                "figure_type": "data_element" if t.data_element_id else "indicator",
                "label": selectors.target_label(t),
                "options": t.options,
                "expression": t.expression,
                "place": _place(t.place),
                "period": t.period,
                "value": float(t.value),
                "actual": None if actuals.get(t.pk) is None else float(actuals[t.pk]),  # type: ignore[arg-type]
            }
            for t in targets
        ],
        updates=[update_out(u) for u in selectors.update_list(item=item)],
    )
    return body


class PageShaper(Generic[M]):
    """A queryset that the paginator slices and that shapes only the slice it is asked for:
    the statuses of a page of items are computed for that page alone."""

    def __init__(self, queryset: QuerySet[M], shape: Callable[[list[M]], list[dict]]) -> None:
        self.queryset = queryset
        self.shape = shape

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list[dict]:
        return self.shape(list(self.queryset[page]))


# --- resolving ids and codes -------------------------------------------------------------


def _organisations(field: str, ids: list[int], errors: dict) -> list[Organisation]:
    found = Organisation.objects.in_bulk(ids)
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        errors[field] = [_("No organisation has the id %(ids)s.") % {"ids": ", ".join(unknown)}]
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def _places(field: str, codes: list[str], errors: dict) -> list[Place]:
    codes = [c.strip() for c in codes]
    found = Place.objects.in_bulk(codes, field_name="code")
    unknown = [c for c in codes if c not in found]
    if unknown:
        errors[field] = [_("No place has the code %(codes)s.") % {"codes": "、".join(unknown)}]
    return [found[c] for c in dict.fromkeys(codes) if c in found]


def _category_of(document: Document, category_id: int, errors: dict) -> Category | None:
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        errors["category"] = [_("No category has the id %(id)s.") % {"id": category_id}]
    elif category.document_id != document.pk:
        errors["category"] = [_("This category belongs to another document.")]
    return category


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _item_get(item_id: int) -> WorkItem:
    return get_object_or_404(
        WorkItem.objects.select_related("document", "category", "lead"), pk=item_id
    )


# --- documents ---------------------------------------------------------------------------


@router.get("/documents", response=list[DocumentOut], summary="Plan documents")
@paginate(ApiPagination)
def document_list(request: HttpRequest) -> PageShaper:
    policy.require(request.user, "plan.view")
    return PageShaper(selectors.document_list(), lambda page: [document_out(d) for d in page])


@router.post("/documents", response={201: DocumentDetailOut}, summary="Record a document")
def document_create(request: HttpRequest, payload: DocumentIn) -> Status:
    policy.require_anywhere(request.user, "plan.manage")
    errors: dict = {}
    parties = _organisations("parties", payload.parties, errors)
    _raise(errors)
    policy.require(request.user, "plan.manage", policy.Parties(tuple(parties)))
    document = services.document_create(
        kind=payload.kind,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        signed_on=payload.signed_on,
        parties=parties,
        summary=payload.summary,
        illustrative=payload.illustrative,
        categories=[c.strip() for c in payload.categories if c.strip()],
    )
    return Status(201, document_out(document, detail=True))


@router.get("/documents/{document_id}", response=DocumentDetailOut)
def document_detail(request: HttpRequest, document_id: int) -> dict:
    policy.require(request.user, "plan.view")
    document = get_object_or_404(selectors.document_list(), pk=document_id)
    return document_out(document, detail=True)


# --- work items --------------------------------------------------------------------------


@router.get("/items", response=list[ItemOut], summary="A document's work items, with status")
@paginate(ApiPagination)
def item_list(request: HttpRequest, document: int, on: str | None = None) -> PageShaper:
    """Each item with its computed status as on `on` (YYYY-MM-DD, default today)."""
    day = parse_day(on, default=timezone.localdate())
    policy.require(request.user, "plan.view")
    doc = get_object_or_404(Document, pk=document)

    def shape(items: list[WorkItem]) -> list[dict]:
        found = selectors.item_assessments(items, on=day)
        return [item_out(item, found[item.pk]) for item in items]

    return PageShaper(selectors.item_list(document=doc), shape)


@router.post("/items", response={201: ItemDetailOut}, summary="Add a work item")
def item_create(request: HttpRequest, payload: ItemIn) -> Status:
    policy.require_anywhere(request.user, "plan.manage")
    errors: dict = {}
    document = Document.objects.filter(pk=payload.document).first()
    if document is None:
        raise ValidationError(
            {"document": [_("No document has the id %(id)s.") % {"id": payload.document}]}
        )
    policy.require(request.user, "plan.manage", document)
    category = _category_of(document, payload.category, errors)
    lead = _organisations("lead", [payload.lead], errors)
    supporting = _organisations("supporting", payload.supporting, errors)
    places = _places("places", payload.places, errors)
    _raise(errors)
    assert category is not None
    item = services.item_create(
        document=document,
        category=category,
        title=payload.title,
        description=payload.description,
        lead=lead[0],
        supporting=supporting,
        places=places,
        starts_on=payload.starts_on,
        due_on=payload.due_on,
        illustrative=payload.illustrative,
    )
    return Status(201, item_detail_out(item))


@router.get("/items/{item_id}", response=ItemDetailOut, summary="A work item in full")
def item_detail(request: HttpRequest, item_id: int, on: str | None = None) -> dict:
    """The item with its status as on `on` (YYYY-MM-DD, default today)."""
    day = parse_day(on, default=timezone.localdate())
    policy.require(request.user, "plan.view")
    return item_detail_out(_item_get(item_id), day)


@router.patch("/items/{item_id}", response=ItemDetailOut, summary="Change a work item")
def item_update(request: HttpRequest, item_id: int, payload: ItemPatch) -> dict:
    item = _item_get(item_id)
    policy.require(request.user, "plan.manage", item)
    given = payload.dict(exclude_unset=True)
    errors: dict = {}
    fields: dict = {}
    for name in ("title", "description", "starts_on", "due_on", "illustrative"):
        if given.get(name) is not None:
            fields[name] = given[name]
    if given.get("category") is not None:
        fields["category"] = _category_of(item.document, given["category"], errors)
    if given.get("lead") is not None:
        found = _organisations("lead", [given["lead"]], errors)
        if found:
            fields["lead"] = found[0]
    supporting = (
        _organisations("supporting", given["supporting"], errors)
        if given.get("supporting") is not None
        else None
    )
    places = _places("places", given["places"], errors) if given.get("places") is not None else None
    _raise(errors)
    services.item_update(item=item, supporting=supporting, places=places, **fields)
    return item_detail_out(item)


# --- milestones --------------------------------------------------------------------------


@router.post("/items/{item_id}/milestones", response={201: MilestoneOut}, summary="Add a milestone")
def milestone_create(request: HttpRequest, item_id: int, payload: MilestoneIn) -> Status:
    item = _item_get(item_id)
    policy.require(request.user, "plan.manage", item)
    milestone = services.milestone_create(item=item, title=payload.title, due_on=payload.due_on)
    return Status(201, milestone_out(milestone))


@router.post(
    "/milestones/{milestone_id}/tick", response=MilestoneOut, summary="Tick off a milestone"
)
def milestone_tick(request: HttpRequest, milestone_id: int, payload: TickIn) -> dict:
    milestone = get_object_or_404(Milestone.objects.select_related("item"), pk=milestone_id)
    policy.require(request.user, "plan.update", milestone.item)
    services.milestone_tick(
        milestone=milestone,
        user=request.user,  # type: ignore[arg-type]
        done_on=payload.done_on,
        note=payload.note,
    )
    return milestone_out(milestone)


# --- progress updates --------------------------------------------------------------------


@router.get("/items/{item_id}/updates", response=list[UpdateOut], summary="Progress updates")
@paginate(ApiPagination)
def update_list(request: HttpRequest, item_id: int) -> PageShaper:
    """An item's updates, newest first."""
    policy.require(request.user, "plan.view")
    updates = selectors.update_list(item=_item_get(item_id))
    return PageShaper(updates, lambda page: [update_out(u) for u in page])


@router.post("/items/{item_id}/updates", response={201: UpdateOut}, summary="Post an update")
def update_create(request: HttpRequest, item_id: int, payload: UpdateIn) -> Status:
    """A progress update (JSON; evidence files are attached on the item's page)."""
    item = _item_get(item_id)
    policy.require(request.user, "plan.update", item)
    update = services.update_create(
        item=item,
        user=request.user,  # type: ignore[arg-type]
        text=payload.text,
        percent=payload.percent,
        reported_on=payload.reported_on,
    )
    return Status(201, update_out(update))
