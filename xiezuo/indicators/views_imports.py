"""The pages that import and export data values.

- data/import/: upload a file; data/import/<id>/: its progress and summary;
- data/export/: choose a data set, a place and periods; download values or the Excel template.

DHIS2's /api/dataValueSets, which imports and exports the same files, is `xiezuo.dhis2`'s.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.forms import form_status
from xiezuo.htmx import is_htmx

from . import exports, jobs
from .imports.forms import ExportForm, UploadForm
from .models import ImportJob


# --- pages
def import_upload(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "data.enter")
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = jobs.job_create(
                user=request.user,
                upload=form.cleaned_data["file"],
                fmt=form.format,
                options=form.options,
                language=translation.get_language() or "zh-hans",
            )
            jobs.job_start(job)
            return redirect("import_job", pk=job.pk)
    else:
        form = UploadForm(initial={"id_scheme": "CODE", "atomic_mode": "ALL"})
    return render(
        request,
        "indicators/import.html",
        {"form": form, "jobs": jobs.job_list(request.user)},
        status=form_status(form),
    )


def _own_job(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("user"), pk=pk)
    if not policy.can(request.user, "import.view", job.user):
        raise Http404(_("No such import."))  # someone else's import is not told apart
    return jobs.job_check(job)


def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require_anywhere(request.user, "data.enter")
    job = _own_job(request, pk)
    template = (
        "indicators/import_progress.html" if is_htmx(request) else "indicators/import_job.html"
    )
    return render(request, template, {"job": job, "progress": jobs.job_progress(job)})


def import_export(request: HttpRequest) -> HttpResponseBase:
    policy.require_anywhere(request.user, "data.view")
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        fmt = data["format"]
        selection = exports.Selection(
            data_set=data["data_set"],
            places=[data["place"]],
            periods=data["periods"],
            children=data["children"] or fmt == "template",
            id_scheme=data.get("id_scheme") or ("UID" if fmt in ("json", "csv") else "CODE"),
        )
        exports.selection_require(request.user, selection)
        if fmt == "template":
            return exports.download(selection, "xlsx", empty=True)
        return exports.download(selection, fmt)
    return render(
        request, "indicators/import_export.html", {"form": form}, status=form_status(form)
    )
