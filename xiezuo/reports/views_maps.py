"""The map of the helped places: the page with a figure chooser, and its JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.places.models import Place
from xiezuo.places.selectors import home_place_code, place_get

from . import maps


@dataclass
class MapRequest:
    place: Place
    year: int
    figure: str
    level: int | None = None


def _parse(request: HttpRequest) -> MapRequest:
    code = request.GET.get("place", "").strip() or home_place_code()
    place = place_get(code)
    if place is None:
        raise maps.MapError(_("No place has the code “%s”.") % code)
    text = request.GET.get("year", "").strip()
    if not text:
        year = date.today().year - 1
    elif text.isdigit() and len(text) == 4:
        year = int(text)
    else:
        raise maps.MapError(_("The year “%s” is not a year such as 2018.") % text)
    figure = request.GET.get("figure", "").strip() or maps.DEFAULT_FIGURE
    level_text = request.GET.get("level", "").strip()
    if level_text and level_text not in ("2", "3"):
        raise maps.MapError(
            _("The level “%s” is not 2 (prefectures) or 3 (counties).") % level_text
        )
    return MapRequest(place, year, figure, int(level_text) if level_text else None)


def map_json(request: HttpRequest) -> HttpResponse:
    """The places of the map with their centres, the figure's values and any outlines."""
    policy.require(request.user, "dashboard.view")
    try:
        asked = _parse(request)
        data = maps.map_data(
            asked.place,
            year=asked.year,
            item=asked.figure,
            unapproved_within=policy.unapproved_scope(request.user),
            level=asked.level,
        )
    except maps.MapError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(data.as_json(), json_dumps_params={"ensure_ascii": False})


def map_page(request: HttpRequest) -> HttpResponse:
    """The map alone, with a figure chooser."""
    policy.require(request.user, "dashboard.view")
    try:
        asked = _parse(request)
        maps.figure_name(asked.figure)
    except maps.MapError as exc:
        return render(request, "reports/map.html", {"error": str(exc)}, status=400)
    return render(
        request,
        "reports/map.html",
        {
            "place": asked.place.code,
            "place_name": asked.place.display_name,
            "year": asked.year,
            "figure": asked.figure,
            "level": asked.level or "",
            "figures": maps.figure_choices(),
        },
    )
