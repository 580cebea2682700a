"""API: the tourism registry under /api/v1/tourism/ — scenic spots (with their discounts
nested: `/spots/{key}/discounts`, and `/discounts/{id}` to read or change one), tourism
cooperation projects, tourist routes and the monthly visitor reports. Lists are paged as
the rest of the API; each record is read, created (201) and patched (only the fields
sent change). A refusal is the API's one error shape, keyed by field.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.api import Year
from xiezuo.numbers import plain
from xiezuo.paging import ApiPagination
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get
from xiezuo.projects.models import Project

from . import selectors, services
from .models import (
    Audience,
    Discount,
    DiscountKind,
    ProjectKind,
    Route,
    ScenicSpot,
    SpotKind,
    TourismProject,
    VisitorReport,
)

router = Router(tags=["tourism"])


# --- lookups, each refusal named by its field


def _place(
    code: str | None, field: str, errors: dict[str, list[str]], *, required: bool = False
) -> Place | None:
    if code is None or code == "":
        if required:
            errors[field] = [_("This field is required.")]
        return None
    place = place_get(code)
    if place is None:
        errors[field] = [_("No place has the code “%(code)s”.") % {"code": code}]
    return place


def _organisation(pk: int | None, field: str, errors: dict[str, list[str]]) -> Organisation | None:
    if pk is None:
        return None
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        errors[field] = [_("No such organisation.")]
    return found


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _spot(key: str) -> ScenicSpot:
    spot = selectors.spot_get(key)
    if spot is None:
        raise Http404(_("No scenic spot has the number “%(key)s”.") % {"key": key})
    return spot


def _project(key: str) -> TourismProject:
    project = selectors.project_get(key)
    if project is None:
        raise Http404(_("No tourism project has the number “%(key)s”.") % {"key": key})
    return project


def _route(key: str) -> Route:
    route = selectors.route_get(key)
    if route is None:
        raise Http404(_("No tourist route has the number “%(key)s”.") % {"key": key})
    return route


# --- scenic spots and their discounts


class DiscountOut(Schema):
    id: int
    spot: str
    audience: str
    kind: str
    value: str | None
    valid_from: date
    valid_to: date | None
    note: str

    @staticmethod
    def resolve_spot(obj: Discount) -> str:
        return obj.spot.uid

    @staticmethod
    def resolve_value(obj: Discount) -> str | None:
        return plain(obj.value) if obj.value is not None else None


class SpotOut(Schema):
    uid: str
    name: str
    place: str
    place_name: str
    grade: str
    kind: str
    note: str
    illustrative: bool
    discounts: list[DiscountOut]

    @staticmethod
    def resolve_place(obj: ScenicSpot) -> str:
        return obj.place.code

    @staticmethod
    def resolve_place_name(obj: ScenicSpot) -> str:
        return obj.place.name

    @staticmethod
    def resolve_discounts(obj: ScenicSpot) -> list[Discount]:
        return list(obj.discounts.all())


class SpotIn(Schema):
    name: str
    place: str
    kind: SpotKind = SpotKind.OTHER
    grade: str = ""
    note: str = ""


class SpotPatch(Schema):
    name: str | None = None
    place: str | None = None
    kind: SpotKind | None = None
    grade: str | None = None
    note: str | None = None


@router.get("/spots", response=list[SpotOut], summary="Scenic spots of the helped places")
@paginate(ApiPagination)
def spot_list(
    request: HttpRequest,
    place: str | None = None,
    year: Year | None = None,
    grade: str | None = None,
    kind: SpotKind | None = None,
    discounted: bool = False,
) -> Any:
    policy.require(request.user, "tourism.view")
    filters = selectors.SpotFilters(
        place=place, year=year, grade=grade, kind=kind, discounted=discounted
    )
    return selectors.spot_list(filters).prefetch_related("discounts__spot")


@router.get("/spots/{key}", response=SpotOut, summary="A scenic spot with its discounts")
def spot_detail(request: HttpRequest, key: str) -> ScenicSpot:
    policy.require(request.user, "tourism.view")
    return _spot(key)


@router.post("/spots", response={201: SpotOut}, summary="Record a scenic spot")
def spot_create(request: HttpRequest, payload: SpotIn) -> Status:
    errors: dict[str, list[str]] = {}
    place = _place(payload.place, "place", errors, required=True)
    _raise(errors)
    policy.require(request.user, "tourism.record", ScenicSpot(place=place))
    spot = services.spot_create(
        actor=request.user, name=payload.name, place=place, kind=payload.kind,
        grade=payload.grade, note=payload.note,
    )  # fmt: skip
    return Status(201, _spot(spot.uid))


@router.patch("/spots/{key}", response=SpotOut, summary="Change a scenic spot")
def spot_update(request: HttpRequest, key: str, payload: SpotPatch) -> ScenicSpot:
    spot = _spot(key)
    policy.require(request.user, "tourism.record", spot)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    errors: dict[str, list[str]] = {}
    if "place" in changes:
        changes["place"] = _place(changes["place"], "place", errors, required=True)
        _raise(errors)
        policy.require(request.user, "tourism.record", ScenicSpot(place=changes["place"]))
    services.spot_update(actor=request.user, spot=spot, **changes)
    return _spot(spot.uid)


class DiscountIn(Schema):
    audience: Audience
    kind: DiscountKind
    valid_from: date
    valid_to: date | None = None
    value: Decimal | None = None
    note: str = ""


class DiscountPatch(Schema):
    audience: Audience | None = None
    kind: DiscountKind | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    value: Decimal | None = None
    note: str | None = None


@router.get("/spots/{key}/discounts", response=list[DiscountOut], summary="A spot's discounts")
def discount_list(request: HttpRequest, key: str) -> list[Discount]:
    policy.require(request.user, "tourism.view")
    return list(selectors.spot_discounts(_spot(key)))


@router.post(
    "/spots/{key}/discounts", response={201: DiscountOut}, summary="Record a spot's discount"
)
def discount_create(request: HttpRequest, key: str, payload: DiscountIn) -> Status:
    spot = _spot(key)
    policy.require(request.user, "tourism.record", spot)
    discount = services.discount_create(actor=request.user, spot=spot, **payload.model_dump())
    return Status(201, discount)


def _discount(pk: int) -> Discount:
    discount = selectors.discount_get(pk)
    if discount is None:
        raise Http404(_("No ticket discount has the id %(id)s.") % {"id": pk})
    return discount


@router.get("/discounts/{pk}", response=DiscountOut, summary="A ticket discount")
def discount_detail(request: HttpRequest, pk: int) -> Discount:
    policy.require(request.user, "tourism.view")
    return _discount(pk)


@router.patch("/discounts/{pk}", response=DiscountOut, summary="Change a ticket discount")
def discount_update(request: HttpRequest, pk: int, payload: DiscountPatch) -> Discount:
    discount = _discount(pk)
    policy.require(request.user, "tourism.record", discount)
    return services.discount_update(
        actor=request.user, discount=discount, **payload.model_dump(exclude_unset=True)
    )


# --- tourism cooperation projects


class TourismProjectOut(Schema):
    uid: str
    name: str
    kind: str
    place: str
    helper: int | None
    helper_place: str | None
    agreed_on: date
    library_project: str | None
    note: str
    illustrative: bool

    @staticmethod
    def resolve_place(obj: TourismProject) -> str:
        return obj.place.code

    @staticmethod
    def resolve_helper(obj: TourismProject) -> int | None:
        return obj.helper_id

    @staticmethod
    def resolve_helper_place(obj: TourismProject) -> str | None:
        return obj.helper_place.code if obj.helper_place else None

    @staticmethod
    def resolve_library_project(obj: TourismProject) -> str | None:
        return obj.library_project.uid if obj.library_project else None


class TourismProjectIn(Schema):
    name: str
    kind: ProjectKind
    place: str
    agreed_on: date
    helper: int | None = None
    helper_place: str | None = None
    library_project: str | None = None
    note: str = ""


class TourismProjectPatch(Schema):
    name: str | None = None
    kind: ProjectKind | None = None
    place: str | None = None
    agreed_on: date | None = None
    helper: int | None = None
    helper_place: str | None = None
    library_project: str | None = None
    note: str | None = None


def _project_changes(changes: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "place" in changes:
        changes["place"] = _place(changes["place"], "place", errors, required=True)
    if "helper_place" in changes:
        changes["helper_place"] = _place(changes["helper_place"], "helper_place", errors)
    if "helper" in changes:
        changes["helper"] = _organisation(changes["helper"], "helper", errors)
    if changes.get("library_project"):
        key = changes["library_project"]
        changes["library_project"] = Project.objects.filter(uid=key).first()
        if changes["library_project"] is None:
            errors["library_project"] = [
                _("No project of the library has the number “%(key)s”.") % {"key": key}
            ]
    elif "library_project" in changes:
        changes["library_project"] = None
    _raise(errors)
    return changes


@router.get("/projects", response=list[TourismProjectOut], summary="Tourism cooperation projects")
@paginate(ApiPagination)
def project_list(
    request: HttpRequest,
    place: str | None = None,
    year: Year | None = None,
    kind: ProjectKind | None = None,
) -> Any:
    policy.require(request.user, "tourism.view")
    return selectors.project_list(selectors.ProjectFilters(place=place, year=year, kind=kind))


@router.get("/projects/{key}", response=TourismProjectOut, summary="A tourism cooperation project")
def project_detail(request: HttpRequest, key: str) -> TourismProject:
    policy.require(request.user, "tourism.view")
    return _project(key)


@router.post("/projects", response={201: TourismProjectOut}, summary="Record a tourism project")
def project_create(request: HttpRequest, payload: TourismProjectIn) -> Status:
    fields = _project_changes(payload.model_dump())
    candidate = TourismProject(
        place=fields["place"], helper=fields["helper"], helper_place=fields["helper_place"]
    )
    policy.require(request.user, "tourism.record", candidate)
    project = services.project_create(actor=request.user, **fields)
    return Status(201, _project(project.uid))


@router.patch("/projects/{key}", response=TourismProjectOut, summary="Change a tourism project")
def project_update(request: HttpRequest, key: str, payload: TourismProjectPatch) -> TourismProject:
    project = _project(key)
    policy.require(request.user, "tourism.record", project)
    changes = _project_changes(payload.model_dump(exclude_unset=True))
    services.project_update(actor=request.user, project=project, **changes)
    return _project(key)


# --- tourist routes


class RouteOut(Schema):
    uid: str
    name: str
    places: list[str]
    promoted_by: int | None
    since: date
    note: str
    illustrative: bool

    @staticmethod
    def resolve_places(obj: Route) -> list[str]:
        return [p.code for p in obj.places.all()]

    @staticmethod
    def resolve_promoted_by(obj: Route) -> int | None:
        return obj.promoted_by_id


class RouteIn(Schema):
    name: str
    places: list[str]
    since: date
    promoted_by: int | None = None
    note: str = ""


class RoutePatch(Schema):
    name: str | None = None
    places: list[str] | None = None
    since: date | None = None
    promoted_by: int | None = None
    note: str | None = None


def _route_changes(changes: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if changes.get("places") is not None:
        found = [_place(code, "places", errors) for code in changes["places"]]
        changes["places"] = [p for p in found if p is not None]
    if "promoted_by" in changes:
        changes["promoted_by"] = _organisation(changes["promoted_by"], "promoted_by", errors)
    _raise(errors)
    return changes


def _may_record_route(user: Any, places: list[Place], promoted_by: Organisation | None) -> None:
    """Either side: a clerk of a place the route passes, or of the organisation promoting it."""
    sides: list[Any] = [*places, *([promoted_by] if promoted_by else [])]
    if not any(policy.can(user, "tourism.record", _Sides(side)) for side in sides):
        policy.require(user, "tourism.record", _Sides(None))


class _Sides:
    """A stand-in record with one side, for the policy."""

    def __init__(self, side: Any) -> None:
        self.side = side

    def scope_sides(self) -> list[Any]:
        return [self.side] if self.side is not None else []


@router.get("/routes", response=list[RouteOut], summary="Tourist routes promoted")
@paginate(ApiPagination)
def route_list(request: HttpRequest, place: str | None = None) -> Any:
    policy.require(request.user, "tourism.view")
    return selectors.route_list(place=place)


@router.get("/routes/{key}", response=RouteOut, summary="A tourist route")
def route_detail(request: HttpRequest, key: str) -> Route:
    policy.require(request.user, "tourism.view")
    return _route(key)


@router.post("/routes", response={201: RouteOut}, summary="Record a tourist route")
def route_create(request: HttpRequest, payload: RouteIn) -> Status:
    fields = _route_changes(payload.model_dump())
    _may_record_route(request.user, fields["places"], fields["promoted_by"])
    route = services.route_create(actor=request.user, **fields)
    return Status(201, _route(route.uid))


@router.patch("/routes/{key}", response=RouteOut, summary="Change a tourist route")
def route_update(request: HttpRequest, key: str, payload: RoutePatch) -> Route:
    route = _route(key)
    policy.require(request.user, "tourism.record", route)
    changes = _route_changes(payload.model_dump(exclude_unset=True))
    services.route_update(actor=request.user, route=route, **changes)
    return _route(key)


# --- monthly visitor reports


class VisitorReportOut(Schema):
    id: int
    spot: str
    spot_name: str
    place: str
    period: str
    visitors: int
    helper_visitors: int
    revenue: str | None

    @staticmethod
    def resolve_spot(obj: VisitorReport) -> str:
        return obj.spot.uid

    @staticmethod
    def resolve_spot_name(obj: VisitorReport) -> str:
        return obj.spot.name

    @staticmethod
    def resolve_place(obj: VisitorReport) -> str:
        return obj.spot.place.code

    @staticmethod
    def resolve_revenue(obj: VisitorReport) -> str | None:
        return plain(obj.revenue) if obj.revenue is not None else None


class VisitorReportIn(Schema):
    spot: str
    period: str
    visitors: int
    helper_visitors: int
    revenue: Decimal | None = None


class VisitorReportPatch(Schema):
    visitors: int | None = None
    helper_visitors: int | None = None
    revenue: Decimal | None = None


def _report(pk: int) -> VisitorReport:
    report = selectors.visitor_report_get(pk)
    if report is None:
        raise Http404(_("No visitor report has the id %(id)s.") % {"id": pk})
    return report


@router.get("/visitor-reports", response=list[VisitorReportOut], summary="Monthly visitor reports")
@paginate(ApiPagination)
def visitor_report_list(
    request: HttpRequest,
    place: str | None = None,
    year: Year | None = None,
    period: str | None = None,
    spot: str | None = None,
) -> Any:
    policy.require(request.user, "tourism.view")
    spot_id = _spot(spot).pk if spot else None
    filters = selectors.ReportFilters(place=place, year=year, period=period, spot=spot_id)
    return selectors.visitor_report_list(filters)


@router.get("/visitor-reports/{pk}", response=VisitorReportOut, summary="A visitor report")
def visitor_report_detail(request: HttpRequest, pk: int) -> VisitorReport:
    policy.require(request.user, "tourism.view")
    return _report(pk)


@router.post("/visitor-reports", response={201: VisitorReportOut}, summary="Report a spot's month")
def visitor_report_create(request: HttpRequest, payload: VisitorReportIn) -> Status:
    spot = selectors.spot_get(payload.spot)
    if spot is None:
        raise ValidationError(
            {"spot": _("No scenic spot has the number “%(key)s”.") % {"key": payload.spot}}
        )
    policy.require(request.user, "tourism.record", spot)
    report = services.visitor_report_record(
        actor=request.user, spot=spot, period=payload.period, visitors=payload.visitors,
        helper_visitors=payload.helper_visitors, revenue=payload.revenue,
    )  # fmt: skip
    return Status(201, _report(report.pk))


@router.patch("/visitor-reports/{pk}", response=VisitorReportOut, summary="Correct a month")
def visitor_report_update(
    request: HttpRequest, pk: int, payload: VisitorReportPatch
) -> VisitorReport:
    report = _report(pk)
    policy.require(request.user, "tourism.record", report)
    services.visitor_report_update(
        actor=request.user, report=report, **payload.model_dump(exclude_unset=True)
    )
    return _report(pk)
