"""The audit trail: django-auditlog records every create, update and delete of
the registered models; this module names the actor and reads the trail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from xiezuo.paging import Capped, capped

AUDIT_SHOWN = 50  # the latest changes a record's page shows
# django-auditlog ships no Chinese; its action names are translated in our catalogue.
AUDITLOG_ACTIONS = (
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("access"),
)


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


@dataclass
class AuditRow:
    entry: LogEntry
    changes: list[tuple[str, str, str]]  # (field label, before, after)


def _field(model: type[Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def audit_history(*objects: Model, limit: int = AUDIT_SHOWN) -> Capped[AuditRow]:
    """The latest `limit` changes of the objects, made readable, and how many there are."""
    entries = capped(audit_trail(*objects), limit)
    return Capped(audit_rows(entries.items), entries.total)


def audit_rows(entries: Iterable[LogEntry]) -> list[AuditRow]:
    """Entries made readable: field labels, choice labels, related records by name.

    Related records are looked up in one query per model, not one per change.
    """
    entries = list(entries)
    wanted: dict[type[Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, change in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and field.many_to_one and isinstance(change, list):
                wanted[field.related_model].update(v for v in change if v not in (None, "None"))
    names = {
        model: {str(obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=pks)}
        for model, pks in wanted.items()
    }

    def show(field: Any, value: Any) -> str:
        if value in (None, "None", ""):
            return "—"
        if field is not None and field.many_to_one:
            return names.get(field.related_model, {}).get(str(value), str(value))
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field is not None and field.get_internal_type() == "BooleanField":
            return str(_("yes")) if value == "True" else str(_("no"))
        return str(value)

    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, change in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and field.auto_created and not field.concrete:
                continue  # a reverse relation ("plans.Milestone.None"): auditlog's noise
            label = (
                str(field.verbose_name)
                if field is not None and hasattr(field, "verbose_name")
                else name
            )
            if isinstance(change, dict):  # a many-to-many change
                objects = ", ".join(str(o) for o in change.get("objects", []))
                operation = str(change.get("operation", ""))
                changes.append((label, "", f"{operation}: {objects}"))
            else:
                before, after = [*change, None, None][:2]
                changes.append((label, show(field, before), show(field, after)))
        rows.append(AuditRow(entry=entry, changes=changes))
    return rows
