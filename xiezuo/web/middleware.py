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
