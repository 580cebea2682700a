"""The DHIS2 API version a request names in its path (`/api/37/…`), read as DHIS2 reads it
(DhisApiVersion.getVersionFromPath); no version is the newest."""

from __future__ import annotations

import re

from django.http import HttpRequest

_IN_PATH = re.compile(r"/api/(?P<version>[0-9]{2})/")


def api_version(request: HttpRequest) -> int | None:
    found = _IN_PATH.search(request.path_info)
    return int(found["version"]) if found else None


def bare_import_summary(request: HttpRequest) -> bool:
    """Whether an import answers its ImportSummary alone, with 200 whatever its status, as
    DHIS2 did before API 38 (`withPlainResponseBefore(V38)`), not in a web message."""
    version = api_version(request)
    return version is not None and version < 38
