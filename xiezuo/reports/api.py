"""API: the reports under /api/v1/reports/ — the dashboard's figures, and the progress
report as a file (`progress`, its own router)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from xiezuo.accounts import policy
from xiezuo.reports import dashboard as dashboards
from xiezuo.reports.progress.api import router as progress_router

router = Router(tags=["reports"])
router.add_router("/progress", progress_router)


class DashboardFigureOut(Schema):
    code: str
    label: str
    area: str
    unit: str
    value: Decimal | None
    target: Decimal | None
    share_of_target: Decimal | None
    last_year: Decimal | None
    months: list[Decimal | None]
    source: str
    registry: str


class DashboardChildOut(Schema):
    place: str
    name: str
    url: str
    values: dict[str, Decimal | None]


class DashboardOut(Schema):
    place: str
    place_name: str
    pairing: str | None
    year: int
    left_out: bool
    figures: list[DashboardFigureOut]
    children: list[DashboardChildOut]


@router.get(
    "/dashboard",
    response=DashboardOut,
    summary="The dashboard's figures for a place (or pairing) and a year",
)
def dashboard(request: HttpRequest, place: str = "", year: str = "", pairing: str = "") -> dict:
    """Each figure with its value, target, share of the target, last year's value, the
    months of the year and the link to where it comes from (the pivot or the work plan),
    and the same figures for each child place. An unknown place, pairing or year answers
    422 naming the field."""
    policy.require(request.user, "dashboard.view")
    chosen_year = dashboards.parse_year(year)
    chosen, chosen_pairing = dashboards.parse_scope(place, pairing)
    board = dashboards.dashboard(
        place=chosen,
        year=chosen_year,
        pairing=chosen_pairing,
        unapproved_within=policy.unapproved_scope(request.user),
    )
    return dashboards.dashboard_json(board)
