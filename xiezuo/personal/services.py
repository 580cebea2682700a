"""Recording who saw personal information unmasked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import models, transaction

from xiezuo.accounts.models import User

from .models import Action, PersonalDataView

# an export of more records than this keeps their count and description, not their ids
MAX_IDS = 1000


@transaction.atomic
def record_view(
    *,
    user: User,
    objects: Iterable[models.Model] | models.QuerySet,
    action: Action | str = Action.VIEW,
    where: str,
    description: str = "",
) -> list[PersonalDataView]:
    """Record that `user` was shown (or exported) the personal information of `objects`,
    on the page or endpoint `where`: one row per kind of record. A queryset (an
    export) is counted in the database; its ids are kept up to MAX_IDS."""
    by_model: dict[str, list[int | str]] = {}
    counts: dict[str, int] = {}
    if isinstance(objects, models.QuerySet):
        label = objects.model._meta.label
        counts[label] = objects.count()
        ids = list(objects.values_list("pk", flat=True)[: MAX_IDS + 1])
        by_model[label] = ids
    else:
        for obj in objects:
            label = obj._meta.label
            by_model.setdefault(label, []).append(obj.pk)
            counts[label] = counts.get(label, 0) + 1
    rows = []
    for label, ids in by_model.items():
        kept: Sequence[int | str] = ids if len(ids) <= MAX_IDS else []
        rows.append(
            PersonalDataView.objects.create(
                user=user,
                action=Action(action),
                model=label,
                object_ids=list(kept),
                count=counts[label],
                description=description[:500],
                where=where[:500],
            )
        )
    return rows
