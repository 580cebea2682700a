"""API: the year's quotas and the report "planned vs in post", who is in post on a day and
who ends soon (under /api/v1/exchange/); the short visits' endpoints are `api_visits`.

- `GET /quotas/report?year=&on=&place=&direction=`: per county, cadres and professionals
  planned and in post, with totals;
- `GET /quotas?year=&place=&direction=`: the quotas set;
- `PUT /quotas`: set one county's quotas for a year and a direction (coordinator, in scope);
- `GET /in-post?on=&place=` and `GET /in-post/ending?on=&place=&days=`.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.api import Year
from xiezuo.paging import ApiPagination
from xiezuo.places.selectors import place_get

from . import quotas
from .api_visits import router as visits_router
from .models import Direction, Quota, Secondment

router = Router(tags=["exchange"])
router.add_router("", visits_router)


class ReportRowOut(Schema):
    place: str
    name: str
    cadres_planned: int
    cadres_in_post: int
    professionals_planned: int
    professionals_in_post: int
    planned: int
    in_post: int

    @staticmethod
    def resolve_place(obj: quotas.ReportRow) -> str:
        return obj.code


class QuotaReportOut(Schema):
    year: int
    on: date
    place: str | None
    direction: str
    rows: list[ReportRowOut]
    total: ReportRowOut


class QuotaOut(Schema):
    place: str
    year: int
    direction: str
    group: str
    planned: int
    source: str

    @staticmethod
    def resolve_place(obj: Quota) -> str:
        return obj.place.code


class QuotaIn(Schema):
    place: str
    year: int
    direction: Direction = Direction.TO_HELPED
    cadres: int | str
    professionals: int | str
    source: str = ""


class InPostOut(Schema):
    uid: str
    person: str
    category: str
    direction: str
    kind: str
    origin: str
    host: str
    post: str
    started_on: date | None
    planned_end: date
    ended_on: date | None

    @staticmethod
    def resolve_person(obj: Secondment) -> str:
        return obj.person.name

    @staticmethod
    def resolve_origin(obj: Secondment) -> str:
        return obj.origin.code

    @staticmethod
    def resolve_host(obj: Secondment) -> str:
        return obj.host.code


@router.get("/quotas/report", response=QuotaReportOut, summary="Quotas: planned vs in post")
def quota_report(
    request: HttpRequest,
    year: Year,
    on: date | None = None,
    place: str | None = None,
    direction: Direction = Direction.TO_HELPED,
) -> quotas.QuotaReport:
    policy.require(request.user, "exchange.view")
    return quotas.quota_report(year=year, on=on, place=place, direction=direction)


@router.get("/quotas", response=list[QuotaOut], summary="The quotas set")
@paginate(ApiPagination)
def quota_list(
    request: HttpRequest,
    year: Year | None = None,
    place: str | None = None,
    direction: Direction | None = None,
) -> list[Quota]:
    policy.require(request.user, "exchange.view")
    return quotas.quota_list(year=year, place=place, direction=direction)  # type: ignore[return-value]


@router.put("/quotas", response=list[QuotaOut], summary="Set a county's quotas for a year")
def quota_set(request: HttpRequest, payload: QuotaIn) -> list[Quota]:
    place = place_get(payload.place)
    if place is None:
        raise ValidationError(
            {"place": [_("No place has the code “%(code)s”.") % {"code": payload.place}]}
        )
    policy.require(request.user, "exchange.quota.manage", place)
    return quotas.quota_set(
        actor=request.user, place=place, year=payload.year, direction=payload.direction,
        cadres=payload.cadres, professionals=payload.professionals, source=payload.source,
    )  # fmt: skip


@router.get("/in-post", response=list[InPostOut], summary="Who is in post on a day")
@paginate(ApiPagination)
def in_post_list(
    request: HttpRequest, on: date | None = None, place: str | None = None
) -> list[Secondment]:
    policy.require(request.user, "exchange.view")
    return quotas.in_post_list(on=on, place=place)  # type: ignore[return-value]


@router.get("/in-post/ending", response=list[InPostOut], summary="Who ends in the days ahead")
@paginate(ApiPagination)
def ending_list(
    request: HttpRequest, on: date | None = None, place: str | None = None, days: int = 30
) -> list[Secondment]:
    policy.require(request.user, "exchange.view")
    if not 0 <= days <= 366:
        raise ValidationError({"days": [_("Between 0 and 366 days.")]})
    return quotas.ending_list(on=on, place=place, days=days)  # type: ignore[return-value]
