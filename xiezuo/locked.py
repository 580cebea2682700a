"""A database busy with another writer is a 503 with Retry-After, never a 500.

SQLite has one writer at a time: a request that waits longer than the busy
timeout (XIEZUO_DB_LOCK_WAIT) for the write lock fails with "database is
locked". PostgreSQL fails a statement that waits longer than lock_timeout
(the same setting), and a transaction that lost a serialization or deadlock
check. None of these is a fault in the request: nothing was written, and the
same request a few seconds later will do. `LockedDatabase` (middleware)
answers them with 503, `Retry-After` and a message in the user's language —
the API's error shape under /api/v1/ and /api/ (DHIS2), a page elsewhere.

A view's error reaches `process_exception`. A write outside the view — the
session's save in SessionMiddleware's process_response, its flush when the
user's password changed (AuthenticationMiddleware, first read in a
`process_view`) — is turned into a 500 by Django's handler around that
middleware before any outer middleware sees it; Django sends
`got_request_exception` with the exception at hand, so a receiver notes it on
the request, and `LockedDatabase`, outermost, replaces that 500 by the 503.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# PostgreSQL: lock_not_available (lock_timeout), serialization_failure, deadlock_detected
_BUSY_STATES = frozenset({"55P03", "40001", "40P01"})
_BUSY_WORDS = ("database is locked", "database table is locked")  # SQLite
_BUSY_NOTE = "_xiezuo_busy_database"


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` says the database was busy with another writer (not a fault)."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _BUSY_STATES:
        return True
    text = str(exc).lower()
    return any(words in text for words in _BUSY_WORDS)


def busy_message() -> str:
    return _(
        "The database is busy with another change (an import, perhaps); nothing was saved. "
        "Try again in a few seconds."
    )


def busy_response(request: HttpRequest) -> HttpResponse:
    message = busy_message()
    path = request.path
    if path.startswith("/api/v1/"):
        from xiezuo.api import error_response

        response = error_response(request, 503, message)
    elif path.startswith("/api/"):
        from xiezuo.dhis2.webmessages import web_message

        response = web_message(503, message)
    else:
        response = render(request, "503.html", {"message": message}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _note_busy(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Receiver of got_request_exception: Django sends it from inside its `except`."""
    exception = sys.exc_info()[1]
    if request is not None and exception is not None and is_busy(exception):
        setattr(request, _BUSY_NOTE, exception)


class LockedDatabase:
    """Middleware, outermost: a request that failed on a busy database answers 503 with
    Retry-After, whether the view or a middleware around it met the lock."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_note_busy, dispatch_uid="xiezuo.locked")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        exception = getattr(request, _BUSY_NOTE, None)
        if exception is None or response.status_code != 500:
            return response
        log.warning(
            "busy database outside the view, answered 503: %s %s: %s",
            request.method,
            request.path,
            exception,
        )
        # The user may be what failed to load (its session's flush): the page is drawn
        # without it rather than meeting the lock again.
        request.user = AnonymousUser()
        language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
        with translation.override(language):
            return busy_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        log.warning(
            "busy database, answered 503: %s %s: %s", request.method, request.path, exception
        )
        return busy_response(request)
