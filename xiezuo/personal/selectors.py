from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from .models import PersonalDataView


def personal_data_view_list(
    *, username: str = "", first: date | None = None, last: date | None = None
) -> QuerySet[PersonalDataView]:
    """The log of unmasked views, newest first: of one user (by user name), from `first`
    to `last` (days in the site's time zone, both included)."""
    views = PersonalDataView.objects.select_related("user")
    if username:
        views = views.filter(user__username=username)
    if first:
        views = views.filter(at__date__gte=first)
    if last:
        views = views.filter(at__date__lte=last)
    return views
