"""API: places (read-only, from the division codes) and organisations (CRUD)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.paging import ApiPagination

from . import codes, selectors, services
from .models import Designation, Level, Organisation, Place

places_router = Router(tags=["places"])
organisations_router = Router(tags=["organisations"])


class DesignationOut(Schema):
    kind: str
    kind_name: str
    year_designated: int
    year_exited: int | None
    source: str
    illustrative: bool

    @staticmethod
    def resolve_kind_name(obj: Designation) -> str:
        return str(obj.get_kind_display())


class PlaceOut(Schema):
    code: str
    name: str
    level: int
    level_name: str
    parent: str | None
    uid: str

    @staticmethod
    def resolve_level_name(obj: Place) -> str:
        return str(Level(obj.level).label)

    @staticmethod
    def resolve_parent(obj: Place) -> str | None:
        return codes.parent_code(obj.code)


class PlaceDetailOut(PlaceOut):
    ancestors: list[PlaceOut]
    children: int
    designations: list[DesignationOut]

    @staticmethod
    def resolve_ancestors(obj: Place) -> list[Place]:
        return selectors.place_ancestors(obj)

    @staticmethod
    def resolve_children(obj: Place) -> int:
        return obj.children.count()

    @staticmethod
    def resolve_designations(obj: Place) -> list[Designation]:
        return list(selectors.designation_list(obj))


@places_router.get("", response=list[PlaceOut], summary="Search places by name or code")
@paginate(ApiPagination)
def place_search(request: HttpRequest, search: str, within: str | None = None) -> list[Place]:
    policy.require(request.user, "place.view")
    return selectors.place_search(search, within=within)  # type: ignore[return-value]


@places_router.get("/{code}", response=PlaceDetailOut, summary="One place")
def place_detail(request: HttpRequest, code: str) -> Place:
    policy.require(request.user, "place.view")
    return selectors.place_get_or_404(code)


@places_router.get("/{code}/children", response=list[PlaceOut], summary="A place's children")
@paginate(ApiPagination)
def place_children(request: HttpRequest, code: str) -> list[Place]:
    policy.require(request.user, "place.view")
    return selectors.place_children(selectors.place_get_or_404(code))  # type: ignore[return-value]


class OrganisationOut(Schema):
    id: int
    uid: str
    name: str
    kind: str
    side: str
    place: str = Field(..., alias="place.code")
    place_name: str = Field(..., alias="place.name")
    note: str
    illustrative: bool


class OrganisationIn(Schema):
    name: str
    kind: Organisation.Kind
    place: str = Field(..., description="division code of the place it sits in")
    side: Organisation.Side
    note: str = ""


class OrganisationPatch(Schema):
    name: str | None = None
    kind: Organisation.Kind | None = None
    place: str | None = None
    side: Organisation.Side | None = None
    note: str | None = None


def _place_field(code: str) -> Place:
    from django.core.exceptions import ValidationError

    place = selectors.place_get(code)
    if place is None:
        raise ValidationError({"place": _("no place has the code “%s”") % code})
    return place


@organisations_router.get("", response=list[OrganisationOut])
@paginate(ApiPagination)
def organisation_list(
    request: HttpRequest,
    place: str | None = None,
    kind: str | None = None,
    side: str | None = None,
    search: str | None = None,
) -> list[Organisation]:
    policy.require(request.user, "organisation.view")
    return selectors.organisation_list(within=place, kind=kind, side=side, query=search)  # type: ignore[return-value]


@organisations_router.get("/{organisation_id}", response=OrganisationOut)
def organisation_detail(request: HttpRequest, organisation_id: int) -> Organisation:
    policy.require(request.user, "organisation.view")
    return get_object_or_404(Organisation.objects.select_related("place"), pk=organisation_id)


@organisations_router.post("", response={201: OrganisationOut})
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Status:
    place = _place_field(payload.place)
    policy.require(request.user, "organisation.create", place)
    organisation = services.organisation_create(
        name=payload.name, kind=payload.kind, place=place, side=payload.side, note=payload.note
    )
    return Status(201, organisation)


@organisations_router.patch("/{organisation_id}", response=OrganisationOut)
def organisation_update(
    request: HttpRequest, organisation_id: int, payload: OrganisationPatch
) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related("place"), pk=organisation_id
    )
    policy.require(request.user, "organisation.update", organisation)
    changes: dict[str, object] = payload.dict(exclude_unset=True)
    if "place" in changes:
        place = _place_field(str(changes["place"]))
        policy.require(request.user, "organisation.create", place)
        changes["place"] = place
    return services.organisation_update(organisation=organisation, **changes)


@organisations_router.delete("/{organisation_id}", response={204: None})
def organisation_delete(request: HttpRequest, organisation_id: int) -> Status:
    organisation = get_object_or_404(
        Organisation.objects.select_related("place"), pk=organisation_id
    )
    policy.require(request.user, "organisation.delete", organisation)
    services.organisation_delete(organisation=organisation)
    return Status(204, None)
