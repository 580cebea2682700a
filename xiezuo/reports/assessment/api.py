"""API: the assessments under /api/v1/assessments."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.api import Year
from xiezuo.numbers import plain
from xiezuo.paging import ApiPagination

from . import selectors
from .models import Assessment, Method

router = Router(tags=["assessments"])


# --- the cycle: the assessments, their scores and steps (read only: the steps are taken
# on the site, where the evidence is)


def _num(value: Any) -> str | None:
    return plain(value) if value is not None else None


class AssessmentSummaryOut(Schema):
    uid: str
    method: str
    year: int
    place: str
    place_name: str
    group: str | None
    status: str
    total: str | None
    grade: str | None

    @staticmethod
    def resolve_method(obj: Any) -> str:
        return obj.method.code

    @staticmethod
    def resolve_place(obj: Any) -> str:
        return obj.place.code

    @staticmethod
    def resolve_place_name(obj: Any) -> str:
        return obj.place.name

    @staticmethod
    def resolve_group(obj: Any) -> str | None:
        return obj.group.code if obj.group else None

    @staticmethod
    def resolve_total(obj: Any) -> str | None:
        return _num(obj.total)

    @staticmethod
    def resolve_grade(obj: Any) -> str | None:
        return obj.grade.code if obj.grade else None


class AssessmentScoreOut(Schema):
    criterion: str
    label: str
    rule: str
    weight: str
    actual: str | None
    actual_source: str
    target: str | None
    target_source: str
    done: bool | None
    self_score: str | None
    verified_score: str | None
    reason: str


class AssessmentStepOut(Schema):
    kind: str
    status_from: str
    status_to: str
    by: str
    at: datetime
    comment: str


class AssessmentDetailOut(AssessmentSummaryOut):
    grade_label: str | None
    narrative: str
    partner_comment: str
    scores: list[AssessmentScoreOut]
    steps: list[AssessmentStepOut]

    @staticmethod
    def resolve_grade_label(obj: Any) -> str | None:
        return obj.grade.label if obj.grade else None

    @staticmethod
    def resolve_scores(obj: Any) -> list[dict[str, Any]]:
        areas = selectors.assessment_areas(obj)
        return [_score(s) for area in areas for item in area.items for s in item.scores]

    @staticmethod
    def resolve_steps(obj: Any) -> list[dict[str, Any]]:
        return [
            {"kind": st.kind, "status_from": st.status_from, "status_to": st.status_to,
             "by": st.by.username, "at": st.at, "comment": st.comment}
            for st in selectors.assessment_steps(obj)
        ]  # fmt: skip


def _score(s: Any) -> dict[str, Any]:
    c = s.criterion
    return {
        "criterion": c.code, "label": c.label, "rule": c.rule, "weight": plain(c.weight),
        "actual": _num(s.actual), "actual_source": s.actual_source, "target": _num(s.target),
        "target_source": s.target_source, "done": s.done, "self_score": _num(s.self_score),
        "verified_score": _num(s.verified_score), "reason": s.reason,
    }  # fmt: skip


@router.get(
    "",
    response=list[AssessmentSummaryOut],
    summary="Assessments (published, and those in your scope)",
)
@paginate(ApiPagination)
def assessment_list(
    request: HttpRequest,
    year: Year | None = None,
    method: str | None = None,
    place: str | None = None,
    status: str | None = None,
) -> Any:
    policy.require(request.user, "assessment.view")
    chosen = Method.objects.filter(code=method).first() if method else None
    if method and chosen is None:
        return Assessment.objects.none()
    return selectors.assessment_list(
        user=request.user, year=year, method=chosen, status=status, place=place
    )


@router.get("/{uid}", response=AssessmentDetailOut, summary="An assessment: scores, grade, steps")
def assessment_detail(request: HttpRequest, uid: str) -> Any:
    policy.require(request.user, "assessment.view")
    try:
        a = selectors.assessment_get(uid)
    except Assessment.DoesNotExist:
        raise Http404(_("No assessment has the number “%(key)s”.") % {"key": uid}) from None
    if not selectors.can_read(request.user, a):
        raise PermissionDenied(policy.denied_message("assessment.draft.view"))
    return a
