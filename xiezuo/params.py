"""A page's query parameters read with the project's parsers (`xiezuo.dates`).

A page does not fail on a parameter it cannot read: it names the value in a
warning above its content and shows what it shows by default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def query_value(request: HttpRequest, parse: Callable[..., T], *, field: str, default: T) -> T:
    """`parse(value, default=, field=)` applied to the parameter `field` (a parser of
    `xiezuo.dates`); a value it refuses is named, and `default` used."""
    try:
        return parse(request.GET.get(field), default=default, field=field)
    except ValidationError as exc:
        for message in exc.messages:
            messages.warning(request, message)
        return default
