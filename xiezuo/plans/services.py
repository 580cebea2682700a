"""Writes for the work plan: documents, categories, items, milestones, targets, updates,
and notifications marked read.

Each write checks its input and raises a ValidationError keyed by field in
the user's language; nothing is half-written. Permissions are the caller's
business (views and API ask the policy first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts.models import User
from xiezuo.indicators.models import DataElement, Indicator
from xiezuo.indicators.targets import target_clean
from xiezuo.places.models import Organisation, Place
from xiezuo.uploads import MAX_UPLOAD_BYTES, upload_check

from .models import (
    Category,
    Document,
    DocumentKind,
    Evidence,
    Milestone,
    Notification,
    ProgressUpdate,
    Target,
    WorkItem,
)

MAX_EVIDENCE_BYTES = MAX_UPLOAD_BYTES

_DOCUMENT_FIELDS = ("kind", "title", "signed_on", "starts_on", "ends_on", "summary", "illustrative")
_ITEM_FIELDS = ("category", "title", "description", "lead", "starts_on", "due_on", "illustrative")


def _check_span(starts_on: date | None, ends_on: date | None, field: str) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({field: [_("The end date is before the start date.")]})


# --- documents -------------------------------------------------------------------


@transaction.atomic
def document_create(
    *,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date,
    signed_on: date | None = None,
    parties: Iterable[Organisation] = (),
    summary: str = "",
    file: UploadedFile | None = None,
    illustrative: bool = False,
    categories: Sequence[str] = (),
) -> Document:
    """A new document, optionally with its categories numbered 1, 2, … in order."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("Unknown kind of document.")]})
    _check_span(starts_on, ends_on, "ends_on")
    document = Document(
        kind=kind,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        signed_on=signed_on,
        summary=summary,
        illustrative=illustrative,
    )
    if file is not None:
        document.file = file
    document.full_clean()
    document.save()
    document.parties.set(list(parties))
    for number, name in enumerate(categories, start=1):
        category_create(document=document, name=name, number=number)
    return document


@transaction.atomic
def document_update(
    *, document: Document, parties: Iterable[Organisation] | None = None, **fields: Any
) -> Document:
    for name, value in fields.items():
        if name not in _DOCUMENT_FIELDS and name != "file":
            raise TypeError(f"not a document field: {name}")
        setattr(document, name, value)
    _check_span(document.starts_on, document.ends_on, "ends_on")
    document.full_clean()
    document.save()
    if parties is not None:
        document.parties.set(list(parties))
    return document


@transaction.atomic
def category_create(*, document: Document, name: str, number: int | None = None) -> Category:
    if number is None:
        number = (document.categories.aggregate(n=Max("number"))["n"] or 0) + 1
    category = Category(document=document, name=name.strip(), number=number)
    category.full_clean()
    category.save()
    return category


# --- work items ------------------------------------------------------------------


def _check_item(item: WorkItem) -> None:
    errors: dict[str, list[str]] = {}
    if item.starts_on and item.due_on and item.due_on < item.starts_on:
        errors["due_on"] = [_("The due date is before the start.")]
    if item.category_id and item.document_id and item.category.document_id != item.document_id:
        errors["category"] = [_("This category belongs to another document.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def item_create(
    *,
    document: Document,
    category: Category,
    title: str,
    lead: Organisation,
    starts_on: date,
    due_on: date,
    description: str = "",
    supporting: Iterable[Organisation] = (),
    places: Iterable[Place] = (),
    number: int | None = None,
    illustrative: bool = False,
) -> WorkItem:
    """A new work item; numbered after the document's last unless a number is given."""
    if number is None:
        number = (document.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = WorkItem(
        document=document,
        category=category,
        number=number,
        title=title.strip(),
        description=description,
        lead=lead,
        starts_on=starts_on,
        due_on=due_on,
        illustrative=illustrative,
    )
    _check_item(item)
    item.full_clean()
    item.save()
    item.supporting.set([o for o in supporting if o.pk != lead.pk])
    item.places.set(list(places))
    return item


@transaction.atomic
def item_update(
    *,
    item: WorkItem,
    supporting: Iterable[Organisation] | None = None,
    places: Iterable[Place] | None = None,
    **fields: Any,
) -> WorkItem:
    for name, value in fields.items():
        if name not in _ITEM_FIELDS:
            raise TypeError(f"not a work item field: {name}")
        setattr(item, name, value)
    _check_item(item)
    item.full_clean()
    item.save()
    if supporting is not None:
        item.supporting.set([o for o in supporting if o.pk != item.lead_id])
    if places is not None:
        item.places.set(list(places))
    return item


# --- milestones --------------------------------------------------------------------


@transaction.atomic
def milestone_create(*, item: WorkItem, title: str, due_on: date) -> Milestone:
    milestone = Milestone(item=item, title=title.strip(), due_on=due_on)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_tick(
    *,
    milestone: Milestone,
    user: User,
    done_on: date | None = None,
    note: str = "",
    files: Sequence[UploadedFile] = (),
) -> Milestone:
    """Mark a milestone done on a date (default today), with evidence files."""
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("A milestone cannot be done in the future.")]})
    for upload in files:  # every file checked before anything is written
        evidence_check(upload=upload)
    milestone.done_on = done_on
    milestone.done_by = user
    if note:
        milestone.note = note
    milestone.full_clean()
    milestone.save()
    _attach_all(files, user=user, milestone=milestone)
    return milestone


@transaction.atomic
def milestone_untick(*, milestone: Milestone) -> Milestone:
    milestone.done_on = None
    milestone.done_by = None
    milestone.save()
    return milestone


# --- targets -----------------------------------------------------------------------


@transaction.atomic
def target_create(
    *,
    item: WorkItem,
    figure: DataElement | Indicator,
    place: Place,
    period: str,
    value: Decimal | int | str,
    options: str = "",
) -> Target:
    """A measurable target of an item, checked against the catalogue."""
    key, period_id, amount = target_clean(
        figure=figure, period=period, value=value, options=options
    )
    target = Target(
        item=item,
        data_element=figure if isinstance(figure, DataElement) else None,
        indicator=figure if isinstance(figure, Indicator) else None,
        options=key,
        place=place,
        period=period_id,
        value=amount,
    )
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def target_delete(*, target: Target) -> None:
    target.delete()


# --- progress ----------------------------------------------------------------------


@transaction.atomic
def update_create(
    *,
    item: WorkItem,
    user: User,
    text: str,
    percent: int | None = None,
    reported_on: date | None = None,
    files: Sequence[UploadedFile] = (),
) -> ProgressUpdate:
    """Post a progress update (kept for good: updates are never edited)."""
    reported_on = reported_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Say what was done.")]
    if percent is not None and not 0 <= percent <= 100:
        errors["percent"] = [_("The percentage must lie between 0 and 100.")]
    if reported_on > timezone.localdate():
        errors["reported_on"] = [_("An update cannot be dated in the future.")]
    for upload in files:
        try:
            evidence_check(upload=upload)
        except ValidationError as error:
            errors.setdefault("files", []).extend(error.message_dict["files"])
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate(
        item=item, reported_on=reported_on, text=text.strip(), percent=percent, author=user
    )
    update.full_clean()
    update.save()
    _attach_all(files, user=user, update=update)
    return update


def evidence_check(*, upload: UploadedFile) -> None:
    """Refuse a file that is too big or of a kind offices do not use as evidence."""
    upload_check(upload=upload, field="files")


def _attach_all(
    files: Sequence[UploadedFile],
    *,
    user: User,
    update: ProgressUpdate | None = None,
    milestone: Milestone | None = None,
) -> list[Evidence]:
    """Store the files as evidence; should one fail, the files already stored are removed
    (the rows go with the transaction's rollback)."""
    stored: list[Evidence] = []
    try:
        for upload in files:
            stored.append(_attach(upload, user=user, update=update, milestone=milestone))
    except BaseException:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return stored


def _attach(
    upload: UploadedFile,
    *,
    user: User,
    update: ProgressUpdate | None = None,
    milestone: Milestone | None = None,
) -> Evidence:
    evidence_check(upload=upload)
    evidence = Evidence(
        update=update,
        milestone=milestone,
        name=PurePath(upload.name or "file").name[:200],
        content_type=(upload.content_type or "")[:100],
        size=upload.size or 0,
        uploaded_by=user,
    )
    evidence.file.save(evidence.name, upload, save=False)
    try:
        evidence.save()
    except BaseException:
        evidence.file.delete(save=False)
        raise
    return evidence


# --- notifications -----------------------------------------------------------------


def notification_read(*, notification: Notification) -> Notification:
    """Mark a notification read; one read already keeps its first time."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_read_all(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark a user's unread notifications read (all, or those of `ids`); returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
