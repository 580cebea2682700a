"""API: the labour registries — workers (registered once; identity numbers and phones masked
unless the policy allows, each full showing recorded), postings, placements and their
follow-ups; and matching (人岗对接): the workers a posting suits, the postings a worker
suits, each with its score and reasons, and what came of a match (identity numbers never
appear in those answers); job fairs, training classes with their trainees, and school
leavers with their job agreements (identity numbers masked)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from xiezuo.accounts import policy
from xiezuo.api import Year
from xiezuo.dates import parse_day
from xiezuo.occupations.models import Occupation
from xiezuo.paging import ApiPagination
from xiezuo.personal.identity import mask_identity
from xiezuo.personal.phones import mask_phone
from xiezuo.personal.shown import reveal
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get

from . import matching, selectors, services
from .models import (
    Channel,
    FollowUp,
    JobFair,
    MatchOutcome,
    Outcome,
    Placement,
    Posting,
    SchoolLeaver,
    Trainee,
    TrainingClass,
    Worker,
)

router = Router(tags=["labour"])


class WorkerOut(Schema):
    uid: str
    name: str
    identity: str
    phone: str
    sex: str
    birth_date: date
    home: str
    poverty_status: str
    education: int
    skills: str
    certificates: str
    wish_occupations: list[str]
    wish_destination: str
    wish_place: str | None
    expected_wage: int | None
    available_from: date | None
    employed: bool
    exited_on: date | None
    exit_placement: str | None
    illustrative: bool


class WorkerIn(Schema):
    identity: str
    name: str
    home: str
    poverty_status: str
    education: int = 2
    ethnicity: str = ""
    skills: str = ""
    certificates: str = ""
    health_limits: str = ""
    phone: str = ""
    wish_occupations: list[str] = []
    wish_destination: str = "any"
    wish_place: str | None = None
    expected_wage: int | None = None
    available_from: date | None = None
    note: str = ""


class WorkerPatch(Schema):
    name: str | None = None
    home: str | None = None
    poverty_status: str | None = None
    education: int | None = None
    skills: str | None = None
    certificates: str | None = None
    health_limits: str | None = None
    phone: str | None = None
    wish_occupations: list[str] | None = None
    wish_destination: str | None = None
    wish_place: str | None = None
    expected_wage: int | None = None
    available_from: date | None = None
    note: str | None = None


class PostingOut(Schema):
    uid: str
    employer: int
    employer_name: str
    title: str
    occupation: str
    occupation_name: str
    place_of_work: str
    openings: int
    wage_min: int
    wage_max: int
    hours: str
    meals: bool
    housing: bool
    age_min: int | None
    age_max: int | None
    education_min: int
    certificates: str
    sex_required: str
    sex_reason: str
    contact: str
    offered_to: str | None
    for_school_leavers: bool
    valid_from: date
    valid_to: date
    closed_on: date | None

    @staticmethod
    def resolve_employer(obj: Posting) -> int:
        return obj.employer_id

    @staticmethod
    def resolve_employer_name(obj: Posting) -> str:
        return obj.employer.name

    @staticmethod
    def resolve_occupation(obj: Posting) -> str:
        return obj.occupation.code

    @staticmethod
    def resolve_occupation_name(obj: Posting) -> str:
        return obj.occupation.name

    @staticmethod
    def resolve_place_of_work(obj: Posting) -> str:
        return obj.place_of_work.code

    @staticmethod
    def resolve_offered_to(obj: Posting) -> str | None:
        return obj.offered_to.code if obj.offered_to else None


class PostingIn(Schema):
    employer: int
    title: str
    occupation: str
    place_of_work: str
    openings: int
    wage_min: int
    wage_max: int
    hours: str = ""
    meals: bool = False
    housing: bool = False
    age_min: int | None = None
    age_max: int | None = None
    education_min: int = 0
    skills: str = ""
    certificates: str = ""
    sex_required: str = ""
    sex_reason: str = ""
    contact: str = ""
    offered_to: str | None = None
    for_school_leavers: bool = False
    valid_from: date
    valid_to: date


class FollowUpOut(Schema):
    months: int
    checked_on: date
    employed: bool
    note: str


class PlacementOut(Schema):
    uid: str
    worker: str
    posting: str | None
    employer: str
    place_of_work: str
    started_on: date
    channel: str
    destination: str
    poverty_status: str
    county: str
    fair: str | None
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_worker(obj: Placement) -> str:
        return obj.worker.uid

    @staticmethod
    def resolve_posting(obj: Placement) -> str | None:
        return obj.posting.uid if obj.posting else None

    @staticmethod
    def resolve_employer(obj: Placement) -> str:
        return obj.spell.employer.name if obj.spell.employer else obj.spell.employer_name

    @staticmethod
    def resolve_place_of_work(obj: Placement) -> str:
        return obj.spell.place_of_work.code

    @staticmethod
    def resolve_county(obj: Placement) -> str:
        return obj.county.code

    @staticmethod
    def resolve_fair(obj: Placement) -> str | None:
        return obj.fair.uid if obj.fair else None

    @staticmethod
    def resolve_follow_ups(obj: Placement) -> list[FollowUp]:
        return list(obj.follow_ups.all())


class PlacementIn(Schema):
    worker: str
    started_on: date
    channel: Channel
    posting: str | None = None
    place_of_work: str | None = None
    employer: int | None = None
    employer_name: str = ""
    occupation: str | None = None
    monthly_income: int | None = None
    fair: str | None = None
    note: str = ""


class FollowUpIn(Schema):
    months: int
    checked_on: date
    employed: bool
    out_of_poverty: bool = False
    note: str = ""


# --- reading what a request names


def _place(code: str | None, field: str) -> Place | None:
    if not code:
        return None
    place = place_get(code)
    if place is None:
        raise ValidationError({field: _("No place has the code “%(code)s”.") % {"code": code}})
    return place


def _home(code: str | None) -> Place:
    """A worker's home place, which every worker has (an empty one answered a 500)."""
    home = _place(code, "home")
    if home is None:
        raise ValidationError({"home": _("This field is required.")})
    return home


def _occupations(codes: list[str], field: str) -> list[Occupation]:
    found = {o.code: o for o in Occupation.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(
            {field: _("No occupation has the code %(codes)s.") % {"codes": "、".join(missing)}}
        )
    return [found[c] for c in codes]


def _worker(uid: str) -> Worker:
    worker = selectors.worker_list(on=timezone.localdate()).filter(uid=uid).first()
    if worker is None:
        raise Http404(_("No worker has the number “%(key)s”.") % {"key": uid})
    return worker


def _worker_out(worker: Worker, identity: str, phone: str) -> dict[str, Any]:
    return {
        "uid": worker.uid,
        "name": worker.name,
        "identity": identity,
        "phone": phone,
        "sex": worker.sex,
        "birth_date": worker.birth_date,
        "home": worker.home.code,
        "poverty_status": worker.poverty_status,
        "education": worker.education,
        "skills": worker.skills,
        "certificates": worker.certificates,
        "wish_occupations": [o.code for o in worker.wish_occupations.all()],
        "wish_destination": worker.wish_destination,
        "wish_place": worker.wish_place.code if worker.wish_place else None,
        "expected_wage": worker.expected_wage,
        "available_from": worker.available_from,
        "employed": bool(getattr(worker, "employed", False)),
        "exited_on": worker.exited_on,
        "exit_placement": worker.exit_placement.uid if worker.exit_placement else None,
        "illustrative": worker.illustrative,
    }


def _shown(request: HttpRequest, worker: Worker) -> dict[str, Any]:
    """The worker as this request may see it: in full where the policy allows (recorded)."""
    shown = reveal(request, [worker])
    return _worker_out(worker, shown.identity(worker), shown.phone(worker))


# --- workers


@router.get("/workers", response=list[WorkerOut], summary="Workers (identity numbers masked)")
@paginate(ApiPagination)
def worker_list(
    request: HttpRequest,
    place: str | None = None,
    poverty_status: str | None = None,
    name: str | None = None,
) -> list[dict[str, Any]]:
    policy.require(request.user, "labour.view")
    workers = selectors.worker_list(
        place=place, poverty_status=poverty_status, name=name, on=timezone.localdate()
    ).prefetch_related("wish_occupations")
    return _MaskedWorkers(workers)  # type: ignore[return-value]


class _MaskedWorkers:
    """A list of workers that the paginator slices, each answered masked."""

    def __init__(self, workers: Any) -> None:
        self.workers = workers

    def __len__(self) -> int:
        return int(self.workers.count())

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: Any) -> Any:
        chosen = self.workers[index]
        return [
            _worker_out(w, mask_identity(w.identity), mask_phone(w.phone) if w.phone else "")
            for w in chosen
        ]


@router.get("/workers/{uid}", response=WorkerOut, summary="A worker")
def worker_detail(request: HttpRequest, uid: str) -> dict[str, Any]:
    policy.require(request.user, "labour.view")
    return _shown(request, _worker(uid))


@router.post("/workers", response={201: WorkerOut}, summary="Register a worker")
def worker_create(request: HttpRequest, payload: WorkerIn) -> Status:
    home = _home(payload.home)
    policy.require(request.user, "labour.record", Worker(home=home))
    data = payload.dict()
    data["home"] = home
    data["wish_place"] = _place(payload.wish_place, "wish_place")
    occupations = _occupations(data.pop("wish_occupations"), "wish_occupations")
    worker = services.worker_register(actor=request.user, wish_occupations=occupations, **data)
    return Status(201, _shown(request, _worker(worker.uid)))


@router.patch("/workers/{uid}", response=WorkerOut, summary="Change a worker's record")
def worker_update(request: HttpRequest, uid: str, payload: WorkerPatch) -> dict[str, Any]:
    worker = _worker(uid)
    policy.require(request.user, "labour.record", worker)
    changes = payload.dict(exclude_unset=True)
    occupations = None
    if "wish_occupations" in changes:
        occupations = _occupations(changes.pop("wish_occupations") or [], "wish_occupations")
    if "home" in changes:
        changes["home"] = _home(changes["home"])
        policy.require(request.user, "labour.record", Worker(home=changes["home"]))
    if "wish_place" in changes:
        changes["wish_place"] = _place(changes["wish_place"], "wish_place")
    for field in ("skills", "certificates", "health_limits", "phone", "note"):
        if field in changes and changes[field] is None:
            changes[field] = ""
    services.worker_update(worker=worker, wish_occupations=occupations, **changes)
    return _shown(request, _worker(uid))


# --- postings


def _posting(uid: str) -> Posting:
    posting = (
        Posting.objects.select_related("employer", "occupation", "place_of_work", "offered_to")
        .filter(uid=uid)
        .first()
    )
    if posting is None:
        raise Http404(_("No posting has the number “%(key)s”.") % {"key": uid})
    return posting


@router.get("/postings", response=list[PostingOut], summary="Postings")
@paginate(ApiPagination)
def posting_list(
    request: HttpRequest, place: str | None = None, open_on: date | None = None
) -> list[Posting]:
    policy.require(request.user, "labour.view")
    postings = Posting.objects.select_related("employer", "occupation", "place_of_work")
    if place:
        postings = postings.filter(place_of_work__code__startswith=place.strip())
    if open_on is not None:
        postings = postings.filter(
            valid_from__lte=open_on, valid_to__gte=open_on, closed_on__isnull=True
        )
    return postings  # type: ignore[return-value]


@router.get("/postings/{uid}", response=PostingOut, summary="A posting")
def posting_detail(request: HttpRequest, uid: str) -> Posting:
    policy.require(request.user, "labour.view")
    return _posting(uid)


@router.post("/postings", response={201: PostingOut}, summary="Post a job")
def posting_create(request: HttpRequest, payload: PostingIn) -> Status:
    employer = Organisation.objects.filter(pk=payload.employer).first()
    if employer is None:
        raise ValidationError({"employer": _("No such organisation.")})
    place = _place(payload.place_of_work, "place_of_work")
    (occupation,) = _occupations([payload.occupation], "occupation")
    data = payload.dict()
    data.update(
        employer=employer, place_of_work=place, occupation=occupation,
        offered_to=_place(payload.offered_to, "offered_to"),
    )  # fmt: skip
    policy.require(request.user, "labour.record", Posting(employer=employer, place_of_work=place))
    posting = services.posting_create(actor=request.user, **data)
    return Status(201, _posting(posting.uid))


# --- placements


def _placement(uid: str) -> Placement:
    placement = selectors.placement_list().filter(uid=uid).first()
    if placement is None:
        raise Http404(_("No placement has the number “%(key)s”.") % {"key": uid})
    return placement


@router.post("/placements", response={201: PlacementOut}, summary="Record a placement")
def placement_create(request: HttpRequest, payload: PlacementIn) -> Status:
    worker = _worker(payload.worker)
    policy.require(request.user, "labour.record", worker)
    posting = _posting(payload.posting) if payload.posting else None
    job = None
    if posting is None:
        place = _place(payload.place_of_work, "place_of_work")
        if place is None:
            raise ValidationError({"posting": _("Give the posting, or describe the job.")})
        employer = None
        if payload.employer is not None:
            employer = Organisation.objects.filter(pk=payload.employer).first()
            if employer is None:
                raise ValidationError({"employer": _("No such organisation.")})
        occupation = None
        if payload.occupation:
            (occupation,) = _occupations([payload.occupation], "occupation")
        job = services.Job(
            place_of_work=place, employer=employer, employer_name=payload.employer_name,
            occupation=occupation,
        )  # fmt: skip
    fair = None
    if payload.fair:
        fair = JobFair.objects.filter(uid=payload.fair).first()
        if fair is None:
            raise ValidationError(
                {"fair": _("No job fair has the number “%(key)s”.") % {"key": payload.fair}}
            )
    placement = services.placement_record(
        actor=request.user, worker=worker, started_on=payload.started_on,
        channel=payload.channel, posting=posting, job=job,
        monthly_income=payload.monthly_income, fair=fair, note=payload.note,
    )  # fmt: skip
    return Status(201, _placement(placement.uid))


@router.post(
    "/placements/{uid}/follow-ups",
    response={201: PlacementOut},
    summary="Record a 3- or 6-month follow-up",
)
def follow_up_create(request: HttpRequest, uid: str, payload: FollowUpIn) -> Status:
    placement = _placement(uid)
    policy.require(request.user, "labour.record", placement)
    services.follow_up_record(
        actor=request.user, placement=placement, months=payload.months,
        checked_on=payload.checked_on, employed=payload.employed,
        out_of_poverty=payload.out_of_poverty, note=payload.note,
    )  # fmt: skip
    return Status(201, _placement(uid))


# --- matching (人岗对接)


class ReasonOut(Schema):
    points: int
    text: str


class OutcomeOut(Schema):
    outcome: str
    outcome_name: str
    note: str
    placement: str | None
    by: str
    at: datetime

    @staticmethod
    def resolve_outcome_name(obj: MatchOutcome) -> str:
        return str(Outcome(obj.outcome).label)

    @staticmethod
    def resolve_placement(obj: MatchOutcome) -> str | None:
        return obj.placement.uid if obj.placement_id and obj.placement else None

    @staticmethod
    def resolve_by(obj: MatchOutcome) -> str:
        return obj.by.username


class MatchedWorkerOut(Schema):
    """Who the worker is, without the identity number or the phone."""

    uid: str
    name: str
    age: int
    home: str
    home_name: str
    education: str


class MatchedPostingOut(Schema):
    uid: str
    title: str
    employer: str
    occupation: str
    occupation_name: str
    place_of_work: str
    place_of_work_name: str
    wage_min: int
    wage_max: int


class WorkerMatchOut(Schema):
    worker: MatchedWorkerOut
    score: int
    reasons: list[ReasonOut]
    outcome: OutcomeOut | None


class PostingMatchOut(Schema):
    posting: MatchedPostingOut
    score: int
    reasons: list[ReasonOut]
    outcome: OutcomeOut | None


class MatchQuery(Schema):
    limit: int = Field(matching.DEFAULT_LIMIT, ge=1, le=matching.MAX_LIMIT)
    on: str | None = None


class OutcomeIn(Schema):
    outcome: str
    note: str = ""


def _reasons(match: matching.Match) -> list[dict]:
    return [{"points": r.points, "text": r.text} for r in match.reasons]


@router.get(
    "/postings/{uid}/matches", response=list[WorkerMatchOut], summary="Workers for a posting"
)
def posting_matches(request: HttpRequest, uid: str, query: Query[MatchQuery]) -> list[dict]:
    policy.require(request.user, "labour.view")
    on = parse_day(query.on, default=timezone.localdate())
    matches = matching.posting_matches(_posting(uid), on=on, limit=query.limit)
    return [
        {
            "worker": {
                "uid": m.worker.uid,
                "name": m.worker.name,
                "age": m.worker.age_on(on),
                "home": m.worker.home.code,
                "home_name": m.worker.home.name,
                "education": str(m.worker.get_education_display()),
            },
            "score": m.score,
            "reasons": _reasons(m),
            "outcome": m.outcome,
        }
        for m in matches
        if m.worker is not None
    ]


@router.get(
    "/workers/{uid}/matches", response=list[PostingMatchOut], summary="Postings for a worker"
)
def worker_matches(request: HttpRequest, uid: str, query: Query[MatchQuery]) -> list[dict]:
    policy.require(request.user, "labour.view")
    on = parse_day(query.on, default=timezone.localdate())
    matches = matching.worker_matches(_worker(uid), on=on, limit=query.limit)
    return [
        {
            "posting": {
                "uid": p.uid,
                "title": p.title,
                "employer": p.employer.name,
                "occupation": p.occupation.code,
                "occupation_name": p.occupation.name,
                "place_of_work": p.place_of_work.code,
                "place_of_work_name": p.place_of_work.name,
                "wage_min": p.wage_min,
                "wage_max": p.wage_max,
            },
            "score": m.score,
            "reasons": _reasons(m),
            "outcome": m.outcome,
        }
        for m in matches
        if (p := m.posting) is not None
    ]


@router.post(
    "/postings/{uid}/matches/{worker_uid}/outcome",
    response={201: OutcomeOut},
    summary="Record what came of a match",
)
def match_outcome_record(
    request: HttpRequest, uid: str, worker_uid: str, payload: OutcomeIn
) -> Status:
    posting, worker = _posting(uid), _worker(worker_uid)
    policy.require(request.user, "labour.record", MatchOutcome(posting=posting, worker=worker))
    outcome = services.match_outcome_record(
        actor=request.user, posting=posting, worker=worker, outcome=payload.outcome,
        note=payload.note,
    )  # fmt: skip
    return Status(201, outcome)


# --- job fairs, training classes (with trainees) and school leavers


class FairOut(Schema):
    uid: str
    name: str
    held_on: date
    place: str
    place_name: str
    organisers: str
    employers: list[int]
    postings: list[str]
    attendance: int
    agreements: int
    placements: list[str]
    note: str
    illustrative: bool

    @staticmethod
    def resolve_place(obj: JobFair) -> str:
        return obj.place.code

    @staticmethod
    def resolve_place_name(obj: JobFair) -> str:
        return obj.place.name

    @staticmethod
    def resolve_employers(obj: JobFair) -> list[int]:
        return [e.pk for e in obj.employers.all()]

    @staticmethod
    def resolve_postings(obj: JobFair) -> list[str]:
        return [p.uid for p in obj.postings.all()]

    @staticmethod
    def resolve_placements(obj: JobFair) -> list[str]:
        return [p.uid for p in obj.placements.all()]


class FairIn(Schema):
    name: str
    held_on: date
    place: str
    organisers: str = ""
    employers: list[int] = []
    postings: list[str] = []
    attendance: int = 0
    agreements: int = 0
    note: str = ""


class TraineeOut(Schema):
    worker: str
    name: str
    identity: str
    county: str
    poverty_status: str
    completed: bool
    certificate: str
    found_job_on: date | None

    @staticmethod
    def resolve_worker(obj: Trainee) -> str:
        return obj.worker.uid

    @staticmethod
    def resolve_name(obj: Trainee) -> str:
        return obj.worker.name

    @staticmethod
    def resolve_identity(obj: Trainee) -> str:
        return mask_identity(obj.worker.identity)

    @staticmethod
    def resolve_county(obj: Trainee) -> str:
        return obj.county.code


class TrainingClassOut(Schema):
    uid: str
    name: str
    kind: str
    provider: str
    place: str
    place_name: str
    starts_on: date
    ends_on: date
    trainee_count: int
    completed_count: int
    note: str
    illustrative: bool

    @staticmethod
    def resolve_place(obj: TrainingClass) -> str:
        return obj.place.code

    @staticmethod
    def resolve_place_name(obj: TrainingClass) -> str:
        return obj.place.name

    @staticmethod
    def resolve_trainee_count(obj: TrainingClass) -> int:
        found = getattr(obj, "trainee_count", None)
        return found if found is not None else len(obj.trainees.all())

    @staticmethod
    def resolve_completed_count(obj: TrainingClass) -> int:
        found = getattr(obj, "completed_count", None)
        return found if found is not None else sum(t.completed for t in obj.trainees.all())


class TrainingClassDetailOut(TrainingClassOut):
    trainees: list[TraineeOut]

    @staticmethod
    def resolve_trainees(obj: TrainingClass) -> list[Trainee]:
        return list(obj.trainees.all())


class TrainingClassIn(Schema):
    name: str
    kind: str
    place: str
    starts_on: date
    ends_on: date
    provider: str = ""
    note: str = ""


class TraineeIn(Schema):
    worker: str


class CompletionIn(Schema):
    certificate: str = ""
    found_job_on: date | None = None


class SchoolLeaverOut(Schema):
    worker: str
    name: str
    identity: str
    county: str
    poverty_status: str
    school: str
    programme: str
    enrolled_on: date
    expected_graduation: date
    signed_on: date | None
    employer: int | None
    employer_name: str
    place_of_work: str | None
    illustrative: bool

    @staticmethod
    def resolve_worker(obj: SchoolLeaver) -> str:
        return obj.worker.uid

    @staticmethod
    def resolve_name(obj: SchoolLeaver) -> str:
        return obj.worker.name

    @staticmethod
    def resolve_identity(obj: SchoolLeaver) -> str:
        return mask_identity(obj.worker.identity)

    @staticmethod
    def resolve_county(obj: SchoolLeaver) -> str:
        return obj.county.code

    @staticmethod
    def resolve_employer(obj: SchoolLeaver) -> int | None:
        return obj.employer_id

    @staticmethod
    def resolve_employer_name(obj: SchoolLeaver) -> str:
        return obj.employer.name if obj.employer else obj.employer_name

    @staticmethod
    def resolve_place_of_work(obj: SchoolLeaver) -> str | None:
        return obj.place_of_work.code if obj.place_of_work else None


class SchoolLeaverIn(Schema):
    worker: str
    school: str
    enrolled_on: date
    expected_graduation: date
    programme: str = ""


class AgreementIn(Schema):
    signed_on: date
    place_of_work: str
    employer: int | None = None
    employer_name: str = ""


def _named_worker(uid: str, field: str = "worker") -> Worker:
    """The worker a request's body names: an unknown one is refused beside the field."""
    worker = selectors.worker_find(uid=uid)
    if worker is None:
        raise ValidationError({field: _("No worker has the number “%(key)s”.") % {"key": uid}})
    return worker


def _organisation(pk: int | None, field: str) -> Organisation | None:
    if pk is None:
        return None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise ValidationError({field: _("No such organisation.")})
    return organisation


def _fair(uid: str) -> JobFair:
    fair = selectors.fair_get(uid)
    if fair is None:
        raise Http404(_("No job fair has the number “%(key)s”.") % {"key": uid})
    return fair


def _training_class(uid: str) -> TrainingClass:
    training_class = selectors.training_class_get(uid)
    if training_class is None:
        raise Http404(_("No training class has the number “%(key)s”.") % {"key": uid})
    return training_class


@router.get("/fairs", response=list[FairOut], summary="Job fairs")
@paginate(ApiPagination)
def fair_list(request: HttpRequest, place: str | None = None, year: Year | None = None) -> Any:
    policy.require(request.user, "labour.view")
    return selectors.fair_list(place=place, year=year).prefetch_related(
        "employers", "postings", "placements"
    )


@router.get("/fairs/{uid}", response=FairOut, summary="A job fair")
def fair_detail(request: HttpRequest, uid: str) -> JobFair:
    policy.require(request.user, "labour.view")
    return _fair(uid)


@router.post("/fairs", response={201: FairOut}, summary="Record a job fair")
def fair_create(request: HttpRequest, payload: FairIn) -> Status:
    place = _place(payload.place, "place")
    if place is None:
        raise ValidationError({"place": _("This field is required.")})
    policy.require(request.user, "labour.record", JobFair(place=place))
    employers = list(Organisation.objects.filter(pk__in=payload.employers))
    missing = sorted(set(payload.employers) - {e.pk for e in employers})
    if missing:
        raise ValidationError({"employers": _("No such organisation.")})
    postings = list(Posting.objects.filter(uid__in=payload.postings))
    unknown = [uid for uid in payload.postings if uid not in {p.uid for p in postings}]
    if unknown:
        raise ValidationError(
            {"postings": _("No posting has the number “%(key)s”.") % {"key": unknown[0]}}
        )
    fair = services.job_fair_record(
        actor=request.user, name=payload.name, held_on=payload.held_on, place=place,
        organisers=payload.organisers, employers=employers, postings=postings,
        attendance=payload.attendance, agreements=payload.agreements, note=payload.note,
    )  # fmt: skip
    return Status(201, _fair(fair.uid))


@router.get("/training-classes", response=list[TrainingClassOut], summary="Training classes")
@paginate(ApiPagination)
def training_class_list(
    request: HttpRequest, place: str | None = None, year: Year | None = None,
    kind: str | None = None,
) -> Any:  # fmt: skip
    policy.require(request.user, "labour.view")
    return selectors.training_class_list(place=place, year=year, kind=kind)


@router.get("/training-classes/{uid}", response=TrainingClassDetailOut, summary="A training class")
def training_class_detail(request: HttpRequest, uid: str) -> TrainingClass:
    policy.require(request.user, "labour.view")
    return _training_class(uid)


@router.post(
    "/training-classes", response={201: TrainingClassDetailOut}, summary="Open a training class"
)
def training_class_create(request: HttpRequest, payload: TrainingClassIn) -> Status:
    place = _place(payload.place, "place")
    if place is None:
        raise ValidationError({"place": _("This field is required.")})
    policy.require(request.user, "labour.record", TrainingClass(place=place))
    data = payload.dict()
    data["place"] = place
    training_class = services.training_class_create(actor=request.user, **data)
    return Status(201, _training_class(training_class.uid))


@router.post(
    "/training-classes/{uid}/trainees",
    response={201: TrainingClassDetailOut},
    summary="Enrol a registered worker in a class",
)
def trainee_enrol(request: HttpRequest, uid: str, payload: TraineeIn) -> Status:
    training_class = _training_class(uid)
    worker = _named_worker(payload.worker)
    policy.require(
        request.user, "labour.record", Trainee(training_class=training_class, worker=worker)
    )
    services.trainee_enrol(training_class=training_class, worker=worker)
    return Status(201, _training_class(uid))


@router.post(
    "/training-classes/{uid}/trainees/{worker_uid}/completion",
    response={200: TraineeOut},
    summary="A trainee completed the class",
)
def trainee_complete(
    request: HttpRequest, uid: str, worker_uid: str, payload: CompletionIn
) -> Trainee:
    trainee = (
        Trainee.objects.select_related("training_class__place", "worker__home", "county")
        .filter(training_class__uid=uid, worker__uid=worker_uid)
        .first()
    )
    if trainee is None:
        raise Http404(_("No such trainee in this class."))
    policy.require(request.user, "labour.record", trainee)
    return services.trainee_complete(
        trainee=trainee, certificate=payload.certificate, found_job_on=payload.found_job_on
    )


@router.get("/school-leavers", response=list[SchoolLeaverOut], summary="School leavers")
@paginate(ApiPagination)
def school_leaver_list(
    request: HttpRequest, place: str | None = None, signed: bool | None = None,
    year: Year | None = None,
) -> Any:  # fmt: skip
    policy.require(request.user, "labour.view")
    return selectors.school_leaver_list(place=place, signed=signed, year=year)


@router.post("/school-leavers", response={201: SchoolLeaverOut}, summary="Register a school leaver")
def school_leaver_create(request: HttpRequest, payload: SchoolLeaverIn) -> Status:
    worker = _named_worker(payload.worker)
    policy.require(request.user, "labour.record", SchoolLeaver(worker=worker))
    leaver = services.school_leaver_register(
        actor=request.user, worker=worker, school=payload.school, programme=payload.programme,
        enrolled_on=payload.enrolled_on, expected_graduation=payload.expected_graduation,
    )  # fmt: skip
    return Status(201, selectors.school_leaver_get(leaver.worker.uid))


@router.post(
    "/school-leavers/{worker_uid}/agreement",
    response={200: SchoolLeaverOut},
    summary="A school leaver signed a job agreement",
)
def school_leaver_agreement(
    request: HttpRequest, worker_uid: str, payload: AgreementIn
) -> SchoolLeaver | None:
    leaver = selectors.school_leaver_get(worker_uid)
    if leaver is None:
        raise Http404(
            _("No school leaver is registered for the worker “%(key)s”.") % {"key": worker_uid}
        )
    policy.require(request.user, "labour.record", leaver)
    place = _place(payload.place_of_work, "place_of_work")
    if place is None:
        raise ValidationError({"place_of_work": _("This field is required.")})
    services.school_leaver_agreement_sign(
        school_leaver=leaver, signed_on=payload.signed_on, place_of_work=place,
        employer=_organisation(payload.employer, "employer"),
        employer_name=payload.employer_name,
    )  # fmt: skip
    return selectors.school_leaver_get(worker_uid)
