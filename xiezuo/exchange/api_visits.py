"""API: short visits under /api/v1/exchange/visits — listed, read, recorded, corrected."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.accounts.policy import Places
from xiezuo.api import Year
from xiezuo.paging import ApiPagination
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get

from . import visits
from .models import Direction, ShortVisit, VisitKind

router = Router(tags=["exchange"])


class VisitOut(Schema):
    uid: str
    kind: str
    direction: str
    origin: str
    host: str
    host_organisation: int | None
    people: int
    from_on: date
    to_on: date
    note: str
    illustrative: bool

    @staticmethod
    def resolve_origin(obj: ShortVisit) -> str:
        return obj.origin.code

    @staticmethod
    def resolve_host(obj: ShortVisit) -> str:
        return obj.host.code

    @staticmethod
    def resolve_host_organisation(obj: ShortVisit) -> int | None:
        return obj.host_organisation_id


class VisitIn(Schema):
    kind: VisitKind
    direction: Direction
    origin: str
    host: str
    people: int | str
    from_on: date
    to_on: date
    host_organisation: int | None = None
    note: str = ""


def _visit(key: str) -> ShortVisit:
    visit = visits.visit_get(key)
    if visit is None:
        raise Http404(_("No visit has the number “%(key)s”.") % {"key": key})
    return visit


def _fields(payload: VisitIn) -> dict:
    errors: dict[str, list[str]] = {}
    found: dict[str, Place | None] = {}
    for key in ("origin", "host"):
        code = getattr(payload, key)
        found[key] = place_get(code)
        if found[key] is None:
            errors[key] = [_("No place has the code “%(code)s”.") % {"code": code}]
    organisation = None
    if payload.host_organisation is not None:
        organisation = Organisation.objects.filter(pk=payload.host_organisation).first()
        if organisation is None:
            errors["host_organisation"] = [_("No such organisation.")]
    if errors:
        raise ValidationError(errors)
    return {
        "kind": payload.kind, "direction": payload.direction, "origin": found["origin"],
        "host": found["host"], "people": payload.people, "from_on": payload.from_on,
        "to_on": payload.to_on, "host_organisation": organisation, "note": payload.note,
    }  # fmt: skip


@router.get("/visits", response=list[VisitOut], summary="Short visits, newest first")
@paginate(ApiPagination)
def visit_list(
    request: HttpRequest,
    place: str | None = None,
    year: Year | None = None,
    kind: VisitKind | None = None,
    direction: Direction | None = None,
) -> list[ShortVisit]:
    policy.require(request.user, "exchange.view")
    filters = visits.VisitFilters(place=place, year=year, kind=kind, direction=direction)
    return visits.visit_list(filters)  # type: ignore[return-value]


@router.get("/visits/{key}", response=VisitOut, summary="A short visit")
def visit_detail(request: HttpRequest, key: str) -> ShortVisit:
    policy.require(request.user, "exchange.view")
    return _visit(key)


@router.post("/visits", response={201: VisitOut}, summary="Record a short visit")
def visit_create(request: HttpRequest, payload: VisitIn) -> Status:
    fields = _fields(payload)
    policy.require(request.user, "exchange.record", Places((fields["origin"], fields["host"])))
    visit = visits.visit_create(actor=request.user, **fields)
    return Status(201, _visit(visit.uid))


@router.put("/visits/{key}", response=VisitOut, summary="Correct a short visit")
def visit_update(request: HttpRequest, key: str, payload: VisitIn) -> ShortVisit:
    visit = _visit(key)
    policy.require(request.user, "exchange.record", visit)
    fields = _fields(payload)
    policy.require(request.user, "exchange.record", Places((fields["origin"], fields["host"])))
    visits.visit_update(actor=request.user, visit=visit, **fields)
    return _visit(visit.uid)
