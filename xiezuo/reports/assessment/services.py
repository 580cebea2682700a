"""Writes of the assessment cycle: opening a year, the unit's self-assessment, the
partner's comment, cross-verification, approval, publication and returns.

Each step is all-or-nothing: it asks the policy, checks the assessment's status and what
is given, writes a `Step` (who, when, the comment, the status change) and the assessment.
A step out of order, by someone not allowed, or with bad input is refused with a
message naming why (PermissionDenied, ValidationError); then nothing is written.

    draft ──submit──▶ submitted ──comment──▶ commented
                          └──────verify──────────┴──▶ verified ──approve──▶ approved
    approved ──publish──▶ published;   any of submitted … approved ──return──▶ draft
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.places.models import Place

from . import scoring
from .models import (
    Assessment,
    Criterion,
    Evidence,
    Group,
    Method,
    Rule,
    Score,
    Status,
    Step,
    StepKind,
)
from .prefill import figures_for, plan_targets

RETURNABLE = (Status.SUBMITTED, Status.COMMENTED, Status.VERIFIED, Status.APPROVED)


@dataclass(frozen=True)
class StepRule:
    """A step of the cycle: the statuses it is taken from, the one it leads to."""

    after: tuple[str, ...]
    to: str


STEPS: dict[str, StepRule] = {
    StepKind.SUBMIT: StepRule((Status.DRAFT,), Status.SUBMITTED),
    StepKind.COMMENT: StepRule((Status.SUBMITTED,), Status.COMMENTED),
    StepKind.VERIFY: StepRule((Status.SUBMITTED, Status.COMMENTED), Status.VERIFIED),
    StepKind.APPROVE: StepRule((Status.VERIFIED,), Status.APPROVED),
    StepKind.PUBLISH: StepRule((Status.APPROVED,), Status.PUBLISHED),
    StepKind.RETURN: StepRule(RETURNABLE, Status.DRAFT),
}


def return_action(assessment: Assessment) -> str:
    """Who returns an assessment: the one who would take its next step."""
    if assessment.status == Status.APPROVED:
        return "assessment.approve"
    return "assessment.verify"


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _step_verb(kind: str) -> str:
    return {
        StepKind.SUBMIT: _("submitted"),
        StepKind.COMMENT: _("commented on"),
        StepKind.VERIFY: _("cross-verified"),
        StepKind.APPROVE: _("approved"),
        StepKind.PUBLISH: _("published"),
        StepKind.RETURN: _("returned"),
    }[StepKind(kind)]


def _check_step(assessment: Assessment, kind: str) -> None:
    if assessment.status not in STEPS[kind].after:
        raise ValidationError(
            {"status": _("This assessment is at “%(status)s”: it cannot be %(step)s now.")
             % {"status": assessment.get_status_display(), "step": _step_verb(kind)}}
        )  # fmt: skip


def _step(assessment: Assessment, *, kind: str, by: User, comment: str = "") -> Step:
    status_from = assessment.status
    assessment.status = STEPS[kind].to
    assessment.save()
    return Step.objects.create(
        assessment=assessment, kind=kind, status_from=status_from,
        status_to=assessment.status, comment=comment.strip(), by=by,
    )  # fmt: skip


def _required_comment(comment: str, message: str) -> str:
    text = (comment or "").strip()
    if not text:
        raise ValidationError({"comment": message})
    return text


def _decimal(value: Any, field: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    return number


def _score_field(score: Score, name: str) -> str:
    return f"{name}-{score.criterion_id}"


# --- opening a year


def units_of(method: Method, within: Place, *, paired_only: bool = False) -> list[Place]:
    """The places at the method's unit level within `within` (itself included), only those
    helped by a pairing when `paired_only`."""
    units = Place.objects.within(within.code).filter(level=method.unit_level)
    if paired_only:
        units = units.filter(helped_pairings__isnull=False).distinct()
    return list(units.order_by("code"))


def _groups_by_place(method: Method) -> tuple[dict[int, Group], Group | None]:
    listed: dict[int, Group] = {}
    default = None
    for group in method.groups.prefetch_related("places"):
        if group.is_default and default is None:
            default = group
        for place in group.places.all():
            listed.setdefault(place.pk, group)
    return listed, default


def _criteria(method: Method) -> list[Criterion]:
    return list(
        Criterion.objects.filter(item__area__method=method).order_by(
            "item__area__sort_order", "item__sort_order", "sort_order", "code"
        )
    )


def _fill(score: Score, criterion: Criterion, place: Place, year: int, planned: Any) -> None:
    figures = figures_for(criterion, place=place, year=year, planned=planned)
    score.actual, score.target = figures.actual, figures.target
    score.actual_source, score.target_source = figures.actual_source, figures.target_source
    if criterion.rule in (Rule.RATIO, Rule.THRESHOLDS):
        score.self_score = scoring.rule_score(
            criterion, actual=score.actual, target=score.target, done=None
        )


@transaction.atomic
def assessment_year_open(
    *, actor: User, method: Method, year: int, within: Place, paired_only: bool = False
) -> list[Assessment]:
    """Create the year's assessments of the units within a place, each in its group and
    pre-filled; a unit already assessed that year under the method is left as it is.
    Returns the assessments created."""
    policy.require(actor, "assessment.open", within)
    if year < method.year_from or (method.year_to is not None and year > method.year_to):
        raise ValidationError(
            {"year": _("The method %(method)s does not apply to %(year)s.")
             % {"method": method.name, "year": year}}
        )  # fmt: skip
    units = units_of(method, within, paired_only=paired_only)
    if not units:
        raise ValidationError(
            {"within": _("There are no units of the method's level within %(place)s.")
             % {"place": within.name}}
        )  # fmt: skip
    criteria = _criteria(method)
    if not criteria:
        raise ValidationError({"method": _("The method has no criteria yet.")})
    done = set(
        Assessment.objects.filter(method=method, year=year, place__in=units).values_list(
            "place_id", flat=True
        )
    )
    listed, default = _groups_by_place(method)
    created = []
    for unit in units:
        if unit.pk in done:
            continue
        assessment = Assessment.objects.create(
            method=method, year=year, place=unit, group=listed.get(unit.pk, default)
        )
        planned = plan_targets(criteria, place=unit, year=year)
        scores = []
        for criterion in criteria:
            score = Score(assessment=assessment, criterion=criterion)
            _fill(score, criterion, unit, year, planned)
            scores.append(score)
        Score.objects.bulk_create(scores)
        created.append(assessment)
    return created


@transaction.atomic
def assessment_prefill(*, actor: User, assessment: Assessment) -> Assessment:
    """Fetch the actuals and targets again (a draft only: the figures may have changed)."""
    policy.require(actor, "assessment.self", assessment)
    assessment = _locked(assessment)
    if assessment.status != Status.DRAFT:
        raise ValidationError(
            {"status": _("Only a draft is filled in again; this assessment is at “%(status)s”.")
             % {"status": assessment.get_status_display()}}
        )  # fmt: skip
    scores = list(assessment.scores.select_related("criterion"))
    planned = plan_targets([s.criterion for s in scores], place=assessment.place,
                           year=assessment.year)  # fmt: skip
    for score in scores:
        _fill(score, score.criterion, assessment.place, assessment.year, planned)
    Score.objects.bulk_update(
        scores, ["actual", "target", "actual_source", "target_source", "self_score"]
    )
    return assessment


# --- the unit's self-assessment


@transaction.atomic
def assessment_self_save(
    *, actor: User, assessment: Assessment, narrative: str, answers: Mapping[str, Any]
) -> Assessment:
    """Save the unit's narrative and answers. `answers` holds, per criterion id, `done-ID`
    ("yes"/"no"/"" for a yes/no criterion), `score-ID` (an assessor-kind score) and
    `evidence-ID` (a note on the evidence)."""
    policy.require(actor, "assessment.self", assessment)
    assessment = _locked(assessment)
    if assessment.status != Status.DRAFT:
        raise ValidationError(
            {"status": _("The self-assessment is submitted; it can be changed only after it "
                         "is returned.")}
        )  # fmt: skip
    scores = list(assessment.scores.select_related("criterion"))
    errors: dict[str, str] = {}
    for score in scores:
        criterion = score.criterion
        key = _score_field(score, "evidence")
        if key in answers:
            score.evidence = str(answers[key] or "").strip()
        if criterion.rule == Rule.YES_NO:
            answer = str(answers.get(_score_field(score, "done"), "") or "").strip()
            score.done = {"yes": True, "no": False}.get(answer)
            score.self_score = scoring.yes_no_score(weight=criterion.weight, done=score.done)
        elif criterion.rule == Rule.ASSESSOR:
            key = _score_field(score, "score")
            try:
                given = _decimal(answers.get(key), key)
                score.self_score = (
                    None if given is None
                    else scoring.assessor_score_check(weight=criterion.weight, given=given)
                )  # fmt: skip
            except ValidationError as error:
                errors[key] = _("%(criterion)s: enter a number.") % {"criterion": criterion.label}
                del error
            except ValueError:
                errors[key] = _("%(criterion)s: the score must be between 0 and %(weight)s.") % {
                    "criterion": criterion.label, "weight": criterion.weight}  # fmt: skip
    if errors:
        raise ValidationError(errors)
    assessment.narrative = (narrative or "").strip()
    assessment.save()
    Score.objects.bulk_update(scores, ["done", "self_score", "evidence"])
    return assessment


@transaction.atomic
def evidence_add(
    *, actor: User, assessment: Assessment, file: Any, title: str,
    criterion: Criterion | None = None,
) -> Evidence:  # fmt: skip
    policy.require(actor, "assessment.self", assessment)
    assessment = _locked(assessment)
    if assessment.status != Status.DRAFT:
        raise ValidationError(
            {"file": _("Evidence is added while the self-assessment is a draft.")}
        )
    if file is None:
        raise ValidationError({"file": _("Choose a file.")})
    if criterion is not None and criterion.item.area.method_id != assessment.method_id:
        raise ValidationError({"criterion": _("This criterion is not of the assessment's method.")})
    name = (getattr(file, "name", "") or "file")[-200:]
    return Evidence.objects.create(
        assessment=assessment, criterion=criterion, title=(title or "").strip()[:200] or name,
        file=file, file_name=name, created_by=actor,
    )  # fmt: skip


def _missing_answers(assessment: Assessment) -> list[str]:
    evidenced = set(assessment.files.values_list("criterion_id", flat=True))
    missing = []
    for score in assessment.scores.select_related("criterion"):
        criterion = score.criterion
        if criterion.rule == Rule.YES_NO and score.done is None:
            missing.append(_("%(criterion)s: answer yes or no.") % {"criterion": criterion.label})
        elif (
            criterion.rule == Rule.YES_NO
            and score.done
            and criterion.evidence_required
            and (criterion.pk not in evidenced)
        ):
            missing.append(_("%(criterion)s: attach a file as evidence.")
                           % {"criterion": criterion.label})  # fmt: skip
        elif criterion.rule == Rule.ASSESSOR and score.self_score is None:
            missing.append(_("%(criterion)s: give a score.") % {"criterion": criterion.label})
    return missing


def _grade(assessment: Assessment, scores: list[Decimal | None]) -> None:
    assessment.total = scoring.total(scores)
    assessment.grade = scoring.grade_for(assessment.total, assessment.method.grades.all())


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment, comment: str = "") -> Step:
    """The unit submits its self-assessment: every yes/no answered (with a file where the
    method asks for evidence) and every assessor-kind criterion scored."""
    policy.require(actor, "assessment.self", assessment)
    assessment = _locked(assessment)
    _check_step(assessment, StepKind.SUBMIT)
    missing = _missing_answers(assessment)
    if missing:
        raise ValidationError({"status": missing})
    _grade(assessment, list(assessment.scores.values_list("self_score", flat=True)))
    return _step(assessment, kind=StepKind.SUBMIT, by=actor, comment=comment)


# --- the partner, the level above


@transaction.atomic
def assessment_comment(*, actor: User, assessment: Assessment, comment: str) -> Step:
    policy.require(actor, "assessment.comment", assessment)
    assessment = _locked(assessment)
    _check_step(assessment, StepKind.COMMENT)
    text = _required_comment(comment, _("Write the partner's comment."))
    assessment.partner_comment = text
    return _step(assessment, kind=StepKind.COMMENT, by=actor, comment=text)


@transaction.atomic
def assessment_verify(
    *, actor: User, assessment: Assessment, adjustments: Mapping[int, tuple[Any, str]],
    comment: str = "",
) -> Step:  # fmt: skip
    """Cross-verify: each criterion's verified score is the self-assessed one unless the
    verifier adjusts it, which needs a reason. `adjustments`: criterion id → (score, reason)."""
    policy.require(actor, "assessment.verify", assessment.place)
    assessment = _locked(assessment)
    _check_step(assessment, StepKind.VERIFY)
    scores = list(assessment.scores.select_related("criterion"))
    errors: dict[str, str] = {}
    for score in scores:
        criterion = score.criterion
        score.verified_score = score.self_score
        if criterion.pk not in adjustments:
            continue
        raw, reason = adjustments[criterion.pk]
        key = _score_field(score, "verified")
        try:
            given = _decimal(raw, key)
        except ValidationError:
            errors[key] = _("%(criterion)s: enter a number.") % {"criterion": criterion.label}
            continue
        if given is None or given == score.self_score:
            continue
        if given < 0 or given > criterion.weight:
            errors[key] = _("%(criterion)s: the score must be between 0 and %(weight)s.") % {
                "criterion": criterion.label, "weight": criterion.weight}  # fmt: skip
            continue
        if not (reason or "").strip():
            errors[_score_field(score, "reason")] = _(
                "%(criterion)s: a changed score needs a reason."
            ) % {"criterion": criterion.label}
            continue
        score.verified_score = scoring.points(given)
        score.reason = reason.strip()
    if errors:
        raise ValidationError(errors)
    Score.objects.bulk_update(scores, ["verified_score", "reason"])
    _grade(assessment, [s.verified_score for s in scores])
    return _step(assessment, kind=StepKind.VERIFY, by=actor, comment=comment)


@transaction.atomic
def assessment_approve(*, actor: User, assessment: Assessment, comment: str = "") -> Step:
    policy.require(actor, "assessment.approve", assessment.place)
    assessment = _locked(assessment)
    _check_step(assessment, StepKind.APPROVE)
    return _step(assessment, kind=StepKind.APPROVE, by=actor, comment=comment)


@transaction.atomic
def assessment_publish(*, actor: User, assessment: Assessment, comment: str = "") -> Step:
    policy.require(actor, "assessment.publish", assessment.place)
    assessment = _locked(assessment)
    _check_step(assessment, StepKind.PUBLISH)
    return _step(assessment, kind=StepKind.PUBLISH, by=actor, comment=comment)


@transaction.atomic
def assessment_return(*, actor: User, assessment: Assessment, comment: str) -> Step:
    """Send it back to the unit as a draft, saying what to correct; verified scores and the
    total are cleared (the next verification gives them again)."""
    assessment = _locked(assessment)
    policy.require(actor, return_action(assessment), assessment.place)
    _check_step(assessment, StepKind.RETURN)
    text = _required_comment(comment, _("Say what the unit should correct."))
    assessment.scores.update(verified_score=None)
    assessment.total = None
    assessment.grade = None
    return _step(assessment, kind=StepKind.RETURN, by=actor, comment=text)


STEP_ACTIONS = {
    StepKind.SUBMIT: "assessment.self",
    StepKind.COMMENT: "assessment.comment",
    StepKind.VERIFY: "assessment.verify",
    StepKind.APPROVE: "assessment.approve",
    StepKind.PUBLISH: "assessment.publish",
}
