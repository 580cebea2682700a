"""The dashboard page: the figures of a place (or a pairing) and a year, on a desk, on a wall
screen (`?mode=screen`) or on paper (`?mode=print`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.accounts import policy

from . import dashboard as dashboards

MODES = ("screen", "print")
# the big screen reloads itself this often (seconds)
SCREEN_REFRESH = 300


def dashboard(request: HttpRequest) -> HttpResponse:
    """The programme at a glance for a place's subtree and a year, with its drill-down."""
    policy.require(request.user, "dashboard.view")
    mode = request.GET.get("mode", "")
    mode = mode if mode in MODES else ""
    context: dict = {
        "mode": mode,
        "base_template": "reports/dashboard_bare.html" if mode else "web/base.html",
        "refresh": SCREEN_REFRESH,
    }
    try:
        year = dashboards.parse_year(request.GET.get("year"))
        place, pairing = dashboards.parse_scope(
            request.GET.get("place"), request.GET.get("pairing")
        )
    except ValidationError as exc:
        context["errors"] = [m for messages in exc.message_dict.values() for m in messages]
        return render(request, "reports/dashboard.html", context, status=400)
    board = dashboards.dashboard(
        place=place,
        year=year,
        pairing=pairing,
        unapproved_within=policy.unapproved_scope(request.user),
    )
    context["board"] = board
    context["years"] = list(range(year - 4, year + 2))
    return render(request, "reports/dashboard.html", context)
