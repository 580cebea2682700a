from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.accounts import policy
from xiezuo.htmx import is_htmx
from xiezuo.paging import capped

from . import selectors
from .classification import SOURCE
from .models import Level
from .suggest import occupation_suggest

SEARCH_RESULTS = 100
SUGGESTIONS = 10
OPTIONS = 15


def _level(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and int(value) in Level.values else None


def occupation_list(request: HttpRequest) -> HttpResponse:
    """The classification as a tree; with a search, the matches and the suggestions."""
    policy.require(request.user, "occupation.view")
    query = request.GET.get("q", "").strip()
    level = _level(request.GET.get("level"))
    context: dict[str, object] = {"query": query, "level": level, "levels": Level.choices}
    if query or level:
        context["results"] = capped(
            selectors.occupation_list(query=query, level=level), SEARCH_RESULTS
        )
        # a job title as people write it: what it may be, with the reasons
        looks_like_code = query.replace("-", "").isdigit()
        context["suggestions"] = (
            occupation_suggest(query, limit=SUGGESTIONS) if query and not looks_like_code else []
        )
    else:
        context["children"] = selectors.occupation_children(None)
    template = "occupations/_search_results.html" if is_htmx(request) else "occupations/list.html"
    return render(request, template, context)


def occupation_children(request: HttpRequest, code: str) -> HttpResponse:
    """The members of a group, as rows of the tree (an htmx partial)."""
    policy.require(request.user, "occupation.view")
    group = selectors.occupation_get_or_404(code)
    return render(
        request,
        "occupations/_tree_rows.html",
        {"children": selectors.occupation_children(group), "parent": group},
    )


def occupation_detail(request: HttpRequest, code: str) -> HttpResponse:
    policy.require(request.user, "occupation.view")
    occupation = selectors.occupation_get_or_404(code)
    context = {
        "occupation": occupation,
        "ancestors": selectors.occupation_ancestors(occupation),
        "children": selectors.occupation_children(occupation),
        "source": SOURCE,
    }
    return render(request, "occupations/detail.html", context)


def occupation_options(request: HttpRequest) -> HttpResponse:
    """Suggestions for a job title as <option>s of the occupation picker's datalist."""
    policy.require(request.user, "occupation.view")
    query = request.GET.get("q", "").strip()
    if query.replace("-", "").isdigit():
        found = list(selectors.occupation_list(query=query, level=Level.UNIT)[:OPTIONS])
        options = [(o, "") for o in found]
    else:
        options = [
            (s.occupation, "; ".join(s.reasons)) for s in occupation_suggest(query, limit=OPTIONS)
        ]
    return render(request, "occupations/_options.html", {"options": options})
