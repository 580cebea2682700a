"""`/api/dataValueSets`: import a file of data values, or export them, as DHIS2 does.

POST imports JSON, CSV, ADX, DHIS2 XML or an Excel workbook (the body, or a
form field named `file`) and answers DHIS2's import summary; with
`async=true` an import job answers where to poll it (`/api/system/tasks/…`).
GET exports data sets for places and periods (or changed since a moment) as JSON,
CSV, DHIS2 XML, ADX or (one data set) Excel.
The import and export themselves are `xiezuo.indicators`'; this module reads
the request and raises DHIS2's errors.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.bodies import refuse_deep_json, refuse_large
from xiezuo.dates import parse_day, parse_moment
from xiezuo.indicators import exports, jobs
from xiezuo.indicators.imports import (
    ImportOptions,
    OptionError,
    format_of_content_type,
    format_of_name,
    tasks,
    values_import,
)
from xiezuo.indicators.selectors import data_set_get
from xiezuo.places.models import Place
from xiezuo.places.selectors import place_get

from .params import flag, listed
from .versions import bare_import_summary
from .webmessages import BadRequest, Conflict, UnsupportedMediaType, json_response

_CHUNK = 1024 * 1024

# the name a posted body is kept under, by its format
_BODY_NAMES = {
    "json": "dataValueSets.json",
    "csv": "dataValueSets.csv",
    "adx": "dataValueSets.adx.xml",
    "xml": "dataValueSets.xml",
    "xlsx": "dataValueSets.xlsx",
}


def options_of(request: HttpRequest) -> ImportOptions:
    try:
        return ImportOptions.from_params(request.GET)
    except OptionError as exc:
        raise Conflict(str(exc)) from exc


def import_file(request: HttpRequest, suffix: str) -> HttpResponse:
    """Import the posted file now, or start a job when `async=true`."""
    options = options_of(request)
    policy.require_anywhere(request.user, "data.enter")
    content_type = request.content_type or ""
    upload: UploadedFile | None = None
    if content_type.startswith("multipart/form-data"):
        upload = request.FILES.get("file")
        if upload is None:
            raise BadRequest(_("Send the file in a form field named “file”."))
        fmt = (
            suffix
            or format_of_name(upload.name or "")
            or format_of_content_type(upload.content_type or "")
        )
    else:
        fmt = suffix or format_of_content_type(content_type)
    if fmt is None:
        raise UnsupportedMediaType(
            _(
                "Send application/json, application/csv, application/adx+xml, application/xml "
                "or an .xlsx workbook; “%s” is not one of them."
            )
            % content_type
        )
    background = flag(request.GET, "async")
    if upload is None:
        upload = _body_file(request, _BODY_NAMES[fmt])
    try:
        if not background:
            refuse_large(upload.size or 0)  # larger files are imported in the background
        if fmt == "json":
            refuse_deep_json(upload)  # 400 before any parser sees it
        if background:
            return _start_job(request, upload, fmt, options)
        summary = values_import(source=upload, fmt=fmt, actor=request.user, options=options)
    finally:
        upload.close()
    if bare_import_summary(request):
        return json_response(summary.as_dict())
    status, body = summary.web_message()
    return json_response(body, status=status)


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


def _start_job(
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
    response = json_response(tasks.job_reference(job))
    response["Location"] = request.build_absolute_uri(tasks.notifier_endpoint(job))
    return response


def export_file(request: HttpRequest, suffix: str) -> HttpResponseBase:
    """The values of the `dataSet`s' elements for `orgUnit`s, selected as DHIS2 selects them:
    by `period`s, or `startDate` to `endDate`, and/or changed since `lastUpdated` (or within
    `lastUpdatedDuration`); with `includeDeleted=true`, the values deleted too."""
    params = request.GET
    fmt = suffix or _accepted(request) or "json"
    if fmt not in exports.CONTENT_TYPES:
        raise UnsupportedMediaType(_("Exports are json, csv, xml, adx or xlsx."))
    for name in ("dataElementGroup", "orgUnitGroup"):
        if listed(params, name):
            raise Conflict(
                _("Xiezuo has no groups: %(name)s cannot select an export.") % {"name": name}
            )
    data_sets = []
    for key in listed(params, "dataSet"):
        data_set = data_set_get(key)
        if data_set is None:
            raise Conflict(_("No data set has the code or id “%s”.") % key)
        data_sets.append(data_set)
    if not data_sets:
        raise Conflict(_("Give a data set (dataSet) by its code or id."))
    if fmt == "xlsx" and len(data_sets) > 1:
        # never the last one alone, silently: one data set a workbook (it is its template)
        raise Conflict(
            _("An Excel export holds one data set: %(count)s were given (dataSet).")
            % {"count": len(data_sets)}
        )
    places: list[Place] = []
    for key in listed(params, "orgUnit"):
        place = place_get(key)
        if place is None:
            raise Conflict(_("No place has the code or id “%s”.") % key)
        places.append(place)
    if not places:
        raise Conflict(_("Give at least one place (orgUnit)."))
    chosen = []
    for text in listed(params, "period"):
        try:
            chosen.append(periods.parse(text))
        except ValueError:
            raise Conflict(
                _("“%s” is not a period (e.g. 2018, 2018S1, 2018Q2, 201805)") % text
            ) from None
    start = parse_day(params.get("startDate"), default=None, field="startDate")
    end = parse_day(params.get("endDate"), default=None, field="endDate")
    if not chosen and start and end:
        if start > end:
            raise Conflict(_("startDate must be before endDate."), "E2004")
        chosen = exports.periods_within(start, end)
        if fmt == "xlsx":  # the template's rows: the data set's own periods
            chosen = [p for p in chosen if p.type == data_sets[0].period_type_enum]
        if not chosen:
            raise Conflict(_("No period lies within startDate and endDate."))
    since = _since(params)
    if not chosen and (since is None or fmt == "xlsx"):
        raise Conflict(
            _(
                "Give periods (period), startDate and endDate, or lastUpdated or "
                "lastUpdatedDuration."
            )
            if fmt != "xlsx"
            else _("Give periods (period) or startDate and endDate."),
            "E2002",
        )
    scheme = (params.get("idScheme") or ("CODE" if fmt == "adx" else "UID")).upper()
    selection = exports.Selection(
        data_set=data_sets[0],
        more_data_sets=data_sets[1:],
        places=places,
        periods=chosen,
        children=flag(params, "children"),
        id_scheme="CODE" if scheme == "CODE" else "UID",
        since=since,
        include_deleted=flag(params, "includeDeleted"),
    )
    exports.selection_require(request.user, selection)
    return exports.download(selection, fmt)


# DHIS2's durations (DateUtils.getDuration): a whole number of days, hours, minutes or seconds
_DURATION = re.compile(r"([0-9]+)([dhms])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def _since(params: QueryDict) -> datetime | None:
    """The moment of `lastUpdated`, else now less `lastUpdatedDuration` (DHIS2: 10d, 2h, 30m,
    45s); None if neither is given."""
    since = parse_moment(params.get("lastUpdated"), field="lastUpdated")
    duration = (params.get("lastUpdatedDuration") or "").strip()
    if since is not None or not duration:
        return since
    match = _DURATION.fullmatch(duration)
    if match is None:
        raise Conflict(
            _("Duration is not valid: `%s` (a whole number of d, h, m or s, e.g. 10d).") % duration,
            "E2005",
        )
    amount = int(match.group(1))
    try:
        return timezone.now() - timedelta(**{_UNITS[match.group(2)]: amount})
    except OverflowError:  # longer than the calendar: every value
        return datetime(1900, 1, 1, tzinfo=UTC)


def _accepted(request: HttpRequest) -> str | None:
    accept = request.headers.get("Accept", "")
    for kind, fmt in (
        ("application/adx+xml", "adx"),
        ("csv", "csv"),
        ("json", "json"),
        ("application/xml", "xml"),
    ):
        if kind in accept:
            return fmt
    return None
