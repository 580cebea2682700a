"""Reads of the occupation classification."""

from __future__ import annotations

import re

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from . import codes
from .models import Occupation

_CODE_PREFIX = re.compile(r"^\d[\d-]*$")


def occupation_get(code: str) -> Occupation | None:
    code = code.strip()
    if not codes.is_code(code):
        return None
    return Occupation.objects.select_related("parent").filter(code=code).first()


def occupation_get_or_404(code: str) -> Occupation:
    """The occupation or group with this code; Http404, in the user's language, if none."""
    occupation = occupation_get(code)
    if occupation is None:
        raise Http404(_("No occupation has the code “%s”.") % code)
    return occupation


def occupation_ancestors(occupation: Occupation) -> list[Occupation]:
    """The groups above an occupation, major group first."""
    return list(
        Occupation.objects.select_related("parent")
        .filter(code__in=codes.ancestor_codes(occupation.code))
        .order_by("path")
    )


def occupation_children(occupation: Occupation | None) -> QuerySet[Occupation]:
    """The members of a group (the major groups for None), with how many members each has."""
    qs = (
        Occupation.objects.filter(parent=occupation)
        if occupation
        else Occupation.objects.filter(level=1)
    )
    return qs.annotate(child_count=Count("children")).order_by("code")


def occupation_list(
    *, query: str | None = None, level: int | None = None, parent: str | None = None
) -> QuerySet[Occupation]:
    """Occupations and groups by code, level and code: a query that looks like a code
    matches codes starting with it, any other the name or an alias containing it;
    `parent` keeps the direct members of the group with that code."""
    qs = Occupation.objects.select_related("parent").order_by("code")
    if level is not None:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent.strip())
    query = (query or "").strip()
    if query:
        if _CODE_PREFIX.match(query):
            qs = qs.filter(code__startswith=query)
        else:
            qs = qs.filter(Q(name__contains=query) | Q(aliases__contains=query))
    return qs
