"""The short visits' figures, derived, never typed (an indicator source).

Per year the visit starts, at the helped-side place it counts for (the origin when the
visitors come from the helped side, else the host), the people of the visits of a kind:

- medical staff shadowing → `medical_staff_shadowing`;
- medical staff on study exchange → `medical_staff_exchange`;
- university staff on exchange → `university_staff_exchange`.

Teachers' exchanges and other visits are listed but count in no figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.sources import Figure, Source

from .models import Direction, ShortVisit, VisitKind

ELEMENT_OF_KIND = {
    VisitKind.MEDICAL_SHADOWING: "medical_staff_shadowing",
    VisitKind.MEDICAL_EXCHANGE: "medical_staff_exchange",
    VisitKind.UNIVERSITY_STAFF: "university_staff_exchange",
}


def _counted(direction: str, origin: str, host: str) -> str:
    return origin if direction == Direction.TO_HELPER else host


class VisitSource(Source):
    name = "visits"
    label = _("the register of short visits")
    elements = tuple(ELEMENT_OF_KIND.values())
    page = "exchange_visit_list"

    def places(self) -> Iterable[str]:
        counted = ShortVisit.objects.filter(kind__in=list(ELEMENT_OF_KIND))
        return {
            _counted(direction, origin, host)
            for direction, origin, host in counted.values_list(
                "direction", "origin__code", "host__code"
            ).distinct()
        }

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        wanted = list(places)
        visits = ShortVisit.objects.filter(kind__in=list(ELEMENT_OF_KIND)).filter(
            Q(direction=Direction.TO_HELPER, origin__code__in=wanted)
            | Q(direction=Direction.TO_HELPED, host__code__in=wanted)
        )
        people: dict[tuple[str, str, str], int] = defaultdict(int)
        for kind, direction, origin, host, from_on, n in visits.values_list(
            "kind", "direction", "origin__code", "host__code", "from_on", "people"
        ):
            place = _counted(direction, origin, host)
            people[(ELEMENT_OF_KIND[VisitKind(kind)], place, str(from_on.year))] += n
        for (element, place, year), n in sorted(people.items()):
            yield Figure(element, place, year, n)
