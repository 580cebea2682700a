"""Pages of the supervision board: the board, its Excel export, the import, the year-end report."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xiezuo.accounts import policy
from xiezuo.dates import parse_day
from xiezuo.forms import REFUSED, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.spreadsheets import xlsx_response

from . import selectors
from .board import STATUSES, Board, filter_choices, parse_filters, supervision_board
from .excel import imports, layout, workbooks
from .forms import ImportForm
from .models import Document
from .report import Report, completion_report


def _document(pk: int) -> Document:
    return get_object_or_404(selectors.document_list(), pk=pk)


def _on(request: HttpRequest, default: date, errors: dict[str, list[str]]) -> date:
    try:
        return parse_day(request.GET.get("on"), default=default)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return default


def _query(request: HttpRequest, **changes: str | None) -> str:
    """The page's query string with some parameters changed (None: removed)."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def _board(request: HttpRequest, document: Document) -> tuple[Board, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    on = _on(request, timezone.localdate(), errors)
    filters, filter_errors = parse_filters(document, request.GET)
    errors.update(filter_errors)
    return supervision_board(document, on=on, filters=filters), errors


def plan_board(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "plan.view")
    document = _document(pk)
    board, errors = _board(request, document)
    return render(
        request,
        "plans/board.html",
        {
            "document": document,
            "board": board,
            "errors": errors,
            "params": request.GET,
            "choices": filter_choices(document),
            "statuses": STATUSES,
            "today": timezone.localdate(),
            "query": request.GET.urlencode(),
            "today_query": _query(request, on=None),
            "end_query": _query(request, on=document.ends_on.isoformat()),
            "status_queries": {s.value: _query(request, status=s.value) for s in STATUSES},
            "all_statuses_query": _query(request, status=None),
        },
    )


def plan_board_export(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "plan.view")
    document = _document(pk)
    board, _errors = _board(request, document)  # a filter not understood is left out
    return xlsx_response(
        workbooks.board_workbook(board), f"board-{document.pk}-{board.on.isoformat()}.xlsx"
    )


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(pk)
    policy.require(request.user, "plan.manage", document)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            summary = imports.import_items(document=document, source=form.cleaned_data["file"])
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(
                request,
                _(
                    "Imported %(items)s work items with %(milestones)s milestones and "
                    "%(targets)s targets."
                )
                % {
                    "items": summary.items,
                    "milestones": summary.milestones,
                    "targets": summary.targets,
                },
            )
            if summary.categories:
                messages.success(
                    request,
                    _("New categories: %(names)s.") % {"names": "、".join(summary.categories)},
                )
            return redirect("plan_board", pk=document.pk)
    return render(
        request,
        "plans/import.html",
        {"document": document, "form": form, "refused": refused, "columns": layout.COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def plan_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "plan.view")
    document = _document(pk)
    content = workbooks.template_workbook(document)
    return xlsx_response(content, f"work-items-template-{document.pk}.xlsx")


def _report(request: HttpRequest, document: Document) -> tuple[Report, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    on = _on(request, document.ends_on, errors)
    return completion_report(document, on=on), errors


def plan_report(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "plan.view")
    document = _document(pk)
    report, errors = _report(request, document)
    return render(
        request,
        "plans/report.html",
        {
            "document": document,
            "report": report,
            "tables": [
                (_("By category"), _("Category"), report.by_category, "report-by-category"),
                (
                    _("By lead organisation"),
                    _("Lead organisation"),
                    report.by_lead,
                    "report-by-lead",
                ),
            ],
            "errors": errors,
            "today": timezone.localdate(),
            "query": request.GET.urlencode(),
            "today_query": _query(request, on=timezone.localdate().isoformat()),
            "end_query": _query(request, on=None),
        },
    )


def plan_report_export(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "plan.view")
    document = _document(pk)
    report, _errors = _report(request, document)
    content = workbooks.report_workbook(report, request.build_absolute_uri)
    return xlsx_response(content, f"completion-report-{document.pk}-{report.on.isoformat()}.xlsx")
