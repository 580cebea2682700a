from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.htmx import is_htmx
from xiezuo.indicators.models import Area

from . import selectors


def figures(request: HttpRequest) -> HttpResponse:
    """The key figures of the programme, each from the data, beside its reference."""
    policy.require(request.user, "figures.view")
    values = selectors.figure_values(unapproved_within=policy.unapproved_scope(request.user))
    labels = dict(Area.choices)
    groups = [
        (labels.get(area, area), list(items))
        for area, items in groupby(values, key=lambda v: v.figure.area)
    ]
    checked = [v.agrees for v in values if v.agrees is not None]
    return render(
        request,
        "reports/figures.html",
        {
            "groups": groups,
            "agreeing": sum(1 for a in checked if a),
            "checked": len(checked),
            "left_out": any(v.left_out for v in values),
        },
    )


def _pivot_context(request: HttpRequest) -> dict:
    from xiezuo.indicators.models import DataElement, Dimension, Indicator
    from xiezuo.places.models import Level

    from . import pivot

    context: dict = {
        "elements": DataElement.objects.all(),
        "indicators": Indicator.objects.all(),
        "dimensions": Dimension.objects.all(),
        "params": request.GET,
        "chosen": request.GET.getlist("dx"),
        "relative": ["THIS_YEAR", "LAST_YEAR", "LAST_5_YEARS", "LAST_12_MONTHS", "LAST_4_QUARTERS"],
        "levels": [(level.value, level.label) for level in Level],
        "dimension_choices": [
            ("dx", _("Data")),
            ("pe", _("Period")),
            ("ou", _("Place")),
            ("co", _("Disaggregation")),
        ],
    }
    # The form shows what the table used: its periods resolved (a relative period, the
    # default last five years) and its place (the user's home place by default).
    context["form_pe"] = request.GET.get("pe") or ";".join(p.id for p in pivot.default_periods())
    context["form_ou"] = request.GET.get("ou") or pivot.home_place_code()
    if request.GET.get("dx"):
        try:
            table = pivot.pivot(
                pivot.parse_selection(request.GET),
                unapproved_within=policy.unapproved_scope(request.user),
            )
        except pivot.PivotError as exc:
            context["error"] = str(exc)
        else:
            context["table"] = table
            context["chart"] = pivot.chart_data(table)
            context["form_pe"] = ";".join(p.id for p in table.selection.periods)
            context["form_ou"] = table.selection.place.code
    return context


def pivot_table(request: HttpRequest) -> HttpResponse:
    """Choose data, periods, places and a disaggregation; lay them out; chart and export."""
    policy.require(request.user, "analytics.view")
    context = _pivot_context(request)
    template = "reports/_pivot_result.html" if is_htmx(request) else "reports/pivot.html"
    return render(request, template, context)


def pivot_export(request: HttpRequest, fmt: str) -> HttpResponse:
    from . import pivot

    policy.require(request.user, "analytics.view")
    try:
        table = pivot.pivot(
            pivot.parse_selection(request.GET),
            unapproved_within=policy.unapproved_scope(request.user),
        )
    except pivot.PivotError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    if fmt == "csv":
        response = HttpResponse(
            "\ufeff" + pivot.table_csv(table), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            pivot.table_xlsx(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="pivot.{fmt}"'
    return response
