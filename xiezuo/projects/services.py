"""Writes for the project library: create, update, step the status, publish, budget lines, files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts.models import User
from xiezuo.amounts import amount_clean
from xiezuo.indicators.models import DataElement, Indicator
from xiezuo.indicators.targets import target_clean
from xiezuo.ledger import services as ledger_services
from xiezuo.ledger.models import Account, AccountKind
from xiezuo.places.models import Organisation, Place
from xiezuo.uploads import upload_check

from . import selectors
from .models import (
    PATH,
    BudgetLine,
    FundingSource,
    Kind,
    Project,
    ProjectFile,
    ProjectStep,
    ProjectTarget,
    Status,
)


def _check(
    project: Project, *, locations: list[Place] | None, partners: list[Organisation] | None
) -> None:
    """The invariants of a project about to be saved, a message per field."""
    errors: dict[str, list[str]] = {}
    if not project.name.strip():
        errors["name"] = [_("Give the project a name.")]
    if project.kind not in Kind.values:
        errors["kind"] = [_("“%s” is not a kind of project.") % project.kind]
    for start, end in (
        ("planned_start_on", "planned_end_on"),
        ("actual_start_on", "actual_end_on"),
    ):
        began, ended = getattr(project, start), getattr(project, end)
        if began and ended and ended < began:
            errors[end] = [_("The end is before the start.")]
    parent = project.parent
    seen = {project.pk} if project.pk else set()
    while parent is not None:
        if parent.pk in seen:
            errors["parent"] = [_("A project cannot be its own parent or ancestor.")]
            break
        seen.add(parent.pk)
        parent = parent.parent
    if partners is not None:
        wrong = [o.name for o in partners if o.side != Organisation.Side.HELPER]
        if wrong:
            errors["partners"] = [
                _("Not on the helper side: %(names)s.") % {"names": "、".join(wrong)}
            ]
    if errors:
        raise ValidationError(errors)


_FIELDS = (
    "name",
    "name_en",
    "kind",
    "sector",
    "planned_start_on",
    "planned_end_on",
    "implementing_organisation",
    "responsible_organisation",
    "parent",
    "households_expected",
    "people_expected",
    "households_reached",
    "people_reached",
    "benefit_mechanism",
    "note",
    "source",
)


@transaction.atomic
def project_create(
    *,
    name: str,
    kind: str,
    locations: Iterable[Place] = (),
    partners: Iterable[Organisation] = (),
    by: User | None = None,
    proposed_on: date | None = None,
    illustrative: bool = False,
    budget_lines: Sequence[Mapping[str, Any]] = (),
    **fields: Any,
) -> Project:
    """A new project, proposed on `proposed_on` (default today), with its budget lines
    (each {"source", "amount", "note"}; a refusal names `budget_lines.<i>.<field>`).
    `fields`: the other fields of a project (planned span, organisations, parent,
    beneficiaries, mechanism…)."""
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise TypeError(f"project_create() got unknown fields {sorted(unknown)}")
    project = Project(name=name, kind=kind, illustrative=illustrative, **fields)
    places, organisations = list(locations), list(partners)
    errors: dict[str, list[str]] = {}
    try:
        _check(project, locations=places, partners=organisations)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    lines = []
    for number, line in enumerate(budget_lines):
        try:
            lines.append(
                _budget_line_clean(source=line.get("source", ""), amount=line.get("amount"))
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors[f"budget_lines.{number}.{key}"] = messages
    if errors:
        raise ValidationError(errors)
    project.save()
    BudgetLine.objects.bulk_create(
        BudgetLine(project=project, source=source, amount=amount, note=line.get("note", ""))
        for (source, amount), line in zip(lines, budget_lines, strict=True)
    )
    project.locations.set(places)
    project.partners.set(organisations)
    ProjectStep.objects.create(
        project=project,
        status=Status.PROPOSED,
        stepped_on=proposed_on or timezone.localdate(),
        by=by,
    )
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    locations: Iterable[Place] | None = None,
    partners: Iterable[Organisation] | None = None,
    **changes: Any,
) -> Project:
    """Change the fields given (a field left out is left alone; None clears an optional one).
    The status moves only by `project_step`; publishing only by `project_publish`."""
    unknown = set(changes) - set(_FIELDS) - {"actual_start_on", "actual_end_on"}
    if unknown:
        raise TypeError(f"project_update() got unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        if name in ("name", "kind", "name_en", "sector", "benefit_mechanism", "note", "source"):
            value = value or ""
        setattr(project, name, value)
    places = list(locations) if locations is not None else None
    organisations = list(partners) if partners is not None else None
    _check(project, locations=places, partners=organisations)
    project.save()
    _account_span(project)
    if places is not None:
        project.locations.set(places)
    if organisations is not None:
        project.partners.set(organisations)
    return project


def next_statuses(project: Project) -> list[Status]:
    """Where a project may go from its status: the next step of the path, or cancelled."""
    current = Status(project.status)
    if current in (Status.ACCEPTED, Status.CANCELLED):
        return []
    return [PATH[PATH.index(current) + 1], Status.CANCELLED]


@transaction.atomic
def project_step(
    *, project: Project, status: str, on: date | None = None, by: User | None = None, note: str = ""
) -> ProjectStep:
    """Move a project one step along its path (or cancel it) on a day, recorded with who did it.
    Entering "in progress" and "completed" fill the actual start and end if they are empty."""
    day = on or timezone.localdate()
    allowed = next_statuses(project)
    if status not in allowed:
        current = Status(project.status).label
        if allowed:
            raise ValidationError(
                {
                    "status": _("From “%(current)s” a project may go only to: %(allowed)s.")
                    % {"current": current, "allowed": "、".join(str(s.label) for s in allowed)}
                }
            )
        raise ValidationError(
            {
                "status": _("A project that is “%(current)s” takes no more steps.")
                % {"current": current}
            }
        )
    if day > timezone.localdate():
        raise ValidationError({"on": _("The date of a step cannot be in the future.")})
    last = project.steps.order_by("-stepped_on", "-id").first()
    if last is not None and day < last.stepped_on:
        raise ValidationError(
            {
                "on": _("The date is before the previous step (“%(status)s”, %(day)s).")
                % {"status": Status(last.status).label, "day": last.stepped_on.isoformat()}
            }
        )
    project.status = status
    if status == Status.APPROVED:
        project_account(project=project, opened_on=day)
    if status == Status.CANCELLED and project.account is not None:
        ledger_services.account_close(account=project.account, on=day)  # no money moves after
    if status == Status.IN_PROGRESS and project.actual_start_on is None:
        project.actual_start_on = day
    if status == Status.COMPLETED and project.actual_end_on is None:
        project.actual_end_on = day
    project.save()
    _account_span(project)
    return ProjectStep.objects.create(
        project=project, status=status, stepped_on=day, by=by, note=note
    )


def project_account(*, project: Project, opened_on: date | None = None) -> Account:
    """The project's account in the fund ledger, opened (in its first location) if it has none:
    money is disbursed to it and spent from it."""
    if project.account is not None:
        return project.account
    place = project.locations.order_by("code").first()
    if place is None:
        raise ValidationError(
            {"locations": _("A project needs a place before money can reach it.")}
        )
    project.account = ledger_services.account_create(
        code=f"project-{project.uid}",
        kind=AccountKind.PROJECT,
        name_zh=project.name,
        name_en=project.name_en,
        place=place,
        opened_on=min(opened_on or timezone.localdate(), project.planned_start_on or date.max),
        illustrative=project.illustrative,
    )
    project.save(update_fields=["account"])
    _account_span(project)
    return project.account


def _account_span(project: Project) -> None:
    """The project's account takes money only within the project's span: up to its actual
    end, else its planned end (after it, what is left may only be returned)."""
    if project.account is not None:
        ledger_services.account_span_end(
            account=project.account, ends_on=project.actual_end_on or project.planned_end_on
        )


@transaction.atomic
def project_publish(*, project: Project) -> Project:
    """Publish a project for disclosure; refused, naming what is missing, unless complete."""
    missing = selectors.publish_missing(project)
    if missing:
        raise ValidationError(
            {
                "published_at": _("Fill these before publishing: %(fields)s.")
                % {"fields": "、".join(missing)}
            }
        )
    if project.published_at is None:
        project.published_at = timezone.now()
        project.save()
    return project


@transaction.atomic
def project_unpublish(*, project: Project) -> Project:
    if project.published_at is not None:
        project.published_at = None
        project.save()
    return project


@transaction.atomic
def budget_line_add(
    *, project: Project, source: str, amount: Decimal | int | str, note: str = ""
) -> BudgetLine:
    """A budget line of a project from one funding source, in yuan."""
    source, value = _budget_line_clean(source=source, amount=amount)
    return BudgetLine.objects.create(project=project, source=source, amount=value, note=note)


def _budget_line_clean(*, source: str, amount: Any) -> tuple[str, Decimal]:
    errors: dict[str, list[str]] = {}
    if source not in FundingSource.values:
        errors["source"] = [_("“%s” is not a funding source.") % source]
    value = Decimal(0)
    try:
        value = amount_clean(amount)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return source, value


@transaction.atomic
def budget_line_delete(*, line: BudgetLine) -> None:
    line.delete()


@transaction.atomic
def project_target_add(
    *,
    project: Project,
    figure: DataElement | Indicator,
    place: Place,
    period: str,
    value: Decimal | int | str,
    options: str = "",
) -> ProjectTarget:
    """A performance target of a project, checked against the catalogue as a work item's."""
    key, period_id, amount = target_clean(
        figure=figure, period=period, value=value, options=options
    )
    return ProjectTarget.objects.create(
        project=project,
        data_element=figure if isinstance(figure, DataElement) else None,
        indicator=figure if isinstance(figure, Indicator) else None,
        options=key,
        place=place,
        period=period_id,
        value=amount,
    )


@transaction.atomic
def project_target_delete(*, target: ProjectTarget) -> None:
    target.delete()


@transaction.atomic
def project_file_add(*, project: Project, upload: UploadedFile, by: User) -> ProjectFile:
    """Store a photo or document of a project (checked as evidence files are)."""
    upload_check(upload=upload, field="file")
    stored = ProjectFile(
        project=project, name=PurePath(upload.name or "file").name[:200], uploaded_by=by
    )
    stored.file.save(stored.name, upload, save=False)
    try:
        stored.save()
    except BaseException:
        stored.file.delete(save=False)
        raise
    return stored
