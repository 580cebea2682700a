"""The audit trail: django-auditlog records every create, update and delete of
the registered models; this module names the actor and reads the trail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
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


def audit_trail(*objects: Model) -> QuerySet[LogEntry]:
    """Every recorded change of the given objects (a place and its designations…), newest first."""
    by_type: dict[type[Model], list[str]] = defaultdict(list)
    for obj in objects:
        by_type[type(obj)].append(str(obj.pk))
    condition = Q(pk__in=[])
    for model, pks in by_type.items():
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_pk__in=pks)
    return (
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
