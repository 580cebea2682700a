"""The DHIS2-compatible API's endpoints: parse → authorise → call → render.

Every view runs inside `auth.endpoint`, which authenticates (Basic, ApiToken,
Bearer, session), checks CSRF for session writes, chooses the language and
turns what is raised into DHIS2's error messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.indicators import jobs
from xiezuo.indicators import services as indicator_services
from xiezuo.indicators.imports import tasks
from xiezuo.indicators.models import ImportJob
from xiezuo.numbers import whole_number
from xiezuo.places.models import Place
from xiezuo.places.selectors import place_get

from . import analytics as analytics_module
from . import data_value_sets, data_values, grids, metadata, system
from . import organisation_units as units
from .auth import endpoint
from .fields import DEFAULT_OBJECT_FIELDS, QueryError, check_unpaged, parse_fields, render
from .metadata import Catalogue, ListQuery, find, list_body, not_found_message, object_body
from .sharing import with_access
from .webmessages import Conflict, NotFound, json_response, web_message


def _page_url(request: HttpRequest) -> Callable[[int], str]:
    def url(page: int) -> str:
        params = request.GET.copy()
        params["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return url


_API_BASE = re.compile(r"^(.*?/api)(/[0-9]{2})?/")


def _api(request: HttpRequest) -> str:
    """The API's absolute base as the request used it, "http://host/api" or ".../api/40",
    under which DHIS2 writes each object's `href` (DefaultContextService.getApiPath)."""
    match = _API_BASE.match(request.path)
    base = match.group(1) + (match.group(2) or "") if match else "/api"
    return request.build_absolute_uri(base)


def _user(request: HttpRequest) -> Any:
    return request.user


# --- system


@endpoint("GET")
def system_info(request: HttpRequest) -> HttpResponse:
    return json_response(system.system_info(request))


@endpoint("GET")
def me(request: HttpRequest) -> HttpResponse:
    spec = parse_fields(request.GET.getlist("fields"), default=DEFAULT_OBJECT_FIELDS)
    record = system.me(_user(request), spec, _api(request))
    return json_response(render(record, spec))


@endpoint("GET")
def me_authorization(request: HttpRequest) -> HttpResponse:
    """DHIS2's `/api/me/authorization`: the caller's authorities, a JSON list."""
    return json_response(system.authorities(_user(request)))


def ping(request: HttpRequest, version: str | None = None) -> HttpResponse:
    """`/api/ping` and `/api/system/ping`: "pong", to anyone (a client checks the server is
    there before it signs in; nothing is read from the database)."""
    if request.method not in ("GET", "HEAD"):
        return web_message(405, _("This resource does not accept %s.") % request.method)
    return HttpResponse("pong", content_type="text/plain; charset=utf-8")


# --- tasks: import jobs started by POST /api/dataValueSets?async=true


def _import_job(request: HttpRequest, uid: str) -> ImportJob:
    job = jobs.job_readable(uid=uid, user=request.user)
    if job is None:  # someone else's job is not told apart from one that does not exist
        raise NotFound(_("No import job has the id “%s”.") % uid)
    return job


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"  # as DHIS2: a poll must reach the server
    return response


@endpoint("GET")
def import_task(request: HttpRequest, uid: str) -> HttpResponse:
    job = _import_job(request, uid)
    return _no_store(json_response(tasks.notifications(job, jobs.job_progress(job))))


@endpoint("GET")
def import_task_summary(request: HttpRequest, uid: str) -> HttpResponse:
    """The ImportSummary once the job has ended; before, as DHIS2, 200 with an empty body."""
    summary = tasks.summary(_import_job(request, uid))
    if summary is None:
        return _no_store(HttpResponse(b"", content_type="application/json; charset=utf-8"))
    return _no_store(json_response(summary))


# --- organisation units


@endpoint("GET")
def organisation_units(request: HttpRequest) -> HttpResponseBase:
    policy.require(request.user, "place.view")
    query = ListQuery.from_params(request.GET)
    user_only = request.GET.get("userOnly", "").lower() == "true"
    qs = units.place_queryset(
        filters=query.filters,
        junction=query.junction,
        orders=query.orders,
        level=_whole_number(request.GET.get("level"), "level"),
        max_level=_whole_number(request.GET.get("maxLevel"), "maxLevel"),
        within_codes=policy.scope_codes(_user(request)) if user_only else None,
    )
    if not query.paging.enabled:
        check_unpaged(query.paging, query.spec, qs.count())
        return StreamingHttpResponse(
            units.stream_json(qs, query.spec, _api(request)),
            content_type="application/json; charset=utf-8",
        )
    paging = query.paging
    rows = units.rows_of(qs[paging.offset : paging.offset + paging.page_size])
    url = _page_url(request)
    return json_response(
        {
            "pager": paging.pager(qs.count(), url(paging.page + 1), url(paging.page - 1)),
            "organisationUnits": units.rendered(rows, query.spec, _api(request)),
        }
    )


@endpoint("GET")
def organisation_unit(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "place.view")
    place = place_get(uid)
    if place is None:
        raise NotFound(not_found_message("OrganisationUnit", uid), "E1005")
    if request.GET.get("includeChildren", "").lower() == "true":
        spec = parse_fields(request.GET.getlist("fields"))
        family = Place.objects.filter(Q(pk=place.pk) | Q(parent=place))
        rows = units.rows_of(family.order_by("level", "code"))
        return json_response({"organisationUnits": units.rendered(rows, spec, _api(request))})
    spec = parse_fields(request.GET.getlist("fields"), default=DEFAULT_OBJECT_FIELDS)
    rows = units.rows_of(Place.objects.filter(pk=place.pk))
    return json_response(units.rendered(rows, spec, _api(request))[0])


def _whole_number(text: str | None, name: str) -> int | None:
    if text is None or text == "":
        return None
    try:
        return whole_number(text)
    except ValueError as exc:
        raise QueryError(
            _("%(name)s must be a whole number, not “%(value)s”.") % {"name": name, "value": text}
        ) from exc


@endpoint("GET")
def organisation_unit_levels(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "place.view")
    levels = metadata.organisation_unit_levels(_api(request))
    return _list(request, "organisationUnitLevels", levels)


@endpoint("GET")
def organisation_unit_level(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "place.view")
    levels = metadata.organisation_unit_levels(_api(request))
    return _one(request, "OrganisationUnitLevel", levels, uid)


# --- the catalogue


def _list(request: HttpRequest, collection: str, records: list[dict[str, Any]]) -> HttpResponse:
    query = ListQuery.from_params(request.GET)
    return json_response(list_body(collection, records, query, _page_url(request)))


def _one(
    request: HttpRequest, kind: str, records: list[dict[str, Any]], identifier: str
) -> HttpResponse:
    record = find(records, identifier)
    if record is None:
        raise NotFound(not_found_message(kind, identifier), "E1005")
    return json_response(object_body(record, request.GET))


CATALOGUE_COLLECTIONS: dict[str, tuple[str, Callable[[Catalogue], list[dict[str, Any]]]]] = {
    "dataElements": ("DataElement", Catalogue.data_elements),
    "dataSets": ("DataSet", Catalogue.data_sets_list),
    "indicators": ("Indicator", Catalogue.indicators),
    "categoryCombos": ("CategoryCombo", Catalogue.category_combo_list),
    "categoryOptionCombos": ("CategoryOptionCombo", Catalogue.option_combo_list),
    "categories": ("Category", Catalogue.category_list),
}
# Collections whose objects carry the caller's `access` (the Android SDK filters on it).
SHARED_CATALOGUE = {"dataSets", "dataElements"}


RecordsOf = Callable[[Catalogue], list[dict[str, Any]]]


def _catalogue_records(
    request: HttpRequest, collection: str, records_of: RecordsOf, shared: Collection[str]
) -> list[dict[str, Any]]:
    records = records_of(Catalogue(_api(request)))
    return with_access(records, request.user) if collection in shared else records


def catalogue_list(
    collection: str,
    collections: Mapping[str, tuple[str, RecordsOf]] = CATALOGUE_COLLECTIONS,
    shared: Collection[str] = SHARED_CATALOGUE,
) -> Callable[..., HttpResponseBase]:
    """The list view of a collection read from the catalogue (`collections` names its kind
    and records; `shared` those that carry DHIS2's `access`)."""
    _kind, records_of = collections[collection]

    @endpoint("GET")
    def view(request: HttpRequest) -> HttpResponse:
        policy.require(request.user, "analytics.view")
        records = _catalogue_records(request, collection, records_of, shared)
        return _list(request, collection, records)

    view.__name__ = f"{collection}_list"
    return view


def catalogue_object(
    collection: str,
    collections: Mapping[str, tuple[str, RecordsOf]] = CATALOGUE_COLLECTIONS,
    shared: Collection[str] = SHARED_CATALOGUE,
) -> Callable[..., HttpResponseBase]:
    """The view of one object of a collection read from the catalogue."""
    kind, records_of = collections[collection]

    @endpoint("GET")
    def view(request: HttpRequest, uid: str) -> HttpResponse:
        policy.require(request.user, "analytics.view")
        return _one(request, kind, _catalogue_records(request, collection, records_of, shared), uid)

    view.__name__ = f"{collection}_object"
    return view


# --- data values


@endpoint("GET", "POST", "DELETE")
def data_value(request: HttpRequest) -> HttpResponse:
    params = data_values.params_of(request)
    cell = data_values.cell_of(params)
    if request.method in ("GET", "HEAD"):
        policy.require(request.user, "data.view", cell.place)
        return json_response([data_values.value_get(cell)])
    policy.require(request.user, "data.enter", cell.place)
    if request.method == "DELETE":
        deleted = indicator_services.value_delete(
            actor=request.user,
            element=cell.element,
            place=cell.place.code,
            period=cell.period,
            disaggregation=cell.disaggregation,
        )
        if not deleted:
            raise Conflict(_("Data value cannot be deleted because it does not exist"), "E2032")
        return HttpResponse(status=204)
    indicator_services.value_set(
        actor=request.user,
        element=cell.element,
        place=cell.place.code,
        period=cell.period,
        disaggregation=cell.disaggregation,
        value=data_values.value_or_stored(cell, params),
        comment=params.get("comment", ""),
    )
    return HttpResponse(status=201)


@endpoint("GET", "POST")
def data_value_set(request: HttpRequest, suffix: str = "") -> HttpResponseBase:
    if request.method == "POST":
        return data_value_sets.import_file(request, suffix or "")
    return data_value_sets.export_file(request, suffix or "")


# --- analytics


@endpoint("GET")
def analytics(request: HttpRequest, suffix: str | None = None) -> HttpResponse:
    policy.require(request.user, "analytics.view")
    output = analytics_module.output_format(request.GET, suffix or "")
    parsed = analytics_module.parse(request.GET, user=_user(request))
    grid = analytics_module.run(parsed)
    if output == "csv":
        response = HttpResponse(grids.grid_csv(grid), content_type="application/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="data.csv"'
        return response
    if output == "xml":
        return HttpResponse(grids.grid_xml(grid), content_type="application/xml; charset=utf-8")
    return json_response(grid)


@endpoint("GET")
def analytics_data_value_set(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "analytics.view")
    parsed = analytics_module.parse(request.GET, user=_user(request))
    return json_response(analytics_module.data_value_set(parsed))


@endpoint("GET")
def analytics_raw_data(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "analytics.view")
    parsed = analytics_module.parse(request.GET, user=_user(request))
    return json_response(analytics_module.raw_data(parsed))
