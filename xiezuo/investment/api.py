"""API: the investment registry — signed projects (listed, read, recorded), investment in
place posted to a project, parks and workshops listed.

Amounts travel as JSON numbers or strings and are read exactly (never as floats); they
are answered as strings (`numbers.plain`), as every figure of the API is. A post of
investment in place may carry an `Idempotency-Key` header: sent again with the same body
it answers the record made the first time; with another body, 422.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.api import Year, idempotency_key
from xiezuo.numbers import plain
from xiezuo.paging import ApiPagination
from xiezuo.places.models import Organisation
from xiezuo.places.selectors import place_get

from . import selectors, services
from .models import (
    ZERO,
    IndustrialPark,
    InPlaceRecord,
    InvestmentEvent,
    InvestmentProject,
    ProjectStatus,
    Sector,
    Workshop,
)

router = Router(tags=["investment"])


class InvestmentProjectOut(Schema):
    id: int
    uid: str
    name: str
    enterprise: int
    enterprise_name: str
    place: str
    sector: str
    signed_on: date
    event: str | None
    planned_investment: str
    in_place: str
    jobs_expected: int
    benefit_mechanism: str
    status: str
    illustrative: bool

    @staticmethod
    def resolve_enterprise(obj: InvestmentProject) -> int:
        return obj.enterprise_id

    @staticmethod
    def resolve_enterprise_name(obj: InvestmentProject) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_place(obj: InvestmentProject) -> str:
        return obj.place.code

    @staticmethod
    def resolve_event(obj: InvestmentProject) -> str | None:
        return obj.event.uid if obj.event else None

    @staticmethod
    def resolve_planned_investment(obj: InvestmentProject) -> str:
        return plain(obj.planned_investment)

    @staticmethod
    def resolve_in_place(obj: InvestmentProject) -> str:
        return plain(sum((r.signed_amount for r in obj.in_place.all()), ZERO))


class InvestmentProjectIn(Schema):
    name: str
    enterprise: int
    place: str
    sector: Sector
    signed_on: date
    planned_investment: Decimal
    event: str | None = None
    jobs_expected: int = 0
    benefit_mechanism: str = ""
    status: ProjectStatus = ProjectStatus.SIGNED


class InPlaceOut(Schema):
    id: int
    project: str
    amount: str
    on: date
    voucher: str
    note: str
    reverses: int | None
    recorded_by: str
    recorded_at: str

    @staticmethod
    def resolve_project(obj: InPlaceRecord) -> str:
        return obj.project.uid

    @staticmethod
    def resolve_amount(obj: InPlaceRecord) -> str:
        return plain(obj.signed_amount)

    @staticmethod
    def resolve_reverses(obj: InPlaceRecord) -> int | None:
        return obj.reverses_id

    @staticmethod
    def resolve_recorded_by(obj: InPlaceRecord) -> str:
        return obj.created_by.display_name

    @staticmethod
    def resolve_recorded_at(obj: InPlaceRecord) -> str:
        return obj.created_at.isoformat()


class InPlaceIn(Schema):
    amount: Decimal
    on: date
    voucher: str = ""
    note: str = ""


class ParkOut(Schema):
    uid: str
    name: str
    kind: str
    place: str
    established_on: date
    enterprises: int
    illustrative: bool

    @staticmethod
    def resolve_place(obj: IndustrialPark) -> str:
        return obj.place.code

    @staticmethod
    def resolve_enterprises(obj: IndustrialPark) -> int:
        return int(getattr(obj, "enterprises_in", 0))


class WorkshopOut(Schema):
    uid: str
    name: str
    place: str
    run_by: str
    opened_on: date
    employed: int | None
    poor: int | None
    illustrative: bool

    @staticmethod
    def resolve_place(obj: Workshop) -> str:
        return obj.place.code

    @staticmethod
    def resolve_run_by(obj: Workshop) -> str:
        return obj.enterprise_name

    @staticmethod
    def resolve_employed(obj: Workshop) -> int | None:
        latest = selectors.workshop_latest(obj)
        return latest.employed if latest else None

    @staticmethod
    def resolve_poor(obj: Workshop) -> int | None:
        latest = selectors.workshop_latest(obj)
        return latest.poor if latest else None


def _project(key: str) -> InvestmentProject:
    project = selectors.project_get(key)
    if project is None:
        raise Http404(_("No signed project has the number “%(key)s”.") % {"key": key})
    return project


@router.get(
    "/projects", response=list[InvestmentProjectOut], summary="Signed projects, newest first"
)
@paginate(ApiPagination)
def project_list(
    request: HttpRequest,
    place: str | None = None,
    year: Year | None = None,
    sector: Sector | None = None,
    enterprise: int | None = None,
) -> list[InvestmentProject]:
    policy.require(request.user, "investment.view")
    filters = selectors.ProjectFilters(place=place, year=year, sector=sector, enterprise=enterprise)
    projects = selectors.project_list(filters).prefetch_related("in_place")
    return projects  # type: ignore[return-value]


@router.get("/projects/{key}", response=InvestmentProjectOut, summary="A signed project")
def project_detail(request: HttpRequest, key: str) -> InvestmentProject:
    policy.require(request.user, "investment.view")
    return _project(key)


@router.post("/projects", response={201: InvestmentProjectOut}, summary="Record a signed project")
def project_create(request: HttpRequest, payload: InvestmentProjectIn) -> Status:
    errors: dict[str, list[str]] = {}
    enterprise = Organisation.objects.filter(pk=payload.enterprise).first()
    if enterprise is None:
        errors["enterprise"] = [_("No such organisation.")]
    place = place_get(payload.place)
    if place is None:
        errors["place"] = [_("No place has the code “%(code)s”.") % {"code": payload.place}]
    event = None
    if payload.event:
        event = InvestmentEvent.objects.filter(uid=payload.event).first()
        if event is None:
            errors["event"] = [_("No event has the number “%(key)s”.") % {"key": payload.event}]
    if errors or enterprise is None or place is None:
        raise ValidationError(errors)
    policy.require(
        request.user, "investment.record", InvestmentProject(enterprise=enterprise, place=place)
    )
    project = services.project_create(
        actor=request.user,
        name=payload.name,
        enterprise=enterprise,
        place=place,
        sector=payload.sector,
        signed_on=payload.signed_on,
        planned_investment=payload.planned_investment,
        event=event,
        jobs_expected=payload.jobs_expected,
        benefit_mechanism=payload.benefit_mechanism,
        status=payload.status,
    )
    return Status(201, _project(project.uid))


@router.get(
    "/projects/{key}/in-place", response=list[InPlaceOut], summary="A project's investment in place"
)
def in_place_list(request: HttpRequest, key: str) -> list[InPlaceRecord]:
    policy.require(request.user, "investment.view")
    return list(selectors.project_in_place(_project(key)))


@router.post(
    "/projects/{key}/in-place", response={201: InPlaceOut}, summary="Record investment in place"
)
def in_place_create(request: HttpRequest, key: str, payload: InPlaceIn) -> Status:
    sent_key = idempotency_key(request)
    project = _project(key)
    policy.require(request.user, "investment.record", project)
    record = services.in_place_record(
        actor=request.user,
        project=project,
        amount=payload.amount,
        on=payload.on,
        voucher=payload.voucher,
        note=payload.note,
        idempotency_key=sent_key,
    )
    return Status(201, record)


@router.get("/parks", response=list[ParkOut], summary="Industrial parks and zones")
@paginate(ApiPagination)
def park_list(request: HttpRequest, place: str | None = None) -> list[IndustrialPark]:
    policy.require(request.user, "investment.view")
    return selectors.park_list(place=place)  # type: ignore[return-value]


class EnterpriseIn(Schema):
    name: str
    entered_on: date


class ReturnIn(Schema):
    enterprise: str  # its name in the park
    output: Decimal
    investment: Decimal


class ReturnsIn(Schema):
    period: str
    returns: list[ReturnIn]


class HalfYearOut(Schema):
    period: str
    enterprises: int
    output: str
    investment: str

    @staticmethod
    def resolve_output(obj: selectors.HalfYear) -> str:
        return plain(obj.output)

    @staticmethod
    def resolve_investment(obj: selectors.HalfYear) -> str:
        return plain(obj.investment)


def _park(key: str) -> IndustrialPark:
    park = selectors.park_get(key)
    if park is None:
        raise Http404(_("No park has the number “%(key)s”.") % {"key": key})
    return park


@router.post(
    "/parks/{key}/enterprises", response={201: ParkOut}, summary="Enterprises entered a park"
)
def park_enterprises_add(request: HttpRequest, key: str, payload: list[EnterpriseIn]) -> Status:
    park = _park(key)
    policy.require(request.user, "investment.record", park)
    services.park_enterprises_add(
        actor=request.user,
        park=park,
        enterprises=[services.EnterpriseDetails(e.name, e.entered_on) for e in payload],
    )
    return Status(201, selectors.park_list().get(pk=park.pk))


@router.post(
    "/parks/{key}/returns",
    response={201: list[HalfYearOut]},
    summary="A park's returns for a half-year (all or nothing)",
)
def park_returns_record(request: HttpRequest, key: str, payload: ReturnsIn) -> Status:
    park = _park(key)
    policy.require(request.user, "investment.record", park)
    enterprises = {e.name: e for e in park.enterprises.all()}
    errors: dict[str, list[str]] = {}
    for i, item in enumerate(payload.returns):
        if item.enterprise not in enterprises:
            errors[f"returns.{i}.enterprise"] = [
                _("%(name)s is not in this park.") % {"name": item.enterprise}
            ]
    if errors:
        raise ValidationError(errors)
    services.park_returns_record(
        actor=request.user,
        park=park,
        period=payload.period,
        returns=[
            services.ReturnDetails(enterprises[r.enterprise], r.output, r.investment)
            for r in payload.returns
        ],
    )
    return Status(201, selectors.park_half_years(park))


@router.get("/workshops", response=list[WorkshopOut], summary="Assistance workshops")
@paginate(ApiPagination)
def workshop_list(request: HttpRequest, place: str | None = None) -> list[Workshop]:
    policy.require(request.user, "investment.view")
    return selectors.workshop_list(place=place)  # type: ignore[return-value]
