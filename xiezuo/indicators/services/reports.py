"""A report's life: cells saved from the entry grid, marked complete, approved
or returned by the level above, un-approved.

A report is a data set's figures for one place and one period. The states:

    open --complete--> complete --approve--> approved (values locked)
      ^                  |  ^                  |
      |   <--uncomplete--   |                  |
      |                     +----unapprove-----+
      +------return (with a comment; the completion is undone)

Who may do what is the policy's business (views ask it before calling);
these services keep the states consistent. Completion and Approval are
registered with the audit trail, so every decision and every un-approval
(which deletes the Approval) is recorded with its actor.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.periods import Period
from xiezuo.places.models import Place

from ..models import Approval, Completion, DataElement, DataSet
from ..selectors.reports import Report, report_get
from .values import value_delete, value_set


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _name_actor(actor: Any, since: Any, model: type[Model], pk: int | None) -> None:
    """Name the actor on the audit entries just written for a record, when no request did.

    Inside a request the audit middleware names the user; a service called from
    elsewhere (a command, a test, the API before authentication) is named here.
    """
    user = _user(actor)
    if user is None or pk is None:
        return
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(pk),
        actor__isnull=True,
        timestamp__gte=since,
    ).update(actor=user)


def _check_period(data_set: DataSet, period: Period) -> None:
    if period.type is not data_set.period_type_enum:
        raise ValidationError(
            {
                "period": _("%(data_set)s is reported %(type)s; “%(period)s” is not such a period")
                % {
                    "data_set": data_set.name,
                    "type": data_set.get_period_type_display(),
                    "period": period.id,
                }
            }
        )


def _locked_message(report: Report) -> str:
    lock = report.lock
    assert lock is not None
    return _("The report for %(period)s is approved (by %(who)s, %(place)s) and locked.") % {
        "period": report.period_label,
        "who": lock.decided_by.display_name if lock.decided_by else _("system"),
        "place": lock.place.name,
    }


# --- entry


@transaction.atomic
def cell_save(
    *,
    actor: Any,
    data_set: DataSet,
    element: DataElement,
    place: Place,
    period: Period,
    key: str,
    raw: str,
) -> None:
    """Save (or, when `raw` is empty, delete) one cell of a data set's grid.

    The value is checked and its change kept by `value_set`/`value_delete`;
    ValidationError, with a message in the user's language, if it is refused.
    """
    if not data_set.data_elements.filter(pk=element.pk).exists():
        raise ValidationError(
            {
                "dataElement": _("%(element)s is not part of the data set %(data_set)s")
                % {"element": element.name, "data_set": data_set.name}
            }
        )
    _check_period(data_set, period)
    cell = {
        "actor": actor,
        "element": element.code,
        "place": place.code,
        "period": period.id,
        "disaggregation": key,
    }
    if raw.strip() == "":
        value_delete(**cell)
    else:
        value_set(value=raw, **cell)


# --- completion


@transaction.atomic
def report_complete(*, actor: Any, data_set: DataSet, place: Place, period: Period) -> Completion:
    """Mark a report complete (again after a return). Idempotent."""
    _check_period(data_set, period)
    report = report_get(data_set, place, period)
    if report.locked:
        raise ValidationError(_locked_message(report))
    if report.completion is not None:
        return report.completion
    since = timezone.now()
    completion = Completion.objects.create(
        data_set=data_set, place=place, period=period.id, completed_by=_user(actor)
    )
    _name_actor(actor, since, Completion, completion.pk)
    return completion


@transaction.atomic
def report_uncomplete(*, actor: Any, data_set: DataSet, place: Place, period: Period) -> None:
    """Undo a completion, to go on entering. Refused once the report is approved."""
    report = report_get(data_set, place, period)
    if report.locked:
        raise ValidationError(_locked_message(report))
    if report.completion is None:
        return
    _delete(actor, report.completion)


def _delete(actor: Any, record: Completion | Approval) -> None:
    pk, since = record.pk, timezone.now()
    record.delete()
    _name_actor(actor, since, type(record), pk)


# --- approval by the level above


def _decide(
    *, actor: Any, report: Report, state: str, comment: str, self_approved: bool = False
) -> Approval:
    since = timezone.now()
    # One decision per report (a unique constraint): a new one replaces the last.
    approval, _created = Approval.objects.update_or_create(
        data_set=report.data_set,
        place=report.place,
        period=report.period.id,
        defaults={
            "state": state,
            "comment": comment,
            "decided_by": _user(actor),
            "self_approved": self_approved,
        },
    )
    _name_actor(actor, since, Approval, approval.pk)
    return approval


@transaction.atomic
def report_approve(
    *,
    actor: Any,
    data_set: DataSet,
    place: Place,
    period: Period,
    comment: str = "",
    self_approved: bool = False,
) -> Approval:
    """Approve a complete report: its values are locked from now on. `self_approved`: the
    approver took part in the report (`policy.self_approval` let it through), flagged."""
    _check_period(data_set, period)
    report = report_get(data_set, place, period)
    if report.approved:
        assert report.approval is not None
        return report.approval
    if report.locked:
        raise ValidationError(_locked_message(report))
    if not report.completed:
        raise ValidationError(
            _("%(place)s has not marked the report for %(period)s complete; it cannot be approved.")
            % {"place": place.name, "period": report.period_label}
        )
    return _decide(
        actor=actor,
        report=report,
        state=Approval.State.APPROVED,
        comment=comment,
        self_approved=self_approved,
    )


@transaction.atomic
def report_return(
    *, actor: Any, data_set: DataSet, place: Place, period: Period, comment: str
) -> Approval:
    """Send a complete report back with a comment; it is no longer complete."""
    _check_period(data_set, period)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say why the report is returned.")})
    report = report_get(data_set, place, period)
    if report.approved:
        raise ValidationError(_("The report is approved: unapprove it before returning it."))
    if report.locked:
        raise ValidationError(_locked_message(report))
    if not report.completed:
        raise ValidationError(
            _("%(place)s has not marked the report for %(period)s complete; it cannot be returned.")
            % {"place": place.name, "period": report.period_label}
        )
    assert report.completion is not None
    _delete(actor, report.completion)
    return _decide(actor=actor, report=report, state=Approval.State.RETURNED, comment=comment)


@transaction.atomic
def report_unapprove(*, actor: Any, data_set: DataSet, place: Place, period: Period) -> None:
    """Withdraw an approval: the values are unlocked, the report awaits approval again."""
    report = report_get(data_set, place, period)
    if not report.approved:
        raise ValidationError(
            _("The report for %(period)s is not approved.") % {"period": report.period_label}
        )
    assert report.approval is not None
    _delete(actor, report.approval)
