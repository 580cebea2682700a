"""Permission-matrix entries for the notifications (reminders of work items)."""

from __future__ import annotations

from typing import Any

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import INSIDE, Endpoint
from xiezuo.plans.models import Notification, WorkItem


def _notification(user: Any, where: str, client: Any) -> Notification:
    """Inside: one of the user's own notifications; outside: another user's."""
    owner = user if where == INSIDE else client.make_other()
    item = WorkItem.objects.order_by("pk").first()  # a demo item
    assert item is not None
    return Notification.objects.create(user=owner, item=item, kind="overdue", due_on=item.due_on)


ENDPOINTS = [
    Endpoint("page notification read", Role.VIEWER,
             call=lambda c, u, w: c.post(f"/notifications/{_notification(u, w, c).pk}/read/")),
    Endpoint("page notification read all", Role.VIEWER, scoped=False,
             call=lambda c, u, w: c.post("/notifications/read-all/")),
]  # fmt: skip

READ_ONLY_PAGES = {"plan_notification_list"}
WRITE_PAGES = {
    "plan_notification_read": "page notification read",
    "plan_notification_read_all": "page notification read all",
}
