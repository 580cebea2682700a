"""Who is calling /api/dataValueSets: HTTP Basic, an API token, or the browser session.

DHIS2 clients send `Authorization: Basic …` or `Authorization: ApiToken …`;
Xiezuo's own `Bearer …` tokens are the same tokens. Basic goes through
`authenticate()` with the request, so django-axes counts failures and locks
out as on the sign-in page. Credentials in the header are decisive: wrong
ones are not rescued by a session cookie. A request that rides on the
session cookie must carry the CSRF token to write; one with credentials need
not (a browser never adds them by itself).
"""

from __future__ import annotations

import base64
import binascii

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from xiezuo.accounts.models import User
from xiezuo.accounts.services import token_authenticate


def _basic(encoded: str) -> tuple[str, str] | None:
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep else None


def request_user(request: HttpRequest) -> tuple[User | None, str]:
    """(the user or None, how: "basic", "token", "session" or "")."""
    header = request.META.get("HTTP_AUTHORIZATION", "").strip()
    if header:
        scheme, _, credentials = header.partition(" ")
        scheme = scheme.lower()
        if scheme == "basic":
            pair = _basic(credentials)
            user = (
                authenticate(request=request, username=pair[0], password=pair[1]) if pair else None
            )
            return (user if isinstance(user, User) and user.is_active else None), "basic"
        if scheme in ("apitoken", "bearer"):
            return token_authenticate(credentials.strip()), "token"
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
