"""Writes of the labour registries: workers registered and changed, postings, placements and
their follow-ups. Each refuses bad input by field, in the user's language, and writes
nothing then; each keeps the figures it changes up to date in its own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
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

from .dates import add_months
from .models import (
    Channel,
    Destination,
    EmploymentSpell,
    FollowUp,
    JobFair,
    MatchOutcome,
    MatchRow,
    Outcome,
    Placement,
    Posting,
    PovertyStatus,
    SchoolLeaver,
    Trainee,
    TrainingClass,
    TrainingKind,
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


def helper_provinces() -> frozenset[str]:
    """The provinces on the helper side of the programme's pairings (Guangdong: "44")."""
    return frozenset(
        code[:2]
        for code in Pairing.objects.filter(helper_place__isnull=False)
        .values_list("helper_place__code", flat=True)
        .distinct()
    )


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
        match_rows_refresh([worker.pk])
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
    before, exit_placement = worker.poverty_status, worker.exit_placement
    for name, value in changes.items():
        setattr(worker, name, value)
    _check_worker(worker)
    worker.full_clean(exclude=["identity_hash", "created_by"])
    if worker.poverty_status != before:
        # a status put right: an exit keeps its day (today when set here, without a job; an
        # exit through a job is `poverty_exit_record`), and no exit is left behind a change
        exited = worker.poverty_status == PovertyStatus.EXITED
        worker.exited_on = timezone.localdate() if exited else None
        worker.exit_placement = None
    with transaction.atomic():
        worker.save()
        if wish_occupations is not None:
            worker.wish_occupations.set(_occupations(wish_occupations))
        match_rows_refresh([worker.pk])
        if exit_placement is not None and worker.exit_placement is None:
            _sync(exit_placement)
    return worker


_MATCH_ROW_FIELDS = [
    "id", "home__code", "education", "birth_date", "sex", "wish_destination",
    "wish_place__code", "expected_wage", "available_from", "certificates",
]  # fmt: skip


@transaction.atomic
def match_rows_refresh(worker_ids: Iterable[int] | None = None) -> int:
    """Copy the workers' facts into the rows matching reads (`MatchRow`): those of
    `worker_ids`, or of every worker (after a bulk load that wrote workers or wishes
    without the services). Returns the rows written."""
    if worker_ids is None:
        MatchRow.objects.all().delete()
        ids = list(Worker.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(worker_ids))
    through = Worker.wish_occupations.through
    written = 0
    for start in range(0, len(ids), 2000):  # within any database's limit of parameters
        chunk = ids[start : start + 2000]
        if worker_ids is not None:
            MatchRow.objects.filter(worker_id__in=chunk).delete()
        workers = Worker.objects.filter(pk__in=chunk).values_list(*_MATCH_ROW_FIELDS)
        written += _match_rows_write(list(workers), through)
    return written


def _match_rows_write(workers: list[tuple[Any, ...]], through: Any) -> int:
    trainings = dict(
        Trainee.objects.filter(worker_id__in=[w[0] for w in workers], completed=True)
        .values_list("worker_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    wished: dict[int, list[str]] = {}
    for pk, code in through.objects.filter(worker_id__in=[w[0] for w in workers]).values_list(
        "worker_id", "occupation__code"
    ):
        wished.setdefault(pk, []).append(code.replace("-", ""))
    rows = []
    for pk, home, education, born, sex, wish, place, wage, available, certificates in workers:
        for occupation in wished.get(pk) or [""]:
            rows.append(
                MatchRow(
                    worker_id=pk,
                    wish=occupation,
                    home=home,
                    education=education,
                    birth_date=born,
                    sex=sex,
                    wish_destination=wish,
                    wish_place=place or "",
                    expected_wage=wage,
                    available_from=available,
                    certificates=certificates,
                    trainings=trainings.get(pk, 0),
                )
            )
    MatchRow.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# --- postings

_POSTING_FIELDS = (
    "employer", "title", "occupation", "place_of_work", "openings", "wage_min", "wage_max",
    "hours", "meals", "housing", "age_min", "age_max", "education_min", "skills",
    "certificates", "sex_required", "sex_reason", "contact", "offered_to",
    "for_school_leavers", "valid_from", "valid_to", "illustrative",
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
    if posting.for_school_leavers and posting.offered_to_id is None:
        errors["offered_to"] = _(
            "Say which helped place a posting for school leavers is offered to."
        )
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
    with transaction.atomic():
        posting.save()
        _sync_posts(posting.offered_to)
    return posting


def _sync_posts(*places: Place | None) -> None:
    """The school-leaver posts of the places a posting is (or was) offered to."""
    codes_ = [place.code for place in places if place is not None]
    if codes_:
        sources.sync("postings", places=codes_, periods=None)


def posting_update(*, posting: Posting, **changes: Any) -> Posting:
    unknown = set(changes) - set(_POSTING_FIELDS)
    if unknown:
        raise TypeError(f"posting_update() got unknown fields {sorted(unknown)}")
    before = posting.offered_to
    for name, value in changes.items():
        setattr(posting, name, value)
    _check_posting(posting)
    posting.full_clean(exclude=["created_by"])
    with transaction.atomic():
        posting.save()
        _sync_posts(before, posting.offered_to)
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
    fair: JobFair | None = None,
    note: str = "",
    illustrative: bool = False,
) -> Placement:
    """A worker starts a job (a posting on record, or a job described), perhaps agreed at a
    job fair: it opens an employment spell and counts in the placement figures of the
    worker's home county."""
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("The date is in the future.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose one of the allowed values.")})
    if (posting is None) == (job is None):
        raise ValidationError({"posting": _("Give the posting, or describe the job.")})
    if fair is not None and fair.held_on > started_on:
        raise ValidationError(
            {"fair": _("The job fair was held on %(day)s, after the job started.")
             % {"day": fair.held_on.isoformat()}}
        )  # fmt: skip
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
            fair=fair,
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
    return add_months(placement.started_on, months)


def follow_up_record(
    *,
    actor: Any,
    placement: Placement,
    months: int,
    checked_on: date,
    employed: bool,
    out_of_poverty: bool = False,
    note: str = "",
) -> FollowUp:
    """Record the check made `months` after the placement: not before it is due, once. When
    the check found the worker's household registered out of poverty through the job
    (`out_of_poverty`), the exit is recorded on the day checked (`poverty_exit_record`)."""
    if out_of_poverty and not employed:
        raise ValidationError(
            {"out_of_poverty": _("A household leaves poverty through a job the worker holds.")}
        )
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
        if out_of_poverty:
            poverty_exit_record(worker=placement.worker, on=checked_on, placement=placement)
        _sync(placement)
    return follow_up


def poverty_exit_record(*, worker: Worker, on: date, placement: Placement | None = None) -> Worker:
    """The worker's household was registered out of poverty on `on` (脱贫); through the job
    of `placement` when it is given (就业脱贫), which then counts in the placement's county.
    The job must have been the worker's on that day, and the worker poor when placed."""
    errors: dict[str, str] = {}
    if worker.poverty_status != PovertyStatus.POOR:
        errors["poverty_status"] = _("%(name)s is not registered as poor (%(status)s).") % {
            "name": worker.name,
            "status": worker.get_poverty_status_display(),
        }
    if on > timezone.localdate():
        errors["exited_on"] = _("The date is in the future.")
    if placement is not None and not errors:
        if placement.worker_id != worker.pk:
            errors["placement"] = _("The placement is another worker's.")
        elif placement.poverty_status != PovertyStatus.POOR:
            errors["placement"] = _("The worker was not registered as poor when placed.")
        elif not placement.spell.open_on(on):
            errors["placement"] = _("The worker did not hold this job on %(day)s.") % {
                "day": on.isoformat()
            }
    if errors:
        raise ValidationError(errors)
    worker.poverty_status = PovertyStatus.EXITED
    worker.exited_on = on
    worker.exit_placement = placement
    with transaction.atomic():
        worker.save(update_fields=["poverty_status", "exited_on", "exit_placement", "updated_at"])
        if placement is not None:
            _sync(placement)
    return worker


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


# --- job fairs, training classes and school leavers


def _place_at_least_county(place: Place | None, field: str) -> None:
    if place is not None and codes.level_of(place.code) > COUNTY_LEVEL:
        raise ValidationError({field: _("Give the place as a county, a prefecture or a province.")})


def job_fair_record(
    *,
    actor: Any,
    name: str,
    held_on: date,
    place: Place,
    organisers: str = "",
    employers: Iterable[Organisation] = (),
    postings: Iterable[Posting] = (),
    attendance: int = 0,
    agreements: int = 0,
    note: str = "",
    illustrative: bool = False,
) -> JobFair:
    """A job fair held (招聘会) for a place, with the employers and postings present: it
    counts in the fairs of its place in the month held."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Name the job fair.")
    if held_on > timezone.localdate():
        errors["held_on"] = _("The date is in the future.")
    if attendance < 0 or agreements < 0:
        errors["attendance"] = _("Give a number of people, zero or more.")
    elif agreements > attendance:
        errors["agreements"] = _("More agreements were signed than people came.")
    if errors:
        raise ValidationError(errors)
    _place_at_least_county(place, "place")
    with transaction.atomic():
        fair = JobFair.objects.create(
            name=name.strip(), held_on=held_on, place=place, organisers=organisers.strip(),
            attendance=attendance, agreements=agreements, note=note.strip(),
            illustrative=illustrative, created_by=actor,
        )  # fmt: skip
        fair.employers.set(list(employers))
        fair.postings.set(list(postings))
        sources.sync("job_fairs", places=[place.code], periods=None)
    return fair


def training_class_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    place: Place,
    starts_on: date,
    ends_on: date,
    provider: str = "",
    note: str = "",
    illustrative: bool = False,
) -> TrainingClass:
    """A training class (培训班): it counts in its place's classes in the month it ends."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Name the training class.")
    if kind not in TrainingKind.values:
        errors["kind"] = _("Choose one of the allowed values.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The class ends before it starts.")
    if errors:
        raise ValidationError(errors)
    _place_at_least_county(place, "place")
    with transaction.atomic():
        training_class = TrainingClass.objects.create(
            name=name.strip(), kind=kind, place=place, starts_on=starts_on, ends_on=ends_on,
            provider=provider.strip(), note=note.strip(), illustrative=illustrative,
            created_by=actor,
        )  # fmt: skip
        sources.sync("training", places=[place.code], periods=None)
    return training_class


def trainee_enrol(*, training_class: TrainingClass, worker: Worker) -> Trainee:
    """A worker joins a class, once; counted at the worker's home county as the worker's
    poverty status stands now."""
    if training_class.trainees.filter(worker=worker).exists():
        raise ValidationError(
            {"worker": _("%(name)s is already in this class.") % {"name": worker.name}}
        )
    return Trainee.objects.create(
        training_class=training_class,
        worker=worker,
        poverty_status=worker.poverty_status,
        county=county_of(worker.home),
    )


def trainee_complete(
    *, trainee: Trainee, certificate: str = "", found_job_on: date | None = None
) -> Trainee:
    """The trainee completed the class (with a certificate, and the day a job was found after
    it, if one was): counted in the people trained in the month the class ends."""
    training_class = trainee.training_class
    if found_job_on is not None and found_job_on < training_class.starts_on:
        raise ValidationError(
            {"found_job_on": _("A job found before the class started is not found after it.")}
        )
    if found_job_on is not None and found_job_on > timezone.localdate():
        raise ValidationError({"found_job_on": _("The date is in the future.")})
    trainee.completed = True
    trainee.certificate = certificate.strip()
    trainee.found_job_on = found_job_on
    with transaction.atomic():
        trainee.save(update_fields=["completed", "certificate", "found_job_on"])
        sources.sync("training", places=[trainee.county.code], periods=None)
        match_rows_refresh([trainee.worker_id])  # training taken counts in the matching
    return trainee


def school_leaver_register(
    *,
    actor: Any,
    worker: Worker,
    school: str,
    enrolled_on: date,
    expected_graduation: date,
    programme: str = "",
    illustrative: bool = False,
) -> SchoolLeaver:
    """A school leaver (两后生) in vocational schooling, once per worker."""
    errors: dict[str, str] = {}
    if not school.strip():
        errors["school"] = _("Name the school.")
    if expected_graduation < enrolled_on:
        errors["expected_graduation"] = _("Graduation comes before enrolment.")
    if SchoolLeaver.objects.filter(worker=worker).exists():
        errors["worker"] = _("%(name)s is already registered as a school leaver.") % {
            "name": worker.name
        }
    if errors:
        raise ValidationError(errors)
    return SchoolLeaver.objects.create(
        worker=worker, school=school.strip(), programme=programme.strip(),
        enrolled_on=enrolled_on, expected_graduation=expected_graduation,
        poverty_status=worker.poverty_status, county=county_of(worker.home),
        illustrative=illustrative, created_by=actor,
    )  # fmt: skip


def school_leaver_agreement_sign(
    *,
    school_leaver: SchoolLeaver,
    signed_on: date,
    place_of_work: Place,
    employer: Organisation | None = None,
    employer_name: str = "",
) -> SchoolLeaver:
    """The school leaver signs a job agreement: it counts in the month signed."""
    errors: dict[str, str] = {}
    if school_leaver.signed_on is not None:
        errors["signed_on"] = _("An agreement was signed on %(day)s.") % {
            "day": school_leaver.signed_on.isoformat()
        }
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("The date is in the future.")
    elif signed_on < school_leaver.enrolled_on:
        errors["signed_on"] = _("The agreement is signed before enrolment.")
    if employer is None and not employer_name.strip():
        errors["employer"] = _("Name the employer.")
    if errors:
        raise ValidationError(errors)
    school_leaver.signed_on = signed_on
    school_leaver.place_of_work = place_of_work
    school_leaver.employer = employer
    school_leaver.employer_name = employer_name.strip()
    with transaction.atomic():
        school_leaver.save(
            update_fields=["signed_on", "place_of_work", "employer", "employer_name"]
        )
        sources.sync("school_leavers", places=[school_leaver.county.code], periods=None)
    return school_leaver
