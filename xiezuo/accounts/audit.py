"""The audit trail: django-auditlog records every create, update and delete of
the registered models; this module names the actor and reads the trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject


def _actor_of(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class AuditActorMiddleware:
    """Names the request's user as the actor of what it changes.

    The user is read lazily, when an entry is written, so that API requests
    authenticated by a token (which sets `request.user` later, in the API's
    authentication) are attributed too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = SimpleLazyObject(lambda: _actor_of(request))
        with set_actor(actor, remote_addr=request.META.get("REMOTE_ADDR")):
            return self.get_response(request)


def audit_trail(obj: Model) -> QuerySet[LogEntry]:
    """Every recorded change of one object, newest first."""
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk)
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
