from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from xiezuo.accounts import policy
from xiezuo.pairings import selectors as pairing_selectors
from xiezuo.pairings.models import Kind, Pairing
from xiezuo.places.models import Designation, Organisation, Place


def home(request: HttpRequest) -> HttpResponse:
    """The programme at a glance: its sides, pairings by level, coverage."""
    policy.require(request.user, "pairing.view")
    programmes = []
    for pairing in pairing_selectors.pairing_list(kind=Kind.PROVINCE, status="active"):
        helped = pairing.helped_place
        if helped is None:
            continue
        programmes.append(
            {
                "pairing": pairing,
                "coverage": pairing_selectors.coverage(helped),
                "helper_counts": pairing_selectors.helper_counts(helped),
            }
        )
    context = {
        "programmes": programmes,
        "by_kind": pairing_selectors.pairing_counts_by_kind(),
        "totals": {
            "places": Place.objects.count(),
            "organisations": Organisation.objects.count(),
            "pairings": Pairing.objects.active_on().count(),
            "designations": Designation.objects.count(),
        },
    }
    return render(request, "web/home.html", context)


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})
