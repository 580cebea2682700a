"""Permission-matrix entries for the assessment cycle: a coordinator opens a year for the
units within his scope; a clerk of the unit fills in, adds evidence and submits; the
partner side (the helper of a pairing, within the user's scope) comments; the level above
cross-verifies or returns (an approver), approves and publishes (a coordinator)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint
from xiezuo.pairings.models import Pairing
from xiezuo.places.models import Place
from xiezuo.reports.assessment.models import Assessment, Criterion, Score, Status
from xiezuo.reports.assessment.tests.factories import method

PARTNERED = "450102"  # Nanning's Xingning district: outside the matrix user's scope (Baise)


def _assessment(place: str, status: str = Status.DRAFT) -> Assessment:
    m = method("matrix")
    assessment = Assessment.objects.create(
        method=m, year=2017, place=Place.objects.get(code=place), status=status
    )
    Score.objects.bulk_create(
        Score(assessment=assessment, criterion=c, self_score=0)
        for c in Criterion.objects.filter(item__area__method=m)
    )
    return assessment


def _partnered(where: str) -> Assessment:
    """A submitted assessment of a unit outside the scope, helped by the target place."""
    assessment = _assessment(PARTNERED, Status.SUBMITTED)
    Pairing.objects.create(
        kind="county", helper_place=Place.objects.get(code=TARGET_PLACE[where]),
        helped_place=assessment.place, started_on=date(2017, 1, 1),
    )  # fmt: skip
    return assessment


def _step(name: str, status: str, data: dict[str, Any] | None = None) -> Any:
    def call(c: Any, u: Any, where: str) -> Any:
        a = _assessment(TARGET_PLACE[where], status)
        return c.post(f"/assessments/{a.uid}/{name}/", data or {})

    return call


def _evidence(c: Any, u: Any, where: str) -> Any:
    a = _assessment(TARGET_PLACE[where])
    upload = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4", content_type="application/pdf")
    return c.post(f"/assessments/{a.uid}/evidence/", {"title": "会议纪要", "file": upload})


def _open(c: Any, u: Any, where: str) -> Any:
    method("matrix-open")
    data = {"method": "matrix-open", "year": "2017", "within": TARGET_PLACE[where]}
    return c.post("/assessments/open/", data)


def _comment(c: Any, u: Any, where: str) -> Any:
    a = _partnered(where)
    return c.post(f"/assessments/{a.uid}/comment/", {"comment": "南山区认可自评"})


ENDPOINTS = [
    Endpoint("page assessment open", Role.COORDINATOR, call=_open),
    Endpoint("page assessment self", Role.CLERK,
             call=_step("self", Status.DRAFT, {"narrative": "自评说明"})),
    Endpoint("page assessment prefill", Role.CLERK, call=_step("prefill", Status.DRAFT)),
    Endpoint("page assessment evidence", Role.CLERK, call=_evidence),
    Endpoint("page assessment comment", Role.CLERK, call=_comment),
    Endpoint("page assessment verify", Role.APPROVER, call=_step("verify", Status.SUBMITTED)),
    Endpoint("page assessment approve", Role.COORDINATOR,
             call=_step("approve", Status.VERIFIED)),
    Endpoint("page assessment publish", Role.COORDINATOR,
             call=_step("publish", Status.APPROVED)),
    Endpoint("page assessment return", Role.APPROVER,
             call=_step("return", Status.SUBMITTED, {"comment": "请补充材料"})),
]  # fmt: skip
READ_ONLY_PAGES = {
    "assessment_list",
    "assessment_results",
    "assessment_results_export",
    "assessment_detail",
    "assessment_evidence_file",
}
WRITE_PAGES = {
    "assessment_open": "page assessment open",
    "assessment_self": "page assessment self",
    "assessment_prefill": "page assessment prefill",
    "assessment_evidence_add": "page assessment evidence",
    "assessment_comment": "page assessment comment",
    "assessment_verify": "page assessment verify",
    "assessment_approve": "page assessment approve",
    "assessment_publish": "page assessment publish",
    "assessment_return": "page assessment return",
}
