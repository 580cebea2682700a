"""The investment registry's figures, derived, never typed (indicator sources).

Each figure counts at the record's place and in the period of its date, so each
yuan counts once in a place's subtree:

- `investment` — per year: the events held for a place (产业专项展销对接活动), the
  projects signed there and their planned investment by sector (签约项目, 计划总投资),
  the investment in place (到位, net of reversals, which count in the year they are
  dated), and the jobs its projects employ (a stock: each project's latest report
  on or before the year's end, split poor / not poor);
- `parks` — the parks built together (a stock per year, from the year each was
  established: industrial and cross-border parks; the special cooperation zone is
  counted by its own figures) and the special cooperation zone's enterprises, output
  and investment in place per half-year (stocks, cumulative to date: the enterprises
  in the zone at the half-year's end, the sum of their returns for that half-year);
- `workshops` — the assistance workshops open, and the people they employ (stocks
  per year, as the jobs).

A stock runs from its first record to the current year (or half-year): `xiezuo
indicators sync` run daily carries it into a new one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo import periods as period_ids
from xiezuo.indicators.sources import Figure, Source

from .models import (
    ZERO,
    IndustrialPark,
    InPlaceRecord,
    InvestmentEvent,
    InvestmentProject,
    JobReport,
    ParkEnterprise,
    ParkKind,
    ParkReturn,
    Workshop,
    WorkshopReport,
)

HALF_YEAR = period_ids.PeriodType.SIXMONTHLY
PARK_KINDS = (ParkKind.INDUSTRIAL, ParkKind.CROSS_BORDER)  # counted as industrial_parks


def _years_to_now(first: int) -> range:
    return range(first, timezone.localdate().year + 1)


def _poverty_split(
    element: str, place: str, period: str, total: int, poor: int
) -> Iterator[Figure]:
    yield Figure(element, place, period, poor, "poverty=poor")
    yield Figure(element, place, period, total - poor, "poverty=not_poor")


def _stocks(
    reports: Iterable[tuple[int, str, date, int, int]],
) -> dict[tuple[str, str], list[int]]:
    """(place, year) -> [total, poor]: each subject's latest report on or before the year's
    end, from its first report to the current year. `reports`: (subject, place, day,
    total, poor) ordered by subject and day."""
    latest: dict[int, dict[int, tuple[str, int, int]]] = defaultdict(dict)
    for subject, place, day, total, poor in reports:
        latest[subject][day.year] = (place, total, poor)  # the year's last report wins
    stocks: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for by_year in latest.values():
        current: tuple[str, int, int] | None = None
        for year in _years_to_now(min(by_year)):
            current = by_year.get(year, current)
            if current is not None:
                place, total, poor = current
                stocks[(place, str(year))][0] += total
                stocks[(place, str(year))][1] += poor
    return stocks


class InvestmentSource(Source):
    name = "investment"
    label = _("the investment registry")
    elements = (
        "industry_events",
        "projects_signed",
        "planned_investment",
        "investment_in_place",
        "investment_jobs",
    )
    page = "investment_project_list"

    def places(self) -> Iterable[str]:
        found = set(InvestmentProject.objects.values_list("place__code", flat=True).distinct())
        return found | set(InvestmentEvent.objects.values_list("place__code", flat=True).distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        wanted = list(places)
        events = (
            InvestmentEvent.objects.filter(place__code__in=wanted)
            .annotate(year=ExtractYear("held_on"))
            .values_list("place__code", "year")
            .annotate(n=Count("id"))
        )
        for code, year, n in events:
            yield Figure("industry_events", code, str(year), n)
        # money is summed here, exactly: SQLite sums decimals as floating point
        signed: dict[tuple[str, str, str], list[Any]] = defaultdict(lambda: [0, ZERO])
        for code, day, sector, planned in InvestmentProject.objects.filter(
            place__code__in=wanted
        ).values_list("place__code", "signed_on", "sector", "planned_investment"):
            cell = signed[(code, str(day.year), sector)]
            cell[0] += 1
            cell[1] += planned
        for (code, year, sector), (n, planned) in sorted(signed.items()):
            yield Figure("projects_signed", code, year, n, f"sector={sector}")
            yield Figure("planned_investment", code, year, planned, f"sector={sector}")
        in_place: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for code, day, amount, reverses in InPlaceRecord.objects.filter(
            project__place__code__in=wanted
        ).values_list("project__place__code", "on", "amount", "reverses"):
            in_place[(code, str(day.year))] += -amount if reverses is not None else amount
        for (code, year), total in sorted(in_place.items()):
            if total:
                yield Figure("investment_in_place", code, year, total)
        reports = (
            JobReport.objects.filter(project__place__code__in=wanted)
            .order_by("project_id", "on")
            .values_list("project_id", "project__place__code", "on", "jobs", "poor")
        )
        for (code, period), (jobs, poor) in sorted(_stocks(reports).items()):
            yield from _poverty_split("investment_jobs", code, period, jobs, poor)


def _half_years(first: date) -> list[str]:
    today = timezone.localdate()
    start = period_ids.of_date(first, HALF_YEAR)
    return [p.id for p in period_ids.between(start, period_ids.of_date(today, HALF_YEAR))]


class ParkSource(Source):
    name = "parks"
    label = _("the register of industrial parks")
    elements = ("industrial_parks", "zone_enterprises", "zone_output", "zone_investment_in_place")
    page = "investment_park_list"

    def places(self) -> Iterable[str]:
        return set(IndustrialPark.objects.values_list("place__code", flat=True).distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        wanted = list(places)
        parks: dict[tuple[str, str], int] = defaultdict(int)
        for code, established_on in IndustrialPark.objects.filter(
            place__code__in=wanted, kind__in=PARK_KINDS
        ).values_list("place__code", "established_on"):
            for year in _years_to_now(established_on.year):
                parks[(code, str(year))] += 1
        for (code, period), n in sorted(parks.items()):
            yield Figure("industrial_parks", code, period, n)
        zones = {"park__kind": ParkKind.SPECIAL_ZONE, "park__place__code__in": wanted}
        enterprises: dict[tuple[str, str], int] = defaultdict(int)
        for code, entered_on, left_on in ParkEnterprise.objects.filter(**zones).values_list(
            "park__place__code", "entered_on", "left_on"
        ):
            for half in _half_years(entered_on):
                if left_on is None or left_on > period_ids.parse(half).end_date:
                    enterprises[(code, half)] += 1
        for (code, half), n in sorted(enterprises.items()):
            yield Figure("zone_enterprises", code, half, n)
        returns: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        for code, half, output, investment in ParkReturn.objects.filter(
            **{f"enterprise__{k}": v for k, v in zones.items()}
        ).values_list("enterprise__park__place__code", "period", "output", "investment"):
            returns[(code, half)][0] += output
            returns[(code, half)][1] += investment
        for (code, half), (output, investment) in sorted(returns.items()):
            yield Figure("zone_output", code, half, output)
            yield Figure("zone_investment_in_place", code, half, investment)


class WorkshopSource(Source):
    name = "workshops"
    label = _("the register of assistance workshops")
    elements = ("workshops", "workshop_employed")
    page = "investment_workshop_list"

    def places(self) -> Iterable[str]:
        return set(Workshop.objects.values_list("place__code", flat=True).distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        wanted = list(places)
        open_: dict[tuple[str, str], int] = defaultdict(int)
        for code, opened_on in Workshop.objects.filter(place__code__in=wanted).values_list(
            "place__code", "opened_on"
        ):
            for year in _years_to_now(opened_on.year):
                open_[(code, str(year))] += 1
        for (code, period), n in sorted(open_.items()):
            yield Figure("workshops", code, period, n)
        reports = (
            WorkshopReport.objects.filter(workshop__place__code__in=wanted)
            .order_by("workshop_id", "on")
            .values_list("workshop_id", "workshop__place__code", "on", "employed", "poor")
        )
        for (code, period), (employed, poor) in sorted(_stocks(reports).items()):
            yield from _poverty_split("workshop_employed", code, period, employed, poor)
