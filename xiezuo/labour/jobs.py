"""The public job board (招聘信息): open postings anyone may read, without signing in, each
with a QR code to print on the posters of a job fair. Only what an employer publishes in
a posting is shown; nothing about any worker."""

from __future__ import annotations

import io
from datetime import date

import segno
from django.db.models import Count, F, Q, QuerySet

from xiezuo.occupations import codes as occupation_codes
from xiezuo.places import codes

from .models import Posting


def posting_open_list(
    *,
    on: date,
    place: str | None = None,
    occupation: str | None = None,
    wage_min: int | None = None,
) -> QuerySet[Posting]:
    """Postings open on `on` (valid, not closed, not filled), of a place with its area, of an
    occupation or group with what it holds, paying at least `wage_min` a month."""
    postings = (
        Posting.objects.filter(valid_from__lte=on, valid_to__gte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .annotate(placed=Count("placements"))
        .filter(openings__gt=F("placed"))
        .select_related("employer", "occupation", "place_of_work")
        .order_by("-valid_from", "-id")
    )
    if place:
        lo, hi = codes.subtree_range(place)
        postings = postings.filter(place_of_work__code__gte=lo, place_of_work__code__lt=hi)
    if occupation:
        postings = postings.filter(
            occupation__path__startswith=occupation_codes.path_of(occupation)
        )
    if wage_min is not None:
        postings = postings.filter(wage_min__gte=wage_min)
    return postings


def posting_open_get(uid: str, *, on: date) -> Posting | None:
    return posting_open_list(on=on).filter(uid=uid).first()


def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG document (black on white, 4 modules of margin)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, title=url)
    return out.getvalue().decode()
