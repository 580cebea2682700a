"""Long lists on pages: a page at a time, or the first few with the length of the whole.

A list page is paged (`page_of`, shown by `web/_pagination.html`). Where a
page shows only the start of a list — the latest changes of a record, the
places matching a search — it is `capped`, and `web/_capped.html` says
"the first N of M": nothing is left out without saying so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

PER_PAGE = 50
T = TypeVar("T")
M = TypeVar("M", bound=Model)


def page_of(request: HttpRequest, items: QuerySet | Sequence, *, per_page: int = PER_PAGE) -> Page:
    """The page of `items` that `?page=` asks for (the first, or the last past the end)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


@dataclass(frozen=True)
class Capped(Generic[T]):
    """The first items of a list that may be longer, and how long the whole list is."""

    items: list[T]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def capped(items: QuerySet[M], limit: int) -> Capped[M]:
    """The first `limit` of `items`; counted only when there are more."""
    first = list(items[: limit + 1])
    if len(first) <= limit:
        return Capped(first, len(first))
    return Capped(first[:limit], items.count())


# --- API lists (django-ninja): `?limit=&offset=`, both bounded
API_MAX_LIMIT = 1000
API_MAX_OFFSET = 10**9


class ApiPagination(LimitOffsetPagination):
    """ninja's limit and offset, with an upper bound to each: a limit past 1,000 or an
    offset past 10⁹ is refused with a message (422), not carried to the database,
    which cannot hold 10³⁰ and answered a 500."""

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=API_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=API_MAX_OFFSET)
