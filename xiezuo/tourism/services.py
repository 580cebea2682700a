"""Writes of the tourism registry: scenic spots and their ticket discounts, tourism
cooperation projects, tourist routes, and the spots' monthly visitor reports.

Each write is all-or-nothing and refreshes the figures it counts in, in its own
transaction (`sources.sync`). Bad input is refused with a ValidationError naming the
field; then nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo import periods as period_ids
from xiezuo.amounts import amount_clean
from xiezuo.indicators import sources
from xiezuo.language import period_label
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import home_place_code

from .models import (
    Audience,
    Discount,
    DiscountKind,
    Grade,
    ProjectKind,
    Route,
    ScenicSpot,
    SpotKind,
    TourismProject,
    VisitorReport,
)

SOURCE = "tourism"
COUNTY = 3  # the level of a county: spots are in counties or below

# --- checking what is asked


def _check_text(value: str | None, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    if len(text) > 200:
        raise ValidationError({field: _("The name is too long (at most 200 characters).")})
    return text


def _check_day(day: date | None, field: str) -> date:
    if day is None:
        raise ValidationError({field: _("This field is required.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date is in the future.")})
    return day


def _check_helped(
    place: Place | None, field: str = "place", *, county_or_below: bool = False
) -> Place:
    """The place is on the helped side (the programme's home region)."""
    if place is None:
        raise ValidationError({field: _("This field is required.")})
    if not place.code.startswith(home_place_code()):
        raise ValidationError(
            {field: _("%(place)s is not a helped place.") % {"place": place.name}}
        )
    if county_or_below and place.level < COUNTY:
        raise ValidationError(
            {field: _("A scenic spot is in a county or below; %(place)s is not.")
             % {"place": place.name}}
        )  # fmt: skip
    return place


def _check_choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the allowed values.")})
    return value


def count_clean(value: Any, *, field: str) -> int:
    """A number of visitors: a whole number, zero or more (“1,200” is read as 1200)."""
    if isinstance(value, bool):
        value = "x"
    text = str(value if value is not None else "").strip().replace(",", "")
    if text.endswith(".0"):
        text = text[:-2]  # a number cell of a spreadsheet
    if not text.isdigit():
        raise ValidationError(
            {field: _("“%(value)s” is not a whole number of zero or more.") % {"value": text}}
        )
    return int(text)


def month_clean(value: Any, *, field: str = "period") -> str:
    """A month as its period id (201705), from 201705, 2017-05 or a date; not in the future."""
    if isinstance(value, date):
        text = f"{value.year}{value.month:02d}"
    else:
        text = str(value or "").strip().replace("-", "").replace("/", "")
    try:
        period = period_ids.parse(text)
    except ValueError:
        period = None
    if period is None or period.type is not period_ids.PeriodType.MONTHLY:
        raise ValidationError(
            {field: _("“%(value)s” is not a month (e.g. 201705 or 2017-05).")
             % {"value": str(value or "")}}
        )  # fmt: skip
    if period.start_date > timezone.localdate():
        raise ValidationError(
            {field: _("%(month)s is still to come: visitors are reported for months begun.")
             % {"month": period_label(period)}}
        )  # fmt: skip
    return period.id


def _sync(*places: Place) -> None:
    """The figures these places count, refreshed in the caller's transaction."""
    sources.sync(SOURCE, places={p.code for p in places})


# --- scenic spots


@transaction.atomic
def spot_create(
    *,
    actor: Any,
    name: str,
    place: Place | None,
    kind: str = SpotKind.OTHER,
    grade: str = "",
    note: str = "",
    illustrative: bool = False,
) -> ScenicSpot:
    """A scenic spot of a helped place (a county or below)."""
    name = _check_text(name, "name", _("Give the scenic spot a name."))
    place = _check_helped(place, county_or_below=True)
    _check_choice(grade or "", Grade, "grade")
    _check_choice(kind, SpotKind, "kind")
    if ScenicSpot.objects.filter(place=place, name=name).exists():
        raise ValidationError(
            {"name": _("%(place)s already has a scenic spot named %(name)s.")
             % {"place": place.name, "name": name}}
        )  # fmt: skip
    spot = ScenicSpot.objects.create(
        name=name, place=place, kind=kind, grade=grade or "", note=(note or "").strip(),
        illustrative=illustrative, created_by=actor,
    )  # fmt: skip
    _sync(place)
    return spot


@transaction.atomic
def spot_update(*, actor: Any, spot: ScenicSpot, **changes: Any) -> ScenicSpot:
    """Change a spot's name, place, kind, grade or note; the figures of both places move."""
    before = spot.place
    name = _check_text(changes.get("name", spot.name), "name", _("Give the scenic spot a name."))
    place = _check_helped(changes.get("place", spot.place), county_or_below=True)
    grade = _check_choice(changes.get("grade", spot.grade) or "", Grade, "grade")
    kind = _check_choice(changes.get("kind", spot.kind), SpotKind, "kind")
    if ScenicSpot.objects.filter(place=place, name=name).exclude(pk=spot.pk).exists():
        raise ValidationError(
            {"name": _("%(place)s already has a scenic spot named %(name)s.")
             % {"place": place.name, "name": name}}
        )  # fmt: skip
    spot.name, spot.place, spot.grade, spot.kind = name, place, grade, kind
    spot.note = (changes.get("note", spot.note) or "").strip()
    spot.save()
    _sync(before, place)
    return spot


# --- ticket discounts


def _discount_fields(
    *, audience: str, kind: str, value: Any, valid_from: date | None, valid_to: date | None
) -> dict[str, Any]:
    _check_choice(audience, Audience, "audience")
    _check_choice(kind, DiscountKind, "kind")
    amount: Decimal | None = None
    if kind == DiscountKind.PERCENT:
        try:
            amount = Decimal(str(value).strip().rstrip("%")) if value not in (None, "") else None
        except InvalidOperation:
            amount = None
        if amount is None or not (0 < amount < 100):
            raise ValidationError(
                {"value": _("Give the percentage off, more than 0 and less than 100.")}
            )
    elif kind == DiscountKind.AMOUNT:
        if value in (None, ""):
            raise ValidationError({"value": _("Give the amount off in yuan.")})
        amount = amount_clean(value, field="value")
    if valid_from is None:
        raise ValidationError({"valid_from": _("This field is required.")})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The discount ends before it begins.")})
    return {"audience": audience, "kind": kind, "value": amount,
            "valid_from": valid_from, "valid_to": valid_to}  # fmt: skip


@transaction.atomic
def discount_create(
    *,
    actor: Any,
    spot: ScenicSpot,
    audience: str,
    kind: str,
    valid_from: date | None,
    valid_to: date | None = None,
    value: Any = None,
    note: str = "",
) -> Discount:
    """A ticket discount of a spot: for whom, what, from which day (to which, if it ends)."""
    fields = _discount_fields(
        audience=audience, kind=kind, value=value, valid_from=valid_from, valid_to=valid_to
    )
    discount = Discount.objects.create(
        spot=spot, note=(note or "").strip(), created_by=actor, **fields
    )
    _sync(spot.place)
    return discount


@transaction.atomic
def discount_update(*, actor: Any, discount: Discount, **changes: Any) -> Discount:
    """Change a discount (e.g. end it: give its last day)."""
    fields = _discount_fields(
        audience=changes.get("audience", discount.audience),
        kind=changes.get("kind", discount.kind),
        value=changes.get("value", discount.value),
        valid_from=changes.get("valid_from", discount.valid_from),
        valid_to=changes.get("valid_to", discount.valid_to),
    )
    for key, value in fields.items():
        setattr(discount, key, value)
    discount.note = (changes.get("note", discount.note) or "").strip()
    discount.save()
    _sync(discount.spot.place)
    return discount


# --- tourism cooperation projects


def _project_fields(
    *, name: str, kind: str, place: Place | None, agreed_on: date | None,
    helper: Organisation | None, helper_place: Place | None,
) -> dict[str, Any]:  # fmt: skip
    name = _check_text(name, "name", _("Give the project a name."))
    _check_choice(kind, ProjectKind, "kind")
    place = _check_helped(place)
    agreed_on = _check_day(agreed_on, "agreed_on")
    if helper is not None and helper.side != Organisation.Side.HELPER:
        raise ValidationError(
            {"helper": _("%(name)s is not on the helper side.") % {"name": helper.name}}
        )
    if helper_place is not None and helper_place.code.startswith(home_place_code()):
        raise ValidationError(
            {"helper_place": _("%(place)s is a helped place.") % {"place": helper_place.name}}
        )
    return {"name": name, "kind": kind, "place": place, "agreed_on": agreed_on,
            "helper": helper, "helper_place": helper_place}  # fmt: skip


@transaction.atomic
def project_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    place: Place | None,
    agreed_on: date | None,
    helper: Organisation | None = None,
    helper_place: Place | None = None,
    library_project: Any = None,
    note: str = "",
    illustrative: bool = False,
) -> TourismProject:
    """A tourism cooperation project agreed for a helped place, counted there in the year
    agreed."""
    fields = _project_fields(
        name=name, kind=kind, place=place, agreed_on=agreed_on, helper=helper,
        helper_place=helper_place,
    )  # fmt: skip
    project = TourismProject.objects.create(
        library_project=library_project, note=(note or "").strip(), illustrative=illustrative,
        created_by=actor, **fields,
    )  # fmt: skip
    _sync(project.place)
    return project


@transaction.atomic
def project_update(*, actor: Any, project: TourismProject, **changes: Any) -> TourismProject:
    before = project.place
    fields = _project_fields(
        name=changes.get("name", project.name),
        kind=changes.get("kind", project.kind),
        place=changes.get("place", project.place),
        agreed_on=changes.get("agreed_on", project.agreed_on),
        helper=changes.get("helper", project.helper),
        helper_place=changes.get("helper_place", project.helper_place),
    )
    for key, value in fields.items():
        setattr(project, key, value)
    if "library_project" in changes:
        project.library_project = changes["library_project"]
    project.note = (changes.get("note", project.note) or "").strip()
    project.save()
    _sync(before, project.place)
    return project


# --- tourist routes


def _route_places(places: Iterable[Place]) -> list[Place]:
    found = list(dict.fromkeys(places))
    if not found:
        raise ValidationError({"places": _("Name at least one place the route passes.")})
    for place in found:
        _check_helped(place, "places")
    return found


@transaction.atomic
def route_create(
    *,
    actor: Any,
    name: str,
    places: Iterable[Place],
    since: date | None,
    promoted_by: Organisation | None = None,
    note: str = "",
    illustrative: bool = False,
) -> Route:
    """A tourist route promoted through helped places."""
    name = _check_text(name, "name", _("Give the route a name."))
    passes = _route_places(places)
    since = _check_day(since, "since")
    route = Route.objects.create(
        name=name, since=since, promoted_by=promoted_by, note=(note or "").strip(),
        illustrative=illustrative, created_by=actor,
    )  # fmt: skip
    route.places.set(passes)
    return route


@transaction.atomic
def route_update(*, actor: Any, route: Route, **changes: Any) -> Route:
    route.name = _check_text(changes.get("name", route.name), "name", _("Give the route a name."))
    route.since = _check_day(changes.get("since", route.since), "since")
    if "promoted_by" in changes:
        route.promoted_by = changes["promoted_by"]
    route.note = (changes.get("note", route.note) or "").strip()
    route.save()
    if "places" in changes:
        route.places.set(_route_places(changes["places"]))
    return route


# --- monthly visitor reports


def visitor_counts(visitors: Any, helper_visitors: Any, revenue: Any) -> dict[str, Any]:
    total = count_clean(visitors, field="visitors")
    helper = count_clean(helper_visitors, field="helper_visitors")
    if helper > total:
        raise ValidationError(
            {
                "helper_visitors": _(
                    "Visitors from the helper province cannot outnumber all visitors."
                )
            }
        )
    money = (
        None
        if revenue in (None, "")
        else amount_clean(
            revenue,
            field="revenue",
        )
    )
    return {"visitors": total, "helper_visitors": helper, "revenue": money}


def existing_report_message(report: VisitorReport) -> str:
    return _(
        "%(spot)s has reported %(month)s already (%(visitors)s visitors, recorded "
        "%(day)s): correct that report instead."
    ) % {
        "spot": report.spot.name,
        "month": period_label(period_ids.parse(report.period)),
        "visitors": report.visitors,
        "day": timezone.localtime(report.created_at).date().isoformat(),
    }


def visitor_report_check(
    *,
    actor: Any,
    spot: ScenicSpot | None,
    period: Any,
    visitors: Any,
    helper_visitors: Any,
    revenue: Any = None,
) -> VisitorReport:
    """A spot's month checked, not yet saved — the one check of every way a report is made
    (one report, a county's month, a file): the month (begun), the counts (helper visitors
    within all) and, for a spot, no report of that month already (naming it; correct it with
    `visitor_report_update`). Every bad field is named at once."""
    errors: dict[str, list[str]] = {}
    month = ""
    try:
        month = month_clean(period)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    counts: dict[str, Any] = {}
    try:
        counts = visitor_counts(visitors, helper_visitors, revenue)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if spot is not None and month:
        existing = VisitorReport.objects.select_related("spot").filter(spot=spot, period=month)
        found = existing.first()
        if found is not None:
            errors.setdefault("period", []).append(existing_report_message(found))
    if errors:
        raise ValidationError(errors)
    return VisitorReport(spot=spot, period=month, created_by=actor, **counts)


@transaction.atomic
def visitor_report_record(
    *,
    actor: Any,
    spot: ScenicSpot,
    period: Any,
    visitors: Any,
    helper_visitors: Any,
    revenue: Any = None,
) -> VisitorReport:
    """A spot's visitors in one month (checked by `visitor_report_check`)."""
    report = visitor_report_check(
        actor=actor, spot=spot, period=period, visitors=visitors,
        helper_visitors=helper_visitors, revenue=revenue,
    )  # fmt: skip
    report.save()
    _sync(spot.place)
    return report


@transaction.atomic
def visitor_report_update(*, actor: Any, report: VisitorReport, **changes: Any) -> VisitorReport:
    """Correct a month's report (its counts; the spot and month stay)."""
    counts = visitor_counts(
        changes.get("visitors", report.visitors),
        changes.get("helper_visitors", report.helper_visitors),
        changes.get("revenue", report.revenue),
    )
    for key, value in counts.items():
        setattr(report, key, value)
    report.save()
    _sync(report.spot.place)
    return report


@transaction.atomic
def visitor_month_record(
    *, actor: Any, period: Any, entries: Iterable[tuple[ScenicSpot, Any, Any]]
) -> int:
    """A county's month: (spot, visitors, helper visitors) for each of its spots, all or
    nothing. A refusal is keyed `visitors-<spot uid>` / `helper-<spot uid>` (or `period`),
    every bad entry named at once."""
    month = month_clean(period)
    errors: dict[str, list[str]] = {}
    checked = []
    for spot, visitors, helper_visitors in entries:
        try:
            report = visitor_report_check(
                actor=actor,
                spot=spot,
                period=month,
                visitors=visitors,
                helper_visitors=helper_visitors,
            )
            checked.append(report)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                name = "helper" if key == "helper_visitors" else "visitors"
                errors.setdefault(f"{name}-{spot.uid}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    for report in checked:
        report.save()  # one by one, so that each keeps its history
    _sync(*{report.spot.place for report in checked})
    return len(checked)
