"""The imports of the labour registers from workbooks in their layouts (`layout`): all rows
or none.

Every row is read and checked first — identity numbers (valid, not registered
already, not twice in the file), places (known, and in the importing user's
scope by the policy), occupations, organisations, choices, dates and numbers —
and one bad cell refuses the whole file with a message per row and column
(`xiezuo.importing`); nothing is written then. The records are then written by
the registers' own services (`worker_register`, `posting_create`,
`trainee_enrol` and `trainee_complete`, `placement_record`) inside one
transaction: a refusal by a service is named on its row too, and undoes the
rows before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.importing import ImportRefused, RowError
from xiezuo.occupations import codes as occupation_codes
from xiezuo.occupations.models import Occupation
from xiezuo.personal.crypto import lookup_hash
from xiezuo.personal.identity import identity_clean
from xiezuo.personal.phones import phone_clean
from xiezuo.places.lookups import Directory
from xiezuo.places.models import Organisation, Place
from xiezuo.spreadsheets import (
    Column,
    Row,
    cell_date,
    cell_names,
    choice_lookup,
    first_sheet,
    not_a_date,
    refuse,
)

from .. import services
from ..models import (
    Channel,
    Education,
    JobFair,
    Placement,
    Posting,
    PovertyStatus,
    Trainee,
    TrainingClass,
    Wish,
    Worker,
)
from .layout import (
    PLACEMENT_COLUMNS,
    POSTING_COLUMNS,
    TRAINEE_COLUMNS,
    WORKER_COLUMNS,
    by_key,
)

_YES = frozenset({"是", "yes", "y", "true", "1", "√", "✓", "有"})
_NO = frozenset({"否", "no", "n", "false", "0", "×", "无", ""})


# --- reading cells


def _choice(row: Row, key: str, table: dict[str, Any], default: Any = None) -> Any:
    text = row.text(key)
    if not text:
        return default
    value = table.get(text.lower())
    if value is None:
        row.error(key, _("“%(value)s” is not one of the allowed values.") % {"value": text})
    return value


def _whole(row: Row, key: str, *, least: int = 0) -> int | None:
    text = row.text(key).replace(",", "").replace("，", "")
    if not text:
        return None
    if not text.isdigit():
        row.error(key, _("“%(value)s” is not a whole number.") % {"value": text})
        return None
    if int(text) < least:
        row.error(key, _("Give a whole number of at least %(least)s.") % {"least": least})
        return None
    return int(text)


def _day(row: Row, key: str) -> date | None:
    if not row.text(key):
        return None
    day = cell_date(row.cell(key))
    if day is None:
        row.error(key, not_a_date(row.cell(key)))
    return day


def _yes_no(row: Row, key: str) -> bool:
    text = row.text(key).lower()
    if text in _YES:
        return True
    if text not in _NO:
        row.error(key, _("Write 是 or 否 (yes or no), not “%(value)s”.") % {"value": row.text(key)})
    return False


def _lines(row: Row, key: str) -> str:
    """Names separated by 、 or ; as the registers keep them: one a line."""
    return "\n".join(cell_names(row.cell(key)))


def _place(row: Row, key: str, directory: Directory) -> Place | None:
    text = row.text(key)
    if not text:
        return None
    try:
        return directory.place(text)
    except ValueError as exc:
        row.error(key, str(exc))
        return None


class _Occupations:
    """Occupations (unit groups) named by their code (“6-05-01-03 缝纫工” reads as the code),
    their name or one of their aliases; each lookup raises ValueError with the message."""

    def __init__(self) -> None:
        self.found: dict[str, Occupation] = {}

    def get(self, token: str) -> Occupation:
        token = token.strip()
        if token not in self.found:
            self.found[token] = self._look_up(token)
        return self.found[token]

    def _look_up(self, token: str) -> Occupation:
        first = token.split()[0]
        if occupation_codes.is_code(first):
            occupation = Occupation.objects.filter(code=first).first()
            if occupation is None:
                raise ValueError(_("No occupation has the code “%s”.") % first)
            if not occupation.is_unit:
                raise ValueError(
                    _("%(code)s %(name)s is a group: choose an occupation within it.")
                    % {"code": occupation.code, "name": occupation.name}
                )
            return occupation
        units = Occupation.objects.units()
        found = list(units.filter(name=token)[:2])
        if not found:
            found = [o for o in units.filter(aliases__contains=token) if token in o.alias_list]
        if not found:
            raise ValueError(
                _("No occupation is named “%(name)s”; write its code.") % {"name": token}
            )
        if len(found) > 1:
            raise ValueError(
                _("Several occupations are named “%(name)s”; write the one meant by its code.")
                % {"name": token}
            )
        return found[0]


def _occupation(row: Row, key: str, occupations: _Occupations) -> Occupation | None:
    text = row.text(key)
    if not text:
        return None
    try:
        return occupations.get(text)
    except ValueError as exc:
        row.error(key, str(exc))
        return None


def _organisation(row: Row, key: str, directory: Directory) -> Organisation | None:
    text = row.text(key)
    if not text:
        return None
    try:
        return directory.organisation(text)
    except ValueError as exc:
        row.error(key, str(exc))
        return None


def _out_of_scope(row: Row, key: str, place: Place) -> None:
    row.error(
        key,
        _("%(place)s is not within your scope: you may record only in your places.")
        % {"place": f"{place.code} {place.name}"},
    )


@dataclass
class _Sheet:
    """The rows of an uploaded workbook's first sheet, each a `Row` whose errors go to
    `errors`; empty rows are skipped."""

    source: IO[bytes]
    columns: tuple[Column, ...]
    errors: list[RowError] = field(default_factory=list)

    def rows(self) -> Iterator[Row]:
        labels = {c.key: str(c.label) for c in self.columns if c.imported}
        imported = tuple(c for c in self.columns if c.imported)
        with first_sheet(self.source, imported) as (positions, cells_below):
            for number, cells in enumerate(cells_below, start=2):
                row = Row(number, cells or (), positions, labels, self.errors)
                if not any(row.text(c.key) for c in imported):
                    continue
                yield row

    def refuse_if_any(self, parsed: Sequence[object], nothing: str) -> None:
        if not self.errors and not parsed:
            raise refuse(nothing)
        if self.errors:
            raise ImportRefused(sorted(self.errors, key=lambda e: e.row))


def _identity(row: Row, key: str, seen: dict[str, int]) -> tuple[str, str] | None:
    """The identity number in the cell and its lookup hash, unless it is bad or a row above
    gave the same person (`seen`: row by hash)."""
    if not row.text(key):
        return None
    try:
        number = identity_clean(row.text(key))
    except ValidationError as exc:
        row.error(key, " ".join(exc.messages))
        return None
    digest = lookup_hash(number)
    if digest in seen:
        row.error(key, _("The same person as on row %(row)s.") % {"row": seen[digest]})
        return None
    seen[digest] = row.number
    return str(number), digest


def _named_worker(row: Row, digest: str, workers: dict[str, Worker]) -> Worker | None:
    """The registered worker with this identity number (and the name, if the row gives one)."""
    worker = workers.get(digest)
    if worker is None:
        row.error(
            "identity",
            _("No worker is registered with this identity number; register the worker first."),
        )
        return None
    name = row.text("name")
    if name and name != worker.name:
        row.error(
            "name",
            _("The worker with this identity number is registered as %(name)s.")
            % {"name": worker.name},
        )
        return None
    return worker


def _workers_by_hash(digests: Sequence[str]) -> dict[str, Worker]:
    found = Worker.objects.select_related("home").filter(identity_hash__in=list(digests))
    return {w.identity_hash: w for w in found}


def _service_errors(
    exc: ValidationError, row: int, columns: dict[str, Column], fields: dict[str, str]
) -> list[RowError]:
    """A service's refusal on the row, each message under the column of its field (`fields`
    maps a field to a column key; other fields go to the first column imported)."""
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    fallback = next(c for c in columns.values() if c.imported)
    found = []
    for name, texts in messages.items():
        column = columns.get(fields.get(name, name), fallback)
        found += [RowError(row, str(column.label), text) for text in texts]
    return found


def _write_all(rows: Sequence[Any], write: Callable[[Any], None]) -> None:
    """Write each row (inside the caller's transaction); ImportRefused with every row's
    refusal, which undoes the rows written."""
    errors: list[RowError] = []
    for row in rows:
        try:
            write(row)
        except ImportRefused as exc:
            errors += exc.errors
    if errors:
        raise ImportRefused(errors)


# --- workers

_WORKER_BY_KEY = by_key(WORKER_COLUMNS)
_WORKER_FIELDS = {"wish_place": "wish_destination", "identity": "identity"}


@dataclass
class _WorkerRow:
    row: int
    identity: str
    fields: dict[str, Any]
    occupations: list[Occupation]


def _read_workers(source: IO[bytes], user: User) -> list[_WorkerRow]:
    sheet = _Sheet(source, WORKER_COLUMNS)
    directory, occupations = Directory(), _Occupations()
    statuses, levels, wishes = (
        choice_lookup(PovertyStatus),
        choice_lookup(Education),
        choice_lookup(Wish),
    )
    seen: dict[str, int] = {}
    parsed: list[_WorkerRow] = []
    hashes: dict[int, str] = {}
    for row in sheet.rows():
        before = len(sheet.errors)
        row.require("name", "identity", "home", "poverty_status")
        name = row.text("name")
        if len(name) > 100:
            row.error("name", _("The name is too long (at most 100 characters)."))
        identity = _identity(row, "identity", seen)
        home = _place(row, "home", directory)
        if home is not None and not policy.can(user, "labour.record", Worker(home=home)):
            _out_of_scope(row, "home", home)
        status = _choice(row, "poverty_status", statuses)
        education = _choice(row, "education", levels, default=Education.JUNIOR)
        phone = row.text("phone")
        if phone:
            try:
                phone = phone_clean(phone)
            except ValidationError as exc:
                row.error("phone", " ".join(exc.messages))
        wished: list[Occupation] = []
        for token in cell_names(row.cell("wish_occupations")):
            try:
                wished.append(occupations.get(token))
            except ValueError as exc:
                row.error("wish_occupations", str(exc))
        destination: str = Wish.ANY
        wish_place = None
        if row.text("wish_destination"):
            destination = wishes.get(row.text("wish_destination").lower(), Wish.PLACE)
            if destination == Wish.PLACE:
                wish_place = _place(row, "wish_destination", directory)
        expected_wage = _whole(row, "expected_wage")
        available_from = _day(row, "available_from")
        if len(sheet.errors) > before or identity is None or home is None:
            continue
        hashes[row.number] = identity[1]
        parsed.append(
            _WorkerRow(
                row=row.number,
                identity=identity[0],
                fields={
                    "name": name,
                    "ethnicity": row.text("ethnicity")[:20],
                    "home": home,
                    "poverty_status": status,
                    "education": education,
                    "skills": row.text("skills"),
                    "certificates": _lines(row, "certificates"),
                    "health_limits": row.text("health_limits")[:200],
                    "phone": phone,
                    "wish_destination": destination,
                    "wish_place": wish_place,
                    "expected_wage": expected_wage,
                    "available_from": available_from,
                },
                occupations=wished,
            )
        )
    # a person already registered, in any county: named with where, as the service does
    registered = _workers_by_hash(list(hashes.values()))
    label = str(_WORKER_BY_KEY["identity"].label)
    for number, digest in hashes.items():
        found = registered.get(digest)
        if found is not None:
            sheet.errors.append(
                RowError(
                    number,
                    label,
                    _("This person is already registered, in %(place)s (worker %(uid)s).")
                    % {"place": found.home.name, "uid": found.uid},
                )
            )
    sheet.refuse_if_any(parsed, _("The first sheet has no workers below its header."))
    return parsed


@transaction.atomic
def import_workers(*, source: IO[bytes], user: User) -> list[Worker]:
    """Register a worker for each row of the workbook (`services.worker_register`);
    ImportRefused, and nothing written, if any cell is bad."""
    rows = _read_workers(source, user)
    created: list[Worker] = []

    def write(row: _WorkerRow) -> None:
        try:
            created.append(
                services.worker_register(
                    actor=user,
                    identity=row.identity,
                    wish_occupations=row.occupations,
                    **row.fields,
                )
            )
        except ValidationError as exc:
            raise ImportRefused(
                _service_errors(exc, row.row, _WORKER_BY_KEY, _WORKER_FIELDS)
            ) from None

    _write_all(rows, write)
    return created


# --- postings

_POSTING_BY_KEY = by_key(POSTING_COLUMNS)


@dataclass
class _PostingRow:
    row: int
    fields: dict[str, Any]


def _read_postings(source: IO[bytes], user: User) -> list[_PostingRow]:
    sheet = _Sheet(source, POSTING_COLUMNS)
    directory, occupations, levels = Directory(), _Occupations(), choice_lookup(Education)
    parsed: list[_PostingRow] = []
    for row in sheet.rows():
        before = len(sheet.errors)
        row.require(*(c.key for c in POSTING_COLUMNS if c.required))
        title = row.text("title")
        if len(title) > 200:
            row.error("title", _("The title is too long (at most 200 characters)."))
        employer = _organisation(row, "employer", directory)
        place = _place(row, "place_of_work", directory)
        if (
            employer is not None
            and place is not None
            and not policy.can(
                user, "labour.record", Posting(employer=employer, place_of_work=place)
            )
        ):
            row.error(
                "employer",
                _(
                    "Neither the employer nor the place of work is within your scope: you may "
                    "post only for them."
                ),
            )
        fields = {
            "employer": employer,
            "title": title,
            "occupation": _occupation(row, "occupation", occupations),
            "place_of_work": place,
            "openings": _whole(row, "openings", least=1),
            "wage_min": _whole(row, "wage_min"),
            "wage_max": _whole(row, "wage_max"),
            "hours": row.text("hours")[:100],
            "meals": _yes_no(row, "meals"),
            "housing": _yes_no(row, "housing"),
            "age_min": _whole(row, "age_min"),
            "age_max": _whole(row, "age_max"),
            "education_min": _choice(row, "education_min", levels, default=Education.NONE),
            "skills": row.text("skills"),
            "certificates": _lines(row, "certificates"),
            "contact": row.text("contact")[:200],
            "offered_to": _place(row, "offered_to", directory),
            "for_school_leavers": _yes_no(row, "for_school_leavers"),
            "valid_from": _day(row, "valid_from"),
            "valid_to": _day(row, "valid_to"),
        }
        if len(sheet.errors) == before:
            parsed.append(_PostingRow(row.number, fields))
    sheet.refuse_if_any(parsed, _("The first sheet has no postings below its header."))
    return parsed


@transaction.atomic
def import_postings(*, source: IO[bytes], user: User) -> list[Posting]:
    """Create a posting for each row of the workbook (`services.posting_create`);
    ImportRefused, and nothing written, if any cell is bad."""
    rows = _read_postings(source, user)
    created: list[Posting] = []

    def write(row: _PostingRow) -> None:
        try:
            created.append(services.posting_create(actor=user, **row.fields))
        except ValidationError as exc:
            raise ImportRefused(
                _service_errors(exc, row.row, _POSTING_BY_KEY, {"sex_reason": "title"})
            ) from None

    _write_all(rows, write)
    return created


# --- trainees of a training class

_TRAINEE_BY_KEY = by_key(TRAINEE_COLUMNS)


@dataclass
class _TraineeRow:
    row: int
    worker: Worker
    completed: bool
    certificate: str
    found_job_on: date | None
    enrolled: Trainee | None = None  # in the class already: the row completes it


def _read_trainees(
    source: IO[bytes], user: User, training_class: TrainingClass
) -> list[_TraineeRow]:
    sheet = _Sheet(source, TRAINEE_COLUMNS)
    seen: dict[str, int] = {}
    read: list[tuple[Row, str, bool, str, date | None]] = []
    for row in sheet.rows():
        before = len(sheet.errors)
        row.require("identity")
        identity = _identity(row, "identity", seen)
        completed = _yes_no(row, "completed")
        certificate = row.text("certificate")[:200]
        found_job_on = _day(row, "found_job_on")
        if not completed and certificate:
            row.error("certificate", _("A certificate is for a trainee who completed the class."))
        if not completed and found_job_on is not None:
            row.error("found_job_on", _("Only a trainee who completed the class is counted so."))
        if identity is not None and len(sheet.errors) == before:
            read.append((row, identity[1], completed, certificate, found_job_on))
    workers = _workers_by_hash([digest for _row, digest, *_rest in read])
    enrolled = {t.worker_id: t for t in training_class.trainees.select_related("county")}
    parsed: list[_TraineeRow] = []
    for row, digest, completed, certificate, found_job_on in read:
        worker = _named_worker(row, digest, workers)
        if worker is None:
            continue
        trainee = enrolled.get(worker.pk)
        if trainee is not None and (trainee.completed or not completed):
            row.error("identity", _("%(name)s is already in this class.") % {"name": worker.name})
            continue
        if not policy.can(
            user, "labour.record", Trainee(training_class=training_class, worker=worker)
        ):
            row.error(
                "identity",
                _(
                    "Neither %(name)s's home nor the class's place is within your scope: you "
                    "may record only on them."
                )
                % {"name": worker.name},
            )
            continue
        parsed.append(
            _TraineeRow(row.number, worker, completed, certificate, found_job_on, trainee)
        )
    sheet.refuse_if_any(parsed, _("The first sheet has no trainees below its header."))
    return parsed


@transaction.atomic
def import_trainees(
    *, source: IO[bytes], user: User, training_class: TrainingClass
) -> list[Trainee]:
    """Enrol the worker of each row in the class (`services.trainee_enrol`), and record
    the completion the row gives (`services.trainee_complete`) — of a worker enrolled
    already too, so that the class's list at its end completes the list at its start;
    ImportRefused, and nothing written, if any cell is bad."""
    rows = _read_trainees(source, user, training_class)
    created: list[Trainee] = []

    def write(row: _TraineeRow) -> None:
        try:
            trainee = row.enrolled or services.trainee_enrol(
                training_class=training_class, worker=row.worker
            )
            if row.completed:
                services.trainee_complete(
                    trainee=trainee, certificate=row.certificate, found_job_on=row.found_job_on
                )
        except ValidationError as exc:
            raise ImportRefused(
                _service_errors(exc, row.row, _TRAINEE_BY_KEY, {"worker": "identity"})
            ) from None
        created.append(trainee)

    _write_all(rows, write)
    return created


# --- placements

_PLACEMENT_BY_KEY = by_key(PLACEMENT_COLUMNS)
_PLACEMENT_FIELDS = {"worker": "identity", "employer": "employer", "started_on": "started_on"}


@dataclass
class _PlacementRow:
    row: int
    worker: Worker
    posting: Posting | None
    job: services.Job | None
    fields: dict[str, Any]


def _fair(row: Row, fairs: dict[str, list[JobFair]]) -> JobFair | None:
    text = row.text("fair")
    if not text:
        return None
    found = fairs.get(text, [])
    if not found:
        row.error("fair", _("No job fair is named “%(name)s”.") % {"name": text})
        return None
    if len(found) > 1:
        row.error(
            "fair",
            _("Several job fairs are named “%(name)s”; write the one meant by its number.")
            % {"name": text},
        )
        return None
    return found[0]


def _read_placements(source: IO[bytes], user: User) -> list[_PlacementRow]:
    sheet = _Sheet(source, PLACEMENT_COLUMNS)
    directory, occupations, channels = Directory(), _Occupations(), choice_lookup(Channel)
    fairs: dict[str, list[JobFair]] = {}
    read: list[tuple[Row, str, Posting | None, services.Job | None, dict[str, Any]]] = []
    rows = list(sheet.rows())
    named_fairs = {row.text("fair") for row in rows if row.text("fair")}
    for fair in JobFair.objects.filter(name__in=named_fairs) | JobFair.objects.filter(
        uid__in=named_fairs
    ):
        fairs.setdefault(fair.name, []).append(fair)
        fairs.setdefault(fair.uid, []).append(fair)
    seen: dict[str, int] = {}
    for row in rows:
        before = len(sheet.errors)
        row.require("identity", "started_on", "channel")
        identity = _identity(row, "identity", seen)
        posting, job = None, None
        if row.text("posting"):
            posting = (
                Posting.objects.select_related("employer", "place_of_work")
                .filter(uid=row.text("posting"))
                .first()
            )
            if posting is None:
                row.error(
                    "posting",
                    _("No posting has the number “%(key)s”.") % {"key": row.text("posting")},
                )
        elif not row.text("place_of_work"):
            row.error("place_of_work", _("Give the posting, or describe the job."))
        else:
            place = _place(row, "place_of_work", directory)
            employer, employer_name = None, ""
            if row.text("employer"):
                try:
                    employer = directory.organisation(row.text("employer"))
                except ValueError as exc:
                    if directory.organisations.get(row.text("employer")):
                        row.error("employer", str(exc))  # several of that name
                    employer_name = row.text("employer")[:200]
            occupation = _occupation(row, "occupation", occupations)
            if place is not None:
                job = services.Job(
                    place_of_work=place, employer=employer, employer_name=employer_name,
                    occupation=occupation,
                )  # fmt: skip
        fields = {
            "started_on": _day(row, "started_on"),
            "channel": _choice(row, "channel", channels),
            "fair": _fair(row, fairs),
            "monthly_income": _whole(row, "monthly_income"),
            "note": row.text("note"),
        }
        if identity is not None and len(sheet.errors) == before:
            read.append((row, identity[1], posting, job, fields))
    workers = _workers_by_hash([digest for _row, digest, *_rest in read])
    parsed: list[_PlacementRow] = []
    for row, digest, posting, job, fields in read:
        worker = _named_worker(row, digest, workers)
        if worker is None:
            continue
        if not policy.can(user, "labour.record", worker):
            _out_of_scope(row, "identity", worker.home)
            continue
        parsed.append(_PlacementRow(row.number, worker, posting, job, fields))
    sheet.refuse_if_any(parsed, _("The first sheet has no placements below its header."))
    return parsed


@transaction.atomic
def import_placements(*, source: IO[bytes], user: User) -> list[Placement]:
    """Record a placement for each row of the workbook (`services.placement_record`), in
    the file's order; ImportRefused, and nothing written, if any cell is bad."""
    rows = _read_placements(source, user)
    created: list[Placement] = []

    def write(row: _PlacementRow) -> None:
        try:
            created.append(
                services.placement_record(
                    actor=user,
                    worker=row.worker,
                    posting=row.posting,
                    job=row.job,
                    **row.fields,
                )
            )
        except ValidationError as exc:
            raise ImportRefused(
                _service_errors(exc, row.row, _PLACEMENT_BY_KEY, _PLACEMENT_FIELDS)
            ) from None

    _write_all(rows, write)
    return created
