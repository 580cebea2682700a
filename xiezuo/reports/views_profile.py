"""The county profile (一县一档): the page, its print mode and its PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from xiezuo.accounts import policy
from xiezuo.places.selectors import place_get_or_404

from .documents import PDF_CONTENT_TYPE, html_to_pdf
from .profile import place_profile


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def place_profile_page(request: HttpRequest, code: str) -> HttpResponse:
    """Everything about one place on one page; `?print=1` for the printable layout."""
    place = place_get_or_404(code)
    policy.require(request.user, "place.view", place)
    profile = place_profile(place, user=request.user, year=_year(request))
    if request.GET.get("print"):
        return render(request, "reports/profile_print.html", {"profile": profile})
    return render(request, "reports/profile.html", {"profile": profile})


def place_profile_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The profile as a PDF (A4, Chinese fonts embedded)."""
    place = place_get_or_404(code)
    policy.require(request.user, "place.view", place)
    profile = place_profile(place, user=request.user, year=_year(request))
    html = render_to_string("reports/profile_print.html", {"profile": profile}, request=request)
    response = HttpResponse(html_to_pdf(html), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="profile-{place.code}.pdf"'
    return response
