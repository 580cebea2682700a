"""`/api/system/info` and `/api/me`: the server and the caller, in DHIS2's shapes.

The version, 2.40.0, is a compatibility level: the DHIS2 Web API version
whose shapes the subset follows, so that clients that branch on the version
take the 2.40 path. It is not a claim to be DHIS2.
"""

from __future__ import annotations

from importlib import metadata as package_metadata
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation

from xiezuo.accounts import policy
from xiezuo.accounts.models import Role, User
from xiezuo.dates import dhis2_timestamp
from xiezuo.language import pick
from xiezuo.uids import stable_uid

from . import organisation_units
from .fields import ID_ONLY, Spec
from .metadata import display, translations

COMPATIBLE_VERSION = "2.40.0"

# DHIS2 authorities for what Xiezuo's policy lets the user do.
AUTHORITIES = {
    "data.enter": ("F_DATAVALUE_ADD", "F_DATAVALUE_DELETE"),
    "data.approve": ("F_APPROVE_DATA",),
    "catalogue.manage": (
        "F_DATAELEMENT_PUBLIC_ADD",
        "F_DATASET_PUBLIC_ADD",
        "F_INDICATOR_PUBLIC_ADD",
    ),
    "user.manage": ("F_USER_ADD",),
}


def _xiezuo_version() -> str:
    try:
        return package_metadata.version("xiezuo")
    except package_metadata.PackageNotFoundError:
        return "unknown"


def system_info(request: HttpRequest) -> dict[str, Any]:
    now = dhis2_timestamp(timezone.now())
    base = request.build_absolute_uri("/").rstrip("/")
    return {
        "contextPath": base,
        "instanceBaseUrl": base,
        "userAgent": request.headers.get("User-Agent", ""),
        "calendar": "iso8601",
        "dateFormat": "yyyy-mm-dd",
        "serverDate": now,
        "serverTimeZoneId": settings.TIME_ZONE,
        "serverTimeZoneDisplayName": settings.TIME_ZONE,
        "version": COMPATIBLE_VERSION,
        "revision": f"xiezuo-{_xiezuo_version()}",
        "systemName": str(settings.XIEZUO_PROGRAMME_NAME),
        # Analytics are computed from the stored values at each request: always fresh.
        "lastAnalyticsTableSuccess": now,
        "intervalSinceLastAnalyticsTableSuccess": "0 s",
        "emailConfigured": False,
        "isMetadataVersionEnabled": False,
        "metadataSyncEnabled": False,
        "encryption": False,
        "xiezuo": {
            "version": _xiezuo_version(),
            "compatibility": f"a subset of the DHIS2 Web API {COMPATIBLE_VERSION[:4]}",
        },
    }


def authorities(user: User) -> list[str]:
    if policy.is_administrator(user):
        return ["ALL"]
    found: list[str] = []
    for action, names in AUTHORITIES.items():
        if policy.can_anywhere(user, action):
            found.extend(names)
    return found


def user_id(user: User) -> str:
    return stable_uid("user", str(user.pk))


def role_record(user: User) -> dict[str, Any]:
    role = Role(user.role)
    with translation.override("zh-hans"):
        zh = str(role.label)
    with translation.override("en"):
        en = str(role.label)
    return {
        "id": stable_uid("userRole", role.value),
        "code": role.value,
        "name": zh,
        "displayName": display(zh, en),
        "translations": translations(en, "NAME"),
        "authorities": authorities(user),
    }


def me(user: User, spec: Spec, api: str = "") -> dict[str, Any]:
    """The caller as DHIS2's /api/me describes a user; its organisation units are its scope
    (their `href` under `api`)."""
    places = organisation_units.rows_of(user.scope_places.order_by("code"))
    sub = spec.sub_of("organisationUnits") or spec.sub_of("dataViewOrganisationUnits") or ID_ONLY
    scope = organisation_units.records(places, sub, api)
    role = role_record(user)
    name = user.display_name
    language = pick("zh", "en")
    return {
        "id": user_id(user),
        "username": user.username,
        "name": name,
        "displayName": name,
        "firstName": user.first_name,
        "surname": user.last_name,
        "email": user.email,
        "userCredentials": {
            "id": user_id(user),
            "username": user.username,
            "userRoles": [role],
        },
        "userRoles": [role],
        "userGroups": [],
        "organisationUnits": scope,
        "dataViewOrganisationUnits": scope,
        "teiSearchOrganisationUnits": [],
        "authorities": authorities(user),
        "settings": {"keyUiLocale": language, "keyDbLocale": language},
        "xiezuoRole": role["code"],
    }
