"""The notifications page: one's own reminders, newest first, marked read one by one or all."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from xiezuo.plans.models import Notification, WorkItem

pytestmark = pytest.mark.django_db


def items(n: int) -> list[WorkItem]:
    return list(WorkItem.objects.filter(document__kind="memorandum").order_by("number")[:n])


def notify(user, item: WorkItem, kind: str = "overdue", **fields) -> Notification:
    return Notification.objects.create(
        user=user, item=item, kind=kind, due_on=item.due_on, **fields
    )


@pytest.fixture
def clerk(client_for):
    return client_for("clerk", scope=["451024"])


def test_the_list_shows_ones_own_notifications_newest_first_with_links_to_the_items(
    clerk, make_user
):
    first, second, third = items(3)
    older = notify(clerk.user, first)
    newer = notify(clerk.user, second, kind="due_soon")
    notify(make_user("clerk"), third)  # someone else's
    page = clerk.get("/notifications/").content.decode()
    assert page.index(f'id="notification-{newer.pk}"') < page.index(f'id="notification-{older.pk}"')
    assert f"/plans/items/{first.pk}/" in page and f"/plans/items/{second.pk}/" in page
    assert f"/plans/items/{third.pk}/" not in page
    assert "已逾期" in page and "即将到期" in page


def test_unread_notifications_are_highlighted_and_read_ones_are_not(clerk):
    first, second = items(2)
    unread = notify(clerk.user, first)
    read = notify(clerk.user, second, read_at=timezone.now())
    page = clerk.get("/notifications/").content.decode()
    assert f'id="notification-{unread.pk}" class="notification unread"' in page
    assert f'id="notification-{read.pk}" class="notification read"' in page
    assert "1 条未读" in page


def test_the_list_can_show_the_unread_only(clerk):
    first, second = items(2)
    notify(clerk.user, first)
    read = notify(clerk.user, second, read_at=timezone.now())
    page = clerk.get("/notifications/?unread=1").content.decode()
    assert f'id="notification-{read.pk}"' not in page


def test_an_empty_list_says_so(clerk):
    assert "暂无通知" in clerk.get("/notifications/").content.decode()


def test_marking_one_read_records_when_and_returns_to_the_list(clerk):
    note = notify(clerk.user, items(1)[0])
    clicked = timezone.now()
    response = clerk.post(f"/notifications/{note.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    note.refresh_from_db()
    assert clicked <= note.read_at <= timezone.now()


def test_marking_read_by_htmx_answers_with_the_row(clerk):
    note = notify(clerk.user, items(1)[0])
    response = clerk.post(f"/notifications/{note.pk}/read/", HTTP_HX_REQUEST="true")
    row = response.content.decode()
    assert row.lstrip().startswith(f'<tr id="notification-{note.pk}" class="notification read"')
    assert "<html" not in row
    # the counts on the page and in the nav follow, swapped out of band
    assert '<span id="unread-summary" hx-swap-oob="true">0 条未读</span>' in row
    assert '<span class="badge" id="nav-unread" hx-swap-oob="true"></span>' in row


def test_marking_read_twice_keeps_the_first_time(clerk):
    note = notify(clerk.user, items(1)[0], read_at=timezone.make_aware(datetime(2024, 1, 2, 9)))
    clerk.post(f"/notifications/{note.pk}/read/")
    note.refresh_from_db()
    assert note.read_at.date() == date(2024, 1, 2)


def test_another_users_notification_cannot_be_marked_read(clerk, make_user):
    note = notify(make_user("clerk"), items(1)[0])
    assert clerk.post(f"/notifications/{note.pk}/read/").status_code == 403
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_read_wants_a_post(clerk):
    note = notify(clerk.user, items(1)[0])
    assert clerk.get(f"/notifications/{note.pk}/read/").status_code == 405


def test_mark_all_read_marks_ones_own_only(clerk, make_user):
    first, second = items(2)
    mine = [notify(clerk.user, first), notify(clerk.user, second)]
    theirs = notify(make_user("clerk"), first)
    response = clerk.post("/notifications/read-all/", follow=True)
    assert "已将 2 条通知标记为已读" in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_the_nav_shows_the_unread_count(clerk):
    first, second = items(2)
    notify(clerk.user, first)
    notify(clerk.user, second)
    page = clerk.get("/notifications/").content.decode()
    assert '<span class="badge" id="nav-unread">2</span>' in page
    Notification.objects.update(read_at=timezone.now())
    page = clerk.get("/").content.decode()
    assert 'id="nav-notifications"' in page and 'id="nav-unread"' not in page


def test_the_nav_count_costs_one_query(clerk, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = clerk.user
    template = Template("{% load plan_notifications %}{% unread_notifications as n %}{{ n }}")
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request})) == "0"
