"""Writes of data values: one at a time (entry) or in batches (import, demo, derived figures).

Every update and delete leaves a DataValueChange (who, when, old → new); a
new value carries its author and time itself.
"""

from __future__ import annotations

import contextlib
import json
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from xiezuo.numbers import plain
from xiezuo.periods import Period

from .. import sources
from ..checking import CleanValue, Conflict, ValueChecker
from ..models import DataElement, DataValue, DataValueChange


class Checked(Protocol):
    """What values_write needs of a value: a CleanValue, or anything shaped like one."""

    @property
    def element(self) -> DataElement: ...
    @property
    def place_id(self) -> int: ...
    @property
    def place_code(self) -> str: ...
    @property
    def period(self) -> Period: ...
    @property
    def disaggregation(self) -> str: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def text(self) -> str: ...
    @property
    def comment(self) -> str: ...
    @property
    def stored_by(self) -> str: ...  # storedBy as the payload gives it, "" if it gives none


@dataclass
class WriteSummary:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0


_COLUMNS = (
    "data_element_id, place_id, place_code, period, start_month, end_month, disaggregation, "
    "value, text, comment, source, stored_by_id, stored_by_name, created_at, updated_at, "
    "province"
)
_TABLE = DataValue._meta.db_table


_Key = tuple[int, int, str, str]  # data element, place, period, disaggregation


@dataclass
class _Stored:
    """What a batch needs to know of a value already stored."""

    pk: int
    value: Decimal | None
    text: str
    comment: str


def _decimal_converter() -> Any:
    """Turns what the database returns for DataValue.value into the Decimal the ORM would give."""
    field = DataValue._meta.get_field("value")
    column = field.get_col(_TABLE)
    converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
    if not converters:
        return None

    def convert(raw: Any) -> Any:
        for converter in converters:
            raw = converter(raw, column, connection)
        return raw

    return convert


def _existing(values: dict[_Key, Checked]) -> dict[_Key, _Stored]:
    """The stored values of these cells, in one query per province of the batch.

    The query asks for each (place, period) of the batch — a few hundred
    probes of the (place, period) index for ten thousand values, as a file
    holds a place's month together — and the cells not asked for are dropped
    here. It names its province, as every statement on the values does where it
    can: on a distributed database (docs/scaling.md) it is then sent to one shard.
    """
    by_province: dict[str, list[_Key]] = defaultdict(list)
    for key, clean in values.items():
        by_province[clean.place_code[:2]].append(key)
    found: dict[_Key, _Stored] = {}
    for province, keys in sorted(by_province.items()):
        found.update(_existing_in(province, keys))
    return found


def _existing_in(province: str, keys: list[_Key]) -> dict[_Key, _Stored]:
    wanted = set(keys)
    pairs = sorted({(key[1], key[2]) for key in keys})
    elements = sorted({key[0] for key in keys})
    columns = (
        "v.id, v.data_element_id, v.place_id, v.period, v.disaggregation, v.value, v.text, "
        "v.comment"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # LATERAL … OFFSET 0 keeps one index probe per pair: a table that grows by a
            # million rows in this transaction has statistics that would have the
            # planner scan it whole for every batch.
            cursor.execute(
                f"SELECT {columns} FROM unnest(%s::bigint[], %s::varchar[]) AS k(p, per) "
                f"CROSS JOIN LATERAL (SELECT * FROM {_TABLE} WHERE place_id = k.p "
                "AND period = k.per AND data_element_id = ANY(%s) AND province = %s "
                "OFFSET 0) v",
                [[pair[0] for pair in pairs], [pair[1] for pair in pairs], elements, province],
            )
            rows = cursor.fetchall()
        elif connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT {columns} FROM json_each(%s) AS k JOIN {_TABLE} v "
                "ON v.place_id = json_extract(k.value, '$[0]') "
                "AND v.period = json_extract(k.value, '$[1]') AND v.province = %s",
                [json.dumps(pairs), province],
            )
            rows = cursor.fetchall()
        else:  # any other database: a superset by element, place and period
            rows = []
            periods = sorted({pair[1] for pair in pairs})
            places = sorted({pair[0] for pair in pairs})
            for start in range(0, len(places), 500):
                rows += DataValue.objects.filter(
                    province=province,
                    data_element_id__in=elements,
                    place_id__in=places[start : start + 500],
                    period__in=periods,
                ).values_list(
                    "id",
                    "data_element_id",
                    "place_id",
                    "period",
                    "disaggregation",
                    "value",
                    "text",
                    "comment",
                )
    found: dict[_Key, _Stored] = {}
    convert = _decimal_converter() if connection.vendor != "postgresql" else None
    for pk, element_id, place_id, period, disaggregation, value, text, comment in rows:
        key = (element_id, place_id, period, disaggregation)
        if key not in wanted:
            continue
        if convert is not None and value is not None and not isinstance(value, Decimal):
            value = convert(value)
        found[key] = _Stored(pk, value, text, comment)
    return found


# --- PostgreSQL: an import's foreign keys checked once per batch, not once per row
#
# PostgreSQL checks a foreign key by a trigger that runs one query per row
# (three per value here: data element, place, user): some 60 % of the
# server's time in an import. Within `values_bulk_key_checks()` (the import's
# transaction), when the role may set session_replication_role and the values
# table has no trigger but those checks, each batch's referenced rows are
# looked up and locked FOR KEY SHARE in one query — what the triggers do row
# by row, so that a place, data element or user cannot be deleted until the
# import commits — and the batch's COPY alone runs with the triggers off
# (session_replication_role = replica). The constraints stay in the schema:
# every other write is checked by them as before, and so is an import whose
# role may not set the parameter (a superuser may; on PostgreSQL 15 and later,
# GRANT SET ON PARAMETER session_replication_role TO the role).

_KEY_TRIGGERS = {'"RI_FKey_check_ins"', '"RI_FKey_check_upd"'}
_replica_role_from: ContextVar[str | None] = ContextVar("replica_role_from", default=None)


@dataclass(frozen=True)
class _ForeignKey:
    """A foreign key of DataValue: its place in the copied row and what it references."""

    index: int
    column: str
    table: str
    target: str
    db_type: str


def _foreign_keys() -> list[_ForeignKey]:
    copied = [name.strip() for name in _COLUMNS.split(",")]
    keys = []
    for field in DataValue._meta.concrete_fields:
        if field.is_relation and getattr(field, "db_constraint", False):
            target = field.target_field  # type: ignore[attr-defined]
            column = str(field.column)
            keys.append(
                _ForeignKey(
                    index=copied.index(column),  # a key not copied would go unchecked
                    column=column,
                    table=field.related_model._meta.db_table,  # type: ignore[union-attr]
                    target=target.column,
                    db_type=target.rel_db_type(connection),
                )
            )
    return keys


def _triggers_may_be_replaced(cursor: Any) -> str | None:
    """session_replication_role as it is, if the batch check may stand in for the triggers.

    The table is locked as an insert locks it, so that no trigger can be added
    until the transaction ends. Triggers enabled ALWAYS (the value summary's) fire under
    the replica role too: they need no stand-in.
    """
    may_set = (
        "has_parameter_privilege('session_replication_role', 'SET')"
        if connection.pg_version >= 150000  # type: ignore[attr-defined]
        else "current_setting('is_superuser') = 'on'"
    )
    cursor.execute(f"LOCK TABLE {_TABLE} IN ROW EXCLUSIVE MODE")
    cursor.execute(
        f"SELECT current_setting('session_replication_role'), {may_set}, "
        "ARRAY(SELECT ARRAY[t.tgfoid::regproc::text, a.attname::text, "
        "c.confrelid::regclass::text, ra.attname::text] FROM pg_trigger t "
        "LEFT JOIN pg_constraint c ON c.oid = t.tgconstraint AND c.contype = 'f' "
        "AND cardinality(c.conkey) = 1 "
        "LEFT JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "LEFT JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] "
        "WHERE t.tgrelid = %s::regclass AND t.tgenabled NOT IN ('D', 'A'))",
        [_TABLE],
    )
    role, allowed, triggers = cursor.fetchone()
    if role == "replica" or not allowed:
        return None
    covered = {(key.column, key.table, key.target) for key in _foreign_keys()}
    for proc, column, table, target in triggers:
        if proc not in _KEY_TRIGGERS or (column, table, target) not in covered:
            return None
    return str(role)


@contextlib.contextmanager
def values_bulk_key_checks() -> Iterator[None]:
    """Within the block (inside a transaction), new values' foreign keys are checked per
    batch where PostgreSQL allows it (see above); elsewhere nothing changes."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        role = _triggers_may_be_replaced(cursor)
    token = _replica_role_from.set(role)
    try:
        yield
    finally:
        _replica_role_from.reset(token)


@contextlib.contextmanager
def _keys_checked_per_batch(cursor: Any, rows: list[tuple[Any, ...]]) -> Iterator[None]:
    """Lock what the batch refers to, as the foreign-key triggers would (IntegrityError if a
    row is missing), and turn the triggers off within the block.

    Should the block fail, the transaction (or savepoint) is rolled back, and
    session_replication_role with it (set_config(…, true) is transactional).
    """
    role = _replica_role_from.get()
    if role is None:
        yield
        return
    keys = _foreign_keys()
    wanted = [sorted(set(map(operator.itemgetter(key.index), rows)) - {None}) for key in keys]
    quote = connection.ops.quote_name
    # one index probe per id (a lateral subquery with a locking clause is not flattened):
    # with `= ANY(ids)` the planner may scan the whole table of places
    locks = ", ".join(
        f"ARRAY(SELECT r.id FROM unnest(%s::{key.db_type}[]) AS k(id) CROSS JOIN LATERAL "
        f"(SELECT {quote(key.target)} AS id FROM {quote(key.table)} "
        f"WHERE {quote(key.target)} = k.id FOR KEY SHARE) AS r)"
        for key in keys
    )
    cursor.execute(
        f"SELECT set_config('session_replication_role', 'replica', true), {locks}", wanted
    )
    _, *found = cursor.fetchone()
    restore = "SELECT set_config('session_replication_role', %s, true)"
    for key, ids, there in zip(keys, wanted, found, strict=True):
        missing = sorted(set(ids) - set(there))
        if missing:
            cursor.execute(restore, [role])
            raise IntegrityError(
                f"insert into {_TABLE} violates the foreign key on {key.column}: "
                f"no {key.table}.{key.target} = {', '.join(map(str, missing[:10]))}"
            )
    yield
    cursor.execute(restore, [role])


_COPY_TYPES = ["int8", "int8", "varchar", "varchar", "int4", "int4", "varchar", "numeric", "text",
               "varchar", "varchar", "int8", "varchar", "timestamptz", "timestamptz",
               "varchar"]  # fmt: skip
_index_order = operator.itemgetter(0, 1, 3, 6)  # data element, place, period, disaggregation


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """New values, in the order of the unique index (B-trees fill fastest so)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor: COPY is several times faster than INSERT
            statement = f"COPY {_TABLE} ({_COLUMNS}) FROM STDIN (FORMAT BINARY)"
            with (
                connection.wrap_database_errors,  # Django's IntegrityError, as for any query
                _keys_checked_per_batch(raw, rows),
                raw.copy(statement) as copy,
            ):
                copy.set_types(_COPY_TYPES)
                for row in rows:
                    copy.write_row(row)
        else:
            _insert_sqlite(cursor, rows)


# SQLite keeps the value summary by a row-level trigger (indicators migrations 0010 and 0011): one
# upsert per new value made a bulk insert some four times slower. A batch instead is
# inserted with that trigger dropped, and adds its rows to the summary in one grouped
# upsert; the trigger is created again, from its own text in the schema, in the same
# transaction. SQLite's schema changes are transactional and it has one writer at a
# time: no other connection can write meanwhile or ever sees the table without its
# trigger, and a failure rolls the drop back with the rest. The batch's rows are those
# above the largest id before it (ids only grow: AUTOINCREMENT). The upsert adds a row as
# the trigger of migration 0011 does (a migration cannot be imported); test_summaries
# compares the summary with a GROUP BY of the values after such a batch.
_SUMMARY_KEY = (
    "data_element_id, prefix_len, place_prefix, start_month, end_month, disaggregation, "
    "derived, province"
)
_SUMMARY_ADD = (
    f"INSERT INTO indicators_valuesummary ({_SUMMARY_KEY}, total_units, value_count) "
    "SELECT r.data_element_id, n.len, SUBSTR(r.place_code, 1, n.len), r.start_month, "
    "r.end_month, r.disaggregation, r.source LIKE 'derived:%%', r.province, "  # %%: a mark
    "SUM(CAST(ROUND(r.value * 10000) AS INTEGER)), COUNT(*) "
    # NOT INDEXED: the batch's rows by their ids (a range of the rowid), not a scan of the
    # whole table along the index that matches the grouping
    f"FROM {_TABLE} r NOT INDEXED "
    "CROSS JOIN (SELECT 2 AS len UNION ALL SELECT 4 UNION ALL SELECT 6) n "
    "WHERE r.id > %s AND r.value IS NOT NULL "
    "GROUP BY 1, 2, 3, 4, 5, 6, 7 "
    f"ON CONFLICT ({_SUMMARY_KEY}) DO UPDATE SET "
    "total_units = total_units + excluded.total_units, "
    "value_count = value_count + excluded.value_count"
)
_SUMMARY_TRIGGER = "value_summary_insert"
# below this many rows the row trigger is cheaper: setting it aside changes the schema,
# which every connection then reads again
_SUMMARY_BATCH_FROM = 500


def _insert_sqlite(cursor: Any, rows: list[tuple[Any, ...]]) -> None:
    placeholders = ", ".join(["%s"] * 16)
    insert = f"INSERT INTO {_TABLE} ({_COLUMNS}) VALUES ({placeholders})"
    if len(rows) < _SUMMARY_BATCH_FROM:
        cursor.executemany(insert, rows)
        return
    with summary_added_by_batch(cursor):
        cursor.executemany(insert, rows)


@contextlib.contextmanager
def summary_added_by_batch(cursor: Any) -> Iterator[None]:
    """SQLite: the values inserted inside are added to the summary in one grouped upsert.

    The row trigger is set aside meanwhile (see above); the import's batches and the
    benchmarks' bulk loads take this one path. Inserts only: an update or a delete
    inside would leave the summary wrong.
    """
    cursor.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s AND tbl_name = %s",
        [_SUMMARY_TRIGGER, _TABLE],
    )
    found = cursor.fetchone()
    if found is None:  # no summary to keep (a schema before it): insert as it is
        yield
        return
    # inside the caller's transaction (an import's), or one of its own: never in autocommit
    with transaction.atomic(savepoint=False):
        cursor.execute(f"DROP TRIGGER {_SUMMARY_TRIGGER}")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_TABLE}")
        (before,) = cursor.fetchone()
        yield
        cursor.execute(_SUMMARY_ADD, [before])
        cursor.execute(found[0])


def _update(rows: list[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {_TABLE} SET value = %s, text = %s, comment = %s, stored_by_id = %s, "
            "stored_by_name = %s, updated_at = %s, source = %s WHERE id = %s AND province = %s",
            rows,
        )


def values_write(
    *,
    cleans: Iterable[Checked],
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

    Batches of thousands are the point: the stored values are found in one
    query, new ones go in by one executemany (COPY on PostgreSQL), without a
    model instance per value.
    """
    prepared = values_prepare(cleans=cleans, actor=actor, source=source)
    return values_apply(prepared=prepared, strategy=strategy, dry_run=dry_run)


@dataclass
class PreparedBatch:
    """A batch made ready to write, without the database: what `values_apply` needs.

    An import prepares the next batch while the database writes the last one.
    """

    values: dict[_Key, Checked]
    rows: list[tuple[Any, ...]]  # a new row for each value, in the unique index's order
    user: Any
    source: str
    stamp: Any


def values_prepare(
    *, cleans: Iterable[Checked], actor: Any = None, source: str = "reported"
) -> PreparedBatch:
    values: dict[_Key, Checked] = {}
    # Period.id formats a string each time: once per Period object (kept alive here, so
    # that its id() is not reused within the batch)
    period_ids: dict[int, tuple[Any, str]] = {}
    for clean in cleans:
        period = clean.period
        known = period_ids.get(id(period))
        if known is None:
            known = period_ids[id(period)] = (period, period.id)
        values[(clean.element.id, clean.place_id, known[1], clean.disaggregation)] = clean
    user = actor if getattr(actor, "is_authenticated", False) else None
    user_id = user.pk if user is not None else None
    username = user.get_username() if user is not None else ""
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (key[0], key[1], clean.place_code, key[2], clean.period.start, clean.period.end, key[3],
         clean.value, clean.text, clean.comment, source, user_id,
         (clean.stored_by or username)[:255], stamp, stamp, clean.place_code[:2])
        for key, clean in values.items()
    ]  # fmt: skip
    rows.sort(key=_index_order)
    # The checker refuses owned elements on every path; this holds the rule for any caller.
    sources.refuse_foreign_writes(
        {clean.element.code for clean in values.values()}, stored_as=source
    )
    return PreparedBatch(values, rows, user, source, stamp)


def values_apply(
    *, prepared: PreparedBatch, strategy: str = "CREATE_AND_UPDATE", dry_run: bool = False
) -> WriteSummary:
    """Write a prepared batch (see `values_write`)."""
    summary = WriteSummary()
    values = prepared.values
    if not values:
        return summary
    existing = _existing(values)
    user, source, stamp = prepared.user, prepared.source, prepared.stamp
    user_id = user.pk if user is not None else None
    username = user.get_username() if user is not None else ""
    creates: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    deletes: dict[str, list[int]] = defaultdict(list)  # the ids by province
    changes: list[DataValueChange] = []
    if strategy in ("CREATE_AND_UPDATE", "CREATE"):
        creates = (
            prepared.rows
            if not existing
            else [row for row in prepared.rows if _index_order(row) not in existing]
        )
    for key, current in existing.items():
        clean = values[key]
        if strategy == "DELETE":
            deletes[clean.place_code[:2]].append(current.pk)
            changes.append(_change(key, clean, current, DataValueChange.Action.DELETE, "", user))
        elif strategy == "CREATE" or (
            current.value == clean.value
            and current.text == clean.text
            and current.comment == clean.comment
        ):
            summary.ignored += 1
        else:
            shown = plain(clean.value, clean.text)
            changes.append(_change(key, clean, current, DataValueChange.Action.UPDATE, shown, user))
            updates.append(
                (
                    clean.value,
                    clean.text,
                    clean.comment,
                    user_id,
                    (clean.stored_by or username)[:255],
                    stamp,
                    source,
                    current.pk,
                    clean.place_code[:2],
                )
            )
    if strategy in ("UPDATE", "DELETE"):
        summary.ignored += len(values) - len(existing)
    summary.imported, summary.updated = len(creates), len(updates)
    summary.deleted = sum(map(len, deletes.values()))
    if dry_run:
        return summary
    if creates:
        _insert(creates)
    if updates:
        _update(updates)
    for province, ids in sorted(deletes.items()):
        for start in range(0, len(ids), 500):
            DataValue.objects.filter(province=province, pk__in=ids[start : start + 500]).delete()
    if changes:
        DataValueChange.objects.bulk_create(changes, batch_size=2000)
    return summary


def _change(
    key: _Key, clean: Checked, current: _Stored, action: str, new: str, user: Any
) -> DataValueChange:
    return DataValueChange(
        data_element_id=key[0],
        place_id=key[1],
        period=key[2],
        disaggregation=key[3],
        province=clean.place_code[:2],
        action=action,
        old_value=plain(current.value, current.text),
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
    values_write(cleans=[result], actor=actor)
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
    return values_write(cleans=[result], actor=actor, strategy="DELETE").deleted == 1
