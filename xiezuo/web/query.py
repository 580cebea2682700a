"""A page's query parameters read with the project's parsers (`xiezuo.dates`).

A page does not fail on a parameter it cannot read: it names the value in a
warning above its content and shows what it shows by default.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


class Parser(Protocol[T]):
    def __call__(self, value: str | None, *, default: T, field: str) -> T: ...


def query_value(request: HttpRequest, parse: Parser[T], *, field: str, default: T) -> T:
    """`parse` applied to the parameter `field`; a value it refuses is named, `default` used."""
    try:
        return parse(request.GET.get(field), default=default, field=field)
    except ValidationError as exc:
        for message in exc.messages:
            messages.warning(request, message)
        return default
