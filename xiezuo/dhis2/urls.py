"""The DHIS2-compatible API under /api/ (beside Xiezuo's own /api/v1/).

Each path also answers with DHIS2's optional API version (`/api/40/…`), a
`.json` suffix (as clients such as dhis2.py add) and a trailing slash.
`/api/dataValueSets` takes its format as a suffix too (`.csv`, `.adx`, `.xml`, `.xlsx`),
`/api/analytics` too (`.csv`, `.xml`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import URLPattern, re_path

from . import sdk_data, sdk_metadata, views

_VERSION = r"^(?:(?P<version>[0-9]{2})/)?"
_END = r"(?:\.json)?/?$"
_UID = r"/(?P<uid>[A-Za-z0-9_]+)"
_KEY = r"/(?P<key>[^/]+?)"
_NAMESPACE = r"/(?P<namespace>[^/]+?)"


def _path(route: str, view: Callable[..., HttpResponseBase], name: str) -> URLPattern:
    return re_path(_VERSION + route + _END, view, name=name)


urlpatterns = [
    _path("system/info", views.system_info, "dhis2_system_info"),
    _path("system/tasks/DATAVALUE_IMPORT" + _UID, views.import_task, "dhis2_import_task"),
    _path(
        "system/taskSummaries/DATAVALUE_IMPORT" + _UID,
        views.import_task_summary,
        "dhis2_import_task_summary",
    ),
    _path("me", views.me, "dhis2_me"),
    _path("me/authorization", views.me_authorization, "dhis2_me_authorization"),
    _path("ping", views.ping, "dhis2_ping"),
    _path("system/ping", views.ping, "dhis2_system_ping"),
    _path("organisationUnits", views.organisation_units, "dhis2_organisation_units"),
    _path("organisationUnits" + _UID, views.organisation_unit, "dhis2_organisation_unit"),
    _path(
        "organisationUnitLevels", views.organisation_unit_levels, "dhis2_organisation_unit_levels"
    ),
    _path(
        "organisationUnitLevels" + _UID,
        views.organisation_unit_level,
        "dhis2_organisation_unit_level",
    ),
    _path("dataValues", views.data_value, "dhis2_data_values"),
    re_path(
        _VERSION + r"dataValueSets(?:\.(?P<suffix>json|csv|adx|xml|xlsx))?/?$",
        views.data_value_set,
        name="api_data_value_sets",
    ),
    re_path(
        _VERSION + r"analytics(?:\.(?P<suffix>json|csv|xml))?/?$",
        views.analytics,
        name="dhis2_analytics",
    ),
    _path(
        "analytics/dataValueSet", views.analytics_data_value_set, "dhis2_analytics_data_value_set"
    ),
    _path("analytics/rawData", views.analytics_raw_data, "dhis2_analytics_raw_data"),
    # the data side of the Android SDK's sync (sdk_data)
    _path(
        "completeDataSetRegistrations",
        sdk_data.complete_registrations,
        "dhis2_complete_registrations",
    ),
    _path("dataApprovals", sdk_data.data_approval, "dhis2_data_approval"),
    _path(
        "dataApprovals/(?:multiple|approvals)",
        sdk_data.data_approvals_multiple,
        "dhis2_data_approvals_multiple",
    ),
    _path(
        "dataApprovalWorkflows", sdk_data.data_approval_workflows, "dhis2_data_approval_workflows"
    ),
    _path(
        "dataApprovalWorkflows" + _UID,
        sdk_data.data_approval_workflow,
        "dhis2_data_approval_workflow",
    ),
    _path("validationRules", sdk_data.validation_rules, "dhis2_validation_rules"),
    _path("validationRules" + _UID, sdk_data.validation_rule, "dhis2_validation_rule"),
    _path("apps", sdk_metadata.apps, "dhis2_apps"),
    _path("dataStore", sdk_data.data_store, "dhis2_data_store"),
    _path("dataStore" + _NAMESPACE, sdk_data.data_store_namespace, "dhis2_data_store_namespace"),
    _path("dataStore" + _NAMESPACE + _KEY, sdk_data.data_store_entry, "dhis2_data_store_entry"),
    _path("systemSettings", sdk_data.system_settings, "dhis2_system_settings"),
    _path("systemSettings" + _KEY, sdk_data.system_setting, "dhis2_system_setting"),
    _path("userSettings", sdk_data.user_settings, "dhis2_user_settings"),
    _path("userSettings" + _KEY, sdk_data.user_setting, "dhis2_user_setting"),
]
for _collection, _one, _many in (
    ("dataElements", "data_element", "data_elements"),
    ("dataSets", "data_set", "data_sets"),
    ("indicators", "indicator", "indicators"),
    ("categoryCombos", "category_combo", "category_combos"),
    ("categoryOptionCombos", "category_option_combo", "category_option_combos"),
    ("categories", "category", "categories"),
):
    urlpatterns += [
        _path(_collection, views.catalogue_list(_collection), f"dhis2_{_many}"),
        _path(_collection + _UID, views.catalogue_object(_collection), f"dhis2_{_one}"),
    ]

# The rest of what the DHIS2 Android SDK downloads (sdk_metadata.py).
urlpatterns += [
    _path(
        "categoryOptions/orgUnits",
        sdk_metadata.category_option_org_units,
        "dhis2_category_option_org_units",
    ),
    _path("schemas", sdk_metadata.schema_list, "dhis2_schemas"),
    _path("schemas" + _UID, sdk_metadata.schema_object, "dhis2_schema"),
]
for _collection in sdk_metadata.REAL_COLLECTIONS:
    urlpatterns += [
        _path(_collection, sdk_metadata.collection_list(_collection), f"dhis2_{_collection}"),
        _path(
            _collection + _UID,
            sdk_metadata.collection_object(_collection),
            f"dhis2_{_collection}_object",
        ),
    ]
for _collection in sdk_metadata.EMPTY_COLLECTIONS:
    urlpatterns += [
        _path(_collection, sdk_metadata.empty_list(_collection), f"dhis2_{_collection}"),
        _path(
            _collection + _UID,
            sdk_metadata.empty_object(_collection),
            f"dhis2_{_collection}_object",
        ),
    ]
for _data_path, _key in sdk_metadata.EMPTY_DATA.items():
    urlpatterns.append(
        _path(_data_path, sdk_metadata.empty_data(_data_path, _key), f"dhis2_{_data_path}")
    )
