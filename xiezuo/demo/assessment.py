"""The demo's assessment cycle: 2017 opened under a shipped method for Guangxi's helped
counties (those with a pairing), and a few of them taken through every step to a
published grade, so the results page has something to rank.

`load_assessment(admin, method_code)` is a no-op when the method is not loaded, and
loading again changes nothing: the year is opened only for the counties not yet assessed,
and counties are taken through the steps only while none is published. The answers are
illustrative (every yes/no criterion done, with a note as evidence; an assessor's score of
four fifths of the weight).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile

from xiezuo.accounts.models import User
from xiezuo.places.models import Place
from xiezuo.reports.assessment import services
from xiezuo.reports.assessment.models import Assessment, Method, Rule, Status

YEAR = 2017
PUBLISHED = 3  # counties taken through to a published grade


def load_assessment(admin: User, method_code: str) -> int:
    """Open the year and publish a few; returns the assessments created."""
    method = Method.objects.filter(code=method_code).first()
    if method is None or not (method.year_from <= YEAR <= (method.year_to or YEAR)):
        return 0
    created = services.assessment_year_open(
        actor=admin, method=method, year=YEAR, within=Place.objects.get(code="45"),
        paired_only=True,
    )  # fmt: skip
    assessments = Assessment.objects.filter(method=method, year=YEAR)
    if assessments.filter(status=Status.PUBLISHED).exists():
        return len(created)
    for assessment in assessments.filter(status=Status.DRAFT).order_by("place__code")[:PUBLISHED]:
        _publish(admin, assessment)
    return len(created)


def _publish(admin: User, assessment: Assessment) -> None:
    answers: dict[str, str] = {}
    for score in assessment.scores.select_related("criterion"):
        criterion = score.criterion
        if criterion.rule == Rule.YES_NO:
            answers[f"done-{criterion.pk}"] = "yes"
            if criterion.evidence_required:
                services.evidence_add(
                    actor=admin, assessment=assessment, criterion=criterion,
                    title=criterion.label_zh[:200],
                    file=ContentFile("演示材料（示意）".encode(), name="evidence.txt"),
                )  # fmt: skip
        elif criterion.rule == Rule.ASSESSOR:
            answers[f"score-{criterion.pk}"] = str(criterion.weight * Decimal("0.8"))
    services.assessment_self_save(actor=admin, assessment=assessment,
                                  narrative="演示自评报告（示意）。", answers=answers)  # fmt: skip
    services.assessment_submit(actor=admin, assessment=assessment)
    services.assessment_verify(actor=admin, assessment=assessment, adjustments={})
    services.assessment_approve(actor=admin, assessment=assessment)
    services.assessment_publish(actor=admin, assessment=assessment)
