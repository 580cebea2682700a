"""What operators see of the running server: one JSON line per request, a request id
carried through every log line, a warning for slow requests, and the request metrics
(`xiezuo.metrics`).

Every request gets an id: the one a trusted reverse proxy (`XIEZUO_TRUSTED_PROXIES`)
sent in `X-Request-ID` when it is well formed (nginx's `$request_id`, a UUID), else a
new one. It is answered in the `X-Request-ID` header, written on the request's log line
(logger `xiezuo.requests`) and on every other line logged while the request runs (an
error's traceback included: `xiezuo.logs`), so that a user's report ("request id
…") leads to the lines.

A request line holds the time, id, method, path (never the query string, which may
carry a token or a searched identity number), the view, the status, the duration, the
user's id (or `anonymous`) and the client's address as the sign-in lock-out computes it
(behind a trusted proxy, the forwarded one). Nothing else of the request is logged.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.db import DatabaseError, connection
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from xiezuo import metrics
from xiezuo.accounts.lockout import _address, _trusted, client_address
from xiezuo.logs import current_request_id

request_log = logging.getLogger("xiezuo.requests")
slow_log = logging.getLogger("xiezuo.requests.slow")

# what an incoming X-Request-ID may be: letters, digits and - _ . : (a UUID, nginx's
# 32 hex digits), 8 to 64 of them; anything else is replaced
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{7,63}")
LONGEST_PATH = 500


@receiver(request_finished)
def _request_done(**kwargs: Any) -> None:
    current_request_id.set(None)


def _request_id(request: HttpRequest) -> str:
    """The trusted proxy's well-formed X-Request-ID, else a new one."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    if incoming and REQUEST_ID.fullmatch(incoming):
        remote = _address(request.META.get("REMOTE_ADDR") or "")
        networks = getattr(settings, "XIEZUO_TRUSTED_PROXIES", [])
        if remote is not None and networks and _trusted(remote, networks):
            return incoming
    return uuid.uuid4().hex


def _user(request: HttpRequest) -> int | str | None:
    user = getattr(request, "user", None)
    if user is None:  # answered before the authentication middleware (static files)
        return None
    try:
        return user.pk if user.is_authenticated else "anonymous"
    except DatabaseError:  # the session could not be read: the line is logged anyway
        return None


class _Queries:
    """Counts the queries a request runs and their time (when the slow-request log is
    on), and every database error (always, for the metrics)."""

    def __init__(self, timed: bool) -> None:
        self.timed = timed
        self.count = 0
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if not self.timed:
            try:
                return execute(sql, params, many, context)
            except DatabaseError as exc:
                metrics.database_error(exc)
                raise
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        except DatabaseError as exc:
            metrics.database_error(exc)
            raise
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


class RequestLog:
    """The request id, the request's log line, the slow-request warning and the
    request metrics. First in MIDDLEWARE, so that it times and sees every answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = _request_id(request)
        # kept until the response is closed (below), not only until it leaves this
        # middleware: Django logs a 4xx ("Not Found: …") after the middleware
        current_request_id.set(request_id)
        slow_ms = settings.XIEZUO_SLOW_REQUEST_MS
        queries = _Queries(timed=slow_ms > 0)
        started = time.perf_counter()
        status = 500
        try:
            with connection.execute_wrapper(queries):
                response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            seconds = time.perf_counter() - started
            self._log(request, request_id, status, seconds, queries, slow_ms)

    def _log(
        self,
        request: HttpRequest,
        request_id: str,
        status: int,
        seconds: float,
        queries: _Queries,
        slow_ms: float,
    ) -> None:
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else None
        metrics.observe_request(view, request.method or "", status, seconds)
        fields: dict[str, Any] = {
            "method": request.method,
            "path": request.path[:LONGEST_PATH],
            "view": view,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
            "user": _user(request),
            "client": client_address(request),
        }
        level = logging.ERROR if status >= 500 else logging.INFO
        request_log.log(
            level,
            "%s %s %s",
            request.method,
            fields["path"],
            status,
            extra={"fields": fields, "request_id": request_id},
        )
        if slow_ms > 0 and seconds * 1000 >= slow_ms:
            slow_log.warning(
                "slow request: %s %s took %d ms (%d queries, %d ms in the database)",
                request.method,
                fields["path"],
                seconds * 1000,
                queries.count,
                queries.seconds * 1000,
                extra={
                    "request_id": request_id,
                    "fields": {
                        **fields,
                        "queries": queries.count,
                        "query_ms": round(queries.seconds * 1000, 1),
                        "slow_ms": slow_ms,
                    },
                },
            )
