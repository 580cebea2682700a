"""API: the project library (list, filter, create, update, step, publish)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.dates import parse_year
from xiezuo.numbers import plain
from xiezuo.paging import ApiPagination
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get, place_get_or_404

from . import iati, selectors, services
from .models import FundingSource, Kind, Project
from .models import Status as ProjectStatus

router = Router(tags=["projects"])


class PlaceRef(Schema):
    code: str
    name: str


class OrganisationRef(Schema):
    id: int
    name: str


class BudgetOut(Schema):
    source: str
    source_name: str
    amount: str  # yuan, exact


class StepOut(Schema):
    status: str
    on: date
    by: str | None
    note: str


class ProjectTargetOut(Schema):
    figure: str  # the data element's or indicator's code
    options: str
    place: str
    period: str
    value: str


class BeneficiariesOut(Schema):
    households_expected: int | None
    people_expected: int | None
    households_reached: int | None
    people_reached: int | None


class ProjectOut(Schema):
    id: int
    uid: str
    name: str
    name_en: str
    kind: str
    kind_name: str
    sector: str
    status: str
    status_name: str
    locations: list[PlaceRef]
    planned_start_on: date | None
    planned_end_on: date | None
    actual_start_on: date | None
    actual_end_on: date | None
    implementing_organisation: OrganisationRef | None
    responsible_organisation: OrganisationRef | None
    partners: list[OrganisationRef]
    parent: int | None = Field(None, alias="parent_id")
    budget: list[BudgetOut]
    budget_total: str
    beneficiaries: BeneficiariesOut
    benefit_mechanism: str
    steps: list[StepOut]
    targets: list[ProjectTargetOut]
    published_at: datetime | None
    missing_for_publishing: list[str]
    note: str
    source: str
    illustrative: bool

    @staticmethod
    def resolve_kind_name(obj: Project) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_name(obj: Project) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_locations(obj: Project) -> list[dict]:
        return [{"code": p.code, "name": p.name} for p in obj.locations.all()]

    @staticmethod
    def resolve_partners(obj: Project) -> list[dict]:
        return [{"id": o.pk, "name": o.name} for o in obj.partners.all()]

    @staticmethod
    def resolve_budget(obj: Project) -> list[dict]:
        return [
            {"source": s, "source_name": str(FundingSource(s).label), "amount": plain(amount)}
            for s, amount in selectors.budget_by_source(obj).items()
        ]

    @staticmethod
    def resolve_budget_total(obj: Project) -> str:
        return plain(selectors.budget_total(obj))

    @staticmethod
    def resolve_beneficiaries(obj: Project) -> Any:
        return selectors.beneficiaries(obj)

    @staticmethod
    def resolve_steps(obj: Project) -> list[dict]:
        return [
            {
                "status": s.status,
                "on": s.stepped_on,
                "by": s.by.username if s.by else None,
                "note": s.note,
            }
            for s in obj.steps.all()
        ]

    @staticmethod
    def resolve_targets(obj: Project) -> list[dict]:
        return [
            {
                "figure": t.figure.code,
                "options": t.options,
                "place": t.place.code,
                "period": t.period,
                "value": plain(t.value),
            }
            for t in obj.targets.all()
        ]

    @staticmethod
    def resolve_missing_for_publishing(obj: Project) -> list[str]:
        return selectors.publish_missing(obj)


class BudgetLineIn(Schema):
    source: FundingSource
    # exact (the API reads a JSON number with a fraction as a Decimal); checked by the
    # service: above zero, at most two decimals, a message of its own for text it cannot read
    amount: Decimal | str | int
    note: str = ""


class ProjectPatch(Schema):
    name: str | None = None
    name_en: str | None = None
    kind: Kind | None = None
    sector: str | None = None
    locations: list[str] | None = None  # division codes
    planned_start_on: date | None = None
    planned_end_on: date | None = None
    implementing_organisation: int | None = None
    responsible_organisation: int | None = None
    partners: list[int] | None = None
    parent: int | None = None
    households_expected: int | None = Field(None, ge=0)
    people_expected: int | None = Field(None, ge=0)
    households_reached: int | None = Field(None, ge=0)
    people_reached: int | None = Field(None, ge=0)
    benefit_mechanism: str | None = None
    note: str | None = None
    source: str | None = None


class ProjectIn(ProjectPatch):
    name: str
    kind: Kind
    budget_lines: list[BudgetLineIn] = []


class StepIn(Schema):
    status: ProjectStatus
    on: date | None = None
    note: str = ""


def _organisation(field: str, pk: int, errors: dict[str, list[str]]) -> Organisation | None:
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        errors.setdefault(field, []).append(_("no organisation has the id %s") % pk)
    return found


def _resolve(payload: ProjectPatch) -> dict[str, Any]:
    """The fields a request sets, with the places, organisations and parent it names;
    everything it names that does not exist is refused at once, a message per field."""
    given = payload.dict(exclude_unset=True)
    errors: dict[str, list[str]] = {}
    if given.get("locations") is not None:
        places: list[Place] = []
        for code in given["locations"]:
            place = place_get(code)
            if place is None:
                errors.setdefault("locations", []).append(_("no place has the code “%s”") % code)
            else:
                places.append(place)
        given["locations"] = places
    for field in ("implementing_organisation", "responsible_organisation"):
        if given.get(field) is not None:
            given[field] = _organisation(field, given[field], errors)
    if given.get("partners") is not None:
        given["partners"] = [_organisation("partners", pk, errors) for pk in given["partners"]]
    if given.get("parent") is not None:
        given["parent"] = Project.objects.filter(pk=given["parent"]).first()
        if given["parent"] is None:
            errors["parent"] = [_("no project has the id %s") % payload.parent]
    if errors:
        raise ValidationError(errors)
    return given


def _get(project_id: int) -> Project:
    try:
        return selectors.project_get(project_id)
    except Project.DoesNotExist as exc:
        raise Http404(_("No project has this id.")) from exc


@router.get("", response=list[ProjectOut], summary="Projects, filtered")
@paginate(ApiPagination)
def project_list(
    request: HttpRequest,
    place: str | None = None,
    year: str | None = None,
    kind: Kind | None = None,
    status: ProjectStatus | None = None,
    partner: int | None = None,
    source: FundingSource | None = None,
) -> Any:
    """Projects with a location in `place`'s area, running in `year`, of a kind, status,
    helper-side partner (organisation id) or funding source."""
    policy.require(request.user, "project.view")
    projects = selectors.project_list(
        place=place_get_or_404(place) if place else None,
        year=parse_year(year, default=None, field="year"),
        kind=kind,
        status=status,
        partner=get_object_or_404(Organisation, pk=partner) if partner else None,
        source=source,
    )
    return selectors.in_full(projects)


@router.get("/iati.xml", auth=None, summary="Published projects as IATI 2.03 activities")
def project_iati(request: HttpRequest, place: str | None = None, year: str | None = None) -> Any:
    """Open to all: only published projects, and nothing internal, are written."""
    projects = selectors.project_list(
        place=place_get_or_404(place) if place else None,
        year=parse_year(year, default=None, field="year"),
    ).filter(published_at__isnull=False)
    body = iati.activities_xml(
        selectors.in_full(projects).prefetch_related("targets__place"),
        reporting=str(getattr(settings, "XIEZUO_REPORTING_ORG", "粤桂东西部扶贫协作")),
    )
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@router.get("/{int:project_id}", response=ProjectOut)
def project_detail(request: HttpRequest, project_id: int) -> Project:
    policy.require(request.user, "project.view")
    return _get(project_id)


@router.post("", response={201: ProjectOut})
def project_create(request: HttpRequest, payload: ProjectIn) -> Status:
    policy.require_anywhere(request.user, "project.manage")
    fields = _resolve(payload)
    if not fields.get("locations"):  # a project hangs on its places, as its scope does
        raise ValidationError({"locations": [_("Give at least one location.")]})
    policy.require(
        request.user, "project.manage", policy.Places(tuple(fields.get("locations") or ()))
    )
    fields["budget_lines"] = [line.dict() for line in payload.budget_lines]  # exact, as given
    project = services.project_create(by=request.user, **fields)  # type: ignore[arg-type]
    return Status(201, _get(project.pk))


@router.patch("/{int:project_id}", response=ProjectOut)
def project_update(request: HttpRequest, project_id: int, payload: ProjectPatch) -> Project:
    project = _get(project_id)
    policy.require(request.user, "project.manage", project)
    fields = _resolve(payload)
    if fields.get("locations") is not None:
        policy.require(request.user, "project.manage", policy.Places(tuple(fields["locations"])))
    services.project_update(project=project, **fields)
    return _get(project_id)


@router.post("/{int:project_id}/steps", response=ProjectOut)
def project_step(request: HttpRequest, project_id: int, payload: StepIn) -> Project:
    project = _get(project_id)
    policy.require(request.user, "project.manage", project)
    services.project_step(
        project=project,
        status=payload.status,
        on=payload.on,
        by=request.user,  # type: ignore[arg-type]
        note=payload.note,
    )
    return _get(project_id)


@router.post("/{int:project_id}/publish", response=ProjectOut)
def project_publish(request: HttpRequest, project_id: int) -> Project:
    project = _get(project_id)
    policy.require(request.user, "project.publish")
    services.project_publish(project=project)
    return _get(project_id)
