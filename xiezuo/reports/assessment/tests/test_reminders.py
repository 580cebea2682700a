"""Reminders of the deadlines: whoever takes the next step, once per deadline."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from xiezuo.plans.models import Notification
from xiezuo.reports.assessment.reminders import reminder_send_all

from .factories import opened, self_assessed

pytestmark = pytest.mark.django_db


def _mine(user, assessment=None):
    """The user's assessment reminders (about `assessment` only, when given: the demo's own
    assessments of 2017 are reminded of too)."""
    notices = Notification.objects.filter(user=user, subject_key__startswith="assessment.")
    if assessment is not None:
        notices = notices.filter(subject_key__endswith=f":{assessment.uid}")
    return list(notices)


def _mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_the_unit_is_reminded_of_the_self_assessment_once(people, test_method):
    people["clerk"].email = "debao@example.org"
    people["clerk"].save()
    (assessment,) = opened(people["opener"], test_method)
    reminder_send_all(today=date(2017, 12, 20))
    (notice,) = _mine(people["clerk"], assessment)
    assert notice.due_on == date(2017, 12, 31) and notice.kind == "due_soon"
    assert (
        "德保县" in notice.subject_text and notice.subject_url == f"/assessments/{assessment.uid}/"
    )
    assert len(_mails_to("debao@example.org")) == 1
    reminder_send_all(today=date(2017, 12, 21))
    reminder_send_all(today=date(2018, 1, 5))  # overdue now: still the same deadline
    assert len(_mine(people["clerk"], assessment)) == 1
    assert len(_mails_to("debao@example.org")) == 1


def test_nobody_is_reminded_long_before_the_deadline(people, test_method):
    opened(people["opener"], test_method)
    assert reminder_send_all(today=date(2017, 6, 1)).reminders == []


def test_the_level_above_is_reminded_to_cross_verify(people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    reminder_send_all(today=date(2018, 1, 25))
    (notice,) = _mine(people["approver"], assessment)
    assert notice.due_on == date(2018, 1, 31)
    assert _mine(people["clerk"], assessment) == []  # submitted: nothing more for the unit


def test_the_command_runs_the_reminders(people, test_method, capsys):
    opened(people["opener"], test_method)
    call_command("assessment", "remind", "--today", "2017-12-20", "--dry-run")
    assert "debao-clerk" in capsys.readouterr().out
    assert _mine(people["clerk"]) == []
