"""Reads for accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken, User


def token_list(*, user: User | None = None) -> QuerySet[ApiToken]:
    qs = ApiToken.objects.select_related("user")
    if user is not None:
        qs = qs.filter(user=user)
    return qs.order_by("-created_at")
