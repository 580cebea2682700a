"""A database busy with another writer, or out of reach, is a 503 with Retry-After; a full
disk is a 507 — never a 500.

SQLite has one writer at a time: a request that waits longer than the busy
timeout (XIEZUO_DB_LOCK_WAIT) for the write lock fails with "database is
locked". PostgreSQL fails a statement that waits longer than lock_timeout
(the same setting), and a transaction that lost a serialization or deadlock
check. None of these is a fault in the request: nothing was written, and the
same request a few seconds later will do. `LockedDatabase` (middleware)
answers them with 503, `Retry-After` and a message in the user's language —
the API's error shape under /api/v1/ and /api/ (DHIS2), a page elsewhere.

A database that cannot be reached — PostgreSQL restarting, its connection cut
in the middle of a request — fails the same way: the transaction never
committed, so nothing was written, and the next request connects again
(CONN_HEALTH_CHECKS drops a dead persistent connection). `is_unavailable`
tells it apart. A disk that is full (ENOSPC, EDQUOT, or EFBIG past a file
size limit) while an upload is stored answers 507 with its own message; the
storage (`xiezuo.storage`) leaves no half-written file behind. A multipart
body is read here, before the CSRF check would read it, so that a full disk
while Django spools an upload is answered the same way. Outside a view
(a middleware's query, say), `server_error` — Django's handler500 — gives
the same answers.
"""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.shortcuts import render
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# PostgreSQL: lock_not_available (lock_timeout), serialization_failure, deadlock_detected
_BUSY_STATES = frozenset({"55P03", "40001", "40P01"})
_BUSY_WORDS = ("database is locked", "database table is locked")  # SQLite
# PostgreSQL: the server shut down or restarted (admin_shutdown, crash_shutdown,
# cannot_connect_now); class 08 is a connection exception
_GONE_STATES = frozenset({"57P01", "57P02", "57P03"})
_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` says the database was busy with another writer (not a fault)."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _BUSY_STATES:
        return True
    text = str(exc).lower()
    return any(words in text for words in _BUSY_WORDS)


def is_unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the database could not be reached or its connection was lost."""
    if isinstance(exc, InterfaceError):  # a connection already closed
        return True
    if not isinstance(exc, OperationalError) or is_busy(exc):
        return False
    cause = exc.__cause__
    state = getattr(cause, "sqlstate", None)
    if state is not None:
        return state in _GONE_STATES or state.startswith("08")
    # psycopg gives no state when the connection itself failed (refused, closed by the server)
    return type(cause).__module__.startswith("psycopg")


def is_disk_full(exc: BaseException) -> bool:
    """Whether `exc` says a file could not be written for want of space."""
    return isinstance(exc, OSError) and exc.errno in _DISK_FULL


def unavailable_message() -> str:
    return _(
        "The database cannot be reached at the moment (it may be restarting); nothing was "
        "saved. Try again in a few seconds."
    )


def disk_full_message() -> str:
    return _(
        "The server's disk is full: the file could not be stored and nothing was saved. "
        "Tell the administrator."
    )


def busy_message() -> str:
    return _(
        "The database is busy with another change (an import, perhaps); nothing was saved. "
        "Try again in a few seconds."
    )


def _answer(request: HttpRequest, status: int, message: str, title: str) -> HttpResponse:
    path = request.path
    if path.startswith("/api/v1/"):
        from xiezuo.api import error_response

        return error_response(request, status, message)
    if path.startswith("/api/"):
        from xiezuo.dhis2.webmessages import web_message

        return web_message(status, message)
    try:
        return render(request, "503.html", {"message": message, "title": title}, status=status)
    except Exception:  # the page itself needs what failed (the database): plain text then
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def busy_response(request: HttpRequest) -> HttpResponse:
    response = _answer(request, 503, busy_message(), _("Busy: try again"))
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def unavailable_response(request: HttpRequest) -> HttpResponse:
    response = _answer(request, 503, unavailable_message(), _("Busy: try again"))
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def disk_full_response(request: HttpRequest) -> HttpResponse:
    return _answer(request, 507, disk_full_message(), _("The disk is full"))


def fault_response(request: HttpRequest, exception: BaseException) -> HttpResponse | None:
    """The answer to a busy or unreachable database or a full disk; None for anything else."""
    if is_busy(exception):
        log.warning("busy database, answered 503: %s %s: %s", request.method, request.path,
                    exception)  # fmt: skip
        return busy_response(request)
    if is_unavailable(exception):
        log.error("database unavailable, answered 503: %s %s: %s", request.method,
                  request.path, exception)  # fmt: skip
        return unavailable_response(request)
    if is_disk_full(exception):
        log.error("disk full, answered 507: %s %s: %s", request.method, request.path, exception)
        return disk_full_response(request)
    return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a fault of `fault_response` raised outside a view; else the 500 page."""
    exception = sys.exc_info()[1]
    if exception is not None and (response := fault_response(request, exception)) is not None:
        return response
    from django.views.defaults import server_error as default

    return default(request)


class LockedDatabase:
    """Middleware: a view that failed on a busy or unreachable database answers 503 with
    Retry-After; on a full disk, 507."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 - spools the upload's files now
            except UnreadablePostError:
                pass  # the client went away: as before, the form finds nothing
            except OSError as exc:
                if (response := fault_response(request, exc)) is not None:
                    return response
                raise
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return fault_response(request, exception)
