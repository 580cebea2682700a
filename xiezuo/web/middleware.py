"""A page asked for with a parameter that cannot be read answers 400 with the reason."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.places.codes import NotACode


class RefusedParameters:
    """`?place=zzz` on a page: a 400 page naming the value, not a 500 (the API answers
    such values itself, as refused fields)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, NotACode):
            return None
        if request.path.startswith("/api/"):
            from xiezuo.api import error_response

            return error_response(request, 400, " ".join(exception.messages))
        return render(request, "400.html", {"exception": " ".join(exception.messages)}, status=400)


class PrivateResponses:
    """What a signed-in user (session, token or Basic) is answered is theirs alone: no
    shared cache keeps it and no browser stores it (`Cache-Control: private, no-store`),
    unless the view chose its own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if (signed_in or "HTTP_AUTHORIZATION" in request.META) and not response.has_header(
            "Cache-Control"
        ):
            response["Cache-Control"] = "private, no-store"
        return response


# Everything from this server. No inline script runs: the pages' behaviour is in static
# files (static/web/xiezuo.js), their data in json_script blocks, which are not run.
# Styles may still be inline (style="" attributes, and htmx adds its indicator style).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicy:
    """`Content-Security-Policy` on every HTML answer (pages and the API docs)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
