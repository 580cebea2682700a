"""Query parameters as DHIS2 (Spring) reads them: a list, and a Boolean."""

from __future__ import annotations

from typing import Any


def listed(params: Any, name: str) -> list[str]:
    """A parameter given several times, comma-separated or both (`period=201801,201802`, as
    the DHIS2 Android SDK sends it; Spring binds it to a Set): each value once, in order."""
    found: list[str] = []
    for given in params.getlist(name):
        found += [part.strip() for part in given.split(",") if part.strip()]
    return list(dict.fromkeys(found))


def flag(params: Any, name: str) -> bool:
    """A Boolean parameter: true only when it says `true` (any case)."""
    return str(params.get(name) or "").strip().lower() == "true"
