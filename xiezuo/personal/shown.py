"""Personal information as a page shows it: masked, or in full and recorded.

The one way a page or export shows an identity number or a phone: `reveal` asks the
policy (`personal.unmask`) about each record and records the unmasked ones in the
access log *before* handing their values out, so nothing is shown in full without
its record. A page never prints the field itself (`{{ worker.identity }}`); it uses
`{% shown_identity worker %}` / `{% shown_phone worker %}` (`{% load personal %}`) or,
for a list, a view's `reveal(request, page)`:

    shown = reveal(request, workers)          # one log row for the whole page
    shown.identity(worker), shown.phone(worker)

A record is logged once per request, whichever of its fields are shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.http import HttpRequest

from xiezuo.accounts import policy

from .identity import mask_identity
from .models import Action
from .phones import mask_phone
from .services import record_view

Key = tuple[str, object]


def _key(record: models.Model) -> Key:
    return (record._meta.label, record.pk)


class Revealed:
    """The records of one `reveal`: which of them may be shown in full (and were recorded)."""

    def __init__(self, unmasked: set[Key]) -> None:
        self._unmasked = unmasked

    def unmasked(self, record: models.Model) -> bool:
        return _key(record) in self._unmasked

    def identity(self, record: models.Model, field: str = "identity") -> str:
        value = getattr(record, field) or ""
        return value if self.unmasked(record) else mask_identity(value)

    def phone(self, record: models.Model, field: str = "phone") -> str:
        value = getattr(record, field) or ""
        return value if self.unmasked(record) else mask_phone(value)


def reveal(
    request: HttpRequest,
    records: Iterable[models.Model],
    *,
    action: Action = Action.VIEW,
    description: str = "",
) -> Revealed:
    """Which of `records` this request may see unmasked; those are recorded first (once a
    request for a view; an export is recorded each time, with `description`)."""
    user = request.user
    allowed = [r for r in records if policy.can(user, "personal.unmask", r)]
    recorded: set[Key] = request.__dict__.setdefault("_personal_recorded", set())
    new = allowed if action == Action.EXPORT else [r for r in allowed if _key(r) not in recorded]
    if new:
        record_view(
            user=user,  # type: ignore[arg-type]  # can() was true: an active user
            objects=new,
            action=action,
            where=request.get_full_path(),
            description=description,
        )
        recorded.update(_key(r) for r in new)
    return Revealed({_key(r) for r in allowed})


def shown_identity(request: HttpRequest, record: models.Model, field: str = "identity") -> str:
    """The record's identity number for this request: in full if allowed (and recorded)."""
    return reveal(request, [record]).identity(record, field)


def shown_phone(request: HttpRequest, record: models.Model, field: str = "phone") -> str:
    """The record's phone number for this request: in full if allowed (and recorded)."""
    return reveal(request, [record]).phone(record, field)
