from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.accounts import policy
from xiezuo.indicators.models import Area

from . import selectors


def figures(request: HttpRequest) -> HttpResponse:
    """The key figures of the programme, each from the data, beside its reference."""
    policy.require(request.user, "figures.view")
    values = selectors.figure_values()
    labels = dict(Area.choices)
    groups = [
        (labels.get(area, area), list(items))
        for area, items in groupby(values, key=lambda v: v.figure.area)
    ]
    checked = [v.agrees for v in values if v.agrees is not None]
    return render(
        request,
        "reports/figures.html",
        {"groups": groups, "agreeing": sum(1 for a in checked if a), "checked": len(checked)},
    )
