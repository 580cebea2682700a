"""Writes of the labour registries: workers registered and changed, postings, placements and
their follow-ups. Each refuses bad input by field, in the user's language, and writes
nothing then; each keeps the figures it changes up to date in its own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.indicators import sources
from xiezuo.occupations.models import Occupation
from xiezuo.pairings.models import Pairing
from xiezuo.personal.crypto import lookup_hash
from xiezuo.personal.identity import identity_clean
from xiezuo.personal.phones import phone_clean
from xiezuo.places import codes
from xiezuo.places.models import Organisation, Place

from .models import (
    Channel,
    Destination,
    EmploymentSpell,
    FollowUp,
    MatchOutcome,
    Outcome,
    Placement,
    Posting,
    Wish,
    Worker,
)

COUNTY_LEVEL = 3
VILLAGE_LEVEL = 5

# what a worker's record holds besides the identity number (set by `worker_register`)
_WORKER_FIELDS = (
    "name", "ethnicity", "home", "poverty_status", "education", "skills", "certificates",
    "health_limits", "phone", "wish_destination", "wish_place", "expected_wage",
    "available_from", "note", "illustrative",
)  # fmt: skip


@lru_cache(maxsize=1)
def _helper_provinces_cached(_generation: int) -> frozenset[str]:
    return frozenset(
        code[:2]
        for code in Pairing.objects.filter(helper_place__isnull=False)
        .values_list("helper_place__code", flat=True)
        .distinct()
    )


def helper_provinces() -> frozenset[str]:
    """The provinces on the helper side of the programme's pairings (Guangdong: "44")."""
    return _helper_provinces_cached(Pairing.objects.count())


def destination_of(home: Place, place_of_work: Place) -> str:
    """Where a job is, seen from the worker's home: the home province, the helper province,
    or elsewhere."""
    if place_of_work.code[:2] == home.code[:2]:
        return Destination.LOCAL
    if place_of_work.code[:2] in helper_provinces():
        return Destination.HELPER
    return Destination.ELSEWHERE


def county_of(place: Place) -> Place:
    """The county a village (or town) is in; a county is its own."""
    if codes.level_of(place.code) <= COUNTY_LEVEL:
        return place
    code = place.code[: codes.CODE_LENGTHS[COUNTY_LEVEL]]
    return Place.objects.get(code=code)


# --- workers


def _check_worker(worker: Worker) -> None:
    if codes.level_of(worker.home.code) < COUNTY_LEVEL:
        raise ValidationError(
            {"home": _("Give the worker's household registration as a village, town or county.")}
        )
    if worker.wish_destination == Wish.PLACE and worker.wish_place is None:
        raise ValidationError({"wish_place": _("Say which place the worker wants to work in.")})
    if worker.phone:
        worker.phone = phone_clean(worker.phone)


def worker_register(
    *,
    actor: Any,
    identity: str,
    wish_occupations: Iterable[Occupation] = (),
    **fields: Any,
) -> Worker:
    """Register a worker once, in whichever county: the identity number is checked and a
    number already registered is refused, naming where."""
    unknown = set(fields) - set(_WORKER_FIELDS)
    if unknown:
        raise TypeError(f"worker_register() got unknown fields {sorted(unknown)}")
    try:
        number = identity_clean(identity)
    except ValidationError as exc:
        raise ValidationError({"identity": exc.messages}) from None
    digest = lookup_hash(number)
    found = Worker.objects.filter(identity_hash=digest).select_related("home").first()
    if found is not None:
        raise ValidationError(
            {
                "identity": _("This person is already registered, in %(place)s (worker %(uid)s).")
                % {"place": found.home.name, "uid": found.uid}
            }
        )
    worker = Worker(
        identity=str(number),
        identity_hash=digest,
        sex=number.sex,
        birth_date=number.birth_date,
        created_by=actor,
        **fields,
    )
    _check_worker(worker)
    worker.full_clean(exclude=["identity_hash", "created_by"])
    with transaction.atomic():
        worker.save()
        worker.wish_occupations.set(_occupations(wish_occupations))
    return worker


def _occupations(occupations: Iterable[Occupation]) -> list[Occupation]:
    chosen = list(occupations)
    groups = [o.code for o in chosen if not o.is_unit]
    if groups:
        raise ValidationError(
            {
                "wish_occupations": _("Choose occupations, not groups: %(codes)s.")
                % {"codes": "、".join(groups)}
            }
        )
    return chosen


def worker_update(
    *, worker: Worker, wish_occupations: Iterable[Occupation] | None = None, **changes: Any
) -> Worker:
    """Change the fields given; the identity number (and what it tells) never changes."""
    unknown = set(changes) - set(_WORKER_FIELDS)
    if unknown:
        raise TypeError(f"worker_update() got unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(worker, name, value)
    _check_worker(worker)
    worker.full_clean(exclude=["identity_hash", "created_by"])
    with transaction.atomic():
        worker.save()
        if wish_occupations is not None:
            worker.wish_occupations.set(_occupations(wish_occupations))
    return worker


# --- postings

_POSTING_FIELDS = (
    "employer", "title", "occupation", "place_of_work", "openings", "wage_min", "wage_max",
    "hours", "meals", "housing", "age_min", "age_max", "education_min", "skills",
    "certificates", "sex_required", "sex_reason", "contact", "valid_from", "valid_to",
    "illustrative",
)  # fmt: skip


def _check_posting(posting: Posting) -> None:
    errors: dict[str, str] = {}
    if posting.occupation_id and not posting.occupation.is_unit:
        errors["occupation"] = _("Choose an occupation, not a group of them.")
    wages = (posting.wage_min, posting.wage_max)
    if None not in wages and posting.wage_max < posting.wage_min:
        errors["wage_max"] = _("The highest wage is below the lowest.")
    if posting.valid_to and posting.valid_from and posting.valid_to < posting.valid_from:
        errors["valid_to"] = _("The posting ends before it starts.")
    ages = (posting.age_min, posting.age_max)
    if None not in ages and posting.age_max < posting.age_min:  # type: ignore[operator]
        errors["age_max"] = _("The oldest age is below the youngest.")
    if posting.sex_required and not posting.sex_reason.strip():
        errors["sex_reason"] = _(
            "A posting may ask for one sex only for a reason the law allows: give it."
        )
    if errors:
        raise ValidationError(errors)


def posting_create(*, actor: Any, **fields: Any) -> Posting:
    unknown = set(fields) - set(_POSTING_FIELDS)
    if unknown:
        raise TypeError(f"posting_create() got unknown fields {sorted(unknown)}")
    posting = Posting(created_by=actor, **fields)
    _check_posting(posting)
    posting.full_clean(exclude=["created_by"])
    posting.save()
    return posting


def posting_update(*, posting: Posting, **changes: Any) -> Posting:
    unknown = set(changes) - set(_POSTING_FIELDS)
    if unknown:
        raise TypeError(f"posting_update() got unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(posting, name, value)
    _check_posting(posting)
    posting.full_clean(exclude=["created_by"])
    posting.save()
    return posting


def posting_close(*, posting: Posting, on: date | None = None) -> Posting:
    posting.closed_on = on or timezone.localdate()
    posting.save(update_fields=["closed_on", "updated_at"])
    return posting


# --- placements and follow-ups


@dataclass(frozen=True)
class Job:
    """Where a placement goes when it is not to a posting on record."""

    place_of_work: Place
    employer: Organisation | None = None
    employer_name: str = ""
    occupation: Occupation | None = None


def placement_record(
    *,
    actor: Any,
    worker: Worker,
    started_on: date,
    channel: str,
    posting: Posting | None = None,
    job: Job | None = None,
    monthly_income: int | None = None,
    note: str = "",
    illustrative: bool = False,
) -> Placement:
    """A worker starts a job (a posting on record, or a job described): it opens an
    employment spell and counts in the placement figures of the worker's home county."""
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("The date is in the future.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose one of the allowed values.")})
    if (posting is None) == (job is None):
        raise ValidationError({"posting": _("Give the posting, or describe the job.")})
    if posting is not None:
        if started_on < posting.valid_from:
            raise ValidationError(
                {
                    "started_on": _("The posting is open from %(day)s.")
                    % {"day": posting.valid_from.isoformat()}
                }
            )
        job = Job(
            place_of_work=posting.place_of_work,
            employer=posting.employer,
            occupation=posting.occupation,
        )
    assert job is not None
    if job.employer is None and not job.employer_name.strip():
        raise ValidationError({"employer": _("Name the employer.")})
    with transaction.atomic():
        open_spell = (
            worker.spells.filter(started_on__lte=started_on)
            .exclude(ended_on__lt=started_on)
            .first()
        )
        if open_spell is not None:
            raise ValidationError(
                {
                    "worker": _(
                        "%(name)s is employed from %(day)s (%(employer)s); end that job first."
                    )
                    % {
                        "name": worker.name,
                        "day": open_spell.started_on.isoformat(),
                        "employer": open_spell.employer.name
                        if open_spell.employer
                        else open_spell.employer_name,
                    }
                }
            )
        spell = EmploymentSpell.objects.create(
            worker=worker,
            employer=job.employer,
            employer_name=job.employer_name.strip(),
            place_of_work=job.place_of_work,
            occupation=job.occupation,
            monthly_income=monthly_income,
            started_on=started_on,
            channel=channel,
        )
        placement = Placement.objects.create(
            worker=worker,
            posting=posting,
            spell=spell,
            channel=channel,
            started_on=started_on,
            destination=destination_of(worker.home, job.place_of_work),
            poverty_status=worker.poverty_status,
            county=county_of(worker.home),
            note=note.strip(),
            illustrative=illustrative,
            created_by=actor,
        )
        _sync(placement)
    return placement


def spell_end(*, spell: EmploymentSpell, on: date) -> EmploymentSpell:
    """The worker left the job on `on`."""
    if on < spell.started_on:
        raise ValidationError({"ended_on": _("A job cannot end before it started.")})
    if on > timezone.localdate():
        raise ValidationError({"ended_on": _("The date is in the future.")})
    spell.ended_on = on
    spell.save(update_fields=["ended_on"])
    return spell


def follow_up_due(placement: Placement, months: int) -> date:
    """The day a follow-up falls due: the same day of the month, `months` later (the last
    day of a shorter month)."""
    start = placement.started_on
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def follow_up_record(
    *,
    actor: Any,
    placement: Placement,
    months: int,
    checked_on: date,
    employed: bool,
    note: str = "",
) -> FollowUp:
    """Record the check made `months` after the placement: not before it is due, once."""
    if months not in FollowUp.Months.values:
        raise ValidationError({"months": _("A follow-up is at 3 or 6 months.")})
    due = follow_up_due(placement, months)
    if checked_on < due:
        raise ValidationError(
            {"checked_on": _("This follow-up is due on %(day)s.") % {"day": due.isoformat()}}
        )
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("The date is in the future.")})
    if months == FollowUp.Months.SIX and not placement.follow_ups.filter(months=3).exists():
        raise ValidationError({"months": _("Record the 3-month follow-up first.")})
    if placement.follow_ups.filter(months=months).exists():
        raise ValidationError(
            {"months": _("The %(months)s-month follow-up is recorded.") % {"months": months}}
        )
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            placement=placement,
            months=months,
            checked_on=checked_on,
            employed=employed,
            note=note.strip(),
            checked_by=actor,
        )
        _sync(placement)
    return follow_up


def _sync(placement: Placement) -> None:
    sources.sync("placements", places=[placement.county.code], periods=None)


# --- matching outcomes


def match_outcome_record(
    *, actor: Any, posting: Posting, worker: Worker, outcome: str, note: str = ""
) -> MatchOutcome:
    """Add to the history of a match (人岗对接): shortlisted, contacted, interviewed, placed
    or declined. Never changes an earlier entry; a `placed` outcome names the placement of
    this worker into this posting when one is recorded."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose one of the allowed values.")})
    placement = None
    if outcome == Outcome.PLACED:
        placement = Placement.objects.filter(worker=worker, posting=posting).first()
    return MatchOutcome.objects.create(
        posting=posting, worker=worker, outcome=outcome, note=note.strip(),
        placement=placement, by=actor, at=timezone.now(),
    )  # fmt: skip
