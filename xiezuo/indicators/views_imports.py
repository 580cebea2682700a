"""Pages and the DHIS2 endpoint for importing and exporting data values.

- /api/dataValueSets: POST imports (DHIS2's import summary; with async=true, a job
  to poll at /api/system/tasks/…, served by xiezuo.dhis2), GET exports;
- data/import/: upload a file; data/import/<id>/: its progress and summary;
- data/export/: choose a data set, a place and periods; download values or the Excel template.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.accounts.api_auth import authenticate_request, csrf_refused
from xiezuo.forms import form_status
from xiezuo.htmx import is_htmx
from xiezuo.places.models import Place

from . import exports, jobs
from .imports import (
    ImportOptions,
    OptionError,
    format_of_content_type,
    format_of_name,
    tasks,
    values_import,
)
from .imports.forms import ExportForm, UploadForm
from .models import DataSet, ImportJob

_CHUNK = 1024 * 1024

_STATUS_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    415: "Unsupported Media Type",
}


def _message(status: int, message: str) -> JsonResponse:
    """DHIS2's web message for an error."""
    body = {
        "httpStatus": _STATUS_TEXT.get(status, "Error"),
        "httpStatusCode": status,
        "status": "ERROR",
        "message": message,
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


# --- /api/dataValueSets
@csrf_exempt
def data_value_sets(
    request: HttpRequest, suffix: str = "", version: int | None = None
) -> HttpResponseBase:
    user, how = authenticate_request(request)
    if user is None:
        response = _message(401, _("Sign in, or send a valid API token."))
        response["WWW-Authenticate"] = 'Basic realm="Xiezuo"'
        return response
    request.user = user
    if request.method not in ("GET", "HEAD", "POST"):
        return _message(405, _("This resource does not accept %s.") % request.method)
    if how == "session" and request.method == "POST" and csrf_refused(request):
        return _message(403, _("The request was refused: its CSRF token is missing."))
    try:
        if request.method == "POST":
            return _import(request, suffix)
        return _export(request, suffix)
    except PermissionDenied as exc:
        return _message(403, str(exc) or _("You are not allowed to do this."))
    except OptionError as exc:
        return _message(409, str(exc))


# the name a posted body is kept under, by its format
_BODY_NAMES = {
    "json": "dataValueSets.json",
    "csv": "dataValueSets.csv",
    "adx": "dataValueSets.adx.xml",
    "xml": "dataValueSets.xml",
    "xlsx": "dataValueSets.xlsx",
}


def _import(request: HttpRequest, suffix: str) -> HttpResponse:
    options = ImportOptions.from_params(request.GET)
    policy.require_anywhere(request.user, "data.enter")
    content_type = request.content_type or ""
    upload: UploadedFile | None = None
    if content_type.startswith("multipart/form-data"):
        upload = request.FILES.get("file")
        if upload is None:
            return _message(400, _("Send the file in a form field named “file”."))
        fmt = (
            suffix
            or format_of_name(upload.name or "")
            or format_of_content_type(upload.content_type or "")
        )
    else:
        fmt = suffix or format_of_content_type(content_type)
    if fmt is None:
        return _message(
            415,
            _(
                "Send application/json, application/csv, application/adx+xml, application/xml "
                "or an .xlsx workbook; “%s” is not one of them."
            )
            % content_type,
        )
    if upload is None:
        upload = _body_file(request, _BODY_NAMES[fmt])
    try:
        if request.GET.get("async", "").lower() == "true":
            return _import_job(request, upload, fmt, options)
        summary = values_import(source=upload, fmt=fmt, actor=request.user, options=options)
    finally:
        upload.close()
    status, body = summary.web_message()
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _body_file(request: HttpRequest, name: str) -> TemporaryUploadedFile:
    """The request body, copied to a temporary file a chunk at a time.

    A large body never sits in memory, and a slow client does not hold the
    import's transaction open. An async job's file is then moved, not copied,
    to MEDIA_ROOT.
    """
    body = TemporaryUploadedFile(name, request.content_type, 0, None)
    size = 0
    while chunk := request.read(_CHUNK):
        body.write(chunk)
        size += len(chunk)
    body.size = size
    body.seek(0)
    return body


def _import_job(
    request: HttpRequest, upload: UploadedFile, fmt: str, options: ImportOptions
) -> HttpResponse:
    """async=true: a job imports the file as the sync import would; answer where to poll it."""
    job = jobs.job_create(
        user=request.user,
        upload=upload,
        fmt=fmt,
        options=options,
        language=translation.get_language() or "zh-hans",
    )
    jobs.job_start(job)
    response = JsonResponse(tasks.job_reference(job), json_dumps_params={"ensure_ascii": False})
    response["Location"] = request.build_absolute_uri(tasks.notifier_endpoint(job))
    return response


def _find_data_set(key: str) -> DataSet | None:
    return DataSet.objects.filter(code=key).first() or DataSet.objects.filter(uid=key).first()


def _find_place(key: str) -> Place | None:
    field = "code" if key.isdigit() else "uid"
    return Place.objects.filter(**{field: key}).first()


def _export(request: HttpRequest, suffix: str) -> HttpResponseBase:
    params = request.GET
    fmt = suffix or _accepted(request) or "json"
    if fmt not in ("json", "csv", "adx", "xlsx"):
        return _message(415, _("Exports are json, csv, adx or xlsx."))
    data_set = _find_data_set(params.get("dataSet", ""))
    if data_set is None:
        return _message(409, _("Give a data set (dataSet) by its code or id."))
    places: list[Place] = []
    for key in params.getlist("orgUnit"):
        place = _find_place(key)
        if place is None:
            return _message(409, _("No place has the code or id “%s”.") % key)
        places.append(place)
    if not places:
        return _message(409, _("Give at least one place (orgUnit)."))
    try:
        chosen = [periods.parse(p) for p in params.getlist("period")]
        if not chosen and params.get("startDate") and params.get("endDate"):
            from datetime import date

            period_type = data_set.period_type_enum
            first = periods.of_date(date.fromisoformat(params["startDate"]), period_type)
            last = periods.of_date(date.fromisoformat(params["endDate"]), period_type)
            chosen = periods.between(first, last, period_type)
    except ValueError as exc:
        return _message(409, _("Not a period or date: %s") % exc)
    if not chosen:
        return _message(409, _("Give periods (period) or startDate and endDate."))
    scheme = (params.get("idScheme") or ("CODE" if fmt == "adx" else "UID")).upper()
    selection = exports.Selection(
        data_set=data_set,
        places=places,
        periods=chosen,
        children=params.get("children", "").lower() == "true",
        id_scheme="CODE" if scheme == "CODE" else "UID",
    )
    exports.selection_require(request.user, selection)
    return _download(selection, fmt)


def _accepted(request: HttpRequest) -> str | None:
    accept = request.headers.get("Accept", "")
    for kind, fmt in (("application/adx+xml", "adx"), ("csv", "csv"), ("json", "json")):
        if kind in accept:
            return fmt
    return None


def _download(selection: exports.Selection, fmt: str, *, empty: bool = False) -> HttpResponseBase:
    name = exports.file_name(selection, fmt, empty=empty)
    if fmt == "xlsx":
        return FileResponse(
            exports.xlsx_file(selection, empty=empty),
            as_attachment=True,
            filename=name,
            content_type=exports.CONTENT_TYPES["xlsx"],
        )
    language = translation.get_language()

    def pieces() -> Any:
        with translation.override(language):  # a streamed body is written after the view returns
            for piece in exports.chunks(selection, fmt):
                yield piece.encode()

    response = StreamingHttpResponse(pieces(), content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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
        request, "indicators/import.html", {"form": form, "jobs": jobs.job_list(request.user)}
    )


def _own_job(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("user"), pk=pk)
    if not policy.can(request.user, "import.view", job.user):
        raise Http404(_("No such import."))  # someone else's import is not told apart
    return job


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
            return _download(selection, "xlsx", empty=True)
        return _download(selection, fmt)
    return render(
        request, "indicators/import_export.html", {"form": form}, status=form_status(form)
    )
