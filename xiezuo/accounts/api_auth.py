"""Who is calling an API: HTTP Basic, a token (`ApiToken …`, `Bearer …`), or the session.

DHIS2 clients authenticate with HTTP Basic (user name and password) or a
personal access token (`Authorization: ApiToken …`); Xiezuo also takes
`Bearer …` (the same tokens, made by `xiezuo token create`) and the browser
session. Basic goes through Django's `authenticate()` with the request, so
django-axes counts the failures and locks out as it does for the sign-in page.

Requests that carry credentials are CSRF-exempt (a browser never adds them by
itself); requests that ride on the session cookie keep Django's CSRF check.
Used by the DHIS2-compatible API and by /api/dataValueSets.
"""

from __future__ import annotations

import base64
import binascii

from django.contrib.auth import authenticate
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.crypto import salted_hmac

from .models import User
from .services import token_authenticate

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
TOKEN_SCHEMES = ("apitoken", "bearer")
BASIC_MEMORY_SECONDS = 300


def _basic_credentials(encoded: str) -> tuple[str, str] | None:
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        decoded = raw.decode("latin-1")
    username, sep, password = decoded.partition(":")
    return (username, password) if sep else None


def _basic_user(request: HttpRequest, credentials: str) -> User | None:
    """The user of Basic credentials; a proven pair is remembered for a few minutes.

    Checking a password costs a deliberately slow hash (a quarter of a second
    here), and DHIS2 clients send the password with every request. So a pair
    once proven is kept in the cache, under an HMAC of it (never the password),
    with the user's password hash of that moment: a changed password, or a
    deactivated user, is refused at once.
    """
    pair = _basic_credentials(credentials)
    if pair is None:
        return None
    key = "api-basic:" + salted_hmac("xiezuo.api.basic", credentials).hexdigest()
    remembered = cache.get(key)
    if remembered is not None:
        user = User.objects.filter(pk=remembered[0], is_active=True).first()
        if user is not None and user.password == remembered[1]:
            return user
    user = authenticate(request=request, username=pair[0], password=pair[1])
    if not isinstance(user, User) or not user.is_active:
        return None
    cache.set(key, (user.pk, user.password), BASIC_MEMORY_SECONDS)
    return user


def authenticate_request(request: HttpRequest) -> tuple[User | None, str]:
    """(the user, how: "basic", "token", "session") — the user is None when not authenticated.

    Credentials in the Authorization header are decisive: wrong ones are not
    rescued by a session cookie.
    """
    header = request.META.get("HTTP_AUTHORIZATION", "").strip()
    if header:
        scheme, _, credentials = header.partition(" ")
        scheme = scheme.lower()
        if scheme == "basic":
            return _basic_user(request, credentials), "basic"
        if scheme in TOKEN_SCHEMES:
            return token_authenticate(raw=credentials.strip()), "token"
        return None, scheme
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user, "session"
    return None, ""


def csrf_refused(request: HttpRequest) -> bool:
    """Whether Django's CSRF check refuses this (session-authenticated) request."""
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    check.process_request(request)
    return check.process_view(request, lambda r: HttpResponse(), (), {}) is not None
