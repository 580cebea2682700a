"""Importing data values: read a file as a stream, check each value, write in batches.

One pass over the file: each value is checked by `ValueChecker` — what
cannot differ between values of the same data element, period and
disaggregation, or of the same place, is checked once and remembered — its
place must be in the importing user's scope for "data.enter", and good
values are written in batches of `BATCH` (`values_prepare` then
`values_apply`: what `values_write` does), all in one transaction. With
atomicMode ALL the transaction is rolled back if any value was refused; with
NONE (DHIS2's way, the API's default) the good values stay. A file that cannot
be read is refused whole, and nothing is written; so is a file whose header
names a data set, place or attribute option combo that is not there (DHIS2
aborts such an import: E7600, E7603, E7604). Each refused value is a conflict
with DHIS2's error code (`summary.CONFLICT_KINDS`).

The file is read and checked outside any write transaction: the prepared
batches are kept in a temporary file, and the transaction opens only when the
whole file has been checked, to write them (`_SpoolSink`) — one transaction
for all, so atomicMode ALL still keeps all or nothing, but others may write
while the file is read and checked (on SQLite, which has one writer at a
time, an 800,000-value import used to lock everyone out for its whole run).
A refused file, or a refused value under ALL, never opens it. A dry run
(`_Sink`) compares each batch with what is stored in autocommit: it takes no
write lock at all. Inside a caller's transaction (tests, or a caller that
wants the import to join its own) the writes join it.
Once an import fills its first batch it asks for the interpreter settings of
`tuning` (fewer garbage collections, quicker thread switches), which are put
back when it ends.
"""

from __future__ import annotations

import contextlib
import dataclasses
import pickle
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, Any, NamedTuple

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.periods import Period
from xiezuo.places.models import Place
from xiezuo.uids import stable_uid

from .. import combos
from ..checking import CleanValue, Conflict, ValueChecker, parse_value, suspect, suspect_text
from ..models import Completion, DataElement, DataSet, ValueType, period_type_label
from ..selectors import data_set_get
from ..services import (
    Checked,
    PreparedBatch,
    WriteSummary,
    values_apply,
    values_bulk_key_checks,
    values_prepare,
)
from . import readers
from .readers import FileRefused, Header, RawValue
from .summary import CONFLICT_KINDS, ImportOptions, ImportSummary, OptionError
from .tuning import Tuning

MAX_VALIDATED = 200  # place × period pairs checked by the rules after an import
BATCH = 10_000
# values read ahead, their new places then looked up in one query (not one a place)
READ_AHEAD = 5_000
_NO_ATTRIBUTE = ("", combos.DEFAULT_UID, combos.DEFAULT_NAME)

Progress = Callable[[int, int], None]


class _Clean(NamedTuple):
    """A checked value, as CleanValue holds it, built cheaply in the hot loop."""

    element: DataElement
    place_id: int
    place_code: str
    period: Period
    disaggregation: str
    value: Decimal | None
    text: str
    comment: str
    stored_by: str


_new = tuple.__new__


class _Aborted(Exception):
    """The file's header names what is not there: DHIS2 aborts the whole import."""

    def __init__(self, code: str, objects: dict[str, str], message: str) -> None:
        super().__init__(message)
        self.code, self.objects, self.message = code, objects, message


def values_import(
    *,
    source: IO[bytes],
    fmt: str,
    actor: Any,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a data value file (json, csv, adx, xml or xlsx); the DHIS2 import summary.

    PermissionDenied if the user may not enter data at all; every value's
    place must also be in the user's scope (else a conflict for that value).
    """
    policy.require_anywhere(actor, "data.enter")
    try:
        header = readers.read_header(source, fmt)
        # what the file says of itself overrides the query, as in DHIS2
        options = options.with_payload(header.options)
    except (FileRefused, OptionError) as exc:
        return ImportSummary(options, error=str(exc))
    summary = ImportSummary(options)
    run = _Run(actor=actor, options=options, summary=summary, source=source, header=header)
    sink = _Sink(run) if options.dry_run else _SpoolSink(run)
    try:
        with run.tuning, sink:  # the sink writes before the settings are put back
            run.consume(readers.open_values(source, fmt, header), sink, progress)
        written = sink.written
        summary.imported, summary.updated = written.imported, written.updated
        summary.deleted, summary.ignored = written.deleted, written.ignored
    except FileRefused as exc:
        summary = ImportSummary(options, error=str(exc))
    except _Aborted as exc:
        summary = ImportSummary(options)
        summary.abort(exc.code, exc.objects, exc.message)
    except IntegrityError:
        summary = ImportSummary(
            options,
            error=_(
                "Another import wrote some of these values at the same time; "
                "nothing was written. Try again."
            ),
        )
    if summary.conflict_count and options.atomic_mode == "ALL":
        summary.imported = summary.updated = summary.deleted = 0
        summary.ignored = summary.values
    else:
        summary.ignored += summary.conflict_count  # DHIS2 counts a refused value as ignored
        if not summary.error and not options.dry_run and (summary.imported or summary.updated):
            _validate(summary, run.touched)
    return summary


def _validate(summary: ImportSummary, touched: set[tuple[str, Period]]) -> None:
    """Run the validation rules on the places and periods the import wrote (the first
    MAX_VALIDATED of them; the validation page covers any number)."""
    from xiezuo.indicators.validation import Violation, rules_for, violations_of
    from xiezuo.places.models import Place

    chosen = sorted(touched, key=lambda pair: (pair[0], pair[1].start))[:MAX_VALIDATED]
    places = {p.code: p for p in Place.objects.filter(code__in={code for code, _ in chosen})}
    summary.validated = len(chosen)
    summary.validation_total = len(touched)
    rules = rules_for()
    by_period: dict[Period, list[Place]] = {}
    for code, period in chosen:
        by_period.setdefault(period, []).append(places[code])
    found: dict[tuple[str, Period], list[Violation]] = {}
    for period, of_period in by_period.items():  # one analytics run per period
        for violation in violations_of(of_period, period, rules=rules):
            found.setdefault((violation.place_code, period), []).append(violation)
    for code, period in chosen:
        for violation in found.get((code, period), []):
            summary.violations.append(
                {
                    "orgUnit": code,
                    "period": period.id,
                    "validationRule": violation.rule.code,
                    "leftSide": violation.left_shown,
                    "rightSide": violation.right_shown,
                    "message": violation.message,
                }
            )


@contextlib.contextmanager
def _bulk_settings() -> Iterator[None]:
    """Within the writing transaction, settings for writing a million rows.

    SQLite: a page cache that holds the indexes being filled (the default is
    2 MB): a million values touch some 200 MB of index pages in an order the
    default cache cannot follow; with 256 MB the writes are about a third faster.
    PostgreSQL: foreign keys checked as each batch is written rather than all
    at the commit, so that the server checks while Python reads the next batch
    — once per batch rather than once per value where the role allows it
    (`values_bulk_key_checks`). Both are put back afterwards, unless the
    transaction failed (then it is rolled back, and SQLite's connection is
    closed at the end of the request).
    """
    if connection.vendor == "postgresql":
        statements = ("SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL DEFERRED")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            before = int(cursor.fetchone()[0])
        statements = ("PRAGMA cache_size = -262144", f"PRAGMA cache_size = {before}")
    else:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(statements[0])
    try:
        with values_bulk_key_checks():
            yield
    finally:
        if not connection.needs_rollback:
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute(statements[1])


class _Sink:
    """A dry run: each batch is compared with what is stored, in autocommit — reads only,
    no transaction, so a dry run never takes the write lock."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.written = WriteSummary()

    def __enter__(self) -> _Sink:
        return self

    def __exit__(self, kind: Any, exc: Any, trace: Any) -> None:
        return None

    def put(self, batch: list[Checked], strategy: str) -> None:
        _write(self.run, self.written, _prepare(self.run, batch), strategy)

    def call(self, work: Callable[[], None]) -> None:
        """Run `work` where the import writes (here: at once; it writes nothing)."""
        work()


class _SpoolSink(_Sink):
    """Batches prepared while the file is read and checked, kept in a temporary file; the
    write transaction opens only once the whole file has been checked, and writes them.

    The reading and checking (most of an import's time) hold no lock, so others may write
    meanwhile; a file refused whole, or a value refused under atomicMode ALL, never opens
    the transaction at all. Inside a caller's transaction the writes join it.
    """

    def __init__(self, run: _Run) -> None:
        super().__init__(run)
        self.spool: IO[bytes] = tempfile.TemporaryFile(prefix="xiezuo-import-")  # noqa: SIM115
        self.batches = 0
        self.works: list[Callable[[], None]] = []

    def __exit__(self, kind: Any, exc: Any, trace: Any) -> None:
        try:
            if kind is None and not self.run.rollback:
                self._write_all()
        finally:
            self.spool.close()

    def put(self, batch: list[Checked], strategy: str) -> None:
        if not batch or self.run.rollback:
            return  # nothing will be written
        pickle.dump((_prepare(self.run, batch), strategy), self.spool, pickle.HIGHEST_PROTOCOL)
        self.batches += 1

    def call(self, work: Callable[[], None]) -> None:
        self.works.append(work)

    def _write_all(self) -> None:
        self.spool.seek(0)
        with transaction.atomic(), _bulk_settings():
            for _ in range(self.batches):
                prepared, strategy = pickle.load(self.spool)  # our own file, written above
                _write(self.run, self.written, prepared, strategy)
            for work in self.works:
                work()


def _prepare(run: _Run, batch: list[Checked]) -> tuple[PreparedBatch, int]:
    return values_prepare(cleans=batch, actor=run.actor, source="imported"), len(batch)


def _write(
    run: _Run, written: WriteSummary, prepared: tuple[PreparedBatch, int], strategy: str
) -> None:
    batch, count = prepared
    if not count or (run.summary.conflict_count and run.options.atomic_mode == "ALL"):
        return  # everything will be rolled back
    result = values_apply(prepared=batch, strategy=strategy, dry_run=run.options.dry_run)
    written.imported += result.imported
    written.updated += result.updated
    written.deleted += result.deleted
    # the same cell twice in a batch is written once; the other counts as ignored
    written.ignored += count - result.imported - result.updated - result.deleted


class _Run:
    def __init__(
        self,
        *,
        actor: Any,
        options: ImportOptions,
        summary: ImportSummary,
        source: IO[bytes],
        header: Header,
    ) -> None:
        self.actor = actor
        self.options = options
        self.summary = summary
        self.source = source
        self.tuning = Tuning()
        self.header = header
        self.checker = ValueChecker()
        self.data_set: DataSet | None = None
        self.data_set_elements: set[int] = set()
        # a data set as the file names it -> it and its elements
        self.data_sets: dict[str, tuple[DataSet, set[int]]] = {}
        # element, period, combo as written -> (element, period, disaggregation)
        self.cells: dict[tuple[str, str, str], tuple[DataElement, Period, str]] = {}
        # place as written -> (id, code, in the user's scope)
        self.places: dict[str, tuple[int, str, bool]] = {}
        self.combos: dict[str, str | None] = {}
        self.locked: dict[tuple[int, str, str], bool] = {}
        self.has_locks = bool(self.checker.locks())
        self.deleting = options.strategy == "DELETE"
        # (place code, period) of every value taken: the validation rules run on them
        self.touched: set[tuple[str, Period]] = set()

    @property
    def rollback(self) -> bool:
        """Whether nothing may be kept: a dry run, or a refused value under atomicMode ALL."""
        options = self.options
        return options.dry_run or bool(self.summary.conflict_count and options.atomic_mode == "ALL")

    # --- the loop
    def consume(self, values: Iterator[RawValue], sink: _Sink, progress: Progress | None) -> None:
        first = next(values, None)
        self._start()
        if first is not None:
            self._loop(first, values, sink, progress)
        sink.call(self._complete)

    def _loop(
        self, first: RawValue, values: Iterator[RawValue], sink: _Sink, progress: Progress | None
    ) -> None:
        batch: list[Checked] = []
        deletes: list[Checked] = []
        count = 0
        cells, places = self.cells, self.places
        touched = self.touched
        parsed: dict[tuple[str, str | None], Decimal | str] = {}
        deleting, has_locks, strategy = self.deleting, self.has_locks, self.options.strategy
        own_set = ("", self.header.data_set)
        for raw in self._places_looked_up(_chain(first, values)):
            count += 1
            (_i, _r, element_id, period_id, place_id, combo, attribute, text, comment, gone,
             stored_by, of_set) = raw  # fmt: skip
            cell = cells.get((element_id, period_id, combo))
            place = places.get(place_id)
            result: Checked | Conflict
            if (
                cell is None
                or place is None
                or gone
                or of_set not in own_set  # an ADX group of another data set: checked anew
                or deleting
                or not place[2]
                or attribute not in _NO_ATTRIBUTE
                or (comment and suspect(comment))
            ):
                result = self._slow(raw)
            else:
                element, period, disaggregation = cell
                value_type = element.value_type
                number = parsed.get((value_type, text))
                if number is None:
                    number = parse_value(value_type, text)
                    if len(parsed) < 100_000:
                        parsed[(value_type, text)] = number
                if (
                    number.__class__ is str
                    or (has_locks and self._locked(element, place, period))
                    or (value_type == ValueType.TEXT and text and suspect_text(text))
                ):
                    result = self._slow(raw)
                elif value_type == ValueType.TEXT:
                    result = _new(
                        _Clean,
                        (
                            element,
                            place[0],
                            place[1],
                            period,
                            disaggregation,
                            None,
                            text or "",
                            comment,
                            stored_by,
                        ),
                    )
                else:
                    result = _new(
                        _Clean,
                        (
                            element,
                            *(place[0], place[1], period, disaggregation, number, ""),
                            *(comment, stored_by),
                        ),
                    )
            if result.__class__ is Conflict:
                self._conflict(raw, result)
                continue
            if gone and not deleting:
                deletes.append(result)  # type: ignore[arg-type]
                continue
            touched.add((result.place_code, result.period))  # type: ignore[union-attr]
            batch.append(result)  # type: ignore[arg-type]
            if len(batch) >= BATCH:
                self.tuning.engage()  # a large import: see tuning.py
                sink.put(batch, strategy)
                batch = []
                if progress is not None:
                    progress(count, _position(self.source))
        sink.put(batch, strategy)
        sink.put(deletes, "DELETE")
        self.summary.values = count
        if progress is not None:
            progress(count, _position(self.source))

    def _places_looked_up(self, values: Iterator[RawValue]) -> Iterator[RawValue]:
        """The values, read READ_AHEAD at a time, with the places first named among them
        looked up together: an import naming 1,400 places made 1,400 queries, each value's
        whole check (`_slow`) looking up its own. A file that breaks further on (a reader's
        error) has the values before the break checked first, as without reading ahead."""
        places = self.places
        while True:
            ahead: list[RawValue] = []
            broken: Exception | None = None
            try:
                for raw in values:
                    ahead.append(raw)
                    if len(ahead) == READ_AHEAD:
                        break
            except Exception as exc:  # raised again below, after the values read before it
                broken = exc
            self.checker.prefetch_places({raw.place for raw in ahead if raw.place not in places})
            yield from ahead
            if broken is not None:
                raise broken
            if len(ahead) < READ_AHEAD:
                return

    # --- the file's own fields
    def _start(self) -> None:
        """The header's data set, place and attribute option combo, which must be there (DHIS2
        aborts the import for one that is not: E7600, E7603, E7604)."""
        header = self.header
        code = header.data_set
        if code:
            if data_set_get(code) is None:
                raise _Aborted(
                    "E7600",
                    {"dataSet": code},
                    _("No data set has the code or id “%s”.") % code,
                )
            self.data_set, self.data_set_elements = self._data_set(code)
        if header.place and self.checker.place(header.place) is None:
            raise _Aborted(
                "E7603",
                {"organisationUnit": header.place, "dataSet": code},
                _("No place has the code or id “%s”.") % header.place,
            )
        if header.attribute not in _NO_ATTRIBUTE:
            raise _Aborted(
                "E7604",
                {"categoryOptionCombo": header.attribute, "dataSet": code},
                _(
                    "No attribute option combo has the code or id “%s”: attribute option "
                    "combos are not used; leave attributeOptionCombo empty."
                )
                % header.attribute,
            )

    def _data_set(self, code: str) -> tuple[DataSet, set[int]]:
        """A data set the file names (its own, or an ADX group's) and its elements; the whole
        file is refused for one that does not exist, as DHIS2 refuses it."""
        if code not in self.data_sets:
            data_set = data_set_get(code)
            if data_set is None:
                raise FileRefused(_("No data set has the code or id “%s”.") % code)
            elements = set(data_set.data_elements.values_list("pk", flat=True))
            self.data_sets[code] = (data_set, elements)
        return self.data_sets[code]

    def _complete(self) -> None:
        """DHIS2: a set with dataSet, period, orgUnit and completeDate marks the report complete."""
        header = self.header
        if not (self.data_set and header.period and header.place and header.complete_date):
            return
        if self.rollback and not self.options.dry_run:
            return
        found = self.checker.place(header.place)
        if found is None or not self._in_scope(found[0], found[1]):
            return
        if not self.options.dry_run:
            Completion.objects.get_or_create(
                data_set=self.data_set,
                place_id=found[0],
                period=header.period,
                defaults={"completed_by": self.actor},
            )
        self.summary.data_set_complete = header.complete_date

    # --- checks
    def _in_scope(self, place_id: int, code: str) -> bool:
        return policy.can(self.actor, "data.enter", Place(pk=place_id, code=code))

    def _combo(self, text: str) -> str | None:
        if text not in self.combos:
            self.combos[text] = combos.key_of(text.strip())
        return self.combos[text]

    def _locked(self, element: DataElement, place: tuple[int, str, bool], period: Period) -> bool:
        key = (element.pk, place[1], period.id)
        if key not in self.locked:
            self.locked[key] = self.checker.locked(element, place[1], period)
        return self.locked[key]

    def _slow(self, raw: RawValue) -> CleanValue | Conflict:
        """The whole check of one value; remembers what later values may take for granted."""
        if raw.attribute not in _NO_ATTRIBUTE:
            return Conflict(
                "attributeOptionCombo",
                raw.attribute,
                _("attribute option combos are not used; leave attributeOptionCombo empty"),
                "E7615",
            )
        key = self._combo(raw.combo)
        if key is None:
            return Conflict(
                "categoryOptionCombo",
                raw.combo,
                _("no disaggregation (category option combo) has the code or id “%s”") % raw.combo,
                "E7613",
            )
        result = self.checker.check(
            element=raw.element,
            place=raw.place,
            period=raw.period,
            disaggregation=key,
            value=raw.value,
            comment=raw.comment,
            deleting=self.deleting or raw.deleted,
        )
        if isinstance(result, Conflict):
            return result
        data_set, elements = self.data_set, self.data_set_elements
        if raw.data_set:
            data_set, elements = self._data_set(raw.data_set)
        if data_set is not None:
            if result.element.pk not in elements:
                return Conflict(
                    "dataElement",
                    raw.element,
                    _("%(element)s is not in the data set %(data_set)s")
                    % {"element": result.element.name, "data_set": data_set.name},
                    "E7633",
                )
            if result.period.type.dhis2_name != data_set.period_type:
                return Conflict(
                    "period",
                    raw.period,
                    _("the data set %(data_set)s is reported %(type)s; “%(period)s” is not")
                    % {
                        "data_set": data_set.name,
                        "type": period_type_label(data_set.period_type),
                        "period": raw.period,
                    },
                    "E7632",
                )
        allowed = self._in_scope(result.place_id, result.place_code)
        self.places[raw.place] = (result.place_id, result.place_code, allowed)
        if not allowed:
            return Conflict("orgUnit", raw.place, policy.denied_message("data.enter"), "E7617")
        if raw.data_set not in ("", self.header.data_set):
            return result  # later values of the file's own data set are checked against it
        self.cells[(raw.element, raw.period, raw.combo)] = (
            result.element,
            result.period,
            result.disaggregation,
        )
        return dataclasses.replace(result, stored_by=raw.stored_by) if raw.stored_by else result

    def _conflict(self, raw: RawValue, conflict: Conflict) -> None:
        conflict = _strict_periods(conflict)
        if raw.row is not None:
            where = _("row %(row)s") % {"row": raw.row}
        else:
            where = _("value %(number)s") % {"number": raw.position + 1}
        what = " / ".join(part for part in (raw.element, raw.place, raw.period, raw.combo) if part)
        code = conflict.code or _CODE_OF_FIELD.get(conflict.field, "E7619")
        self.summary.add_conflict(
            code,
            self._objects(code, raw, conflict),
            conflict.message,
            index=raw.position,
            row=raw.row,
            line=f"{where} ({what}): {conflict.message}",
        )

    def _objects(self, code: str, raw: RawValue, conflict: Conflict) -> dict[str, str]:
        """The objects DHIS2 names in a conflict with this code, as the file gave them."""
        property_name, names = CONFLICT_KINDS[code]
        objects: dict[str, str] = {}
        for name in names:
            if name == "dataElement":
                objects[name] = raw.element
            elif name == "period":
                objects[name] = raw.period
            elif name == "organisationUnit":
                objects[name] = raw.place
            elif name == "categoryOptionCombo":
                if property_name == "categoryOptionCombo":
                    objects[name] = raw.combo
                else:  # an attribute option combo: Xiezuo has the default one alone
                    objects[name] = raw.attribute or combos.DEFAULT_UID
            elif name == "dataSet":
                objects[name] = self._data_set_of(code, raw)
            elif name == "user":
                objects[name] = stable_uid("user", str(self.actor.pk))
            else:  # value, comment: what is wrong with it
                objects[name] = conflict.message
        return objects

    def _data_set_of(self, code: str, raw: RawValue) -> str:
        """The id of the data set a conflict names: for E7642 the approved one that locks the
        value, else the file's."""
        if code == "E7642":
            element = self.checker.elements.get(raw.element)
            place = self.checker.place(raw.place)
            if element is not None and place is not None:
                with contextlib.suppress(ValueError):
                    period = periods.parse(raw.period)
                    found = self.checker.locking_data_set(element, place[1], period)
                    if found is not None:
                        return found
        if raw.data_set and raw.data_set in self.data_sets:  # an ADX group's
            return self.data_sets[raw.data_set][0].uid
        return self.data_set.uid if self.data_set is not None else ""


# the code of a conflict that does not carry its own (a safety net: the checks name theirs)
_CODE_OF_FIELD = {
    "dataElement": "E7610",
    "period": "E7611",
    "orgUnit": "E7612",
    "categoryOptionCombo": "E7613",
    "attributeOptionCombo": "E7615",
    "comment": "E7620",
}


def _strict_periods(conflict: Conflict) -> Conflict:
    """A value of another period type than its data element's or data set's is refused
    whatever the query says; the message names DHIS2's option (in Xiezuo's roll-ups the
    value would be counted twice)."""
    if conflict.code != "E7632":
        return conflict
    return dataclasses.replace(
        conflict,
        message=conflict.message + " " + _("(Xiezuo always imports as strictPeriods=true)"),
    )


def _chain(first: RawValue, rest: Iterator[RawValue]) -> Iterator[RawValue]:
    yield first
    yield from rest


def _position(source: IO[bytes]) -> int:
    try:
        return source.tell()
    except (OSError, ValueError):
        return 0
