"""Writes of the investment registry: events, signed projects, investment in place
(append-only; a correction is a reversal naming what it reverses), job reports,
parks with their enterprises and half-yearly returns, assistance workshops.

Each write is all-or-nothing and refreshes the figures it counts in, in its own
transaction (`sources`). Bad input is refused with a ValidationError naming the
field; then nothing is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo import periods as period_ids
from xiezuo.amounts import amount_clean
from xiezuo.indicators import sources
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import home_place_code

from .models import (
    IndustrialPark,
    InPlaceRecord,
    InvestmentEvent,
    InvestmentProject,
    JobReport,
    ParkEnterprise,
    ParkKind,
    ParkReturn,
    ProjectStatus,
    Sector,
    Workshop,
    WorkshopReport,
)

# --- checking what is asked


def _check_day(day: date | None, field: str) -> date:
    if day is None:
        raise ValidationError({field: _("This field is required.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future.")})
    return day


def _check_helped(place: Place, field: str = "place") -> None:
    """The place is on the helped side (the programme's home region)."""
    if not place.code.startswith(home_place_code()):
        raise ValidationError(
            {field: _("%(place)s is not a helped place.") % {"place": place.name}}
        )


def _check_enterprise(enterprise: Organisation, field: str = "enterprise") -> None:
    if enterprise.kind != Organisation.Kind.ENTERPRISE:
        raise ValidationError(
            {field: _("%(name)s is not an enterprise.") % {"name": enterprise.name}}
        )
    if enterprise.side != Organisation.Side.HELPER:
        raise ValidationError(
            {field: _("%(name)s is not on the helper side.") % {"name": enterprise.name}}
        )


def _check_text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def count_clean(value: Any, *, field: str) -> int:
    """A number of people or jobs: a whole number, zero or more."""
    if isinstance(value, bool):
        value = "x"
    text = str(value if value is not None else "").strip()
    if not text.isdigit():
        raise ValidationError(
            {field: _("“%(value)s” is not a whole number of zero or more.") % {"value": text}}
        )
    return int(text)


def _within(poor: int, total: int) -> None:
    if poor > total:
        raise ValidationError({"poor": _("The poor people cannot outnumber everyone counted.")})


def _sync(name: str, *places: Place) -> None:
    """The figures these places count, refreshed in the caller's transaction."""
    sources.sync(name, places={p.code for p in places})


# --- events and signed projects


@transaction.atomic
def event_create(
    *,
    actor: Any,
    name: str,
    held_on: date | None,
    place: Place,
    venue: str = "",
    organisers: str = "",
    note: str = "",
    illustrative: bool = False,
) -> InvestmentEvent:
    """An investment fair or matchmaking event, counted at the helped place it was for."""
    name = _check_text(name, "name", _("Give the event a name."))
    held_on = _check_day(held_on, "held_on")
    _check_helped(place)
    event = InvestmentEvent.objects.create(
        name=name, held_on=held_on, place=place, venue=venue.strip(),
        organisers=organisers.strip(), note=note.strip(), illustrative=illustrative,
        created_by=actor,
    )  # fmt: skip
    _sync("investment", place)
    return event


@transaction.atomic
def project_create(
    *,
    actor: Any,
    name: str,
    enterprise: Organisation,
    place: Place,
    sector: str,
    signed_on: date | None,
    planned_investment: Any,
    event: InvestmentEvent | None = None,
    jobs_expected: Any = 0,
    benefit_mechanism: str = "",
    status: str = ProjectStatus.SIGNED,
    illustrative: bool = False,
) -> InvestmentProject:
    """A project signed by a helper-side enterprise in a helped place."""
    name = _check_text(name, "name", _("Give the project a name."))
    _check_enterprise(enterprise)
    _check_helped(place)
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Choose one of the allowed values.")})
    if status not in ProjectStatus.values:
        raise ValidationError({"status": _("Choose one of the allowed values.")})
    signed_on = _check_day(signed_on, "signed_on")
    amount = amount_clean(planned_investment, field="planned_investment")
    jobs = count_clean(jobs_expected, field="jobs_expected")
    if event is not None and event.held_on != signed_on:
        raise ValidationError(
            {"event": _("The event was held on %(day)s.") % {"day": event.held_on.isoformat()}}
        )
    project = InvestmentProject.objects.create(
        name=name, enterprise=enterprise, place=place, sector=sector, signed_on=signed_on,
        event=event, planned_investment=amount, jobs_expected=jobs,
        benefit_mechanism=benefit_mechanism.strip(), status=status, illustrative=illustrative,
        created_by=actor,
    )  # fmt: skip
    _sync("investment", place)
    return project


# which status a project may move to from each
NEXT_STATUS = {
    ProjectStatus.SIGNED: {ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.STOPPED},
    ProjectStatus.UNDER_CONSTRUCTION: {ProjectStatus.IN_PRODUCTION, ProjectStatus.STOPPED},
    ProjectStatus.IN_PRODUCTION: {ProjectStatus.STOPPED},
    ProjectStatus.STOPPED: set(),
}


def project_status_change(*, project: InvestmentProject, status: str) -> InvestmentProject:
    """Signed → under construction → in production; any of them → stopped."""
    allowed = NEXT_STATUS.get(ProjectStatus(project.status), set())
    if status not in allowed:
        raise ValidationError(
            {"status": _("A project that is %(now)s cannot become that.")
             % {"now": project.get_status_display()}}
        )  # fmt: skip
    project.status = status
    project.save(update_fields=["status"])
    return project


# --- investment in place (append-only)


def _digest(request: dict[str, Any]) -> str:
    text = json.dumps(request, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(actor: Any, key: str | None, digest: str) -> InPlaceRecord | None:
    if not key:
        return None
    found = InPlaceRecord.objects.filter(created_by=actor, idempotency_key=key).first()
    if found is not None and found.request_digest != digest:
        raise ValidationError(
            {"idempotency_key": _("This idempotency key was used for another request.")}
        )
    return found


def in_place_record(
    *,
    actor: Any,
    project: InvestmentProject,
    amount: Any,
    on: date | None,
    voucher: str = "",
    note: str = "",
    idempotency_key: str | None = None,
) -> InPlaceRecord:
    """Investment arrived for a project on a day (its voucher or evidence noted). With an
    idempotency key, the same request sent again answers the record made the first time."""
    amount = amount_clean(amount)
    on = _check_day(on, "on")
    if on < project.signed_on:
        raise ValidationError({"on": _("The project was signed on %(day)s.")
                               % {"day": project.signed_on.isoformat()}})  # fmt: skip
    digest = _digest({"project": project.pk, "amount": str(amount), "on": on.isoformat(),
                      "voucher": voucher, "note": note})  # fmt: skip
    if (found := _replay(actor, idempotency_key, digest)) is not None:
        return found
    try:
        with transaction.atomic():
            record = InPlaceRecord.objects.create(
                project=project, amount=amount, on=on, voucher=voucher.strip(),
                note=note.strip(), created_by=actor, idempotency_key=idempotency_key or None,
                request_digest=digest if idempotency_key else "",
            )  # fmt: skip
            _sync("investment", project.place)
    except IntegrityError:
        # the same key sent twice at once: the other request recorded it
        if (found := _replay(actor, idempotency_key, digest)) is not None:
            return found
        raise
    return record


def in_place_reverse(
    *, actor: Any, record: InPlaceRecord, on: date | None = None, note: str = ""
) -> InPlaceRecord:
    """Take back a record of investment in place by a reversal naming it (once)."""
    on = _check_day(on or timezone.localdate(), "on")
    if record.reverses_id is not None:
        raise ValidationError(
            {"record": _("A reversal cannot be reversed; record the investment again.")}
        )
    if on < record.on:
        raise ValidationError({"on": _("A reversal cannot be dated before what it reverses.")})
    try:
        with transaction.atomic():
            if InPlaceRecord.objects.filter(reverses=record).exists():
                raise ValidationError({"record": _("This record has already been reversed.")})
            reversal = InPlaceRecord.objects.create(
                project=record.project, amount=record.amount, on=on, reverses=record,
                voucher=record.voucher, note=note.strip(), created_by=actor,
            )  # fmt: skip
            _sync("investment", record.project.place)
    except IntegrityError:
        raise ValidationError({"record": _("This record has already been reversed.")}) from None
    return reversal


@transaction.atomic
def job_report_record(
    *, actor: Any, project: InvestmentProject, on: date | None, jobs: Any, poor: Any
) -> JobReport:
    """As of `on`, the project employs `jobs` people, `poor` of them registered poor."""
    on = _check_day(on, "on")
    jobs, poor = count_clean(jobs, field="jobs"), count_clean(poor, field="poor")
    _within(poor, jobs)
    if JobReport.objects.filter(project=project, on=on).exists():
        raise ValidationError({"on": _("There is already a report as of this day.")})
    report = JobReport.objects.create(project=project, on=on, jobs=jobs, poor=poor,
                                      created_by=actor)  # fmt: skip
    _sync("investment", project.place)
    return report


# --- parks and their enterprises


@transaction.atomic
def park_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    place: Place,
    established_on: date | None,
    partner_places: Iterable[Place] = (),
    partner_organisations: Iterable[Organisation] = (),
    note: str = "",
    illustrative: bool = False,
) -> IndustrialPark:
    name = _check_text(name, "name", _("Give the park a name."))
    if kind not in ParkKind.values:
        raise ValidationError({"kind": _("Choose one of the allowed values.")})
    _check_helped(place)
    established_on = _check_day(established_on, "established_on")
    if IndustrialPark.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A park of this name is on record.")})
    partners = list(partner_places)
    for partner in partners:
        if partner.code.startswith(home_place_code()):
            raise ValidationError(
                {"partner_places": _("%(place)s is not on the helper side.")
                 % {"place": partner.name}}
            )  # fmt: skip
    park = IndustrialPark.objects.create(
        name=name, kind=kind, place=place, established_on=established_on, note=note.strip(),
        illustrative=illustrative, created_by=actor,
    )  # fmt: skip
    park.partner_places.set(partners)
    park.partner_organisations.set(list(partner_organisations))
    _sync("parks", place)
    return park


@dataclass(frozen=True)
class EnterpriseDetails:
    """An enterprise entering a park: its name, and its organisation if one is on record."""

    name: str
    entered_on: date
    organisation: Organisation | None = None
    illustrative: bool = False


@transaction.atomic
def park_enterprises_add(
    *, actor: Any, park: IndustrialPark, enterprises: Sequence[EnterpriseDetails]
) -> list[ParkEnterprise]:
    """Enterprises that entered the park (one, or a list from the park's office)."""
    known = set(park.enterprises.values_list("name", flat=True))
    made = []
    for i, details in enumerate(enterprises):
        field = "name" if len(enterprises) == 1 else f"enterprises.{i}.name"
        name = _check_text(details.name, field, _("Give the enterprise's name."))
        if name in known:
            raise ValidationError({field: _("%(name)s is already in the park.") % {"name": name}})
        known.add(name)
        entered_on = _check_day(details.entered_on, field.replace("name", "entered_on"))
        if entered_on < park.established_on:
            raise ValidationError(
                {field.replace("name", "entered_on"): _("The park was established on %(day)s.")
                 % {"day": park.established_on.isoformat()}}
            )  # fmt: skip
        made.append(
            ParkEnterprise(
                park=park,
                name=name,
                organisation=details.organisation,
                entered_on=entered_on,
                illustrative=details.illustrative,
            )
        )
    ParkEnterprise.objects.bulk_create(made)
    _sync("parks", park.place)
    return made


def park_enterprise_leave(*, enterprise: ParkEnterprise, left_on: date | None) -> ParkEnterprise:
    with transaction.atomic():
        left_on = _check_day(left_on, "left_on")
        if left_on < enterprise.entered_on:
            raise ValidationError({"left_on": _("It entered the park on %(day)s.")
                                   % {"day": enterprise.entered_on.isoformat()}})  # fmt: skip
        enterprise.left_on = left_on
        enterprise.save(update_fields=["left_on"])
        _sync("parks", enterprise.park.place)
    return enterprise


@dataclass(frozen=True)
class ReturnDetails:
    """An enterprise's figures for a half-year: output and investment in place, to date."""

    enterprise: ParkEnterprise
    output: Any
    investment: Any


def _to_date(value: Any, field: str) -> Decimal:
    """A figure to date, in yuan: zero (nothing yet) or an amount."""
    if str(value).strip() in ("0", "0.0", "0.00"):
        return Decimal("0.00")
    return amount_clean(value, field=field)


@transaction.atomic
def park_returns_record(
    *, actor: Any, park: IndustrialPark, period: str, returns: Sequence[ReturnDetails]
) -> list[ParkReturn]:
    """The park's returns for a half-year (2018S1), one per enterprise, all or nothing."""
    try:
        half = period_ids.parse(period)
    except ValueError:
        half = None
    if half is None or half.type != period_ids.PeriodType.SIXMONTHLY:
        raise ValidationError({"period": _("“%(value)s” is not a half-year (e.g. 2018S1).")
                               % {"value": period}})  # fmt: skip
    if half.start_date > timezone.localdate():
        raise ValidationError({"period": _("The half-year has not begun.")})
    made = []
    seen: set[int] = set()
    filed = set(
        ParkReturn.objects.filter(enterprise__park=park, period=half.id).values_list(
            "enterprise_id", flat=True
        )
    )
    for i, details in enumerate(returns):
        prefix = "" if len(returns) == 1 else f"returns.{i}."
        enterprise = details.enterprise
        if enterprise.park_id != park.pk:
            raise ValidationError({f"{prefix}enterprise": _("%(name)s is not in this park.")
                                   % {"name": enterprise.name}})  # fmt: skip
        if enterprise.pk in seen or enterprise.pk in filed:
            raise ValidationError({f"{prefix}enterprise": _("%(name)s has a return for %(half)s.")
                                   % {"name": enterprise.name, "half": half.id}})  # fmt: skip
        if enterprise.entered_on > half.end_date:
            raise ValidationError({f"{prefix}enterprise": _("%(name)s entered the park later.")
                                   % {"name": enterprise.name}})  # fmt: skip
        seen.add(enterprise.pk)
        made.append(
            ParkReturn(
                enterprise=enterprise,
                period=half.id,
                output=_to_date(details.output, f"{prefix}output"),
                investment=_to_date(details.investment, f"{prefix}investment"),
                created_by=actor,
            )
        )
    ParkReturn.objects.bulk_create(made)
    _sync("parks", park.place)
    return made


# --- assistance workshops


@transaction.atomic
def workshop_create(
    *,
    actor: Any,
    name: str,
    place: Place,
    enterprise_name: str,
    opened_on: date | None,
    enterprise: Organisation | None = None,
    illustrative: bool = False,
) -> Workshop:
    name = _check_text(name, "name", _("Give the workshop a name."))
    _check_helped(place)
    if enterprise is not None and not enterprise_name.strip():
        enterprise_name = enterprise.name
    enterprise_name = _check_text(
        enterprise_name, "enterprise_name", _("Say which enterprise runs it.")
    )
    opened_on = _check_day(opened_on, "opened_on")
    if Workshop.objects.filter(place=place, name=name).exists():
        raise ValidationError({"name": _("A workshop of this name is on record there.")})
    workshop = Workshop.objects.create(
        name=name, place=place, enterprise_name=enterprise_name, enterprise=enterprise,
        opened_on=opened_on, illustrative=illustrative, created_by=actor,
    )  # fmt: skip
    _sync("workshops", place)
    return workshop


@transaction.atomic
def workshop_report_record(
    *, actor: Any, workshop: Workshop, on: date | None, employed: Any, poor: Any
) -> WorkshopReport:
    on = _check_day(on, "on")
    employed, poor = count_clean(employed, field="employed"), count_clean(poor, field="poor")
    _within(poor, employed)
    if on < workshop.opened_on:
        raise ValidationError({"on": _("The workshop opened on %(day)s.")
                               % {"day": workshop.opened_on.isoformat()}})  # fmt: skip
    if WorkshopReport.objects.filter(workshop=workshop, on=on).exists():
        raise ValidationError({"on": _("There is already a report as of this day.")})
    report = WorkshopReport.objects.create(
        workshop=workshop, on=on, employed=employed, poor=poor, created_by=actor
    )
    _sync("workshops", workshop.place)
    return report
