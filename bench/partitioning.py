"""Benchmark: the value table and its summary as one table (as today) and partitioned by
province, the shape Xiezuo would take on Citus (issue 15, "Past one machine";
docs/scaling.md). PostgreSQL only.

What it measures. The script makes a fresh database on the server of `--database-url`
(named `--database-prefix`_…, dropped afterwards), migrates it, and in one child process:

1. builds the data exactly as bench/analytics.py does, with its own functions: the whole
   country's places, the demo catalogue and pairings, the demo's values deleted, then
   `--values` synthetic values (40 elements × every county × the months of 2012–2018,
   and Guangxi's villages in 2018) streamed in by COPY; the summary
   (`indicators_valuesummary`) is filled by the application's own triggers (migrations
   0010 and 0011) in the same statement. That is the one-table layout, as an installation has it;
2. copies both tables into a partitioned layout: the same columns, `province` (the
   first two digits of `place_code` / `place_prefix`, migration 0011) among them,
   declaratively partitioned `LIST (province)` with one partition per province; the same
   indexes and unique constraints (which include `province` already), the primary key
   extended by it (as a distribution column must be in them on Citus). The indexes exist
   before the rows go in, and the rows go in in the order they were loaded, as the
   one-table layout's were; then ANALYZE;
3. draws `--requests` requests of each of bench/analytics.py's kinds with its fixed seed
   (a province's counties by month; the country by province; a pairing's helped places by
   quarter; two provinces by year over 10–40 years; a Guangxi county's villages), runs
   each through the analytics engine once and records the SQL the engine sends to the
   value and summary tables (`connection.execute_wrapper`): the engine's own statements,
   not copies. Then again with the summary switched off (`Engine.use_summary = False`,
   what the engine does when the summary cannot answer, e.g. with value conditions), for
   the kinds the summary serves;
4. replays every recorded statement, warm (each once untimed first), `--rounds` times, in
   rotating order, on three layouts: the one table; the partitioned tables with the
   statement as the engine sends it, `province IN (…)` naming the provinces of the roots
   asked for (`analytics.provinces_sql`: the planner prunes, and Citus routes to one
   shard; a statement over more than 8 provinces, the country's, names none); and the
   partitioned tables with no province named (the clause made `TRUE OR …`: nothing is
   pruned, as the engine's SQL read before migration 0011). A request's time is the sum of its
   statements' (executed and fetched);
5. counts the partitions each statement's plan scans (`EXPLAIN (FORMAT JSON)`: the
   distinct partitions named in it) and the sizes on disk (`pg_total_relation_size`, of
   each table and, partitioned, the sum over its partitions); and, from the rows per
   province, how Citus's hash of a char(2) province (`hashbpchar`, the type's hash
   function, over 2^32 split evenly into shards) would spread them over 32, 64 and 128
   shards;
6. inserts `--writes` fresh values (stored ones ten years later: new cells and new
   summary rows, as an import of new months makes) into the partitioned values in one
   statement, with no summary trigger, with a statement-level one over its transition
   table (as migration 0010's) and with a row-level one (one multi-row upsert of the
   value's three summary rows: the shape Citus can run on a shard), each in a
   transaction rolled back, and checks that both triggers count every value three times.

It prints Markdown tables: per kind and path, the rows the statements return, the median
and p95 milliseconds on each layout and the partitions scanned; the sizes and bytes per
value; the largest and smallest provinces; the shard spread; the insert rates. There is
no target: the figures are for docs/scaling.md.

    .venv/bin/python bench/partitioning.py --values 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres     # quick (~4 min)
    .venv/bin/python bench/partitioning.py \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres     # 10,000,000 (~15 min)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from common import country_and_demo, fresh_database, log, xiezuo_run  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
VALUES = "indicators_datavalue"
SUMMARY = "indicators_valuesummary"
PARTITIONED = {VALUES: "part_datavalue", SUMMARY: "part_valuesummary"}
# the column each table's province is the first two digits of
CODE_COLUMN = {VALUES: "place_code", SUMMARY: "place_prefix"}
# the engine names the provinces a statement reads (indicators migration 0011 and
# `analytics.provinces_sql`); the third layout has it name none, as it did before
LAYOUTS = ("one table", "partitioned, province named", "partitioned, no province named")
SHARD_COUNTS = (32, 64, 128)
HASH_TOKENS = 2**32


# --- the parent: a fresh database, migrate, and the child that does the work


def parent(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="xiezuo-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(args.database_url, workdir, prefix=args.database_prefix) as url:
            env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": url}
            xiezuo_run("migrate", "--noinput", "-v0", env=env)
            child = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                "--values",
                str(args.values),
                "--requests",
                str(args.requests),
                "--rounds",
                str(args.rounds),
                "--writes",
                str(args.writes),
            ]
            return subprocess.run(child, cwd=REPO, env=env).returncode


# --- the partitioned copy


def columns_of(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def unique_keys(cursor: Any, table: str) -> list[tuple[str, str, list[str]]]:
    """The table's primary key and unique constraints: (name, 'p' or 'u', columns)."""
    cursor.execute(
        "SELECT c.conname, c.contype, array_agg(a.attname ORDER BY k.n) FROM pg_constraint c "
        "CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum "
        "WHERE c.conrelid = %s::regclass AND c.contype IN ('p', 'u') "
        "GROUP BY c.conname, c.contype ORDER BY c.contype, c.conname",
        [table],
    )
    return [(name, kind, list(columns)) for name, kind, columns in cursor.fetchall()]


def plain_indexes(cursor: Any, table: str) -> list[str]:
    """CREATE INDEX statements of the indexes that back no constraint."""
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [table],
    )
    return [definition for (definition,) in cursor.fetchall()]


def build_partitioned(provinces: list[str]) -> tuple[float, list[str]]:
    """The value and summary tables again, partitioned by LIST (province); (seconds, DDL)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    ddl = []
    with transaction.atomic(), connection.cursor() as cursor:
        for table, part in PARTITIONED.items():
            columns = columns_of(cursor, table)
            statements = [
                f"CREATE TABLE {part} (LIKE {table}) PARTITION BY LIST (province)",
                # ids for the rows the write test's triggers add (the copies keep theirs)
                f"CREATE SEQUENCE {part}_id START 10000000000",
                f"ALTER TABLE {part} ALTER COLUMN id SET DEFAULT nextval('{part}_id')",
                *(
                    f"CREATE TABLE {part}_{code} PARTITION OF {part} FOR VALUES IN ('{code}')"
                    for code in provinces
                ),
            ]
            # a unique constraint of a partitioned table must include the partition key,
            # as one of a distributed table must include its distribution column
            for name, kind, key in unique_keys(cursor, table):
                constraint = "PRIMARY KEY" if kind == "p" else "UNIQUE"
                statements.append(
                    f"ALTER TABLE {part} ADD CONSTRAINT {part}_{name} "
                    f"{constraint} ({', '.join(key if 'province' in key else [*key, 'province'])})"
                )
            for definition in plain_indexes(cursor, table):
                # "CREATE INDEX name ON public.table USING btree (…)" → on the parent
                name = definition.split(" ON ")[0].rsplit(" ", 1)[1]
                statements.append(
                    definition.replace(f" {name} ", f" {part}_{name} ", 1).replace(
                        f" ON public.{table} ", f" ON {part} ", 1
                    )
                )
            statements.append(
                f"INSERT INTO {part} ({', '.join(columns)}) "
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"
            )
            for statement in statements:
                cursor.execute(statement)
            ddl += [s for s in statements if "PARTITION OF" not in s][:1]
            ddl += [s for s in statements if s.startswith(("ALTER", "CREATE INDEX"))]
    return time.perf_counter() - started, ddl


# --- the engine's statements


@dataclass
class Statement:
    sql: str
    params: list[Any]
    table: str  # VALUES or SUMMARY


@dataclass
class Recorded:
    kind: str
    path: str  # "summary" or "values": the table the engine read
    label: str
    statements: list[Statement]
    engine_choice: bool  # the table the engine reads as it is (not forced to the values)
    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    rows: int = 0
    partitions: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


def record(request: Any, query: Any, use_summary: bool) -> list[Statement]:
    """The statements the engine sends to the value and summary tables for `query`."""
    from django.db import connection

    from xiezuo.indicators.analytics import Engine

    captured: list[tuple[str, list[Any]]] = []

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
        if VALUES in sql or SUMMARY in sql:
            captured.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    Engine.use_summary = use_summary
    try:
        with connection.execute_wrapper(wrapper):
            Engine(query).run()
    finally:
        Engine.use_summary = True
    statements = []
    for sql, params in captured:
        table = SUMMARY if f"FROM {SUMMARY} WHERE" in sql else VALUES
        code = CODE_COLUMN[table]
        # the shape of Engine._summed: element, then the code range, then the months
        shape = f"FROM {table} WHERE data_element_id = %s "
        if shape not in sql or f"AND {code} >= %s AND {code} < %s" not in sql:
            sys.exit(f"not the engine's sum as this bench knows it ({request.label}):\n{sql}")
        statements.append(Statement(sql, params, table))
    if not statements:
        sys.exit(f"the engine sent no statement to the values for {request.label}")
    return statements


def on_layout(statement: Statement, layout: str) -> str:
    """The statement as it reads the layout: the partitioned table, with the provinces the
    engine names (so that the planner prunes), or with none named ("TRUE OR" keeps the
    statement's parameters and filters nothing: nothing is pruned)."""
    if layout == LAYOUTS[0]:
        return statement.sql
    table, part = statement.table, PARTITIONED[statement.table]
    sql = statement.sql.replace(f"FROM {table} WHERE ", f"FROM {part} WHERE ", 1)
    if layout == LAYOUTS[2]:
        sql = re.sub(r"AND province IN \(([^)]*)\)", r"AND (TRUE OR province IN (\1))", sql)
    return sql


def run_statements(
    cursor: Any, recorded: Recorded, layout: str
) -> tuple[float, list[list[tuple[Any, ...]]]]:
    """(milliseconds, each statement's rows)."""
    started = time.perf_counter()
    answers = []
    for statement in recorded.statements:
        cursor.execute(on_layout(statement, layout), statement.params)
        answers.append(cursor.fetchall())
    return (time.perf_counter() - started) * 1000, answers


def partitions_scanned(cursor: Any, statement: Statement, layout: str) -> int:
    """The distinct partitions the plan reads (1 for the one table)."""
    if layout == LAYOUTS[0]:
        return 1
    cursor.execute("EXPLAIN (FORMAT JSON) " + on_layout(statement, layout), statement.params)
    (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    prefix = PARTITIONED[statement.table] + "_"
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            name = node.get("Relation Name")
            if isinstance(name, str) and name.startswith(prefix):
                names.add(name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(plan)
    return len(names)


def measure(recorded: list[Recorded], rounds: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for r in recorded:  # warm: every statement on every layout once, untimed
            answers = []
            for layout in LAYOUTS:
                _ms, answer = run_statements(cursor, r, layout)
                answers.append([sorted(rows) for rows in answer])
                for statement in r.statements:
                    r.partitions[layout].append(partitions_scanned(cursor, statement, layout))
            if any(answer != answers[0] for answer in answers):
                sys.exit(f"{r.label}: the layouts' answers differ")
            r.rows = sum(len(rows) for rows in answers[0])
        for n in range(rounds):
            log(f"  round {n + 1} of {rounds}")
            for i, r in enumerate(recorded):
                order = LAYOUTS[i % 3 :] + LAYOUTS[: i % 3]  # each layout first in turn
                for layout in order:
                    elapsed, _answer = run_statements(cursor, r, layout)
                    r.ms[layout].append(elapsed)


# --- writes: the summary kept by a statement-level or a row-level trigger

SUMMARY_KEY = (
    "data_element_id, prefix_len, place_prefix, start_month, end_month, disaggregation, "
    "derived, province"
)
# what the partitioned summary's triggers add per value (as migration 0010's, with the
# province): the statement-level one over its transition table, set-based, as today on
# PostgreSQL; the row-level one, per value, one multi-row upsert of its three rows (the
# shape Citus can run on a shard: docs/scaling.md)
STATEMENT_TRIGGER = f"""
CREATE FUNCTION part_summary_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO part_valuesummary ({SUMMARY_KEY}, total_units, value_count)
    SELECT r.data_element_id, n.len, SUBSTR(r.place_code, 1, n.len), r.start_month,
           r.end_month, r.disaggregation, r.source LIKE 'derived:%', r.province,
           SUM((r.value * 10000)::bigint), COUNT(*)
    FROM new_rows r CROSS JOIN (VALUES (2), (4), (6)) AS n(len)
    WHERE r.value IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT ({SUMMARY_KEY}) DO UPDATE SET
        total_units = part_valuesummary.total_units + EXCLUDED.total_units,
        value_count = part_valuesummary.value_count + EXCLUDED.value_count;
    RETURN NULL;
END $$;
CREATE TRIGGER part_summary AFTER INSERT ON part_datavalue REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION part_summary_statement();
"""
ROW_TRIGGER = f"""
CREATE FUNCTION part_summary_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.value IS NOT NULL THEN
        INSERT INTO part_valuesummary ({SUMMARY_KEY}, total_units, value_count) VALUES
            (NEW.data_element_id, 2, SUBSTR(NEW.place_code, 1, 2), NEW.start_month,
             NEW.end_month, NEW.disaggregation, NEW.source LIKE 'derived:%', NEW.province,
             (NEW.value * 10000)::bigint, 1),
            (NEW.data_element_id, 4, SUBSTR(NEW.place_code, 1, 4), NEW.start_month,
             NEW.end_month, NEW.disaggregation, NEW.source LIKE 'derived:%', NEW.province,
             (NEW.value * 10000)::bigint, 1),
            (NEW.data_element_id, 6, SUBSTR(NEW.place_code, 1, 6), NEW.start_month,
             NEW.end_month, NEW.disaggregation, NEW.source LIKE 'derived:%', NEW.province,
             (NEW.value * 10000)::bigint, 1)
        ON CONFLICT ({SUMMARY_KEY}) DO UPDATE SET
            total_units = part_valuesummary.total_units + EXCLUDED.total_units,
            value_count = part_valuesummary.value_count + EXCLUDED.value_count;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER part_summary AFTER INSERT ON part_datavalue
FOR EACH ROW EXECUTE FUNCTION part_summary_row();
"""
WRITE_TRIGGERS = {"none": "", "statement-level": STATEMENT_TRIGGER, "row-level": ROW_TRIGGER}


@dataclass
class Writes:
    values: int
    seconds: dict[str, float]
    counted: dict[str, int]  # what the insert added to the summary's value counts


def write_test(count: int) -> Writes:
    """Insert `count` fresh values (stored ones, ten years later: new cells and new summary
    rows, as an import of new months makes) into the partitioned values in one statement,
    with no summary trigger, then with each kind; each in a transaction rolled back."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        columns = columns_of(cursor, VALUES)
    shifted = {
        "id": "id + 10000000000",  # the copy has no identity of its own: ids out of the way
        "period": "(LEFT(period, 4)::int + 10)::text || SUBSTR(period, 5)",
        "start_month": "start_month + 120",
        "end_month": "end_month + 120",
    }
    select = ", ".join(shifted.get(c, c) for c in columns)
    insert = (
        f"INSERT INTO part_datavalue ({', '.join(columns)}) "
        f"SELECT {select} FROM part_datavalue ORDER BY id LIMIT %s"
    )
    found = Writes(count, {}, {})
    for name, ddl in WRITE_TRIGGERS.items():
        with transaction.atomic(), connection.cursor() as cursor:
            if ddl:
                cursor.execute(ddl)
            cursor.execute("SELECT COALESCE(SUM(value_count), 0) FROM part_valuesummary")
            (before,) = cursor.fetchone()
            started = time.perf_counter()
            cursor.execute(insert, [count])
            found.seconds[name] = time.perf_counter() - started
            if cursor.rowcount != count:
                sys.exit(f"the write test inserted {cursor.rowcount} values, not {count}")
            cursor.execute("SELECT COALESCE(SUM(value_count), 0) FROM part_valuesummary")
            (after,) = cursor.fetchone()
            found.counted[name] = int(after - before)
            transaction.set_rollback(True)  # the next kind starts from the same tables
        log(f"  {name}: {found.seconds[name]:.1f} s")
    expected = 3 * count  # every value counted at its three prefix lengths
    for name in ("statement-level", "row-level"):
        if found.counted[name] != expected:
            sys.exit(f"the {name} trigger counted {found.counted[name]}, not {expected}")
    return found


# --- sizes, provinces, shards


def sizes() -> dict[str, tuple[int, int, int]]:
    """table -> (total bytes, heap bytes, index bytes); a partitioned one summed over its
    partitions."""
    from django.db import connection

    found = {}
    with connection.cursor() as cursor:
        for table in (*PARTITIONED, *PARTITIONED.values()):
            # pg_partition_tree lists no rows for a table that is not partitioned
            leaves = (
                "SELECT relid FROM pg_partition_tree(%s::regclass) WHERE isleaf"
                if table in PARTITIONED.values()
                else "SELECT %s::regclass AS relid"
            )
            cursor.execute(
                "SELECT SUM(pg_total_relation_size(relid)), SUM(pg_table_size(relid)), "
                f"SUM(pg_indexes_size(relid)) FROM ({leaves}) AS leaves",
                [table],
            )
            total, heap, indexes = cursor.fetchone()
            found[table] = (int(total), int(heap), int(indexes))
    return found


def rows_by_province() -> dict[str, tuple[int, int]]:
    """province -> (values, summary rows)."""
    from django.db import connection

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with connection.cursor() as cursor:
        for n, part in enumerate(PARTITIONED.values()):
            cursor.execute(f"SELECT province, COUNT(*) FROM {part} GROUP BY 1")
            for province, count in cursor.fetchall():
                counts[province][n] = count
    return {p: (v, s) for p, (v, s) in sorted(counts.items())}


def shard_of(hashes: dict[str, int], shard_count: int) -> dict[str, int]:
    """Citus's hash-distributed shard of each province: the int32 hash space split evenly,
    shard i from INT32_MIN + i × (2^32 / count), the last one up to INT32_MAX."""
    step = HASH_TOKENS // shard_count
    return {p: min((h + 2**31) // step, shard_count - 1) for p, h in hashes.items()}


def province_hashes(provinces: list[str]) -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code, hashbpchar(code::char(2)) FROM unnest(%s::text[]) AS code", [provinces]
        )
        return dict(cursor.fetchall())


# --- the report


def ms(value: float) -> str:
    return f"{value:,.1f}"


def percentile(values: list[float], fraction: float) -> float:
    from analytics import percentile as nearest_rank  # bench/analytics.py

    return nearest_rank(values, fraction)


def span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


def machine() -> str:
    from analytics import cpu_model, database_description  # bench/analytics.py
    from django.db import connection

    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        (shared_buffers,) = cursor.fetchone()
        cursor.execute("SHOW max_parallel_workers_per_gather")
        (parallel,) = cursor.fetchone()
    return (
        f"{nproc} CPUs (nproc), {cpu_model()}, {memory:.0f} GB RAM, Python "
        f"{platform.python_version()}, {database_description()} (shared_buffers "
        f"{shared_buffers}, max_parallel_workers_per_gather {parallel})"
    )


def report(
    stored: int,
    timings: dict[str, float],
    recorded: list[Recorded],
    rounds: int,
    found: dict[str, tuple[int, int, int]],
    provinces: dict[str, tuple[int, int]],
    hashes: dict[str, int],
    ddl: list[str],
    written: Writes | None,
) -> None:
    from analytics import KINDS  # bench/analytics.py

    load_now = os.getloadavg()[0]
    print(f"Machine: {machine()}; load average (1 min) {load_now:.2f} at the end.")
    print()
    print(
        f"Values: {stored:,}; loaded (COPY, the summary by the application's triggers) in "
        f"{timings['load']:.1f} s; copied into the partitioned layout ({len(provinces)} "
        f"provinces, indexes first) in {timings['partition']:.1f} s; ANALYZE "
        f"{timings['analyze']:.1f} s."
    )
    print()
    per_kind = Counter(r.kind for r in recorded if r.engine_choice)
    print(
        f"The engine's statements replayed warm, {rounds} rounds × the requests of each kind "
        f"({', '.join(f'{k}: {n}' for k, n in sorted(per_kind.items()))}), on the table the "
        "engine reads (summary or values) and, for kinds a–d, on the values as the engine "
        "reads them when the summary cannot answer. "
        "A request's time is the sum of its statements'; rows: what they return (median per "
        "request); partitions: those the plans read per statement (of "
        f"{len(provinces)}). Milliseconds, median / p95:"
    )
    print()
    print(
        "| query | path | statements | rows | one table | partitioned, province named "
        "| partitions | partitioned, no province named | partitions |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    groups: dict[tuple[str, str], list[Recorded]] = defaultdict(list)
    for r in recorded:
        groups[(r.kind, r.path)].append(r)
    for (kind, path), members in sorted(groups.items()):
        cells = []
        for layout in LAYOUTS:
            times = [t for r in members for t in r.ms[layout]]
            cell = f"{ms(statistics.median(times))} / {ms(percentile(times, 0.95))}"
            if layout != LAYOUTS[0]:
                cell += f" | {span([p for r in members for p in r.partitions[layout]])}"
            cells.append(cell)
        statements = span([len(r.statements) for r in members])
        rows = int(statistics.median(r.rows for r in members))
        print(
            f"| {kind}. {KINDS[kind]} | {path} | {statements} | {rows:,} | " + " | ".join(cells)
            + " |"
        )  # fmt: skip
    print()
    print("Sizes on disk (pg_total_relation_size; partitioned: the sum over the partitions):")
    print()
    print("| table | one table: total (heap + indexes) | partitioned: total (heap + indexes) |")
    print("|---|---:|---:|")
    total_one = total_part = 0
    for table, part in PARTITIONED.items():
        one, parted = found[table], found[part]
        total_one += one[0]
        total_part += parted[0]
        print(
            f"| {table} | {mb(one[0])} ({mb(one[1])} + {mb(one[2])}) "
            f"| {mb(parted[0])} ({mb(parted[1])} + {mb(parted[2])}) |"
        )
    print(
        f"| **both** | **{mb(total_one)}** = {total_one / stored:,.0f} bytes a value "
        f"| **{mb(total_part)}** = {total_part / stored:,.0f} bytes a value |"
    )
    summary_rows = sum(s for _v, s in provinces.values())
    print()
    print(f"Summary rows: {summary_rows:,} ({summary_rows / stored:.3f} a value).")
    print()
    ordered = sorted(provinces.items(), key=lambda item: -item[1][0])
    total_values = sum(v for v, _s in provinces.values())
    mean = total_values / len(provinces)
    print(
        "Values by province (the synthetic grid follows the number of counties; Guangxi also "
        "has its villages' values): the largest five and the smallest, × the mean:"
    )
    print()
    print("| province | values | × mean | summary rows |")
    print("|---|---:|---:|---:|")
    for code, (v, s) in [*ordered[:5], ordered[-1]]:
        print(f"| {code} | {v:,} | {v / mean:.2f} | {s:,} |")
    print()
    print(
        "Citus's hash of the province (`hashbpchar`) over hash-distributed shards: shards "
        "holding 0, 1, 2, 3+ provinces; the fullest shard's values × a shard's fair share; "
        "the provinces sharing the fullest shard:"
    )
    print()
    print("| shards | empty | 1 | 2 | 3+ | fullest ÷ fair share | fullest shard's provinces |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for count in SHARD_COUNTS:
        assigned = shard_of(hashes, count)
        members: dict[int, list[str]] = defaultdict(list)
        for code, shard in assigned.items():
            members[shard].append(code)
        loads = {s: sum(provinces.get(c, (0, 0))[0] for c in codes) for s, codes in members.items()}
        fullest = max(loads, key=lambda s: loads[s])
        held = Counter(min(len(members.get(s, [])), 3) for s in range(count))
        print(
            f"| {count} | {held[0]} | {held[1]} | {held[2]} | {held[3]} "
            f"| {loads[fullest] / (total_values / count):.1f} "
            f"| {', '.join(sorted(members[fullest]))} |"
        )
    if written is not None:
        report_writes(written)
    print()
    print("The partitioned layout's keys and indexes:")
    print()
    for statement in ddl:
        print(f"    {statement}")


def report_writes(written: Writes) -> None:
    print()
    print(
        f"Writes: {written.values:,} fresh values (new months) inserted into the partitioned "
        "values in one INSERT … SELECT, the summary kept by each kind of trigger (each in a "
        "transaction rolled back; both triggers checked to count every value three times):"
    )
    print()
    print("| the summary kept by | seconds | values/s | × the insert alone |")
    print("|---|---:|---:|---:|")
    alone = written.seconds["none"]
    for name, seconds in written.seconds.items():
        label = "nothing (the insert alone)" if name == "none" else f"a {name} trigger"
        print(
            f"| {label} | {seconds:.1f} | {written.values / seconds:,.0f} | {seconds / alone:.1f} |"
        )


def mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def child(values: int, count: int, rounds: int, writes: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    from analytics import (  # bench/analytics.py's builders
        FULL_ROWS,
        KINDS,
        bench_elements,
        engine_query,
        load_values,
        make_requests,
    )
    from django.db import connection

    from xiezuo.places.models import Place

    if connection.vendor != "postgresql":
        sys.exit("bench/partitioning.py needs PostgreSQL (--database-url)")
    country_and_demo()
    elements = bench_elements()
    log("values")
    county_rows, village_rows, load_seconds = load_values(elements, values / FULL_ROWS)
    stored = county_rows + village_rows
    provinces = list(Place.objects.filter(level=1).order_by("code").values_list("code", flat=True))
    log(f"the partitioned copy ({len(provinces)} provinces)")
    partition_seconds, ddl = build_partitioned(provinces)
    log("ANALYZE")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    analyze_seconds = time.perf_counter() - started

    requests = make_requests(elements, count * len(KINDS))
    places = {
        p.code: p
        for p in Place.objects.filter(code__in={c for r in requests for c in r.place_codes})
    }
    log(f"recording the engine's statements for {len(requests)} requests")
    recorded = []
    for request in requests:
        query = engine_query(request, places)
        statements = record(request, query, use_summary=True)
        path = "summary" if statements[0].table == SUMMARY else "values"
        recorded.append(Recorded(request.kind, path, request.label, statements, True))
        if path == "summary":  # the same request when the summary cannot answer
            raw = record(request, query, use_summary=False)
            recorded.append(Recorded(request.kind, "values", request.label, raw, False))
    log(f"replaying {len(recorded)} requests' statements on {len(LAYOUTS)} layouts")
    measure(recorded, rounds)
    found = sizes()  # before the write test, whose rolled-back rows leave dead space
    written = None
    if writes:
        log(f"writes: {writes:,} values into the partitioned tables, by each trigger")
        written = write_test(writes)
    report(
        stored,
        {"load": load_seconds, "partition": partition_seconds, "analyze": analyze_seconds},
        recorded,
        rounds,
        found,
        rows_by_province(),
        province_hashes(provinces),
        ddl,
        written,
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description="The value table and its summary, one table and partitioned by province."
    )
    parser.add_argument(
        "--values",
        type=int,
        default=10_000_000,
        help="values to load (default 10,000,000, the most bench/analytics.py's grid holds; "
        "1000000 to try it)",
    )
    parser.add_argument(
        "--requests", type=int, default=20, help="requests of each kind (default: 20)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="timed runs of every request (default: 3)"
    )
    parser.add_argument(
        "--writes",
        type=int,
        default=100_000,
        help="fresh values to insert with each kind of summary trigger (default: 100,000; 0: none)",
    )
    parser.add_argument("--database-url", help="a PostgreSQL server URL (required)")
    parser.add_argument(
        "--database-prefix",
        default="xiezuo_bench",
        help="the start of the fresh database's name (default: xiezuo_bench)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 0 < args.values <= 10_000_000:
        parser.error("--values must be in (0, 10,000,000]")
    if args.requests < 1 or args.rounds < 1:
        parser.error("--requests and --rounds must be at least 1")
    if not 0 <= args.writes <= args.values:
        parser.error("--writes must be between 0 and --values")
    if args.child:
        return child(args.values, args.requests, args.rounds, args.writes)
    url: str | None = args.database_url
    if url is None or urlsplit(url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// or postgresql:// URL")
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
