"""Recording who saw personal information unmasked; re-encrypting it after a key rotation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.apps import apps
from django.db import models, transaction

from xiezuo.accounts.models import User
from xiezuo.texts import without_control

from .fields import encrypted_fields
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
    export) is counted in the database. The ids are kept when there are at most MAX_IDS;
    past that only the count and `description` (what was asked for)."""
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
                description=without_control(description)[:500],
                where=without_control(where)[:500],
            )
        )
    return rows


def personal_keys_rotate(*, only: Iterable[type[models.Model]] | None = None) -> dict[str, int]:
    """Encrypt every encrypted value again under the first key (of every model, or `only`
    these), so that the other keys can be dropped; the rows rewritten, by model label.
    Each model is rewritten in one transaction; lookup hashes do not change."""
    rewritten: dict[str, int] = {}
    for model in only if only is not None else apps.get_models():
        names = encrypted_fields(model)
        if not names:
            continue
        with transaction.atomic():
            count = 0
            # reading decrypts with any key; saving encrypts with the first
            for row in model._default_manager.values_list("pk", *names).iterator(chunk_size=2000):
                pk, *values = row
                model._default_manager.filter(pk=pk).update(**dict(zip(names, values, strict=True)))
                count += 1
        rewritten[model._meta.label] = count
    return rewritten
