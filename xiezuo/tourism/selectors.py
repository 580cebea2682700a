"""Reads of the tourism registry: spots filtered (with totals), a spot's discounts and
months, projects, routes, and the visitor reports (a county's month as an entry grid)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from xiezuo.places import codes

from .models import Discount, Route, ScenicSpot, TourismProject, VisitorReport


def _in_subtree(field: str, code: str) -> Q:
    lo, hi = codes.subtree_range(code)
    return Q(**{f"{field}__gte": lo, f"{field}__lt": hi})


def _valid_in(year: int) -> Q:
    """Discounts valid on at least one day of the year."""
    return Q(valid_from__lte=date(year, 12, 31)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1))
    )


@dataclass(frozen=True)
class SpotFilters:
    place: str | None = None  # a division code: the place and its subtree
    year: int | None = None  # with a discount valid in that year; visitors of that year
    grade: str | None = None
    kind: str | None = None
    discounted: bool = False  # only spots with a discount (in the year, if one is given)


def spot_list(filters: SpotFilters | None = None) -> QuerySet[ScenicSpot]:
    filters = filters or SpotFilters()
    spots = ScenicSpot.objects.select_related("place")
    if filters.place:
        spots = spots.filter(_in_subtree("place__code", filters.place))
    if filters.grade is not None:
        spots = spots.filter(grade=filters.grade)
    if filters.kind:
        spots = spots.filter(kind=filters.kind)
    discounts = Discount.objects.filter(spot=OuterRef("pk"))
    if filters.year:
        discounts = discounts.filter(_valid_in(filters.year))
    spots = spots.annotate(has_discount=Exists(discounts))
    if filters.discounted:
        spots = spots.filter(has_discount=True)
    visitors = Q()
    if filters.year:
        visitors = Q(visitor_reports__period__startswith=str(filters.year))
    return spots.annotate(
        visitors=Sum("visitor_reports__visitors", filter=visitors),
        helper_visitors=Sum("visitor_reports__helper_visitors", filter=visitors),
    ).order_by("place__code", "name")


@dataclass(frozen=True)
class SpotTotals:
    spots: int
    discounted: int
    visitors: int
    helper_visitors: int


def spot_totals(spots: QuerySet[ScenicSpot]) -> SpotTotals:
    # the annotations of `spot_list`
    rows = list(spots.values_list("has_discount", "visitors", "helper_visitors"))  # type: ignore[misc]
    return SpotTotals(
        spots=len(rows),
        discounted=sum(1 for has, _v, _h in rows if has),
        visitors=sum(v or 0 for _has, v, _h in rows),
        helper_visitors=sum(h or 0 for _has, _v, h in rows),
    )


def spot_get(key: str | int) -> ScenicSpot | None:
    """The spot with this id or UID."""
    text = str(key).strip()
    spots = ScenicSpot.objects.select_related("place")
    if text.isdigit():
        return spots.filter(pk=int(text)).first()
    return spots.filter(uid=text).first()


def spot_discounts(spot: ScenicSpot) -> QuerySet[Discount]:
    return spot.discounts.select_related("created_by")


def spot_months(spot: ScenicSpot) -> QuerySet[VisitorReport]:
    return spot.visitor_reports.select_related("created_by").order_by("-period")


def discount_get(pk: int) -> Discount | None:
    return Discount.objects.select_related("spot__place").filter(pk=pk).first()


@dataclass(frozen=True)
class ProjectFilters:
    place: str | None = None
    year: int | None = None  # agreed in that year
    kind: str | None = None


def project_list(filters: ProjectFilters | None = None) -> QuerySet[TourismProject]:
    filters = filters or ProjectFilters()
    projects = TourismProject.objects.select_related(
        "place", "helper", "helper_place", "library_project"
    )
    if filters.place:
        projects = projects.filter(_in_subtree("place__code", filters.place))
    if filters.year:
        projects = projects.filter(agreed_on__year=filters.year)
    if filters.kind:
        projects = projects.filter(kind=filters.kind)
    return projects


def project_get(key: str | int) -> TourismProject | None:
    text = str(key).strip()
    projects = TourismProject.objects.select_related(
        "place", "helper", "helper_place", "library_project"
    )
    if text.isdigit():
        return projects.filter(pk=int(text)).first()
    return projects.filter(uid=text).first()


def project_counts_by_kind(projects: QuerySet[TourismProject]) -> dict[str, int]:
    return dict(projects.order_by().values_list("kind").annotate(n=Count("id")))


def route_list(place: str | None = None) -> QuerySet[Route]:
    routes = Route.objects.select_related("promoted_by").prefetch_related("places")
    if place:
        routes = routes.filter(_in_subtree("places__code", place)).distinct()
    return routes


def route_get(key: str | int) -> Route | None:
    text = str(key).strip()
    routes = Route.objects.select_related("promoted_by").prefetch_related("places")
    if text.isdigit():
        return routes.filter(pk=int(text)).first()
    return routes.filter(uid=text).first()


@dataclass(frozen=True)
class ReportFilters:
    place: str | None = None
    year: int | None = None
    period: str | None = None  # a month: 201705
    spot: int | None = None


def visitor_report_list(filters: ReportFilters | None = None) -> QuerySet[VisitorReport]:
    filters = filters or ReportFilters()
    reports = VisitorReport.objects.select_related("spot__place", "created_by")
    if filters.place:
        reports = reports.filter(_in_subtree("spot__place__code", filters.place))
    if filters.period:
        reports = reports.filter(period=filters.period)
    elif filters.year:
        reports = reports.filter(period__startswith=str(filters.year))
    if filters.spot:
        reports = reports.filter(spot_id=filters.spot)
    return reports.order_by("-period", "spot__place__code", "spot__name")


def visitor_report_get(pk: int) -> VisitorReport | None:
    return VisitorReport.objects.select_related("spot__place").filter(pk=pk).first()


def month_sheet(place: str, period: str) -> list[tuple[ScenicSpot, VisitorReport | None]]:
    """The spots of a place (and below) with their report of the month, if any: the
    monthly entry form of a county's spots."""
    spots = list(
        ScenicSpot.objects.select_related("place").filter(_in_subtree("place__code", place))
    )
    reports = {r.spot_id: r for r in VisitorReport.objects.filter(spot__in=spots, period=period)}
    return [(spot, reports.get(spot.pk)) for spot in spots]


def place_panel(place: Any) -> dict[str, Any]:
    """What a place's page shows of tourism: its area's spots, those with a discount valid
    this year, and the visitors from the helper province by year (the last three) — two
    queries, whatever the area holds."""
    spots = ScenicSpot.objects.filter(_in_subtree("place__code", place.code))
    this_year = timezone.localdate().year
    discounted = Exists(Discount.objects.filter(_valid_in(this_year), spot=OuterRef("pk")))
    counts = spots.aggregate(spots=Count("id"), discounted=Count("id", filter=discounted))
    by_year = (
        VisitorReport.objects.filter(_in_subtree("spot__place__code", place.code))
        .annotate(year=Substr("period", 1, 4))
        .values("year")
        .annotate(helper=Sum("helper_visitors"))
        .order_by("-year")[:3]
    )
    return {
        "place": place,
        "spots": counts["spots"],
        "discounted": counts["discounted"],
        "year": this_year,
        "visitors": sorted((row["year"], row["helper"]) for row in by_year),
    }
