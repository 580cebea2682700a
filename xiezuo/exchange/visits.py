"""Short visits counted by heads (medical staff shadowing in Guangdong hospitals, medical
staff on study exchange, teachers' and university staff exchanges): writes and reads.

A visit is `people` from `origin` to `host`, `from_on`–`to_on`. Each write is
all-or-nothing and refreshes the figures it counts in (`sources_visits`) in its own
transaction; bad input is refused with a ValidationError naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from xiezuo.indicators import sources
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import code_within, home_place_code

from .models import Direction, ShortVisit, VisitKind

SOURCE = "visits"
MAX_PEOPLE = 100_000


def people_clean(value: Any, *, field: str = "people") -> int:
    """How many came: a whole number above zero."""
    if isinstance(value, bool):
        value = "x"
    text = str(value if value is not None else "").strip().replace(",", "")
    if not text.lstrip("-").isdigit():
        raise ValidationError({field: _("“%(value)s” is not a whole number.") % {"value": text}})
    people = int(text)
    if people <= 0:
        raise ValidationError({field: _("At least one person must have come.")})
    if people > MAX_PEOPLE:
        raise ValidationError({field: _("That is more people than a visit can have.")})
    return people


def counted_place(visit: ShortVisit) -> Place:
    """The helped-side place a visit counts for: the origin when the visitors come from the
    helped side, the host when they go to it."""
    return visit.origin if visit.direction == Direction.TO_HELPER else visit.host


def _check(
    *, kind: Any, direction: Any, origin: Place | None, host: Place | None, people: Any,
    from_on: date | None, to_on: date | None, note: str,
) -> dict[str, Any]:  # fmt: skip
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {"note": (note or "").strip()}

    def refuse(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if kind not in VisitKind.values:
        refuse("kind", _("“%(value)s” is not one of the allowed values.") % {"value": kind})
    if direction not in Direction.values:
        refuse(
            "direction", _("“%(value)s” is not one of the allowed values.") % {"value": direction}
        )
    for key, place in (("origin", origin), ("host", host)):
        if place is None:
            refuse(key, _("This field is required."))
    try:
        fields["people"] = people_clean(people)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for key, day in (("from_on", from_on), ("to_on", to_on)):
        if day is None:
            refuse(key, _("This field is required."))
    if from_on is not None and to_on is not None and to_on < from_on:
        refuse("to_on", _("The visit cannot end before it begins."))
    home = home_place_code()
    helped = origin if direction == Direction.TO_HELPER else host
    if helped is not None and direction in Direction.values and not helped.code.startswith(home):
        key = "origin" if direction == Direction.TO_HELPER else "host"
        refuse(key, _("%(place)s is not a helped place.") % {"place": helped.name})
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def visit_create(
    *,
    actor: Any,
    kind: str,
    direction: str,
    origin: Place | None,
    host: Place | None,
    people: Any,
    from_on: date | None,
    to_on: date | None,
    host_organisation: Organisation | None = None,
    note: str = "",
    illustrative: bool = False,
) -> ShortVisit:
    """Record a short visit; its figure moves at once."""
    fields = _check(kind=kind, direction=direction, origin=origin, host=host, people=people,
                    from_on=from_on, to_on=to_on, note=note)  # fmt: skip
    assert origin is not None and host is not None  # checked above
    assert from_on is not None and to_on is not None
    visit = ShortVisit.objects.create(
        kind=kind, direction=direction, origin=origin, host=host,
        host_organisation=host_organisation, from_on=from_on, to_on=to_on,
        illustrative=illustrative, created_by=actor, **fields,
    )  # fmt: skip
    sources.sync(SOURCE, places={counted_place(visit).code})
    return visit


@transaction.atomic
def visit_update(
    *,
    actor: Any,
    visit: ShortVisit,
    kind: str,
    direction: str,
    origin: Place | None,
    host: Place | None,
    people: Any,
    from_on: date | None,
    to_on: date | None,
    host_organisation: Organisation | None = None,
    note: str = "",
) -> ShortVisit:
    """Correct a short visit; the figures of the place it counted for before and now move."""
    fields = _check(kind=kind, direction=direction, origin=origin, host=host, people=people,
                    from_on=from_on, to_on=to_on, note=note)  # fmt: skip
    before = counted_place(visit).code
    visit.kind, visit.direction, visit.host_organisation = kind, direction, host_organisation
    visit.origin, visit.host = origin, host  # type: ignore[assignment]
    visit.from_on, visit.to_on = from_on, to_on  # type: ignore[assignment]
    visit.people, visit.note = fields["people"], fields["note"]
    visit.save()
    sources.sync(SOURCE, places={before, counted_place(visit).code})
    return visit


# --- reads


@dataclass(frozen=True)
class VisitFilters:
    place: str | None = None  # a division code: visits from or to its area
    year: int | None = None  # begun in that year
    kind: str | None = None
    direction: str | None = None


def visit_list(filters: VisitFilters | None = None) -> QuerySet[ShortVisit]:
    filters = filters or VisitFilters()
    visits = ShortVisit.objects.select_related("origin", "host", "host_organisation")
    if filters.place:
        visits = visits.filter(
            code_within("origin__code", filters.place) | code_within("host__code", filters.place)
        )
    if filters.year:
        visits = visits.filter(from_on__year=filters.year)
    if filters.kind:
        visits = visits.filter(kind=filters.kind)
    if filters.direction:
        visits = visits.filter(direction=filters.direction)
    return visits


def visit_people(visits: QuerySet[ShortVisit]) -> int:
    return int(visits.aggregate(n=Sum("people"))["n"] or 0)


def visit_get(uid: str) -> ShortVisit | None:
    return visit_list().filter(uid=uid).first()
