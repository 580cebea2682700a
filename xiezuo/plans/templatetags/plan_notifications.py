"""{% unread_notifications as n %}: the signed-in user's unread reminders, for the nav."""

from __future__ import annotations

from django import template

from xiezuo.plans.selectors import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    """One COUNT query; 0 for anonymous visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return notification_unread_count(user=user)
