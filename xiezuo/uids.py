"""DHIS2-style identifiers: 11 characters, a letter then letters and digits.

Places get a UID derived from their division code, so that the same place has
the same UID on every installation; other objects get a random one.
"""

from __future__ import annotations

import hashlib
import secrets
import string

_LETTERS = string.ascii_letters
_ALPHANUMERIC = string.ascii_letters + string.digits
UID_LENGTH = 11


def generate_uid() -> str:
    """A random DHIS2-style UID."""
    return secrets.choice(_LETTERS) + "".join(
        secrets.choice(_ALPHANUMERIC) for _ in range(UID_LENGTH - 1)
    )


def stable_uid(namespace: str, key: str) -> str:
    """A UID that is always the same for the same namespace and key."""
    digest = int.from_bytes(hashlib.blake2b(f"{namespace}:{key}".encode()).digest()[:10], "big")
    first = _LETTERS[digest % len(_LETTERS)]
    digest //= len(_LETTERS)
    rest = []
    for _ in range(UID_LENGTH - 1):
        rest.append(_ALPHANUMERIC[digest % len(_ALPHANUMERIC)])
        digest //= len(_ALPHANUMERIC)
    return first + "".join(rest)


def is_uid(value: str) -> bool:
    return (
        len(value) == UID_LENGTH and value[0] in _LETTERS and all(c in _ALPHANUMERIC for c in value)
    )
