"""API: matching (人岗对接) — the workers a posting suits, the postings a worker suits, each
with its score and reasons, and what came of a match. Identity numbers never appear here.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from xiezuo.accounts import policy
from xiezuo.dates import parse_day

from . import matching, services
from .models import MatchOutcome, Outcome, Posting, Worker

router = Router(tags=["labour"])


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


def _posting(uid: str) -> Posting:
    posting = Posting.objects.select_related("occupation", "place_of_work", "employer")
    found = posting.filter(uid=uid).first()
    if found is None:
        raise Http404(_("No posting has the number “%(key)s”.") % {"key": uid})
    return found


def _worker(uid: str) -> Worker:
    found = Worker.objects.select_related("home", "wish_place").filter(uid=uid).first()
    if found is None:
        raise Http404(_("No worker has the number “%(key)s”.") % {"key": uid})
    return found


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
