"""Reads of the place registry."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from xiezuo.language import pick

from . import codes
from .models import Designation, Organisation, Place


def place_get(key: str) -> Place | None:
    """The place with this division code or UID (a UID starts with a letter)."""
    key = key.strip()
    if "\x00" in key:  # no code or UID holds a NUL, which PostgreSQL refuses in a query (a 500)
        return None
    column = "code" if codes.is_code(key) else "uid"
    return Place.objects.select_related("parent").filter(**{column: key}).first()


def place_get_or_404(key: str) -> Place:
    """The place with this division code or UID; Http404, in the user's language, if none."""
    place = place_get(key)
    if place is None:
        raise Http404(_("No place has the code “%s”.") % key)
    return place


def place_keys(keys: Iterable[str]) -> dict[str, tuple[int, str]]:
    """(id, division code) of the places these codes or UIDs name, by key (unknown keys left out):
    `place_get` for many at once."""
    wanted = {key.strip() for key in keys}
    by_code = [key for key in wanted if codes.is_code(key)]
    by_uid = [key for key in wanted if not codes.is_code(key)]
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(by_code), 5000):
        for pk, code in Place.objects.filter(code__in=by_code[start : start + 5000]).values_list(
            "pk", "code"
        ):
            found[code] = (pk, code)
    for start in range(0, len(by_uid), 5000):
        for pk, code, uid in Place.objects.filter(uid__in=by_uid[start : start + 5000]).values_list(
            "pk", "code", "uid"
        ):
            found[uid] = (pk, code)
    return found


def home_place_code() -> str:
    """The division code of the helped region the programme's pages open on."""
    return str(settings.XIEZUO_HOME_PLACE)


def place_display_names(codes: Iterable[str]) -> dict[str, str]:
    """The names of these places in the reader's language (pinyin for English), by code."""
    rows = Place.objects.filter(code__in=list(codes)).values_list("code", "name", "name_en")
    return {code: pick(name, name_en or name) for code, name, name_en in rows}


def place_ancestors(place: Place) -> list[Place]:
    return list(Place.objects.filter(code__in=place.ancestor_codes).order_by("level"))


def place_children(place: Place | None) -> QuerySet[Place]:
    """Children of a place (the provinces for None), with how many children each has."""
    qs = Place.objects.filter(parent=place) if place else Place.objects.filter(level=1)
    return qs.annotate(child_count=Count("children")).order_by("code")


def place_search(query: str, *, within: str | None = None) -> QuerySet[Place]:
    """Places whose code starts with, or whose Chinese name or English (pinyin) name
    contains, the query (德保, debao, Debao County, 4510), by level and code."""
    query = query.strip()
    qs = Place.objects.select_related("parent")
    if within:
        qs = qs.within(within)
    if not query:
        return qs.none()
    if query.isdigit():
        if len(query) >= 2 and codes.is_code(query):
            qs = qs.filter(Q(code=query) | Q(code__startswith=query))
        else:
            qs = qs.filter(code__startswith=query)
    elif query.isascii():
        query = " ".join(query.split())
        qs = qs.filter(Q(name_en__icontains=query) | Q(name__contains=query))
    else:
        qs = qs.filter(name__contains=query)
    return qs.order_by("level", "code")


def designation_list(place: Place) -> QuerySet[Designation]:
    return Designation.objects.filter(place=place).order_by("kind")


def organisation_list(
    *,
    place: Place | None = None,
    within: str | None = None,
    kind: str | None = None,
    side: str | None = None,
    query: str | None = None,
) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("place")
    if place is not None:
        qs = qs.filter(place=place)
    if within:
        lo, hi = codes.subtree_range(within)
        qs = qs.filter(place__code__gte=lo, place__code__lt=hi)
    if kind:
        qs = qs.filter(kind=kind)
    if side:
        qs = qs.filter(side=side)
    if query:
        qs = qs.filter(name__contains=query)
    return qs.order_by("place__code", "name")


def code_within(field: str, code: str) -> Q:
    """A filter: the division code in `field` is `code` or below it (by code range)."""
    lo, hi = codes.subtree_range(code)
    return Q(**{f"{field}__gte": lo, f"{field}__lt": hi})
