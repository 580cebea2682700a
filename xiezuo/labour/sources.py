"""The placement register's figures, derived, never typed (an indicator source).

Per worker's home county and month the job started: poor workers (and others) newly
brought into jobs in the helper province (新增引导到广东就业, the catalogue's
`workers_placed`, by poverty status as it stood when they were placed).

The job fair, training and school leaver registers own their figures the same way
(`FairSource`, `TrainingSource`, `SchoolLeaverSource`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.sources import Figure, Source

from .models import (
    COUNTED_POOR,
    Destination,
    JobFair,
    Placement,
    SchoolLeaver,
    Trainee,
    TrainingClass,
)


def poverty_option(status: str) -> str:
    return "poor" if status in COUNTED_POOR else "not_poor"


class PlacementSource(Source):
    name = "placements"
    label = _("the placement register")
    elements = ("workers_placed",)
    page = "labour_placement_list"

    def places(self) -> Iterable[str]:
        return set(Placement.objects.values_list("county__code", flat=True).distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        rows = (
            Placement.objects.filter(county__code__in=list(places), destination=Destination.HELPER)
            .annotate(year=ExtractYear("started_on"), month=ExtractMonth("started_on"))
            .values_list("county__code", "year", "month", "poverty_status")
            .annotate(count=Count("id"))
        )
        totals: dict[tuple[str, str, str], int] = defaultdict(int)
        for code, year, month, status, count in rows:
            period = f"{year}{month:02d}"
            if periods is not None and period not in periods:
                continue
            totals[(code, period, poverty_option(status))] += count
        for (code, period, option), count in sorted(totals.items()):
            yield Figure(
                element="workers_placed",
                place=code,
                period=period,
                value=count,
                disaggregation=f"poverty={option}",
            )


def _month(year: int, month: int) -> str:
    return f"{year}{month:02d}"


class FairSource(Source):
    """Job fairs (扶贫劳务招聘会) per place and month held."""

    name = "job_fairs"
    label = _("the job fair register")
    elements = ("job_fairs",)
    page = "labour_fair_list"

    def places(self) -> Iterable[str]:
        return set(JobFair.objects.values_list("place__code", flat=True).distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        rows = (
            JobFair.objects.filter(place__code__in=list(places))
            .annotate(year=ExtractYear("held_on"), month=ExtractMonth("held_on"))
            .values_list("place__code", "year", "month")
            .annotate(count=Count("id"))
            .order_by("place__code", "year", "month")
        )
        for code, year, month, count in rows:
            period = _month(year, month)
            if periods is None or period in periods:
                yield Figure(element="job_fairs", place=code, period=period, value=count)


class TrainingSource(Source):
    """Training classes (培训班) per place and month they end; people trained (培训人次): the
    trainees who completed a class, per home county and month the class ends, poor or not."""

    name = "training"
    label = _("the training register")
    elements = ("training_classes", "people_trained")
    page = "labour_training_class_list"

    def places(self) -> Iterable[str]:
        return set(TrainingClass.objects.values_list("place__code", flat=True)) | set(
            Trainee.objects.values_list("county__code", flat=True)
        )

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        wanted = list(places)
        classes = (
            TrainingClass.objects.filter(place__code__in=wanted)
            .annotate(year=ExtractYear("ends_on"), month=ExtractMonth("ends_on"))
            .values_list("place__code", "year", "month")
            .annotate(count=Count("id"))
            .order_by("place__code", "year", "month")
        )
        for code, year, month, count in classes:
            period = _month(year, month)
            if periods is None or period in periods:
                yield Figure(element="training_classes", place=code, period=period, value=count)
        trainees = (
            Trainee.objects.filter(county__code__in=wanted, completed=True)
            .annotate(
                year=ExtractYear("training_class__ends_on"),
                month=ExtractMonth("training_class__ends_on"),
            )
            .values_list("county__code", "year", "month", "poverty_status")
            .annotate(count=Count("id"))
            .order_by()
        )
        totals: dict[tuple[str, str, str], int] = defaultdict(int)
        for code, year, month, status, count in trainees:
            period = _month(year, month)
            if periods is None or period in periods:
                totals[(code, period, poverty_option(status))] += count
        for (code, period, option), count in sorted(totals.items()):
            yield Figure(
                element="people_trained", place=code, period=period, value=count,
                disaggregation=f"poverty={option}",
            )  # fmt: skip


class SchoolLeaverSource(Source):
    """School leavers (两后生) who signed a job agreement, per home county and month signed,
    poor or not."""

    name = "school_leavers"
    label = _("the school leaver register")
    elements = ("school_leaver_agreements",)
    page = "labour_school_leaver_list"

    def places(self) -> Iterable[str]:
        return set(
            SchoolLeaver.objects.filter(signed_on__isnull=False)
            .values_list("county__code", flat=True)
            .distinct()
        )

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        rows = (
            SchoolLeaver.objects.filter(county__code__in=list(places), signed_on__isnull=False)
            .annotate(year=ExtractYear("signed_on"), month=ExtractMonth("signed_on"))
            .values_list("county__code", "year", "month", "poverty_status")
            .annotate(count=Count("id"))
            .order_by()
        )
        totals: dict[tuple[str, str, str], int] = defaultdict(int)
        for code, year, month, status, count in rows:
            period = _month(year, month)
            if periods is None or period in periods:
                totals[(code, period, poverty_option(status))] += count
        for (code, period, option), count in sorted(totals.items()):
            yield Figure(
                element="school_leaver_agreements", place=code, period=period, value=count,
                disaggregation=f"poverty={option}",
            )  # fmt: skip
