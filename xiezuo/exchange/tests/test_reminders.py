"""Reminders of secondments ending soon, through the work plan's notifications."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from xiezuo.exchange.reminders import reminder_send_all
from xiezuo.plans.models import Notification

from .records import secondment

pytestmark = pytest.mark.django_db

TODAY = date(2019, 6, 1)


@pytest.fixture
def ending():
    """A Nanshan cadre in Debao whose secondment ends on 2019-06-20."""
    return secondment(started_on=date(2018, 3, 1), planned_end=date(2019, 6, 20))


def test_the_clerks_of_the_host_and_of_the_origin_are_told_once(make_user, ending):
    host = make_user("clerk", scope=["451024"], username="debao-clerk")
    origin = make_user("coordinator", scope=["440305"], username="nanshan-coordinator")
    result = reminder_send_all(today=TODAY)
    told = {r.user.username for r in result.reminders}
    assert {host.username, origin.username} <= told
    assert reminder_send_all(today=TODAY).reminders == []
    assert Notification.objects.filter(user=host, subject_key__endswith=ending.uid).count() == 1


def test_viewers_and_users_of_other_places_are_not_told(make_user, ending):
    viewer = make_user("viewer", scope=["451024"])
    elsewhere = make_user("clerk", scope=["451228"])
    province = make_user("clerk", scope=["45"])
    reminder_send_all(today=TODAY)
    for user in (viewer, elsewhere, province):
        assert not Notification.objects.filter(user=user).exists()


def test_a_secondment_ending_later_than_thirty_days_is_not_reminded(make_user):
    make_user("clerk", scope=["451024"])
    secondment(started_on=date(2018, 3, 1), planned_end=date(2019, 8, 1))
    assert reminder_send_all(today=TODAY).reminders == []


def test_a_secondment_already_ended_is_not_reminded(make_user):
    make_user("clerk", scope=["451024"])
    secondment(started_on=date(2018, 3, 1), ended_on=date(2019, 5, 1),
               planned_end=date(2019, 6, 20))  # fmt: skip
    assert reminder_send_all(today=TODAY).reminders == []


def test_the_reminder_is_mailed_once_and_shown_on_the_notifications_page(
    make_user, client_for, ending
):
    clerk = make_user("clerk", scope=["451024"])
    clerk.email = "debao@example.org"
    clerk.save()
    reminder_send_all(today=TODAY)
    reminder_send_all(today=TODAY)
    assert len(mail.outbox) == 1 and "李明" in mail.outbox[0].subject
    page = client_for(clerk).get("/notifications/").content.decode()
    assert "李明" in page and "/exchange/in-post/" in page


def test_the_command_reminds_and_a_dry_run_changes_nothing(make_user, ending, capsys):
    make_user("clerk", scope=["451024"])
    call_command("exchange", "remind", "--today", "2019-06-01", "--dry-run")
    assert not Notification.objects.filter(subject_key__endswith=ending.uid).exists()
    call_command("exchange", "remind", "--today", "2019-06-01")
    assert Notification.objects.filter(subject_key__endswith=ending.uid).exists()
