"""`xiezuo reports send`: each coordinator's monthly summary — the dashboard's figures of
his places and the overdue work items — mailed once a month, in his language."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from xiezuo.plans.tests.factories import document, work_item
from xiezuo.reports.models import SummarySent
from xiezuo.reports.summaries import summary_send_all

pytestmark = pytest.mark.django_db

DAY = date(2019, 3, 5)


@pytest.fixture
def coordinator(make_user):
    user = make_user("coordinator", scope=["4510"], username="baise-coordinator")
    user.email = "coordinator@baise.example"
    user.save()
    return user


@pytest.fixture
def overdue_item():
    doc = document("2019年百色备忘录", ["劳务协作"], starts_on=date(2019, 1, 1),
                   ends_on=date(2019, 12, 31))  # fmt: skip
    return work_item(doc, 1, "组织专场招聘会", where=["451024"], starts_on=date(2019, 1, 1),
                     due_on=date(2019, 2, 28))  # fmt: skip


def test_a_coordinator_gets_the_figures_of_his_place_and_the_overdue_items(
    coordinator, overdue_item
):
    result = summary_send_all(today=DAY)
    assert result.emails == 1
    (message,) = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert "2019年3月" in message.subject
    assert "百色市 · 2019" in message.body
    assert "新增引导到广东就业" in message.body
    assert "组织专场招聘会" in message.body and "已逾期 5 天" in message.body
    assert f"/plans/items/{overdue_item.pk}/" in message.body
    assert "/dashboard/?place=4510&year=2019" in message.body


def test_a_second_run_in_the_same_month_sends_nothing(coordinator):
    summary_send_all(today=DAY)
    mail.outbox.clear()
    again = summary_send_all(today=date(2019, 3, 28))
    assert again.emails == 0 and mail.outbox == []
    assert SummarySent.objects.filter(user=coordinator, month="201903").count() == 1
    summary_send_all(today=date(2019, 4, 1))  # a new month
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_only_coordinators_with_an_address_are_sent_one(coordinator, make_user):
    viewer = make_user("viewer", scope=["4510"])
    viewer.email = "viewer@baise.example"
    viewer.save()
    make_user("coordinator", scope=["4512"])  # no address
    summary_send_all(today=DAY)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_a_mail_that_failed_is_tried_again_by_the_next_run(coordinator, monkeypatch):
    import smtplib

    from django.core.mail import EmailMessage

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPException("down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", refuse)
        assert summary_send_all(today=DAY).failed == 1
    assert SummarySent.objects.get(user=coordinator, month="201903").emailed_at is None
    assert summary_send_all(today=DAY).emails == 1


def test_the_mail_is_in_the_sites_language(coordinator, settings):
    settings.LANGUAGE_CODE = "en"
    summary_send_all(today=DAY)
    (message,) = mail.outbox
    assert "monthly summary" in message.subject and "March 2019" in message.subject
    assert "Workers newly placed in Guangdong" in message.body


def test_the_command_sends_and_says_how_many(coordinator):
    out = StringIO()
    call_command("reports", "send", "--today", "2019-03-05", "--dry-run", stdout=out)
    assert "baise-coordinator" in out.getvalue() and mail.outbox == []
    out = StringIO()
    call_command("reports", "send", "--today", "2019-03-05", stdout=out)
    assert len(mail.outbox) == 1
    assert "1" in out.getvalue()
