"""The public disclosure pages (公告公示): no sign-in; only what is published."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.dates import parse_year
from xiezuo.params import query_value
from xiezuo.places.selectors import home_place_code, place_get

from . import selectors


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    place = place_get(request.GET.get("place") or home_place_code())
    if place is None:
        raise Http404(_("No place has the code “%s”.") % request.GET.get("place"))
    year = query_value(request, parse_year, field="year", default=timezone.localdate().year)
    return render(
        request,
        "disclosure/index.html",
        {
            "disclosure": selectors.disclosure(place, year),
            "years": range(2016, timezone.localdate().year + 1),
        },
    )


@login_not_required
def project(request: HttpRequest, uid: str) -> HttpResponse:
    found = selectors.project_published(uid)
    if found is None:
        raise Http404(_("No published project has this number."))
    return render(request, "disclosure/project.html", {"item": found})
