"""Reminders (`xiezuo plans remind`): which items, whom, once only, by mail and in the app.

The test items sit in Du'an (451228) under an organisation of their own, so
the demo's items and users do not answer for them; the demo's own overdue
items are reminded too on each run, which the assertions leave aside.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from xiezuo.accounts.models import User
from xiezuo.places.models import Organisation, Place
from xiezuo.places.services import organisation_create
from xiezuo.plans import reminders, services
from xiezuo.plans.models import Document, Notification, WorkItem

from . import factories

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 3)
COUNTY = "451228"  # 都安瑶族自治县: no demo item answers for it


@pytest.fixture
def lead() -> Organisation:
    return organisation_create(
        name="都安县扶贫开发办公室（测试）",
        kind="government",
        place=Place.objects.get(code=COUNTY),
        side="helped",
    )


@pytest.fixture
def document() -> Document:
    return factories.document(
        "2024年测试备忘录", ["劳务协作"], starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31)
    )


@pytest.fixture
def item_due(document, lead):
    """item_due(days from TODAY, places=[COUNTY]) -> a work item not done."""

    def make(days: int, places: tuple[str, ...] = (COUNTY,), **fields) -> WorkItem:
        return services.item_create(
            document=document,
            category=document.categories.get(),
            title=fields.pop("title", f"到期测试事项 {days}"),
            lead=fields.pop("lead", lead),
            places=Place.objects.filter(code__in=places),
            starts_on=date(2024, 1, 1),
            due_on=TODAY + timedelta(days=days),
            **fields,
        )

    return make


@pytest.fixture
def member(make_user, lead):
    """A clerk of the lead organisation, with an email address."""
    user = make_user("clerk", scope=[COUNTY], organisation=lead, username="duan-clerk")
    user.email = "duan-clerk@example.org"
    user.save()
    return user


def notes(item: WorkItem, user: User | None = None):
    qs = Notification.objects.filter(item=item)
    if user is not None:
        qs = qs.filter(user=user)
    return qs


def mails_to(user: User) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if user.email in m.to]


# --- which items -----------------------------------------------------------------------


def test_an_item_due_in_exactly_n_days_is_reminded_and_one_a_day_later_is_not(item_due, member):
    on_the_edge = item_due(7)
    beyond = item_due(8)
    reminders.reminder_send_all(today=TODAY, days=7)
    assert list(notes(on_the_edge).values_list("user__username", "kind", "due_on")) == [
        ("duan-clerk", "due_soon", TODAY + timedelta(days=7))
    ]
    assert not notes(beyond).exists()


def test_the_window_follows_the_days_asked_for(item_due, member):
    item = item_due(3)
    reminders.reminder_send_all(today=TODAY, days=2)
    assert not notes(item).exists()
    reminders.reminder_send_all(today=TODAY, days=3)
    assert notes(item).count() == 1


def test_an_item_due_today_is_due_soon_not_overdue(item_due, member):
    item = item_due(0)
    reminders.reminder_send_all(today=TODAY)
    assert notes(item).get().kind == "due_soon"


def test_an_item_past_its_due_date_is_overdue(item_due, member):
    item = item_due(-1)
    reminders.reminder_send_all(today=TODAY)
    assert notes(item).get().kind == "overdue"


def test_a_done_item_is_never_reminded(item_due, member):
    reported = item_due(2, title="已完成的事项")
    services.update_create(
        item=reported, user=member, text="全部完成", percent=100, reported_on=TODAY
    )
    ticked = item_due(-5, title="节点均已完成的事项")
    milestone = services.milestone_create(item=ticked, title="唯一节点", due_on=TODAY)
    services.milestone_tick(milestone=milestone, user=member, done_on=TODAY - timedelta(days=10))
    reminders.reminder_send_all(today=TODAY)
    assert not notes(reported).exists()
    assert not notes(ticked).exists()


def test_done_is_the_status_on_the_runs_date(item_due, member):
    item = item_due(-3)
    services.update_create(
        item=item, user=member, text="完成", percent=100, reported_on=TODAY - timedelta(days=1)
    )
    reminders.reminder_send_all(today=TODAY - timedelta(days=2))  # not yet done then: overdue
    assert notes(item).get().kind == "overdue"


# --- whom ------------------------------------------------------------------------------


def test_the_lead_organisations_members_and_the_places_own_users_are_reminded(
    item_due, member, make_user, lead
):
    item = item_due(1)
    make_user("clerk", scope=[COUNTY], username="county-clerk")
    make_user("approver", scope=[COUNTY], username="county-approver")
    lead_viewer = make_user("viewer", scope=[COUNTY], organisation=lead, username="lead-viewer")
    prefecture = make_user("coordinator", scope=["4512"], username="hechi-coordinator")
    elsewhere = make_user("clerk", scope=["451024"], username="debao-clerk-2")
    gone = make_user("clerk", scope=[COUNTY], organisation=lead, username="gone")
    gone.is_active = False
    gone.save()
    reminders.reminder_send_all(today=TODAY)
    reminded = set(notes(item).values_list("user__username", flat=True))
    assert reminded == {"duan-clerk", "county-clerk", "county-approver"}
    assert not {lead_viewer.username, prefecture.username, elsewhere.username} & reminded


def test_supporting_organisations_are_not_reminded(item_due, member, make_user):
    helper = Organisation.objects.get(name="深圳市对口帮扶办公室")
    helper_clerk = make_user("clerk", scope=["4403"], organisation=helper, username="sz-clerk")
    item = item_due(1, supporting=[helper])
    reminders.reminder_send_all(today=TODAY)
    assert not notes(item, helper_clerk).exists()


def test_a_user_answers_for_an_item_through_the_lead_alone(item_due, make_user, lead):
    lead_member = make_user("clerk", scope=["4510"], organisation=lead, username="lead-only")
    item = item_due(1, places=())
    reminders.reminder_send_all(today=TODAY)
    assert list(notes(item).values_list("user__username", flat=True)) == ["lead-only"]
    assert lead_member.scope_places.filter(code=COUNTY).count() == 0


# --- once only -------------------------------------------------------------------------


def test_a_second_run_creates_and_sends_nothing(item_due, member):
    item_due(1)
    item_due(-2)
    first = reminders.reminder_send_all(today=TODAY)
    assert first.reminders and len(mails_to(member)) == 1
    count, sent = Notification.objects.count(), len(mail.outbox)
    second = reminders.reminder_send_all(today=TODAY)
    assert second.reminders == [] and second.emails == 0
    assert Notification.objects.count() == count
    assert len(mail.outbox) == sent


def test_a_second_run_on_a_later_day_sends_nothing_for_the_same_due_date(item_due, member):
    item = item_due(1)
    reminders.reminder_send_all(today=TODAY)
    reminders.reminder_send_all(today=TODAY + timedelta(days=1))
    assert notes(item).count() == 1
    assert len(mails_to(member)) == 1


def test_a_changed_due_date_reminds_again(item_due, member):
    item = item_due(1)
    reminders.reminder_send_all(today=TODAY)
    services.item_update(item=item, due_on=TODAY + timedelta(days=5))
    reminders.reminder_send_all(today=TODAY)
    assert sorted(notes(item).values_list("due_on", flat=True)) == [
        TODAY + timedelta(days=1),
        TODAY + timedelta(days=5),
    ]
    assert len(mails_to(member)) == 2


def test_an_item_due_soon_that_becomes_overdue_is_reminded_of_both(item_due, member):
    item = item_due(1)
    reminders.reminder_send_all(today=TODAY)
    reminders.reminder_send_all(today=TODAY + timedelta(days=2))
    assert sorted(notes(item).values_list("kind", flat=True)) == ["due_soon", "overdue"]


def test_only_new_notifications_are_mailed(item_due, member, make_user):
    item = item_due(1)
    other = make_user("clerk", scope=[COUNTY], username="county-clerk")
    other.email = "county-clerk@example.org"
    other.save()
    mailed = timezone.now() - timedelta(days=1)  # an earlier run made and mailed it
    Notification.objects.create(
        user=member, item=item, kind="due_soon", due_on=item.due_on, emailed_at=mailed
    )
    started = timezone.now()
    result = reminders.reminder_send_all(today=TODAY)
    assert mails_to(member) == []
    assert len(mails_to(other)) == 1
    assert notes(item, member).get().emailed_at == mailed
    assert notes(item, other).get().emailed_at >= started
    assert [r.user for r in result.reminders if r.item == item] == [other]


def test_a_user_without_an_email_gets_the_notification_only(item_due, make_user, lead):
    silent = make_user("clerk", scope=[COUNTY], organisation=lead, username="no-mail")
    assert silent.email == ""
    item = item_due(1)
    sent_before = len(mail.outbox)
    reminders.reminder_send_all(today=TODAY)
    assert notes(item, silent).get().emailed_at is None
    assert len(mail.outbox) == sent_before


def test_a_dry_run_creates_and_sends_nothing(item_due, member):
    item = item_due(1)
    result = reminders.reminder_send_all(today=TODAY, dry_run=True)
    assert any(r.item == item and r.user == member for r in result.reminders)
    assert result.emails >= 1
    assert not notes(item).exists()
    assert mail.outbox == []


# --- the mail --------------------------------------------------------------------------


def test_one_mail_per_user_lists_each_new_item_with_a_link_to_its_page(item_due, member, settings):
    settings.XIEZUO_SITE_URL = "https://xiezuo.example.org/"
    soon = item_due(2, title="组织专场招聘会")
    late = item_due(-4, title="建立“两后生”就业台账 & 名册")
    reminders.reminder_send_all(today=TODAY)
    [message] = mails_to(member)
    assert message.to == ["duan-clerk@example.org"]
    assert f"https://xiezuo.example.org/plans/items/{soon.pk}/" in message.body
    assert f"https://xiezuo.example.org/plans/items/{late.pk}/" in message.body
    assert "组织专场招聘会" in message.body
    assert "建立“两后生”就业台账 & 名册" in message.body  # plain text, not escaped HTML


def test_the_mail_is_in_chinese_by_default(item_due, member):
    item = item_due(-4, title="建立转移就业台账")
    with translation.override("en"):  # the run's language does not choose the mail's
        reminders.reminder_send_all(today=TODAY)
    [message] = mails_to(member)
    assert "逾期" in message.subject and item.title in message.subject
    assert "（已逾期 4 天）" in message.body
    assert "2024年5月30日" in message.body


def test_a_mail_that_fails_leaves_the_notification_and_is_tried_again_once(
    item_due, member, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    item = item_due(1)
    result = reminders.reminder_send_all(today=TODAY)
    assert result.failed == 1 and result.emails == 0
    assert notes(item, member).get().emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resent = timezone.now()
    again = reminders.reminder_send_all(today=TODAY)
    assert again.emails == 1 and again.reminders == []  # no new notification, the mail resent
    assert [item.title in m.body for m in mails_to(member)] == [True]
    assert notes(item, member).get().emailed_at >= resent
    assert reminders.reminder_send_all(today=TODAY).emails == 0


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise OSError("connection refused")


# --- the command -----------------------------------------------------------------------


def test_the_command_prints_a_summary_in_the_active_language(item_due, member):
    item_due(1)
    out = StringIO()
    call_command("plans", "remind", "--today", TODAY.isoformat(), stdout=out)
    assert re.fullmatch(r"提醒 \d+ 条，邮件 1 封\n", out.getvalue())  # the demo's are counted too
    out = StringIO()
    with translation.override("en"):
        call_command("plans", "remind", "--today", TODAY.isoformat(), stdout=out)
    assert out.getvalue().strip() == "0 reminders, 0 emails"


def test_the_command_sends_once_however_often_it_runs(item_due, member):
    item_due(3)
    for _ in range(2):
        call_command(
            "plans", "remind", "--today", TODAY.isoformat(), "--days", "3", stdout=StringIO()
        )
    assert len(mails_to(member)) == 1


def test_the_command_dry_run_lists_what_it_would_send(item_due, member):
    item = item_due(1, title="组织专场招聘会")
    out = StringIO()
    call_command("plans", "remind", "--today", TODAY.isoformat(), "--dry-run", stdout=out)
    assert "duan-clerk" in out.getvalue() and "组织专场招聘会" in out.getvalue()
    assert not notes(item).exists()


@pytest.mark.parametrize("args", [["--today", "2024-13-01"], ["--days", "-1"], ["--days", "x"]])
def test_the_command_refuses_bad_arguments(args):
    with pytest.raises(CommandError):
        call_command("plans", "remind", *args, stdout=StringIO())
