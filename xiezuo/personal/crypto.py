"""Encryption at rest and lookup hashes of personal information.

Values are encrypted with Fernet (AES-128-CBC with an HMAC-SHA256 tag, from the
`cryptography` package) under the keys in `settings.XIEZUO_PERSONAL_KEYS`
(`XIEZUO_PERSONAL_KEY`, comma-separated): the first key encrypts, every key
decrypts (MultiFernet), so a key is rotated by putting a new one first,
re-encrypting (`rotate`), then dropping the old one.

A ciphertext says nothing about its text and differs each time, so an
encrypted column cannot be searched. Duplicates are found through a keyed
hash instead (`lookup_hash`: HMAC-SHA256 under `XIEZUO_PERSONAL_HASH_KEY`), kept
in a column of its own by the model that owns the value. Its key is separate
from the encryption keys so that rotating them leaves every hash as it was,
and being keyed, the hash cannot be recomputed from the 10^9-odd possible
identity numbers by someone holding only the database.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "decrypt", "encrypt", "lookup_hash", "rotate"]


@lru_cache(maxsize=4)
def _fernet_of(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("XIEZUO_PERSONAL_KEY holds no key")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "XIEZUO_PERSONAL_KEY must be Fernet keys (32 url-safe base64-encoded bytes), "
            "separated by commas"
        ) from exc


def _fernet() -> MultiFernet:
    # read on each call so that a changed setting (a test's, a rotation) takes effect
    return _fernet_of(tuple(settings.XIEZUO_PERSONAL_KEYS))


def encrypt(text: str) -> str:
    """The ciphertext of `text` under the first key (a new one each time)."""
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text of a ciphertext made under any of the keys; InvalidToken when none fits."""
    return _fernet().decrypt(token.encode("ascii")).decode()


def rotate(token: str) -> str:
    """The same text encrypted again under the first key."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def lookup_hash(text: str) -> str:
    """The keyed hash (64 hex digits) that finds the same value twice without decrypting.

    Pass the normalised value (`identity_clean(...)`, `phone_clean(...)`): the hash of
    `4510...x` and of `4510...X` differ.
    """
    key = settings.XIEZUO_PERSONAL_HASH_KEY.encode()
    return hmac.new(key, b"xiezuo.personal:" + text.encode(), hashlib.sha256).hexdigest()
