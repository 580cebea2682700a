"""The dashboard's figures, computed from the analytics at the time of asking."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xiezuo.indicators.analytics import Query, analytics
from xiezuo.periods import parse
from xiezuo.places.models import Place

from .models import Figure


@dataclass
class FigureValue:
    figure: Figure
    value: Decimal | None
    unit: str
    # whether unapproved figures outside the reader's scope were left out of it
    left_out: bool = False

    @property
    def agrees(self) -> bool | None:
        """Whether the value agrees with the reference (None without one)."""
        reference = self.figure.reference_value
        if reference is None or self.value is None:
            return None
        if self.figure.growth:
            return round(self.value, 2) == round(reference, 2)
        if self.figure.reference_at_least:
            return self.value >= reference
        return self.value == reference


def _sum(
    item: str,
    places: list[Place],
    period_ids: list[str],
    unapproved_within: tuple[str, ...] | None,
) -> tuple[Decimal | None, bool]:
    result = analytics(
        Query(
            items=[item],
            periods=[parse(p) for p in period_ids],
            places=places,
            periods_as_filter=True,
            places_as_filter=True,
            unapproved_within=unapproved_within,
        )
    )
    return result.get(item), bool(result.hidden)


def figure_value(figure: Figure, *, unapproved_within: tuple[str, ...] | None) -> FigureValue:
    """The figure for a reader whose unapproved values count within `unapproved_within`
    (`policy.unapproved_scope`)."""
    places = list(Place.objects.filter(code__in=figure.place_codes))
    value, left_out = _sum(figure.item, places, figure.period_ids, unapproved_within)
    unit = ""
    if figure.growth and value is not None:
        earlier = [parse(p) for p in figure.period_ids]
        span = earlier[-1].end - earlier[0].start + 1
        before = [p.shift(-(span // p.type.months)).id for p in earlier]
        previous, earlier_left_out = _sum(figure.item, places, before, unapproved_within)
        left_out = left_out or earlier_left_out
        value = (value / previous - 1) * 100 if previous else None
        unit = "%"
    return FigureValue(figure=figure, value=value, unit=unit, left_out=left_out)


def figure_values(
    area: str | None = None, *, unapproved_within: tuple[str, ...] | None
) -> list[FigureValue]:
    figures = Figure.objects.all()
    if area:
        figures = figures.filter(area=area)
    return [figure_value(f, unapproved_within=unapproved_within) for f in figures]
