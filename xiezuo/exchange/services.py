"""Writes of the talent exchange registry: seconded people and their secondments.

A person is registered once across the years; his identity number and phone are optional,
but when given they are checked, encrypted and (the number) found again by a keyed hash,
so a number already on record is refused naming whose it is. A secondment is checked for
dates in order (none in the future), for sides matching its direction and for overlaps
with the person's other secondments; each write refreshes the figures it counts in, in
its own transaction (`sources`). Reports and evidence are filed for a secondment and kept
(their file checked as every upload is, `xiezuo.uploads`). Bad input is refused with a
ValidationError naming the field; then nothing is written.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.indicators import sources
from xiezuo.personal.crypto import lookup_hash
from xiezuo.personal.identity import identity_clean
from xiezuo.personal.phones import phone_clean
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import home_place_code
from xiezuo.uploads import upload_check

from .models import Category, Direction, Kind, Person, Secondment, SecondmentReport
from .sources import counted_at

PERSON_FIELDS = ("name", "phone", "category", "rank", "organisation", "home", "illustrative")
SECONDMENT_FIELDS = (
    "direction", "kind", "category", "origin_organisation", "origin", "host_organisation",
    "host", "post", "planned_start", "planned_end", "started_on", "ended_on", "note",
    "illustrative",
)  # fmt: skip
# what may change after a secondment is recorded (the person never does)
SECONDMENT_CHANGES = tuple(f for f in SECONDMENT_FIELDS if f != "illustrative")


# --- people


def _identity(text: str, *, person: Person | None = None) -> tuple[str, str | None]:
    """(the number, its lookup hash), or ("", None) when none is given; a number on record
    for someone else is refused, naming him."""
    if not (text or "").strip():
        return "", None
    try:
        number = identity_clean(text)
    except ValidationError as exc:
        raise ValidationError({"identity": exc.messages}) from None
    digest = lookup_hash(number)
    found = Person.objects.filter(identity_hash=digest)
    if person is not None:
        found = found.exclude(pk=person.pk)
    other = found.select_related("home").first()
    if other is not None:
        raise ValidationError(
            {
                "identity": _("This identity number is on record for %(name)s (%(place)s).")
                % {"name": other.name, "place": other.home.name}
            }
        )
    return str(number), digest


def _check_person(person: Person) -> None:
    person.name = (person.name or "").strip()
    if not person.name:
        raise ValidationError({"name": _("Give the person's name.")})
    if person.category not in Category.values:
        raise ValidationError({"category": _("Choose one of the allowed values.")})
    if person.phone:
        try:
            person.phone = phone_clean(person.phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    person.rank = (person.rank or "").strip()
    person.full_clean(exclude=["identity_hash", "created_by", "identity", "phone"])


@transaction.atomic
def person_register(*, actor: Any, identity: str = "", **fields: Any) -> Person:
    """Register a seconded person once (identity number and phone optional)."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_register() got unknown fields {sorted(unknown)}")
    number, digest = _identity(identity)
    person = Person(identity=number, identity_hash=digest, created_by=actor, **fields)
    _check_person(person)
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, identity: str | None = None, **changes: Any) -> Person:
    """Change the fields given; an identity number given is checked as a new one is."""
    unknown = set(changes) - set(PERSON_FIELDS) - {"illustrative"}
    if unknown:
        raise TypeError(f"person_update() got unknown fields {sorted(unknown)}")
    if identity is not None:
        person.identity, person.identity_hash = _identity(identity, person=person)
    for name, value in changes.items():
        setattr(person, name, value)
    _check_person(person)
    person.save()
    return person


# --- secondments


def _on_helped_side(place: Place) -> bool:
    return place.code.startswith(home_place_code())


def _check_side(place: Place, organisation: Organisation | None, helped: bool, field: str) -> None:
    """The place (and the organisation, if named) is on the side the direction asks."""
    if _on_helped_side(place) != helped:
        message = (
            _("%(name)s is not on the helped side.")
            if helped
            else _("%(name)s is not on the helper side.")
        )
        raise ValidationError({field: message % {"name": place.name}})
    if organisation is None:
        return
    wrong = Organisation.Side.HELPER if helped else Organisation.Side.HELPED
    if organisation.side == wrong or _on_helped_side(organisation.place) != helped:
        message = (
            _("%(name)s is not on the helped side.")
            if helped
            else _("%(name)s is not on the helper side.")
        )
        raise ValidationError({f"{field}_organisation": message % {"name": organisation.name}})


def _check_dates(s: Secondment) -> None:
    today = timezone.localdate()
    if s.planned_start is None:
        raise ValidationError({"planned_start": _("This field is required.")})
    if s.planned_end is None:
        raise ValidationError({"planned_end": _("This field is required.")})
    if s.planned_end < s.planned_start:
        raise ValidationError({"planned_end": _("The planned end is before the planned start.")})
    if s.started_on is not None and s.started_on > today:
        raise ValidationError({"started_on": _("The date is in the future.")})
    if s.ended_on is not None:
        if s.started_on is None:
            raise ValidationError({"ended_on": _("A secondment cannot end before it starts.")})
        if s.ended_on < s.started_on:
            raise ValidationError({"ended_on": _("The end is before the start.")})
        if s.ended_on > today:
            raise ValidationError({"ended_on": _("The date is in the future.")})


def span(s: Secondment) -> tuple[date, date]:
    """The days a secondment takes: its actual span if started (to its end, or its planned
    end while in post), else its planned span."""
    if s.started_on is None:
        return s.planned_start, s.planned_end
    end = s.ended_on or max(s.planned_end, s.started_on)
    return s.started_on, end


def _check_overlap(s: Secondment) -> None:
    start, end = span(s)
    others = Secondment.objects.filter(person_id=s.person_id).exclude(pk=s.pk)
    # a cheap first cut in the database, the exact test here
    near = others.filter(Q(planned_start__lte=end) | Q(started_on__lte=end))
    for other in near:
        o_start, o_end = span(other)
        if o_start <= end and start <= o_end:
            raise ValidationError(
                {
                    "planned_start": _(
                        "%(name)s is on another secondment from %(start)s to %(end)s."
                    )
                    % {"name": s.person.name, "start": o_start.isoformat(),
                       "end": o_end.isoformat()}
                }
            )  # fmt: skip


def _check_secondment(s: Secondment) -> None:
    if s.direction not in Direction.values:
        raise ValidationError({"direction": _("Choose one of the allowed values.")})
    if s.kind not in Kind.values:
        raise ValidationError({"kind": _("Choose one of the allowed values.")})
    if not s.category:
        s.category = s.person.category
    if s.category not in Category.values:
        raise ValidationError({"category": _("Choose one of the allowed values.")})
    to_helped = s.direction == Direction.TO_HELPED
    _check_side(s.origin, s.origin_organisation, helped=not to_helped, field="origin")
    _check_side(s.host, s.host_organisation, helped=to_helped, field="host")
    _check_dates(s)
    _check_overlap(s)
    s.post = (s.post or "").strip()
    s.note = (s.note or "").strip()


def _sync(*secondments: tuple[str, str, str]) -> None:
    """The figures at the helped-side places of these (direction, origin, host)."""
    sources.sync("exchange", places={counted_at(*row) for row in secondments})


def _counted(s: Secondment) -> tuple[str, str, str]:
    return (s.direction, s.origin.code, s.host.code)


@transaction.atomic
def secondment_create(*, actor: Any, person: Person, **fields: Any) -> Secondment:
    """A stay of `person` on the other side (planned, or already started)."""
    unknown = set(fields) - set(SECONDMENT_FIELDS)
    if unknown:
        raise TypeError(f"secondment_create() got unknown fields {sorted(unknown)}")
    fields.setdefault("category", "")
    secondment = Secondment(person=person, created_by=actor, **fields)
    _check_secondment(secondment)
    secondment.save()
    _sync(_counted(secondment))
    return secondment


@transaction.atomic
def secondment_update(*, secondment: Secondment, **changes: Any) -> Secondment:
    """Change the fields given (a start or an end recorded, a post corrected)."""
    unknown = set(changes) - set(SECONDMENT_CHANGES)
    if unknown:
        raise TypeError(f"secondment_update() got unknown fields {sorted(unknown)}")
    before = _counted(secondment)
    for name, value in changes.items():
        setattr(secondment, name, value)
    _check_secondment(secondment)
    secondment.save()
    _sync(before, _counted(secondment))
    return secondment


def secondment_start(*, secondment: Secondment, on: date | None) -> Secondment:
    """The person took up the post on `on`."""
    if on is None:
        raise ValidationError({"started_on": _("This field is required.")})
    return secondment_update(secondment=secondment, started_on=on)


def secondment_end(*, secondment: Secondment, on: date | None) -> Secondment:
    """The person left the post on `on`."""
    if on is None:
        raise ValidationError({"ended_on": _("This field is required.")})
    return secondment_update(secondment=secondment, ended_on=on)


# --- reports and evidence


@transaction.atomic
def secondment_report_add(
    *,
    actor: Any,
    secondment: Secondment,
    title: str,
    on: date | None,
    text: str = "",
    file: UploadedFile | None = None,
) -> SecondmentReport:
    """File a report or a piece of evidence for a secondment (kept: none is deleted); its
    date is neither in the future nor before the secondment's planned start."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the report a title.")})
    if on is None:
        raise ValidationError({"on": _("This field is required.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date is in the future.")})
    if on < secondment.planned_start:
        raise ValidationError(
            {
                "on": _("The date is before the secondment's planned start (%(start)s).")
                % {"start": secondment.planned_start.isoformat()}
            }
        )
    report = SecondmentReport(
        secondment=secondment, title=title, on=on, text=(text or "").strip(), created_by=actor
    )
    report.full_clean(exclude=["file", "file_name", "secondment", "created_by"])
    if file is None:
        report.save()
        return report
    upload_check(upload=file, field="file")
    report.file_name = PurePath(file.name or "file").name[:200]
    report.file.save(report.file_name, file, save=False)
    try:
        report.save()
    except BaseException:
        report.file.delete(save=False)
        raise
    return report
