"""Reads of the investment registry: signed projects filtered, with their totals; a
project's investment in place and job reports; parks with their latest returns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from xiezuo.places import codes

from .models import (
    ZERO,
    IndustrialPark,
    InPlaceRecord,
    InvestmentEvent,
    InvestmentProject,
    JobReport,
    ParkEnterprise,
    ParkReturn,
    Workshop,
    WorkshopReport,
)


@dataclass(frozen=True)
class ProjectFilters:
    place: str | None = None  # a division code: the place and its subtree
    year: int | None = None  # signed in that year
    sector: str | None = None
    enterprise: int | None = None  # an organisation's id


def project_list(filters: ProjectFilters | None = None) -> QuerySet[InvestmentProject]:
    filters = filters or ProjectFilters()
    projects = InvestmentProject.objects.select_related("enterprise", "place", "event")
    if filters.place:
        lo, hi = codes.subtree_range(filters.place)
        projects = projects.filter(place__code__gte=lo, place__code__lt=hi)
    if filters.year:
        projects = projects.filter(signed_on__year=filters.year)
    if filters.sector:
        projects = projects.filter(sector=filters.sector)
    if filters.enterprise:
        projects = projects.filter(enterprise_id=filters.enterprise)
    return projects


@dataclass(frozen=True)
class Totals:
    projects: int
    planned: Decimal
    in_place: Decimal


def in_place_total(records: QuerySet[InPlaceRecord]) -> Decimal:
    """What arrived, net of reversals (summed exactly: SQLite sums decimals as floats)."""
    total = ZERO
    for amount, reverses in records.values_list("amount", "reverses"):
        total += -amount if reverses is not None else amount
    return total


def project_totals(projects: QuerySet[InvestmentProject]) -> Totals:
    planned = list(projects.values_list("planned_investment", flat=True))
    records = InPlaceRecord.objects.filter(project__in=projects.values("pk"))
    return Totals(len(planned), sum(planned, ZERO), in_place_total(records))


def project_get(key: str | int) -> InvestmentProject | None:
    """The project with this id or UID."""
    text = str(key).strip()
    projects = InvestmentProject.objects.select_related("enterprise", "place", "event")
    if text.isdigit():
        return projects.filter(pk=int(text)).first()
    return projects.filter(uid=text).first()


def project_in_place(project: InvestmentProject) -> QuerySet[InPlaceRecord]:
    return project.in_place.select_related("created_by", "reverses", "reversed_by")


def project_job_reports(project: InvestmentProject) -> QuerySet[JobReport]:
    return project.job_reports.select_related("created_by")


def event_list() -> QuerySet[InvestmentEvent]:
    # an aggregate drops the model's ordering: say it again
    return (
        InvestmentEvent.objects.select_related("place")
        .annotate(signed=Count("projects"))
        .order_by("-held_on", "-id")
    )


def park_list(*, place: str | None = None) -> QuerySet[IndustrialPark]:
    parks = (
        IndustrialPark.objects.select_related("place")
        .annotate(enterprises_in=Count("enterprises", filter=Q(enterprises__left_on__isnull=True)))
        .order_by("place__code", "name")
    )
    if place:
        parks = parks.filter(place__code__startswith=place)
    return parks


def park_get(key: str | int) -> IndustrialPark | None:
    text = str(key).strip()
    parks = IndustrialPark.objects.select_related("place")
    if text.isdigit():
        return parks.filter(pk=int(text)).first()
    return parks.filter(uid=text).first()


@dataclass(frozen=True)
class HalfYear:
    period: str
    enterprises: int  # with a return
    output: Decimal
    investment: Decimal


def park_half_years(park: IndustrialPark) -> list[HalfYear]:
    """The park's returns summed per half-year, newest first."""
    sums: dict[str, list[Any]] = defaultdict(lambda: [0, ZERO, ZERO])
    for period, output, investment in ParkReturn.objects.filter(enterprise__park=park).values_list(
        "period", "output", "investment"
    ):
        cell = sums[period]
        cell[0] += 1
        cell[1] += output
        cell[2] += investment
    return [HalfYear(p, *sums[p]) for p in sorted(sums, reverse=True)]


def park_enterprises(park: IndustrialPark) -> QuerySet[ParkEnterprise]:
    return park.enterprises.select_related("organisation")


def workshop_list(*, place: str | None = None) -> QuerySet[Workshop]:
    workshops = Workshop.objects.select_related("place", "enterprise").prefetch_related("reports")
    if place:
        workshops = workshops.filter(place__code__startswith=place)
    return workshops


def workshop_get(key: str | int) -> Workshop | None:
    text = str(key).strip()
    workshops = Workshop.objects.select_related("place", "enterprise")
    if text.isdigit():
        return workshops.filter(pk=int(text)).first()
    return workshops.filter(uid=text).first()


def workshop_latest(workshop: Workshop) -> WorkshopReport | None:
    return workshop.latest_report
