"""The Excel pages of the labour registers: each register's export (the list's filters
kept), its import (all rows or none) and the import's empty template.

The workers' export masks identity numbers and phones; asked for in full
(`?unmasked=1`), it shows them to whom the policy allows (`personal.unmask`), for
the records in that user's scope, and records the export in the personal-information
log first (`reveal`). Imports are for the roles that record (`labour.record`), and
each row is checked against the importing user's scope.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from xiezuo.accounts import policy
from xiezuo.dates import parse_year
from xiezuo.forms import REFUSED, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.params import query_value
from xiezuo.personal.models import Action
from xiezuo.personal.shown import reveal
from xiezuo.spreadsheets import Column, WorkbookForm, xlsx_response

from .. import matching, selectors
from ..models import Destination, TrainingClass
from . import imports, layout, workbooks


def _text(request: HttpRequest, name: str) -> str | None:
    return (request.GET.get(name) or "").strip() or None


def _training_class(uid: str) -> TrainingClass:
    found = TrainingClass.objects.select_related("place").filter(uid=uid).first()
    if found is None:
        raise Http404(_("No training class has the number “%(key)s”.") % {"key": uid})
    return found


# --- exports


def worker_export(request: HttpRequest) -> HttpResponse:
    """The workers the list shows (its filters kept), identity numbers and phones masked;
    `?unmasked=1`: in full where the policy allows, the export recorded."""
    policy.require(request.user, "labour.view")
    unmasked = request.GET.get("unmasked") == "1"
    if unmasked and not policy.can_anywhere(request.user, "personal.unmask"):
        raise PermissionDenied(policy.denied_message("personal.unmask"))
    employed = {"yes": True, "no": False}.get(request.GET.get("employed") or "")
    workers = (
        selectors.worker_list(
            place=_text(request, "place"),
            poverty_status=_text(request, "poverty_status"),
            name=_text(request, "name"),
            on=timezone.localdate(),
            employed=employed,
        )
        .select_related("wish_place")
        .prefetch_related("wish_occupations")
    )
    if not unmasked:
        return xlsx_response(workbooks.workers_workbook(workers), "workers.xlsx")
    rows = list(workers)
    asked = request.GET.urlencode()
    shown = reveal(
        request, rows, action=Action.EXPORT,
        description=_("Excel export of the workers: %(asked)s") % {"asked": asked},
    )  # fmt: skip
    return xlsx_response(workbooks.workers_workbook(rows, shown), "workers.xlsx")


def posting_export(request: HttpRequest) -> HttpResponse:
    """The postings the list shows: those open today."""
    policy.require(request.user, "labour.view")
    postings = matching.open_postings(timezone.localdate()).select_related(
        "employer", "occupation", "place_of_work"
    )
    return xlsx_response(workbooks.postings_workbook(postings), "postings.xlsx")


def placement_export(request: HttpRequest) -> HttpResponse:
    """The placements the list shows (its filters kept), with their follow-ups at 3 and 6
    months; identity numbers masked."""
    policy.require(request.user, "labour.view")
    year = query_value(request, parse_year, field="year", default=None)
    destination = _text(request, "destination")
    placements = selectors.placement_list(
        place=_text(request, "place"),
        destination=destination if destination in Destination.values else None,
        year=year,
    ).select_related("fair", "spell__occupation")
    today = timezone.localdate()
    return xlsx_response(workbooks.placements_workbook(placements, today), "placements.xlsx")


def trainee_export(request: HttpRequest, uid: str) -> HttpResponse:
    """The trainees of a training class; identity numbers masked."""
    policy.require(request.user, "labour.view")
    training_class = _training_class(uid)
    trainees = training_class.trainees.select_related("worker", "county").order_by("id")
    return xlsx_response(workbooks.trainees_workbook(trainees), f"trainees-{uid}.xlsx")


# --- imports


def _import_page(
    request: HttpRequest,
    *,
    run: Callable[[IO[bytes]], Sequence[Any]],
    done: Callable[[int], str],
    back: str,
    context: dict[str, Any],
    columns: Sequence[Column],
) -> HttpResponse:
    policy.require_anywhere(request.user, "labour.record")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            created = run(form.cleaned_data["file"])
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(request, done(len(created)))
            return redirect(back)
    return render(
        request,
        "labour/import.html",
        {
            **context,
            "form": form,
            "refused": refused,
            "columns": [c for c in columns if c.imported],
            "back_url": back,
        },
        status=REFUSED if refused else form_status(form),
    )


_ALL_OR_NOTHING = gettext_noop(
    "All or nothing: every row is checked first; one bad cell refuses the whole file, with "
    "a message per row and column, and nothing is written."
)


def worker_import(request: HttpRequest) -> HttpResponse:
    return _import_page(
        request,
        run=lambda source: imports.import_workers(source=source, user=request.user),  # type: ignore[arg-type]
        done=lambda n: _("Imported %(count)s workers.") % {"count": n},
        back=reverse("labour_worker_list"),
        columns=layout.WORKER_COLUMNS,
        context={
            "title": _("Import workers from Excel"),
            "back_label": _("Workers"),
            "template_url": reverse("labour_worker_import_template"),
            "rules": [
                _("The first sheet, one row per worker below a header row: the layout of the "
                  "template and of the list's Excel export."),
                _("Each worker is registered as on the form: the identity number is checked, "
                  "and a person registered already (in any county, or twice in the file) is "
                  "refused, naming the record or the row."),
                _("The household registration must be a place within your scope."),
                _(_ALL_OR_NOTHING),
            ],
        },
    )  # fmt: skip


def posting_import(request: HttpRequest) -> HttpResponse:
    return _import_page(
        request,
        run=lambda source: imports.import_postings(source=source, user=request.user),  # type: ignore[arg-type]
        done=lambda n: _("Imported %(count)s postings.") % {"count": n},
        back=reverse("labour_posting_list"),
        columns=layout.POSTING_COLUMNS,
        context={
            "title": _("Import postings from Excel"),
            "back_label": _("Postings"),
            "template_url": reverse("labour_posting_import_template"),
            "rules": [
                _("The first sheet, one row per posting below a header row: the layout of the "
                  "template and of the list's Excel export."),
                _("The employer must be an organisation known to Xiezuo, and the employer or "
                  "the place of work within your scope."),
                _(_ALL_OR_NOTHING),
            ],
        },
    )  # fmt: skip


def placement_import(request: HttpRequest) -> HttpResponse:
    return _import_page(
        request,
        run=lambda source: imports.import_placements(source=source, user=request.user),  # type: ignore[arg-type]
        done=lambda n: _("Imported %(count)s placements.") % {"count": n},
        back=reverse("labour_placement_list"),
        columns=layout.PLACEMENT_COLUMNS,
        context={
            "title": _("Import placements from Excel"),
            "back_label": _("Placements"),
            "template_url": reverse("labour_placement_import_template"),
            "rules": [
                _("The first sheet, one row per placement below a header row, in the order the "
                  "jobs started: the layout of the template and of the list's Excel export."),
                _("Each worker is found by the identity number and must be registered, in a "
                  "place within your scope; a job is a posting on record (its number) or is "
                  "described by its employer, place of work and occupation."),
                _(_ALL_OR_NOTHING),
            ],
        },
    )  # fmt: skip


def trainee_import(request: HttpRequest, uid: str) -> HttpResponse:
    training_class = _training_class(uid)
    return _import_page(
        request,
        run=lambda source: imports.import_trainees(
            source=source, user=request.user, training_class=training_class,  # type: ignore[arg-type]
        ),
        done=lambda n: _("Recorded %(count)s trainees of %(name)s.")
        % {"count": n, "name": training_class.name},
        back=reverse("labour_training_class_list"),
        columns=layout.TRAINEE_COLUMNS,
        context={
            "title": _("Import the trainees of %(name)s from Excel")
            % {"name": training_class.name},
            "back_label": _("Training classes"),
            "template_url": reverse("labour_trainee_import_template"),
            "rules": [
                _("The first sheet, one row per trainee below a header row: the layout of the "
                  "template and of the class's Excel export."),
                _("Each worker is found by the identity number and must be registered; the "
                  "worker's home or the class's place must be within your scope. A worker "
                  "already in the class is refused, unless the row records that the worker "
                  "completed it: the class's list at its end completes the list at its "
                  "start."),
                _("A trainee marked as having completed the class counts in the people "
                  "trained."),
                _(_ALL_OR_NOTHING),
            ],
        },
    )  # fmt: skip


# --- the empty templates


def worker_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "labour.view")
    return xlsx_response(workbooks.worker_template(), "workers-template.xlsx")


def posting_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "labour.view")
    return xlsx_response(workbooks.posting_template(), "postings-template.xlsx")


def placement_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "labour.view")
    return xlsx_response(workbooks.placement_template(), "placements-template.xlsx")


def trainee_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "labour.view")
    return xlsx_response(workbooks.trainee_template(), "trainees-template.xlsx")
