"""The rest of the metadata the DHIS2 Android SDK downloads (issue 12).

The SDK (dhis2-android-sdk 1.14.0) reads more collections than aggregate
clients do: category options, option sets, indicator types, groups, and the
tracker and program collections, which it asks for on every sync. Each is
served here through the same list machinery as the catalogue (`fields=`,
`filter=`, `order=`, paging and the pager): real records where Xiezuo holds
them, DHIS2's empty shape (`{"pager": …, "programs": []}`) where it does not.

- categoryOptions: the disaggregations' options, and DHIS2's default option
  `xYerKDKCefk` of the default category `GLevLNI9wkl`;
- optionSets and options: one option set per disaggregation (its options are
  the disaggregation's options), for clients that show them as pick lists;
- indicatorTypes: the factors the indicators use; dataElementGroups: the
  assessment areas;
- `access` (sharing.py): DHIS2's sharing as the caller sees it, which the SDK
  filters on (`access.data.read:eq:true`) and reads to decide whether a form is editable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation

from xiezuo.accounts import policy
from xiezuo.indicators.models import Area
from xiezuo.places.models import Place
from xiezuo.uids import stable_uid

from . import organisation_units as units
from .auth import endpoint
from .fields import DEFAULT_OBJECT_FIELDS, parse_fields, parse_paging, render
from .metadata import (
    Catalogue,
    _names,
    not_found_message,
    object_body,
    organisation_unit_levels,
    span,
)
from .sharing import with_access
from .views import (
    CATALOGUE_COLLECTIONS,
    SHARED_CATALOGUE,
    _api,
    _list,
    catalogue_list,
    catalogue_object,
)
from .webmessages import NotFound, json_response

DEFAULT_CATEGORY_UID = "GLevLNI9wkl"  # DHIS2's "default" category
DEFAULT_CATEGORY_OPTION_UID = "xYerKDKCefk"  # DHIS2's "default" category option

# Collections Xiezuo has nothing for (programs and tracker, analytics favourites, …): DHIS2
# answers them with an empty list, and so does Xiezuo, so that a client that always asks
# (the Android SDK does) goes on.
EMPTY_COLLECTIONS = (
    "attributes",
    "constants",
    "dashboards",
    "eventFilters",
    "eventVisualizations",
    "expressionDimensionItems",
    "externalMapLayers",
    "icons",
    "legendSets",
    "optionGroups",
    "organisationUnitGroups",
    "programIndicators",
    "programRuleVariables",
    "programRules",
    "programStageWorkingLists",
    "programStages",
    "programs",
    "relationshipTypes",
    "trackedEntityAttributes",
    "trackedEntityInstanceFilters",
    "trackedEntityTypes",
    "visualizations",
)

# Data collections of the tracker, empty as Xiezuo holds no tracker data: the old
# endpoints' key, and `instances` for the /api/tracker/ ones (DHIS2 2.40).
EMPTY_DATA = {
    "trackedEntityInstances": "trackedEntityInstances",
    "events": "events",
    "enrollments": "enrollments",
    "relationships": "relationships",
    "tracker/trackedEntities": "instances",
    "tracker/events": "instances",
    "tracker/enrollments": "instances",
    "tracker/relationships": "instances",
}


def category_options(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Every category's options: the disaggregations' and DHIS2's default option."""
    records = []
    for category in catalogue.category_list():
        for option in category["categoryOptions"]:
            records.append(
                {
                    **option,
                    "isDefault": category["id"] == DEFAULT_CATEGORY_UID,
                    "categories": [{"id": category["id"]}],
                }
            )
    return records


def option_set_uid(dimension_code: str) -> str:
    return stable_uid("optionSet", dimension_code)


def option_uid(dimension_code: str, option_code: str) -> str:
    return stable_uid("option", f"{dimension_code}={option_code}")


def _options_of(catalogue: Catalogue, category: dict[str, Any]) -> list[dict[str, Any]]:
    set_reference = {"id": option_set_uid(category["code"])}
    return [
        {
            "id": option_uid(category["code"], option["code"]),
            "code": option["code"],
            "created": option["created"],
            "lastUpdated": option["lastUpdated"],
            "href": catalogue.href("options", option_uid(category["code"], option["code"])),
            **{k: option[k] for k in ("name", "shortName", "displayName", "displayShortName")},
            "translations": option["translations"],
            "sortOrder": position,
            "optionSet": set_reference,
        }
        for position, option in enumerate(category["categoryOptions"], start=1)
    ]


def option_sets(catalogue: Catalogue) -> list[dict[str, Any]]:
    """An option set per disaggregation, its options the disaggregation's options."""
    return [
        {
            "id": option_set_uid(category["code"]),
            "code": category["code"],
            "created": category["created"],
            "lastUpdated": category["lastUpdated"],
            "href": catalogue.href("optionSets", option_set_uid(category["code"])),
            **{k: category[k] for k in ("name", "displayName", "translations")},
            "valueType": "TEXT",
            "version": 1,
            "options": _options_of(catalogue, category),
        }
        for category in catalogue.category_list()
        if category["id"] != DEFAULT_CATEGORY_UID  # not a disaggregation
    ]


def options(catalogue: Catalogue) -> list[dict[str, Any]]:
    return [option for option_set in option_sets(catalogue) for option in option_set["options"]]


def indicator_types(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The indicator types the indicators use, once each."""
    found: dict[str, dict[str, Any]] = {}
    for indicator in catalogue.indicators():
        kind = indicator["indicatorType"]
        found.setdefault(kind["id"], kind)
    return sorted(found.values(), key=lambda kind: kind["factor"])


def data_element_groups(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The assessment areas as data element groups (made of their elements: there since the
    first was created, changed when the last was)."""
    by_area: dict[str, list[Any]] = {}
    for element in catalogue.elements:
        by_area.setdefault(element.area, []).append(element)
    groups = []
    for area in Area:
        if area.value not in by_area:
            continue
        with translation.override("zh-hans"):
            zh = str(area.label)
        with translation.override("en"):
            en = str(area.label)
        uid = stable_uid("dataElementGroup", area.value)
        groups.append(
            {
                "id": uid,
                "code": area.value,
                **span(by_area[area.value], catalogue.origin),
                "href": catalogue.href("dataElementGroups", uid),
                **_names(zh, en),
                "dataElements": [{"id": element.uid} for element in by_area[area.value]],
            }
        )
    return groups


REAL_COLLECTIONS: dict[str, tuple[str, Callable[[Catalogue], list[dict[str, Any]]]]] = {
    "categoryOptions": ("CategoryOption", category_options),
    "optionSets": ("OptionSet", option_sets),
    "options": ("Option", options),
    "indicatorTypes": ("IndicatorType", indicator_types),
    "dataElementGroups": ("DataElementGroup", data_element_groups),
}
# The collections whose objects carry the caller's `access` (the SDK filters them on it).
WITH_ACCESS = {"categoryOptions", *SHARED_CATALOGUE}


# --- /api/schemas

_SCHEMA_CLASSES = {
    "categoryOptions": ("categoryOption", "org.hisp.dhis.category.CategoryOption"),
    "optionSets": ("optionSet", "org.hisp.dhis.option.OptionSet"),
    "options": ("option", "org.hisp.dhis.option.Option"),
    "indicatorTypes": ("indicatorType", "org.hisp.dhis.indicator.IndicatorType"),
    "dataElementGroups": ("dataElementGroup", "org.hisp.dhis.dataelement.DataElementGroup"),
    "dataElements": ("dataElement", "org.hisp.dhis.dataelement.DataElement"),
    "dataSets": ("dataSet", "org.hisp.dhis.dataset.DataSet"),
    "indicators": ("indicator", "org.hisp.dhis.indicator.Indicator"),
    "categoryCombos": ("categoryCombo", "org.hisp.dhis.category.CategoryCombo"),
    "categoryOptionCombos": (
        "categoryOptionCombo",
        "org.hisp.dhis.category.CategoryOptionCombo",
    ),
    "categories": ("category", "org.hisp.dhis.category.Category"),
    "organisationUnits": ("organisationUnit", "org.hisp.dhis.organisationunit.OrganisationUnit"),
    "organisationUnitLevels": (
        "organisationUnitLevel",
        "org.hisp.dhis.organisationunit.OrganisationUnitLevel",
    ),
}


def _property_type(value: Any) -> str:
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int | float):
        return "NUMBER"
    if isinstance(value, list):
        return "COLLECTION"
    if isinstance(value, dict):
        return "REFERENCE"
    if value is None:
        return "TEXT"
    return "IDENTIFIER" if len(str(value)) == 11 and str(value).isalnum() else "TEXT"


def schemas(samples: dict[str, dict[str, Any] | None]) -> list[dict[str, Any]]:
    """A minimal schema of each served collection: its names, endpoint and properties,
    typed from an object of it (`samples`, by collection; None when it has none)."""
    found = []
    for plural, (singular, klass) in sorted(_SCHEMA_CLASSES.items()):
        sample = samples.get(plural) or {}
        properties = [
            {
                "name": name,
                "fieldName": name,
                "propertyType": _property_type(value),
                "collection": isinstance(value, list),
                "simple": not isinstance(value, list | dict),
                "readable": True,
                "writable": False,
                "persisted": name not in ("displayName", "displayShortName", "access"),
            }
            for name, value in sample.items()
        ]
        found.append(
            {
                "name": singular,
                "singular": singular,
                "plural": plural,
                "displayName": singular[0].upper() + singular[1:],
                "klass": klass,
                "collectionName": plural,
                "relativeApiEndpoint": f"/{plural}",
                "apiEndpoint": f"/api/{plural}",
                "metadata": True,
                "identifiableObject": True,
                "nameableObject": "shortName" in sample,
                "shareable": "access" in sample,
                "dataShareable": plural in WITH_ACCESS,
                "translatable": "translations" in sample,
                "properties": properties,
            }
        )
    return found


# --- the endpoints (parse → authorise → read → render, as in views.py)


def collection_list(collection: str) -> Callable[..., HttpResponseBase]:
    return catalogue_list(collection, REAL_COLLECTIONS, WITH_ACCESS)


def collection_object(collection: str) -> Callable[..., HttpResponseBase]:
    return catalogue_object(collection, REAL_COLLECTIONS, WITH_ACCESS)


def empty_list(collection: str) -> Callable[..., HttpResponseBase]:
    @endpoint("GET")
    def view(request: HttpRequest) -> HttpResponse:
        return _list(request, collection, [])

    view.__name__ = f"{collection}_list"
    return view


def empty_object(collection: str) -> Callable[..., HttpResponseBase]:
    @endpoint("GET")
    def view(request: HttpRequest, uid: str) -> HttpResponse:
        raise NotFound(not_found_message(collection[:1].upper() + collection[1:-1], uid), "E1005")

    view.__name__ = f"{collection}_object"
    return view


def empty_data(path: str, key: str) -> Callable[..., HttpResponseBase]:
    @endpoint("GET")
    def view(request: HttpRequest) -> HttpResponse:
        paging = parse_paging(
            request.GET.get("paging"), request.GET.get("page"), request.GET.get("pageSize")
        )
        body: dict[str, Any] = {}
        if key == "instances":  # /api/tracker/… (2.40): the page beside the instances
            body = {"page": paging.page, "pageSize": paging.page_size}
        elif paging.enabled:
            body["pager"] = paging.pager(0, None, None)
        body[key] = []
        return json_response(body)

    view.__name__ = path.replace("/", "_") + "_list"
    return view


@endpoint("GET")
def category_option_org_units(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "analytics.view")
    wanted = [uid.strip() for uid in request.GET.get("categoryOptions", "").split(",")]
    known = {record["id"] for record in category_options(Catalogue(_api(request)))}
    # As DHIS2: the options asked for that exist, each with the places it is restricted to;
    # none is restricted here, and an empty list means every place.
    return json_response({uid: [] for uid in wanted if uid in known})


@endpoint("GET")
def schema_list(request: HttpRequest) -> HttpResponse:
    spec = parse_fields(request.GET.getlist("fields"), default=DEFAULT_OBJECT_FIELDS)
    found = _schemas(request.user, _api(request))
    return json_response({"schemas": [render(schema, spec) for schema in found]})


@endpoint("GET")
def schema_object(request: HttpRequest, uid: str) -> HttpResponse:
    for schema in _schemas(request.user, _api(request)):
        if uid in (schema["name"], schema["plural"]):
            return json_response(object_body(schema, request.GET))
    raise NotFound(not_found_message("Schema", uid), "E1005")


def _schemas(user: Any, api: str) -> list[dict[str, Any]]:
    catalogue = Catalogue(api)
    lists: dict[str, list[dict[str, Any]]] = {
        collection: records_of(catalogue)
        for collection, (_kind, records_of) in CATALOGUE_COLLECTIONS.items()
    }
    for collection, (_kind, records_of) in REAL_COLLECTIONS.items():
        lists[collection] = records_of(catalogue)
    lists = {c: with_access(r, user) if c in WITH_ACCESS else r for c, r in lists.items()}
    lists["organisationUnitLevels"] = organisation_unit_levels(api)
    first_place = units.rows_of(Place.objects.order_by("code")[:1])
    lists["organisationUnits"] = units.records(first_place, parse_fields("*"))
    return schemas({name: (records[0] if records else None) for name, records in lists.items()})


@endpoint("GET")
def apps(request: HttpRequest) -> HttpResponse:
    """The installed web apps (DHIS2 answers a list): none, Xiezuo's pages are its own."""
    return json_response([])
