"""The administrators' page of who saw personal information unmasked, and its Excel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xiezuo.accounts import policy
from xiezuo.dates import parse_day
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.spreadsheets import xlsx_response

from . import exports, selectors
from .models import PersonalDataView


@dataclass(frozen=True)
class LogFilters:
    user: str
    first: date | None
    last: date | None


def _filters(request: HttpRequest) -> LogFilters:
    return LogFilters(
        user=(request.GET.get("user") or "").strip(),
        first=query_value(request, parse_day, field="first", default=None),
        last=query_value(request, parse_day, field="last", default=None),
    )


def _views(filters: LogFilters) -> QuerySet[PersonalDataView]:
    return selectors.personal_data_view_list(
        username=filters.user, first=filters.first, last=filters.last
    )


def log_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "personal.log.view")
    filters = _filters(request)
    return render(
        request,
        "personal/log_list.html",
        {"page": page_of(request, _views(filters)), "filters": filters},
    )


def log_export(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "personal.log.view")
    workbook = exports.log_workbook(_views(_filters(request)))
    return xlsx_response(workbook, f"personal-data-views-{timezone.localdate().isoformat()}.xlsx")
