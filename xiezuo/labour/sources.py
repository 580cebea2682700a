"""The labour registers' figures, derived, never typed (indicator sources).

The placement register yields the placements, the follow-ups that found them lasting and
the exits from poverty through a job (`PlacementSource`).

The job fair, training, school leaver and posting registers own their figures the same
way (`FairSource`, `TrainingSource`, `SchoolLeaverSource`, `PostingSource`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.sources import Figure, Source

from .dates import add_months
from .models import (
    COUNTED_POOR,
    Destination,
    FollowUp,
    JobFair,
    Placement,
    Posting,
    SchoolLeaver,
    Trainee,
    TrainingClass,
    Worker,
)


def poverty_option(status: str) -> str:
    return "poor" if status in COUNTED_POOR else "not_poor"


class PlacementSource(Source):
    """Per worker's home county, by poverty status as it stood when the worker was placed:

    - `workers_placed`: poor workers (and others) newly brought into jobs in the helper
      province (新增引导到广东就业), in the month the job started;
    - `workers_employed`: everyone placed, by where the job is (helper province, home
      province, elsewhere), in the month the job started;
    - `stable_3_months`, `stable_6_months`: placements a follow-up found still in work 3
      (6) months on, in the month the job reached 3 (6) months;
    - `out_of_poverty_by_job`: workers whose household left poverty through the job
      (就业脱贫), in the month of the exit.
    """

    name = "placements"
    label = _("the placement register")
    elements = (
        "workers_placed",
        "workers_employed",
        "stable_3_months",
        "stable_6_months",
        "out_of_poverty_by_job",
    )
    page = "labour_placement_list"

    def places(self) -> Iterable[str]:
        return set(Placement.objects.values_list("county__code", flat=True).distinct())

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        wanted = list(places)
        totals: dict[tuple[str, str, str, str], int] = defaultdict(int)

        def add(element: str, code: str, period: str, option: str, count: int) -> None:
            if periods is None or period in periods:
                totals[(element, code, period, option)] += count

        started = (
            Placement.objects.filter(county__code__in=wanted)
            .annotate(year=ExtractYear("started_on"), month=ExtractMonth("started_on"))
            .values_list("county__code", "year", "month", "destination", "poverty_status")
            .annotate(count=Count("id"))
            .order_by()
        )
        for code, year, month, destination, status, count in started:
            period, poverty = _month(year, month), poverty_option(status)
            add(
                "workers_employed",
                code,
                period,
                f"destination={destination};poverty={poverty}",
                count,
            )
            if destination == Destination.HELPER:
                add("workers_placed", code, period, f"poverty={poverty}", count)
        stable = (
            FollowUp.objects.filter(placement__county__code__in=wanted, employed=True)
            .values_list(
                "placement__county__code", "placement__started_on", "months",
                "placement__poverty_status",
            )
            .order_by()
        )  # fmt: skip
        for code, started_on, months, status in stable.iterator(chunk_size=5000):
            reached = add_months(started_on, months)
            element = "stable_3_months" if months == 3 else "stable_6_months"
            add(
                element,
                code,
                _month(reached.year, reached.month),
                f"poverty={poverty_option(status)}",
                1,
            )
        exits = (
            Worker.objects.filter(exit_placement__county__code__in=wanted)
            .annotate(year=ExtractYear("exited_on"), month=ExtractMonth("exited_on"))
            .values_list("exit_placement__county__code", "year", "month")
            .annotate(count=Count("id"))
            .order_by()
        )
        for code, year, month, count in exits:
            add("out_of_poverty_by_job", code, _month(year, month), "", count)
        for (element, code, period, option), count in sorted(totals.items()):
            yield Figure(
                element=element, place=code, period=period, value=count, disaggregation=option
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


class PostingSource(Source):
    """Openings of postings that suit school leavers (适合两后生的岗位), per helped place the
    posting is offered to and month it opens."""

    name = "postings"
    label = _("the posting register")
    elements = ("school_leaver_posts",)
    page = "labour_posting_list"

    def places(self) -> Iterable[str]:
        return set(
            Posting.objects.filter(for_school_leavers=True, offered_to__isnull=False)
            .values_list("offered_to__code", flat=True)
            .distinct()
        )

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        rows = (
            Posting.objects.filter(for_school_leavers=True, offered_to__code__in=list(places))
            .annotate(year=ExtractYear("valid_from"), month=ExtractMonth("valid_from"))
            .values_list("offered_to__code", "year", "month")
            .annotate(openings=Sum("openings"))
            .order_by("offered_to__code", "year", "month")
        )
        for code, year, month, openings in rows:
            period = _month(year, month)
            if periods is None or period in periods:
                yield Figure(
                    element="school_leaver_posts", place=code, period=period, value=openings
                )
