"""The public catalogue of certified products (扶贫产品目录): no sign-in; products certified
and valid today (or on a day asked for, `?on=YYYY-MM-DD`: the catalogue as it stood),
searched by place (with its area), category and supplier; each product's page with a QR
code of its address, to print. Nothing about who recorded or decided anything, and no
link to an internal page."""

from __future__ import annotations

import io
from datetime import date

import segno
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.dates import parse_day
from xiezuo.paging import page_of

from . import selectors
from .models import Product, ProductCategory


def _code(value: str | None) -> str | None:
    text = (value or "").strip()
    return text if text.isdigit() and len(text) in (2, 4, 6, 9, 12) else None


def _day(request: HttpRequest) -> tuple[date, str]:
    """The day the catalogue is read on (today unless asked), and a message if the day
    asked for is not a date."""
    today = timezone.localdate()
    try:
        return parse_day(request.GET.get("on"), default=today), ""
    except ValidationError as exc:
        return today, " ".join(exc.messages)


@login_not_required
def catalogue(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category") or None
    on, error = _day(request)
    today = timezone.localdate()
    products = selectors.catalogue_list(
        on=on,
        place=_code(request.GET.get("place")),
        category=category if category in ProductCategory.values else None,
        supplier=(request.GET.get("supplier") or "").strip() or None,
    )
    return render(
        request,
        "consumption/public/index.html",
        {
            "page": page_of(request, products),
            "categories": ProductCategory.choices,
            "filters": request.GET,
            "on": on,
            "today": on == today,
            "on_error": error,
            # none valid today: the day the catalogue last had products, to look back
            "last_day": selectors.catalogue_last_day(before=on) if on == today else None,
        },
    )


def _certified(uid: str, on: date) -> Product:
    product = selectors.catalogue_get(uid, on=on)
    if product is None:
        raise Http404(_("No product certified on that day has this number."))
    return product


@login_not_required
def product(request: HttpRequest, uid: str) -> HttpResponse:
    on, _error = _day(request)
    return render(
        request,
        "consumption/public/detail.html",
        {"product": _certified(uid, on), "on": on, "today": on == timezone.localdate()},
    )


def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG document (black on white, 4 modules of margin)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, title=url)
    return out.getvalue().decode()


@login_not_required
def product_qr(request: HttpRequest, uid: str) -> HttpResponse:
    """The QR code of a certified product's public page, to print on its packaging."""
    found = _certified(uid, timezone.localdate())
    url = request.build_absolute_uri(reverse("catalogue_product", args=[found.uid]))
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")
