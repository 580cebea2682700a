"""Reads of the labour registries: workers with what they do now (found by worker number or
identity number), placements, the follow-ups due (the clerk's reminder list), job fairs,
training classes with their trainees, and school leavers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from xiezuo.personal.crypto import lookup_hash
from xiezuo.personal.identity import identity_clean
from xiezuo.places.selectors import code_within

from .models import (
    COUNTED_POOR,
    EmploymentSpell,
    FollowUp,
    JobFair,
    Placement,
    SchoolLeaver,
    Trainee,
    TrainingClass,
    Worker,
)
from .services import follow_up_due


def worker_list(
    *, place: str | None = None, poverty_status: str | None = None, name: str | None = None,
    on: date | None = None, employed: bool | None = None,
) -> QuerySet[Worker]:  # fmt: skip
    """Workers (of a place with its area), each annotated `employed`: a job open on `on`."""
    workers = Worker.objects.select_related("home")
    if on is not None:
        open_spell = EmploymentSpell.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on), worker=OuterRef("pk"),
            started_on__lte=on,
        )  # fmt: skip
        workers = workers.annotate(employed=Exists(open_spell))
        if employed is not None:
            workers = workers.filter(employed=employed)
    if place:
        workers = workers.filter(code_within("home__code", place))
    if poverty_status:
        workers = workers.filter(poverty_status=poverty_status)
    if name:
        workers = workers.filter(name__contains=name.strip())
    return workers


def worker_find(*, identity: str = "", uid: str = "") -> Worker | None:
    """A registered worker, by identity number (through its keyed hash: the number itself
    is stored encrypted) or by worker number; None when no worker has it. A malformed
    identity number is refused (ValidationError)."""
    workers = Worker.objects.select_related("home")
    if identity:
        return workers.filter(identity_hash=lookup_hash(identity_clean(identity))).first()
    if uid.strip():
        return workers.filter(uid=uid.strip()).first()
    return None


def placement_list(
    *, place: str | None = None, destination: str | None = None, year: int | None = None
) -> QuerySet[Placement]:
    placements = Placement.objects.select_related(
        "worker", "county", "spell__employer", "spell__place_of_work", "posting", "fair"
    ).prefetch_related("follow_ups")
    if place:
        placements = placements.filter(code_within("county__code", place))
    if destination:
        placements = placements.filter(destination=destination)
    if year:
        placements = placements.filter(started_on__year=year)
    return placements


@dataclass(frozen=True)
class DueFollowUp:
    placement: Placement
    months: int
    due: date


def follow_ups_due(*, on: date, place: str | None = None, limit: int = 500) -> list[DueFollowUp]:
    """Placements whose 3- or 6-month follow-up fell due by `on` and is not recorded
    (the 6-month one once the 3-month one found the worker still in the job: a job that
    ended by then needs no more checking), oldest first."""
    # three months are at least 89 days, six at least 181: the rest is checked day by day
    placements = placement_list(place=place).filter(started_on__lte=on - timedelta(days=89))
    recorded3 = FollowUp.objects.filter(placement=OuterRef("pk"), months=3)
    lasted3 = recorded3.filter(employed=True)
    recorded6 = FollowUp.objects.filter(placement=OuterRef("pk"), months=6)
    waiting = placements.annotate(
        has3=Exists(recorded3), lasted3=Exists(lasted3), has6=Exists(recorded6)
    ).filter(Q(has3=False) | Q(lasted3=True, has6=False, started_on__lte=on - timedelta(days=181)))
    found: list[DueFollowUp] = []
    for placement in waiting.order_by("started_on", "id").iterator(chunk_size=500):
        months = 6 if placement.has3 else 3
        due = follow_up_due(placement, months)
        if due <= on:
            found.append(DueFollowUp(placement, months, due))
            if len(found) == limit:
                break
    return found


def fair_list(*, place: str | None = None, year: int | None = None) -> QuerySet[JobFair]:
    """Job fairs (of a place with its area), each with how many employers and postings came."""
    fairs = (
        JobFair.objects.select_related("place")
        .annotate(
            employer_count=Count("employers", distinct=True),
            posting_count=Count("postings", distinct=True),
        )
        .order_by("-held_on", "-id")
    )  # an aggregate drops the model's ordering
    if place:
        fairs = fairs.filter(code_within("place__code", place))
    if year:
        fairs = fairs.filter(held_on__year=year)
    return fairs


def training_class_list(
    *, place: str | None = None, year: int | None = None, kind: str | None = None
) -> QuerySet[TrainingClass]:
    """Training classes (of a place with its area), each with its trainees, those who
    completed it, the poor among them and those who found a job after it."""
    classes = (
        TrainingClass.objects.select_related("place")
        .annotate(
            trainee_count=Count("trainees"),
            completed_count=Count("trainees", filter=Q(trainees__completed=True)),
            poor_count=Count(
                "trainees",
                filter=Q(trainees__completed=True, trainees__poverty_status__in=list(COUNTED_POOR)),
            ),
            employed_count=Count("trainees", filter=Q(trainees__found_job_on__isnull=False)),
        )
        .order_by("-ends_on", "-id")
    )  # an aggregate drops the model's ordering
    if place:
        classes = classes.filter(code_within("place__code", place))
    if year:
        classes = classes.filter(ends_on__year=year)
    if kind:
        classes = classes.filter(kind=kind)
    return classes


def fair_get(uid: str) -> JobFair | None:
    """A job fair with its employers, postings and the placements recorded with it."""
    return (
        JobFair.objects.select_related("place")
        .prefetch_related(
            "employers__place",
            "postings__employer",
            "postings__place_of_work",
            Prefetch(
                "placements",
                queryset=Placement.objects.select_related(
                    "worker", "county", "spell__employer", "spell__place_of_work"
                ).order_by("-started_on", "-id"),
            ),
        )
        .filter(uid=uid)
        .first()
    )


def training_class_get(uid: str) -> TrainingClass | None:
    """A training class with its trainees (and their workers), in the order enrolled."""
    return (
        TrainingClass.objects.select_related("place")
        .prefetch_related(
            Prefetch(
                "trainees",
                queryset=Trainee.objects.select_related("worker", "county").order_by("id"),
            )
        )
        .filter(uid=uid)
        .first()
    )


def school_leaver_list(
    *, place: str | None = None, signed: bool | None = None, year: int | None = None
) -> QuerySet[SchoolLeaver]:
    """School leavers (of a home county within a place's area), those with an agreement
    (`signed`) or without; `year`: agreements signed that year."""
    leavers = SchoolLeaver.objects.select_related(
        "worker", "county", "employer", "place_of_work"
    ).order_by("county__code", "-signed_on", "id")
    if place:
        leavers = leavers.filter(code_within("worker__home__code", place))
    if signed is not None:
        leavers = leavers.filter(signed_on__isnull=not signed)
    if year:
        leavers = leavers.filter(signed_on__year=year)
    return leavers


def school_leaver_get(worker_uid: str) -> SchoolLeaver | None:
    return school_leaver_list().filter(worker__uid=worker_uid).first()
