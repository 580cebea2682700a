"""The cycle: a year opened, self-assessed, commented, verified, approved, published —
each step by its role, in order, and refused otherwise with nothing written."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezuo.places.models import Place
from xiezuo.reports.assessment import services
from xiezuo.reports.assessment.models import Assessment, Status, Step

from .factories import answers, criterion, method, opened, self_assessed

pytestmark = pytest.mark.django_db


def test_opening_a_year_creates_one_assessment_per_county_in_its_group(people):
    m = method(groups=[("key", ["451024", "451026"])])
    created = opened(people["opener"], m, within="4510")
    assert len(created) == Place.objects.filter(code__startswith="4510", level=3).count()
    groups = {a.place.code: a.group.code for a in created}
    assert groups["451024"] == "key" and groups["451026"] == "key"
    assert groups["451081"] == "others"
    assert all(a.status == Status.DRAFT and a.scores.count() == 4 for a in created)


def test_opening_again_adds_only_the_missing_units(people, test_method):
    opened(people["opener"], test_method, within="451024")
    again = opened(people["opener"], test_method, within="4510")
    assert "451024" not in {a.place.code for a in again}
    assert Assessment.objects.filter(method=test_method, place__code="451024").count() == 1


def test_opening_only_the_paired_counties(people, test_method):
    created = services.assessment_year_open(
        actor=people["opener"], method=test_method, year=2017,
        within=Place.objects.get(code="45"), paired_only=True,
    )  # fmt: skip
    assert created and all(a.place.helped_pairings.exists() for a in created)
    assert len(created) < Place.objects.filter(code__startswith="45", level=3).count()


def test_a_year_outside_the_method_is_refused(people, test_method):
    with pytest.raises(ValidationError) as error:
        opened(people["opener"], test_method, year=2021)
    assert "2021" in str(error.value)
    assert not Assessment.objects.filter(method=test_method).exists()


def test_a_clerk_may_not_open_a_year(people, test_method):
    with pytest.raises(PermissionDenied):
        opened(people["clerk"], test_method)


def test_the_computed_criteria_are_scored_from_the_prefilled_figures(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    ratio = assessment.scores.get(criterion__code="funds_ratio")
    assert ratio.actual is not None and ratio.target == 1000
    assert ratio.self_score == (D(30) * ratio.actual / 1000).quantize(D("0.01"))


def test_the_whole_cycle_in_order_writes_a_step_each(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    services.assessment_comment(actor=people["partner"], assessment=assessment,
                                comment="南山区认可德保县的自评")  # fmt: skip
    services.assessment_verify(actor=people["approver"], assessment=assessment, adjustments={})
    services.assessment_approve(actor=people["coordinator"], assessment=assessment)
    services.assessment_publish(actor=people["coordinator"], assessment=assessment)
    assessment.refresh_from_db()
    steps = list(assessment.steps.values_list("kind", "status_from", "status_to", "by__username"))
    assert steps == [
        ("submit", "draft", "submitted", "debao-clerk"),
        ("comment", "submitted", "commented", "nanshan-clerk"),
        ("verify", "commented", "verified", "baise-approver"),
        ("approve", "verified", "approved", "baise-coordinator"),
        ("publish", "approved", "published", "baise-coordinator"),
    ]
    assert assessment.partner_comment == "南山区认可德保县的自评"
    # 25 (meeting) + 20 (innovation) + the ratio's points, nothing for the levels (66 < 200)
    ratio = assessment.scores.get(criterion__code="funds_ratio").verified_score
    assert assessment.total == D(45) + ratio
    assert assessment.grade.code == "poor"


def test_a_step_out_of_order_is_refused_and_writes_nothing(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    with pytest.raises(ValidationError) as error:
        services.assessment_approve(actor=people["coordinator"], assessment=assessment)
    assert "自评中" in str(error.value)
    with pytest.raises(ValidationError):
        services.assessment_verify(actor=people["approver"], assessment=assessment, adjustments={})
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT and not Step.objects.filter(
        assessment=assessment).exists()  # fmt: skip


@pytest.mark.parametrize(
    ("who", "step"),
    [("partner", "verify"), ("clerk", "verify"), ("approver", "approve"),
     ("clerk", "comment"), ("partner", "approve")],
)  # fmt: skip
def test_a_step_by_the_wrong_role_is_refused(people, test_method, who, step):
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    if step == "approve":
        services.assessment_verify(actor=people["approver"], assessment=assessment, adjustments={})
    call = {
        "verify": lambda: services.assessment_verify(
            actor=people[who], assessment=assessment, adjustments={}),
        "approve": lambda: services.assessment_approve(actor=people[who], assessment=assessment),
        "comment": lambda: services.assessment_comment(
            actor=people[who], assessment=assessment, comment="我来评论"),
    }[step]  # fmt: skip
    before = assessment.steps.count()
    with pytest.raises(PermissionDenied):
        call()
    assert assessment.steps.count() == before


def test_a_clerk_of_another_county_may_not_self_assess(people, test_method, make_user):
    (assessment,) = opened(people["opener"], test_method)
    other = make_user("clerk", scope=["451026"])
    with pytest.raises(PermissionDenied):
        services.assessment_self_save(actor=other, assessment=assessment, narrative="x",
                                      answers=answers(test_method))  # fmt: skip


def test_submitting_needs_every_answer_and_the_evidence_asked_for(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    services.assessment_self_save(actor=people["clerk"], assessment=assessment, narrative="",
                                  answers=answers(test_method))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(actor=people["clerk"], assessment=assessment)
    assert "召开联席会议" in str(error.value)
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def test_an_assessor_score_above_the_weight_names_the_criterion(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    with pytest.raises(ValidationError) as error:
        services.assessment_self_save(actor=people["clerk"], assessment=assessment, narrative="",
                                      answers=answers(test_method, innovation="30"))  # fmt: skip
    assert "工作创新" in str(error.value) and "25" in str(error.value)


def test_an_adjusted_score_needs_a_reason(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    innovation = criterion(test_method, "innovation")
    with pytest.raises(ValidationError) as error:
        services.assessment_verify(actor=people["approver"], assessment=assessment,
                                   adjustments={innovation.pk: ("15", " ")})  # fmt: skip
    assert "工作创新" in str(error.value)
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED
    assert assessment.scores.get(criterion=innovation).verified_score is None


def test_an_adjustment_with_a_reason_counts_in_the_total(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    innovation = criterion(test_method, "innovation")
    services.assessment_verify(actor=people["approver"], assessment=assessment,
                               adjustments={innovation.pk: ("15", "创新材料不足")})  # fmt: skip
    score = assessment.scores.get(criterion=innovation)
    assert (score.self_score, score.verified_score, score.reason) == (D(20), D(15), "创新材料不足")
    assessment.refresh_from_db()
    assert assessment.total == sum(s.verified_score for s in assessment.scores.all())


def test_a_return_sends_it_back_to_the_unit_with_the_comment(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    with pytest.raises(ValidationError):
        services.assessment_return(actor=people["approver"], assessment=assessment, comment="")
    services.assessment_return(actor=people["approver"], assessment=assessment,
                               comment="请补充会议纪要")  # fmt: skip
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT
    assert assessment.steps.last().comment == "请补充会议纪要"
    services.assessment_submit(actor=people["clerk"], assessment=assessment)  # again


def test_an_approved_assessment_is_returned_only_by_a_coordinator(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    services.assessment_verify(actor=people["approver"], assessment=assessment, adjustments={})
    services.assessment_approve(actor=people["coordinator"], assessment=assessment)
    with pytest.raises(PermissionDenied):
        services.assessment_return(actor=people["approver"], assessment=assessment, comment="再看")
    services.assessment_return(actor=people["coordinator"], assessment=assessment, comment="再看")


def test_the_self_assessment_is_frozen_once_submitted(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    with pytest.raises(ValidationError):
        services.assessment_self_save(actor=people["clerk"], assessment=assessment,
                                      narrative="改了", answers={})  # fmt: skip
    assessment.refresh_from_db()
    assert assessment.narrative == "完成了各项任务"


def test_re_prefill_only_while_a_draft(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    assessment.scores.update(actual=None, self_score=None)
    services.assessment_prefill(actor=people["clerk"], assessment=assessment)
    assert assessment.scores.get(criterion__code="funds_ratio").actual is not None
    self_assessed(people["clerk"], assessment)
    with pytest.raises(ValidationError):
        services.assessment_prefill(actor=people["clerk"], assessment=assessment)
