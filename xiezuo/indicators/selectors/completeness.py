"""Completeness: the reports expected of the places below a place against
those received, and the report states of one place."""

from __future__ import annotations

from dataclasses import dataclass

from xiezuo.language import period_label
from xiezuo.periods import Period
from xiezuo.places.models import Level, Place

from ..models import (
    Approval,
    Completion,
    DataSet,
    DataValue,
)
from .reports import Decided

# --- completeness


@dataclass
class ReportRow(Decided):
    place: Place
    completion: Completion | None
    approval: Approval | None
    has_values: bool

    @property
    def received(self) -> bool:
        return self.completion is not None


@dataclass
class Completeness:
    data_set: DataSet
    place: Place
    period: Period
    assigned: bool  # expected places are the data set's assigned places (else the counties)
    rows: list[ReportRow]

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.received)

    @property
    def with_values(self) -> int:
        return sum(1 for r in self.rows if r.has_values)

    @property
    def approved(self) -> int:
        return sum(1 for r in self.rows if r.approved)

    @property
    def rate(self) -> float | None:
        return self.received / self.expected if self.expected else None


def expected_places(data_set: DataSet, place: Place) -> tuple[list[Place], bool]:
    """The places within `place` expected to report the data set, and whether they
    are its assigned places (True) or, for a data set assigned nowhere, the counties."""
    if data_set.places.exists():
        return list(data_set.places.within(place.code).order_by("code")), True
    if place.level >= Level.COUNTY:
        return [place], False
    return list(Place.objects.within(place.code).filter(level=Level.COUNTY).order_by("code")), False


def completeness(*, data_set: DataSet, place: Place, period: Period) -> Completeness:
    """Expected against received reports (received: marked complete), place by place."""
    places, assigned = expected_places(data_set, place)
    ids = [p.pk for p in places]
    completions = {
        c.place_id: c
        for c in Completion.objects.filter(
            data_set=data_set, period=period.id, place_id__in=ids
        ).select_related("completed_by")
    }
    approvals = {
        a.place_id: a
        for a in Approval.objects.filter(
            data_set=data_set, period=period.id, place_id__in=ids
        ).select_related("decided_by")
    }
    with_values = set(
        DataValue.objects.in_provinces(p.code for p in places)
        .filter(data_element__data_sets=data_set, period=period.id, place_id__in=ids)
        .values_list("place_id", flat=True)
        .distinct()
    )
    rows = [
        ReportRow(p, completions.get(p.pk), approvals.get(p.pk), p.pk in with_values)
        for p in places
    ]
    return Completeness(data_set, place, period, assigned, rows)
