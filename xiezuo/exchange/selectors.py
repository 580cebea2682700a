"""Reads of the talent exchange registry: secondments filtered (the list, its export and
the API's), a secondment and its reports, a person with every secondment of his across the years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from xiezuo.places import codes

from .models import Person, Secondment, SecondmentReport


@dataclass(frozen=True)
class SecondmentFilters:
    place: str | None = None  # a division code: origin or host in its subtree
    year: int | None = None  # started (or, planned only, planned to start) that year
    direction: str | None = None
    category: str | None = None
    kind: str | None = None
    in_post: bool = False  # started and not ended, today


def in_post(on: date | None = None) -> Q:
    """Secondments whose person is in post on `on` (today)."""
    day = on or timezone.localdate()
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def secondment_list(filters: SecondmentFilters | None = None) -> QuerySet[Secondment]:
    filters = filters or SecondmentFilters()
    found = Secondment.objects.select_related(
        "person", "origin", "host", "origin_organisation", "host_organisation"
    )
    if filters.place:
        lo, hi = codes.subtree_range(filters.place)
        found = found.filter(
            Q(origin__code__gte=lo, origin__code__lt=hi) | Q(host__code__gte=lo, host__code__lt=hi)
        )
    if filters.year:
        found = found.filter(
            Q(started_on__year=filters.year)
            | Q(started_on__isnull=True, planned_start__year=filters.year)
        )
    if filters.direction:
        found = found.filter(direction=filters.direction)
    if filters.category:
        found = found.filter(category=filters.category)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.in_post:
        found = found.filter(in_post())
    return found


def secondment_get(uid: str) -> Secondment | None:
    return secondment_list().filter(uid=uid).first()


def person_list(*, place: str | None = None, name: str = "") -> QuerySet[Person]:
    found = Person.objects.select_related("home", "organisation")
    if place:
        lo, hi = codes.subtree_range(place)
        found = found.filter(home__code__gte=lo, home__code__lt=hi)
    if name.strip():
        found = found.filter(name__contains=name.strip())
    return found


def person_get(uid: str) -> Person | None:
    return Person.objects.select_related("home", "organisation").filter(uid=uid).first()


def person_secondments(person: Person) -> QuerySet[Secondment]:
    """Every secondment of the person, the latest first."""
    return secondment_list().filter(person=person)


def secondment_reports(secondment: Secondment) -> QuerySet[SecondmentReport]:
    """The reports and evidence filed for a secondment, oldest first."""
    return SecondmentReport.objects.filter(secondment=secondment).order_by("on", "id")


def report_get(uid: str) -> SecondmentReport | None:
    return SecondmentReport.objects.select_related("secondment").filter(uid=uid).first()
