"""Writes of data values: one at a time (entry) or in batches (import, demo, derived figures).

Every update and delete leaves a DataValueChange (who, when, old → new); a
new value carries its author and time itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .checking import CleanValue, Conflict, ValueChecker
from .models import DataValue, DataValueChange


def _shown(value: Decimal | None, text: str) -> str:
    if value is None:
        return text
    normalised = value.normalize()
    return f"{normalised:f}"


@dataclass
class WriteSummary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0


def _key(clean: CleanValue) -> tuple[int, int, str, str]:
    return (clean.element.pk, clean.place_id, clean.period.id, clean.disaggregation)


def values_write(
    cleans: Iterable[CleanValue],
    *,
    actor: Any = None,
    strategy: str = "CREATE_AND_UPDATE",
    source: str = "reported",
    dry_run: bool = False,
) -> WriteSummary:
    """Write a batch of checked values (strategy as DHIS2's importStrategy).

    CREATE_AND_UPDATE writes all; CREATE ignores values that exist; UPDATE
    ignores values that do not; DELETE removes the values given. A value
    equal to the stored one is ignored. Call inside a transaction for an
    all-or-nothing import.
    """
    batch = {_key(c): c for c in cleans}
    summary = WriteSummary()
    if not batch:
        return summary
    existing: dict[tuple[int, int, str, str], DataValue] = {}
    element_ids = {k[0] for k in batch}
    place_ids = {k[1] for k in batch}
    period_ids = {k[2] for k in batch}
    for value in DataValue.objects.filter(
        data_element_id__in=element_ids, place_id__in=place_ids, period__in=period_ids
    ):
        key = (value.data_element_id, value.place_id, value.period, value.disaggregation)
        if key in batch:
            existing[key] = value
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    creates: list[DataValue] = []
    updates: list[DataValue] = []
    deletes: list[DataValue] = []
    changes: list[DataValueChange] = []
    for key, clean in batch.items():
        current = existing.get(key)
        if strategy == "DELETE":
            if current is None:
                summary.ignored += 1
                continue
            deletes.append(current)
            changes.append(_change(current, DataValueChange.Action.DELETE, "", user))
            continue
        if current is None:
            if strategy == "UPDATE":
                summary.ignored += 1
                continue
            creates.append(
                DataValue(
                    data_element=clean.element,
                    place_id=clean.place_id,
                    place_code=clean.place_code,
                    period=clean.period.id,
                    start_month=clean.period.start,
                    end_month=clean.period.end,
                    disaggregation=clean.disaggregation,
                    value=clean.value,
                    text=clean.text,
                    comment=clean.comment,
                    source=source,
                    stored_by=user,
                    created_at=now,
                    updated_at=now,
                )
            )
            continue
        if strategy == "CREATE" or (
            current.value == clean.value
            and current.text == clean.text
            and current.comment == clean.comment
        ):
            summary.ignored += 1
            continue
        changes.append(
            _change(current, DataValueChange.Action.UPDATE, _shown(clean.value, clean.text), user)
        )
        current.value, current.text, current.comment = clean.value, clean.text, clean.comment
        current.stored_by, current.updated_at, current.source = user, now, source
        updates.append(current)
    summary.imported, summary.updated, summary.deleted = len(creates), len(updates), len(deletes)
    if dry_run:
        return summary
    if creates:
        DataValue.objects.bulk_create(creates, batch_size=2000)
    if updates:
        DataValue.objects.bulk_update(
            updates,
            ["value", "text", "comment", "stored_by", "updated_at", "source"],
            batch_size=2000,
        )
    if deletes:
        DataValue.objects.filter(pk__in=[v.pk for v in deletes]).delete()
    if changes:
        DataValueChange.objects.bulk_create(changes, batch_size=2000)
    return summary


def _change(current: DataValue, action: str, new: str, user: Any) -> DataValueChange:
    return DataValueChange(
        data_element_id=current.data_element_id,
        place_id=current.place_id,
        period=current.period,
        disaggregation=current.disaggregation,
        action=action,
        old_value=_shown(current.value, current.text),
        new_value=new,
        changed_by=user,
    )


@transaction.atomic
def value_set(
    *,
    actor: Any,
    element: str,
    place: str,
    period: str,
    disaggregation: str = "",
    value: str,
    comment: str = "",
    checker: ValueChecker | None = None,
) -> CleanValue:
    """Save one value (entry): checked, written, its change kept. ValidationError if bad."""
    checker = checker or ValueChecker()
    result = checker.check(
        element=element,
        place=place,
        period=period,
        disaggregation=disaggregation,
        value=value,
        comment=comment,
    )
    if isinstance(result, Conflict):
        raise ValidationError({result.field: result.message})
    values_write([result], actor=actor)
    return result


@transaction.atomic
def value_delete(
    *, actor: Any, element: str, place: str, period: str, disaggregation: str = ""
) -> bool:
    checker = ValueChecker()
    result = checker.check(
        element=element, place=place, period=period, disaggregation=disaggregation, deleting=True
    )
    if isinstance(result, Conflict):
        raise ValidationError({result.field: result.message})
    return values_write([result], actor=actor, strategy="DELETE").deleted == 1
