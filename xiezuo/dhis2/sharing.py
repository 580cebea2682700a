"""DHIS2's `access` of a metadata object, as the caller sees it.

DHIS2 clients read it to decide what to show and what may be entered, and the
Android SDK filters on it (`access.read:eq:true` on data elements,
`access.data.read:eq:true` on data sets and category options).
"""

from __future__ import annotations

from typing import Any

from xiezuo.accounts import policy


def access(user: Any) -> dict[str, Any]:
    """Metadata is read-only through the API; data may be read by everyone signed in, and
    written by whoever may enter data somewhere (each value is still checked against the
    caller's places when it is written)."""
    return {
        "manage": False,
        "externalize": False,
        "write": False,
        "read": True,
        "update": False,
        "delete": False,
        "data": {"read": True, "write": policy.can_anywhere(user, "data.enter")},
    }


def with_access(records: list[dict[str, Any]], user: Any) -> list[dict[str, Any]]:
    """The records (shallow copies) with the caller's `access`."""
    shared = access(user)
    return [{**record, "access": shared} for record in records]
