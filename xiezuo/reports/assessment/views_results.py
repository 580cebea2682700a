"""The year's results under a method: scores and grades per unit, ranked within each
group, the change from last year, the weakest criteria; as a page, Excel and PDF.

A reader sees the published results; those within a unit's scope see its result before
publication too, marked with its status."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xiezuo.accounts import policy
from xiezuo.reports.documents import PDF_CONTENT_TYPE
from xiezuo.spreadsheets import xlsx_response

from . import excel_results, selectors
from .models import Assessment, Method


def _choice(request: HttpRequest) -> tuple[Method | None, int | None]:
    method = Method.objects.filter(code=request.GET.get("method") or "").first()
    if method is None:
        method = Method.objects.filter(assessments__isnull=False).order_by("-year_from").first()
    try:
        year = int(request.GET.get("year") or "")
    except ValueError:
        year = None
    if method is not None and year is None:
        latest = Assessment.objects.filter(method=method).order_by("-year").first()
        year = latest.year if latest else timezone.localdate().year - 1
    return method, year


def assessment_results(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "assessment.view")
    method, year = _choice(request)
    results = None
    if method is not None and year is not None:
        results = selectors.results(user=request.user, method=method, year=year)
    return render(request, "assessment/results.html", {
        "results": results, "methods": Method.objects.all(), "method": method, "year": year,
        "query": f"method={method.code}&year={year}" if method else "",
    })  # fmt: skip


def assessment_results_export(request: HttpRequest, fmt: str) -> HttpResponse:
    policy.require(request.user, "assessment.view")
    method, year = _choice(request)
    if method is None or year is None or fmt not in ("xlsx", "pdf"):
        from django.http import Http404

        raise Http404
    results = selectors.results(user=request.user, method=method, year=year)
    name = f"assessment-{method.code}-{year}"
    if fmt == "xlsx":
        return xlsx_response(excel_results.results_workbook(results), f"{name}.xlsx")
    response = HttpResponse(excel_results.results_pdf(results), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
