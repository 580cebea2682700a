"""Benchmark: analytics over ten million stored values, in-process and through the served
API beside DuckDB; imports through the API at that size; a value written then read.

What it measures. The script makes a fresh temporary directory and a fresh database
(an SQLite file in that directory, or, given a PostgreSQL URL, a new database with a
unique name that is dropped afterwards), runs `xiezuo migrate`, and then, in one child
process:

1. loads the whole country's places (`load_divisions`) and the demo catalogue and
   pairings (`load_demo(load_places=False)`), then deletes the demo's values so that
   the table holds only the synthetic ones;
2. streams the synthetic values into `indicators_datavalue` without the ORM
   (executemany in one transaction on SQLite, COPY on PostgreSQL): 40 numeric
   data elements of the catalogue (summed ones; an element with dimensions gets
   one valid disaggregation) × every county × every month of 2012–2018, plus
   four monthly elements × every Guangxi village × the months of 2018. At
   `--scale 1` that is 10,000,000 rows: the village grid whole and an evenly
   spread 92 % of the county grid (a smaller scale thins both grids the same way; a
   larger one, up to `--scale 3`, adds 7 years before 2012 per further 10,000,000:
   1998–2018 at 30,000,000, the county grid as full as at 10M);
3. runs ANALYZE, reads the database's size on disk (the whole database, and the values'
   and the summary's tables with their indexes), then (warm: same process, one untimed
   request of each kind first) times `--requests` analytics requests end to end
   (`analytics(Query(...))`: the engine's queries and the place-name lookup), cycling
   through five kinds:
   a. one province's counties × the 12 months of a year × 10 data elements;
   b. the whole country by province (31 places) × a year × 1 data element;
   c. one pairing's helped places as a group (`pairing_place_group`: the engine's
      `groups`), cycling through county, prefecture and province pairings
      (e.g. 440305 → 451024, 4403 → 4510, 44 → 45) × the 4 quarters of a year ×
      10 data elements;
   d. a long range: two provinces by year over 10–40 years ending in 2018 × 5 data
      elements (the values span 2012–2018: the earlier years are asked for, and
      looked for, but hold nothing);
   e. a Guangxi county's villages (LEVEL-5) × the 12 months of 2018 × the 4 village
      elements;
   provinces, years (2012–2018), elements, pairings and counties are drawn with a fixed
   seed;
4. exports the same rows to Parquet (CSV out of the database, then DuckDB's own
   COPY … TO (FORMAT PARQUET)) and runs the same request mix in DuckDB over that
   file (the same filters and grouping, one SQL statement a request), as the
   reference for what the machine can do; every request's numbers from the
   engine are compared with DuckDB's and must be equal;
5. serves the database with gunicorn (`common.served`: `make run`'s flags, 2 workers)
   and times the same requests from outside as `GET /api/analytics` (DHIS2's shape:
   `dimension=dx:…`, `pe:…`, `ou:<place>;LEVEL-n`, a pairing's helped places added up as
   `filter=ou:…`; `outputIdScheme=CODE&skipRounding=true`), as the demo administrator
   with a bearer token, one client, warm (each kind twice first); every answer's
   numbers must equal DuckDB's;
6. then, unless `--import-chunks 0`, posts 2 × `--import-chunks` chunks of 100,000
   fresh values (bench/import_values.py's data set and cells), JSON and CSV in turn,
   to `POST /api/dataValueSets` (sync) into the database already holding the values,
   checks every summary counts them all imported, and reads the gunicorn workers'
   peak RSS (VmHWM in /proc) before and after; the served copy may read bodies of up to
   64 MB (`XIEZUO_MAX_BODY_MB`), as 100,000 values of JSON are over the default 10;
   then, the server stopped, imports one more chunk of each format in-process (Django's
   test client) with the time its checked batches took to be written (`pipeline._write`:
   the values and the summary, COPY on PostgreSQL) summed apart: the writing alone is
   the most an import can reach on that schema and machine;
7. with `--profile DIR`, runs the slowest HTTP request of each kind again in-process
   through Django's test client: three times with the SQL timed (`execute_wrapper`), once
   under cProfile (DIR/<kind>.prof), and prints where the time goes by phase;
8. writes one value 20 times (`value_set`, a fresh cell: a street-level place of
   Guangxi or Guangdong, a monthly element, a month of 2018) and reads it straight
   back in analytics (`value_of` over its province for 2018), checking that the
   figure grew by exactly the value written.

It prints Markdown tables, the machine, and PASS/FAIL lines: in-process, the p95 latency
of the requests of kinds a–c must be under 200 ms and the median of write + read under
50 ms; issue 15's goals through HTTP: the p95 of all requests under 100 ms and at most
3× DuckDB's p95, and the imports' medians at least 100,000 values/s in each format with
the workers under 500 MB. The exit status is 0 when every line says PASS, else 1.

How to run it, from the repository root:

    .venv/bin/python bench/analytics.py                     # SQLite, 10,000,000 values
    .venv/bin/python bench/analytics.py --scale 0.02        # 200,000 values, quick
    .venv/bin/python bench/analytics.py --scale 0.02 \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/analytics.py --scale 0.1 --profile /tmp/profiles
    .venv/bin/python bench/analytics.py --scale 0.1 --keep-database   # to look into after

For PostgreSQL the URL names a server and a database to connect to (normally
`postgres`); the user must be allowed to create and drop databases. DuckDB comes
from requirements-dev.txt.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import json
import math
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from common import (  # bench/common.py
    country_and_demo,
    fresh_database,
    log,
    served,
    xiezuo_run,
)

REPO = Path(__file__).resolve().parent.parent
FULL_ROWS = 10_000_000
YEARS = range(2012, 2019)  # 2012–2018: 84 months, up to 10M values (see `years_for`)
MAX_SCALE = 3  # 30,000,000 values: issue 15's national scale
VILLAGE_YEAR = 2018
VILLAGE_PROVINCE = "45"
ELEMENT_COUNT = 40
# Monthly-reported elements (data sets LABOUR) that Guangxi's villages report too.
VILLAGE_ELEMENTS = ("job_fairs", "training_classes", "people_trained", "out_of_poverty_by_job")
# The monthly-reported element written by the write-then-read test, as a clerk enters it: the
# only one of LABOUR and SOCIAL that no registry owns (the others are counted from records and
# cannot be entered; `write_then_read` checks it).
WRITE_ELEMENTS = ("social_funds_raised",)
WRITE_PROVINCES = ("45", "44")
WRITES = 20
ITEMS_PER_REQUEST = 10
PAIRING_KINDS = ("county", "prefecture", "province")
SEED = 2018
BATCH = 50_000
TARGET_P95_MS = 200.0
TARGET_WRITE_READ_MS = 50.0
# Issue 15's goals, measured through HTTP
TARGET_HTTP_P95_MS = 100.0
TARGET_HTTP_VS_DUCKDB = 3.0
TARGET_IMPORT_RATE = 100_000.0
TARGET_IMPORT_MB = 500.0
IMPORT_CHUNK = 100_000
# A sync import's body is read whole; 100,000 values of JSON are ~11 MB, over the default
# 10 MB (XIEZUO_MAX_BODY_MB), so the served copy is given more.
SERVED_BODY_MB = "64"
# The long ranges: two provinces by year over 10–40 years ending in the last year of
# the values (the years before 2012 hold no values: the engine and DuckDB still scan for them).
LONG_YEARS = (10, 40)
LONG_ITEMS = 5
KINDS = {
    "a": "a province's counties × 12 months × 10 elements",
    "b": "the country by province × a year × 1 element",
    "c": "a pairing's helped places × 4 quarters × 10 elements",
    "d": "two provinces by year × 10–40 years × 5 elements",
    "e": "a Guangxi county's villages (LEVEL-5) × 12 months of 2018 × 4 elements",
}
FIRST_KINDS = "abc"  # the mix of the in-process target (TARGET_P95_MS), as before d and e
COLUMNS = (
    "data_element_id, place_id, place_code, period, start_month, end_month, "
    "disaggregation, value, text, comment, source, stored_by_id, created_at, updated_at, "
    "province"
)


# --- the parent: a fresh database, migrate, and the child that does the work


def parent(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as stack:
        if args.keep_database:  # its directory (the SQLite file, the logs) is kept too
            workdir = Path(tempfile.mkdtemp(prefix="xiezuo-bench-"))
            log(f"working in {workdir}")
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xiezuo-bench-")))
        with fresh_database(args.database_url, workdir, keep=args.keep_database) as database_url:
            env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": database_url}
            xiezuo_run("migrate", "--noinput", "-v0", env=env)
            child = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                str(workdir),
                "--scale",
                str(args.scale),
                "--requests",
                str(args.requests),
                "--import-chunks",
                str(args.import_chunks),
                *(["--profile", str(args.profile.resolve())] if args.profile else []),
            ]
            # The child prints the report on stdout and its progress on stderr.
            return subprocess.run(child, cwd=REPO, env=env).returncode


# --- the child: load, measure, compare, report


@dataclass(frozen=True)
class Element:
    id: int
    code: str
    key: str  # the disaggregation its values carry ("" without dimensions)


@dataclass(frozen=True)
class Request:
    kind: str
    items: tuple[str, ...]
    period_ids: tuple[str, ...]
    place_codes: tuple[str, ...]
    level: int | None
    label: str
    group: str | None = None  # the key of a pairing's group of places (kind c)


@dataclass
class Timings:
    engine_ms: list[float] = field(default_factory=list)
    duckdb_ms: list[float] = field(default_factory=list)
    http_ms: list[float] = field(default_factory=list)
    compared: int = 0
    cells: int = 0
    differences: list[str] = field(default_factory=list)
    http_compared: int = 0
    http_differences: list[str] = field(default_factory=list)


@dataclass
class Load:
    county_rows: int
    village_rows: int
    seconds: float
    places_seconds: float
    demo_seconds: float
    analyze_seconds: float
    database_bytes: int  # the whole database on disk, after ANALYZE
    values_bytes: int  # the values' and the summary's tables with their indexes


def database_sizes() -> tuple[int, int]:
    """(the database's size on disk, that of the values' and the summary's tables with their
    indexes): PostgreSQL's own sizes; for SQLite the file (after a checkpoint) and its
    pages by table (the dbstat table, where SQLite has it; else the whole file)."""
    from django.db import connection

    tables = ("indicators_datavalue", "indicators_valuesummary")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            (whole,) = cursor.fetchone()
            cursor.execute(
                "SELECT SUM(pg_total_relation_size(relid)) FROM pg_stat_user_tables "
                "WHERE relname = ANY(%s)",
                [list(tables)],
            )
            (values,) = cursor.fetchone()
            return int(whole), int(values)
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        whole = Path(connection.settings_dict["NAME"]).stat().st_size
        try:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name IN "
                "(SELECT name FROM sqlite_master WHERE tbl_name IN (%s, %s))",
                tables,
            )
        except Exception:  # an SQLite built without dbstat
            return whole, whole
        (values,) = cursor.fetchone()
        return whole, int(values or 0)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def kept(index: int, wanted: int, grid: int) -> bool:
    """Whether cell `index` of a grid of `grid` cells is among `wanted` evenly spread ones."""
    return (index + 1) * wanted // grid > index * wanted // grid


def bench_elements() -> list[Element]:
    """40 summed numeric data elements of the catalogue: those without dimensions first."""
    from xiezuo.indicators import expressions
    from xiezuo.indicators.models import Aggregation, DataElement, ValueType

    candidates = []
    for element in DataElement.objects.prefetch_related("dimensions__options"):
        if element.aggregation != Aggregation.SUM or element.value_type == ValueType.TEXT:
            continue
        dimensions = list(element.dimensions.all())
        key = expressions.format_key(
            {d.code: next(iter(d.options.all())).code for d in dimensions}  # first option
        )
        candidates.append((len(dimensions), element.code, Element(element.pk, element.code, key)))
    candidates.sort(key=lambda c: (c[0], c[1]))
    chosen = [c[2] for c in candidates[:ELEMENT_COUNT]]
    codes = {e.code for e in chosen}
    missing = [c for c in (*VILLAGE_ELEMENTS, *WRITE_ELEMENTS) if c not in codes]
    if len(chosen) < ELEMENT_COUNT or missing:
        sys.exit(f"the catalogue lacks the elements the bench needs ({missing or len(chosen)})")
    return chosen


def synthetic_rows(
    elements: list[Element],
    counties: list[tuple[int, str]],
    villages: list[tuple[int, str]],
    county_rows: int,
    village_rows: int,
    row: Callable[[Element, int, str, str, int, int], tuple[Any, ...]],
    years: range,
) -> Iterator[tuple[Any, ...]]:
    """The rows, element by element and place by place in code order (as the index is)."""
    months = [(y * 12 + m - 1, f"{y}{m:02d}") for y in years for m in range(1, 13)]
    village_months = [(o, p) for o, p in months if o // 12 == VILLAGE_YEAR]
    village_elements = [e for e in elements if e.code in VILLAGE_ELEMENTS]
    county_grid = len(elements) * len(counties) * len(months)
    village_grid = len(village_elements) * len(villages) * len(village_months)
    county_index = village_index = 0
    for e_number, element in enumerate(elements):
        for p_number, (place_id, code) in enumerate(counties):
            for ordinal, period in months:
                if kept(county_index, county_rows, county_grid):
                    value = 1 + (p_number * 31 + e_number * 17 + ordinal * 7) % 97
                    yield row(element, place_id, code, period, ordinal, value)
                county_index += 1
        if element not in village_elements:
            continue
        for p_number, (place_id, code) in enumerate(villages):
            for ordinal, period in village_months:
                if kept(village_index, village_rows, village_grid):
                    value = 1 + (p_number * 13 + e_number * 5 + ordinal) % 11
                    yield row(element, place_id, code, period, ordinal, value)
                village_index += 1


def batches(rows: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for r in rows:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_values(
    elements: list[Element], scale: float, years: range | None = None
) -> tuple[int, int, float]:
    """Stream the synthetic values in, the county grid over `years` (by default YEARS, as
    `--scale` sets it); (county rows, village rows, seconds)."""
    years = YEARS if years is None else years
    from django.db import connection, transaction

    from xiezuo.indicators.services import values as values_service
    from xiezuo.places.models import Place

    counties = list(Place.objects.filter(level=3).order_by("code").values_list("pk", "code"))
    villages = list(
        Place.objects.filter(level=5, code__startswith=VILLAGE_PROVINCE)
        .order_by("code")
        .values_list("pk", "code")
    )
    months = len(years) * 12
    village_grid = len(VILLAGE_ELEMENTS) * len(villages) * 12
    county_grid = ELEMENT_COUNT * len(counties) * months
    total = round(FULL_ROWS * scale)
    village_rows = min(village_grid, round(village_grid * scale))
    county_rows = min(county_grid, total - village_rows)
    log(
        f"values: {county_rows:,} of {county_grid:,} county cells "
        f"({len(counties):,} counties × {ELEMENT_COUNT} elements × {months} months), "
        f"{village_rows:,} of {village_grid:,} village cells "
        f"({len(villages):,} villages of {VILLAGE_PROVINCE} × {len(VILLAGE_ELEMENTS)} × 12)"
    )
    table = "indicators_datavalue"
    now = datetime(2019, 1, 1, tzinfo=UTC)
    # One creation time for all rows; SQLite keeps datetimes as text, in UTC.
    stamp: Any = now if connection.vendor == "postgresql" else now.strftime("%Y-%m-%d %H:%M:%S")

    def row(
        e: Element, place_id: int, code: str, period: str, ordinal: int, value: int
    ) -> tuple[Any, ...]:
        return (
            e.id,
            place_id,
            code,
            period,
            ordinal,
            ordinal,
            e.key,
            value,
            "",
            "",
            "bench",
            None,
            stamp,
            stamp,
            code[:2],
        )

    started = time.perf_counter()
    rows = synthetic_rows(elements, counties, villages, county_rows, village_rows, row, years)
    if connection.vendor == "postgresql":
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy,
        ):
            for n, r in enumerate(rows, 1):
                copy.write_row(r)
                if n % 1_000_000 == 0:
                    log(f"  {n:,} rows")
    else:
        insert = f"INSERT INTO {table} ({COLUMNS}) VALUES ({', '.join(['%s'] * 15)})"
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")  # for the load only
        # the summary as an import keeps it: the row trigger set aside, one grouped upsert
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            values_service.summary_added_by_batch(cursor),
        ):
            for n, batch in enumerate(batches(rows, BATCH), 1):
                cursor.executemany(insert, batch)
                if n * BATCH % 1_000_000 == 0:
                    log(f"  {n * BATCH:,} rows")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("PRAGMA synchronous=NORMAL")  # back to the project's setting
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        (count,) = cursor.fetchone()
    if count != county_rows + village_rows:
        sys.exit(f"{count:,} rows in {table}, {county_rows + village_rows:,} expected")
    return county_rows, village_rows, seconds


def make_requests(elements: list[Element], count: int) -> list[Request]:
    """The mix: kinds a to e in turn, with a fixed seed."""
    from xiezuo.pairings.models import Pairing
    from xiezuo.pairings.selectors import pairing_place_group
    from xiezuo.places import codes as codes_of
    from xiezuo.places.models import Place

    rng = random.Random(SEED)
    provinces = list(Place.objects.filter(level=1).order_by("code").values_list("code", flat=True))
    pairings: dict[str, list[Any]] = {}
    for kind in PAIRING_KINDS:
        pairings[kind] = list(
            Pairing.objects.filter(
                kind=kind, helped_place__isnull=False, helper_place__isnull=False
            )
            .select_related("helper_place", "helped_place")
            .order_by("id")
        )
        if not pairings[kind]:
            sys.exit(f"no {kind} pairing between places: is the demo loaded?")
    codes = [e.code for e in elements]
    village_counties = sorted(
        {c[: codes_of.CODE_LENGTHS[3]] for c in Place.objects.filter(
            level=5, code__startswith=VILLAGE_PROVINCE
        ).values_list("code", flat=True)}
    )  # fmt: skip
    kinds = "".join(KINDS)
    requests = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        year = rng.choice(YEARS)
        if kind == "a":
            province = rng.choice(provinces)
            requests.append(
                Request(
                    kind,
                    tuple(rng.sample(codes, ITEMS_PER_REQUEST)),
                    tuple(f"{year}{m:02d}" for m in range(1, 13)),
                    (province,),
                    3,
                    f"{province} by county, {year} by month",
                )
            )
        elif kind == "b":
            requests.append(
                Request(
                    kind,
                    (rng.choice(codes),),
                    (str(year),),
                    tuple(provinces),
                    None,
                    f"country by province, {year}",
                )
            )
        elif kind == "d":
            years = rng.randint(*LONG_YEARS)
            last = YEARS[-1]
            chosen = tuple(sorted(rng.sample(provinces, 2)))
            requests.append(
                Request(
                    kind,
                    tuple(rng.sample(codes, LONG_ITEMS)),
                    tuple(str(y) for y in range(last - years + 1, last + 1)),
                    chosen,
                    None,
                    f"{' and '.join(chosen)} by year, {last - years + 1}–{last}",
                )
            )
        elif kind == "e":
            county = rng.choice(village_counties)
            requests.append(
                Request(
                    kind,
                    VILLAGE_ELEMENTS,
                    tuple(f"{VILLAGE_YEAR}{m:02d}" for m in range(1, 13)),
                    (county,),
                    5,
                    f"{county}'s villages, {VILLAGE_YEAR} by month",
                )
            )
        else:
            pairing = rng.choice(pairings[PAIRING_KINDS[(n // 5) % len(PAIRING_KINDS)]])
            group, helped = pairing_place_group(pairing)
            requests.append(
                Request(
                    kind,
                    tuple(rng.sample(codes, ITEMS_PER_REQUEST)),
                    tuple(f"{year}Q{q}" for q in range(1, 5)),
                    tuple(p.code for p in helped),
                    None,
                    f"{pairing.helper_place.code} → {pairing.helped_place.code}, {year} by quarter",
                    group,
                )
            )
    return requests


def first_of(requests: list[Request], kind: str) -> int:
    """The index of the first request of `kind` (for the untimed warm-up)."""
    return next(n for n, r in enumerate(requests) if r.kind == kind)


def engine_query(request: Request, places: dict[str, Any]) -> Any:
    from xiezuo.indicators.analytics import Query
    from xiezuo.periods import parse

    chosen = [places[c] for c in request.place_codes]
    return Query(
        items=list(request.items),
        periods=[parse(p) for p in request.period_ids],
        places=[] if request.group else chosen,
        level=request.level,
        groups=[(request.group, chosen)] if request.group else (),
    )


Numbers = dict[tuple[str, str | None, str | None], Decimal]


def engine_numbers(result: Any) -> Numbers:
    return {(c.item, c.period, c.place): v for c, v in result.values.items()}


def run_engine(requests: list[Request], timings: dict[str, Timings]) -> list[Numbers]:
    from xiezuo.indicators.analytics import analytics
    from xiezuo.places.models import Place

    wanted = {c for r in requests for c in r.place_codes}
    places = {p.code: p for p in Place.objects.filter(code__in=wanted)}
    queries = [engine_query(r, places) for r in requests]
    for kind in KINDS:  # warm-up, untimed: one request of each kind
        analytics(queries[first_of(requests, kind)])
    results = []
    for number, (request, query) in enumerate(zip(requests, queries, strict=True), 1):
        started = time.perf_counter()
        result = analytics(query)
        timings[request.kind].engine_ms.append((time.perf_counter() - started) * 1000)
        results.append(engine_numbers(result))
        if number % 50 == 0:
            log(f"  engine: {number} requests")
    return results


def export_parquet(workdir: Path) -> tuple[Path, float, int]:
    """The value rows, out of the database into CSV, then into Parquet by DuckDB."""
    import duckdb
    from django.db import connection

    started = time.perf_counter()
    csv_path, parquet_path = workdir / "values.csv", workdir / "values.parquet"
    select = (
        "SELECT data_element_id, place_code, start_month, end_month, disaggregation, value "
        "FROM indicators_datavalue"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                csv_path.open("wb") as out,
                cursor.cursor.copy(f"COPY ({select}) TO STDOUT (FORMAT csv)") as copy,
            ):
                for data in copy:
                    out.write(data)
        else:
            with csv_path.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                cursor.execute(select)
                while chunk := cursor.fetchmany(BATCH):
                    writer.writerows(chunk)
    columns = (
        "{'data_element_id': 'BIGINT', 'place_code': 'VARCHAR', 'start_month': 'INTEGER', "
        "'end_month': 'INTEGER', 'disaggregation': 'VARCHAR', 'value': 'DECIMAL(20,4)'}"
    )
    with duckdb.connect() as duck:
        duck.execute(
            f"COPY (SELECT * EXCLUDE (disaggregation), coalesce(disaggregation, '') "
            f"AS disaggregation FROM read_csv('{csv_path}', header=false, columns={columns})) "
            f"TO '{parquet_path}' (FORMAT PARQUET)"
        )
        counted = duck.execute(f"SELECT count(*) FROM '{parquet_path}'").fetchone()
    csv_path.unlink()
    rows = counted[0] if counted else 0
    return parquet_path, time.perf_counter() - started, rows


def duckdb_sql(request: Request, element_ids: dict[str, int]) -> tuple[str, int]:
    """The request's aggregation as one DuckDB statement, and the months of its periods."""
    from xiezuo.periods import parse
    from xiezuo.places import codes

    periods = [parse(p) for p in request.period_ids]
    months = periods[0].type.months
    buckets = ", ".join(str(p.start // months) for p in periods)
    ids = ", ".join(str(element_ids[i]) for i in request.items)
    roots = ", ".join(
        "('{}', '{}', '{}')".format(request.group or c, *codes.subtree_range(c))
        for c in request.place_codes
    )
    place_key = (
        f"substr(v.place_code, 1, {codes.CODE_LENGTHS[request.level]})"
        if request.level is not None
        else "r.code"
    )
    return (
        f"SELECT v.data_element_id, v.start_month // {months} AS b, {place_key} AS place, "
        f"sum(v.value) FROM values_ v JOIN (VALUES {roots}) r(code, lo, hi) "
        f"ON v.place_code >= r.lo AND v.place_code < r.hi "
        f"WHERE v.data_element_id IN ({ids}) AND v.value IS NOT NULL "
        f"AND v.start_month // {months} = v.end_month // {months} "
        f"AND v.start_month // {months} IN ({buckets}) GROUP BY ALL",
        months,
    )


def run_duckdb(
    requests: list[Request],
    elements: list[Element],
    parquet: Path,
    timings: dict[str, Timings],
) -> list[Numbers]:
    import duckdb

    from xiezuo.periods import Period, PeriodType

    element_ids = {e.code: e.id for e in elements}
    codes_by_id = {e.id: e.code for e in elements}
    results = []
    with duckdb.connect() as duck:
        duck.execute(f"CREATE VIEW values_ AS SELECT * FROM read_parquet('{parquet}')")
        statements = [duckdb_sql(r, element_ids) for r in requests]
        for kind in KINDS:  # warm-up, untimed, as for the engine
            duck.execute(statements[first_of(requests, kind)][0]).fetchall()
        for request, (statement, months) in zip(requests, statements, strict=True):
            started = time.perf_counter()
            rows = duck.execute(statement).fetchall()
            timings[request.kind].duckdb_ms.append((time.perf_counter() - started) * 1000)
            period_type = PeriodType.from_months(months)
            numbers: Numbers = {
                (codes_by_id[e], Period(b * months, period_type).id, place): total
                for e, b, place, total in rows
            }
            results.append(numbers)
    return results


def compare(
    requests: list[Request],
    engine: list[Numbers],
    reference: list[Numbers],
    timings: dict[str, Timings],
) -> None:
    for request, mine, theirs in zip(requests, engine, reference, strict=True):
        timing = timings[request.kind]
        timing.compared += 1
        timing.cells += len(theirs)
        if mine == theirs:
            continue
        keys = sorted(set(mine) | set(theirs), key=str)
        wrong = [k for k in keys if mine.get(k) != theirs.get(k)]
        k = wrong[0]
        timing.differences.append(
            f"{request.kind} ({request.label}): {len(wrong)} of {len(keys)} cells differ, "
            f"e.g. {k}: engine {mine.get(k)}, DuckDB {theirs.get(k)}"
        )


# --- the same requests through the served API, and imports through it


def http_path(request: Request) -> str:
    """The request as `GET /api/analytics` (DHIS2's shape), answering in codes, unrounded:
    a level as `ou:<place>;LEVEL-n`, a pairing's helped places added up as `filter=ou:…`."""
    ou = ";".join(request.place_codes)
    if request.level is not None:
        ou += f";LEVEL-{request.level}"
    params = [
        ("dimension", "dx:" + ";".join(request.items)),
        ("dimension", "pe:" + ";".join(request.period_ids)),
        ("filter" if request.group else "dimension", "ou:" + ou),
        ("outputIdScheme", "CODE"),
        ("skipRounding", "true"),
    ]
    return "/api/analytics?" + urlencode(params)


def http_numbers(request: Request, body: dict[str, Any]) -> Numbers:
    """The answer's figures keyed as DuckDB's: (element, period, place or the pairing's group)."""
    names = [h["name"] for h in body["headers"]]
    dx, pe, value = names.index("dx"), names.index("pe"), names.index("value")
    ou = names.index("ou") if "ou" in names else None
    return {
        (row[dx], row[pe], request.group if ou is None else row[ou]): Decimal(row[value])
        for row in body["rows"]
    }


def http_get_body(url: str, token: str) -> tuple[float, bytes]:
    """(milliseconds, the body) of one GET, the connection's opening included."""
    get = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(get, timeout=300) as response:
        data = response.read()
    return (time.perf_counter() - started) * 1000, data


def http_get(url: str, token: str) -> tuple[float, dict[str, Any]]:
    """(milliseconds, the JSON answer) of one GET, the connection's opening included."""
    elapsed, data = http_get_body(url, token)
    return elapsed, json.loads(data)


def run_http(
    requests: list[Request],
    base: str,
    token: str,
    reference: list[Numbers],
    timings: dict[str, Timings],
) -> None:
    """Time every request through HTTP and check its numbers against DuckDB's."""
    for _round in range(2):  # warm-up, untimed: each kind once per worker (roughly)
        for kind in KINDS:
            http_get(base + http_path(requests[first_of(requests, kind)]), token)
    for number, (request, theirs) in enumerate(zip(requests, reference, strict=True), 1):
        elapsed, body = http_get(base + http_path(request), token)
        timing = timings[request.kind]
        timing.http_ms.append(elapsed)
        timing.http_compared += 1
        mine = http_numbers(request, body)
        if mine != theirs:
            keys = sorted(set(mine) | set(theirs), key=str)
            wrong = [k for k in keys if mine.get(k) != theirs.get(k)]
            k = wrong[0]
            timing.http_differences.append(
                f"{request.kind} ({request.label}): {len(wrong)} of {len(keys)} cells differ "
                f"through HTTP, e.g. {k}: API {mine.get(k)}, DuckDB {theirs.get(k)}"
            )
        if number % 50 == 0:
            log(f"  HTTP: {number} requests")


def server_workers() -> list[int]:
    """The process ids of the gunicorn workers this process started (children of its
    child, the gunicorn master), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rpartition(")")[2].split()
            parents[int(stat.parent.name)] = int(fields[1])
    masters = {pid for pid, parent in parents.items() if parent == os.getpid()}
    return sorted(pid for pid, parent in parents.items() if parent in masters)


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident set size so far (VmHWM), in MB; 0 when it is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Imports:
    stored_before: int
    seconds: dict[str, list[float]] = field(default_factory=lambda: {"json": [], "csv": []})
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0
    recycled: bool = False  # a worker was replaced during the imports (its peak is lost)
    # one more chunk of each format imported in-process: (seconds in all, seconds writing)
    in_process: dict[str, tuple[float, float]] = field(default_factory=dict)
    spare: list[list[tuple[str, ...]]] = field(default_factory=list)  # their chunks


def import_chunks(chunks: int) -> tuple[list[list[tuple[str, ...]]], int]:
    """`chunks` × IMPORT_CHUNK fresh values of bench/import_values.py's benchmark data set
    (made here), for Guangxi's counties and townships from January 2015; and the values stored."""
    from import_values import ELEMENTS, SETUP, SPLIT_EVERY, cells  # bench/import_values.py

    from xiezuo.indicators.models import DataValue
    from xiezuo.places.models import Place

    exec(SETUP.format(elements=ELEMENTS, split=SPLIT_EVERY))  # its data set
    places = list(
        Place.objects.filter(code__startswith="45", level__in=[3, 4])
        .order_by("code")
        .values_list("code", flat=True)
    )
    values = list(cells(places, chunks * IMPORT_CHUNK))
    parts = [values[n : n + IMPORT_CHUNK] for n in range(0, len(values), IMPORT_CHUNK)]
    return parts, DataValue.objects.count()


def import_body(fmt: str, chunk: list[tuple[str, ...]]) -> bytes:
    if fmt == "json":
        values = [
            {"dataElement": e, "period": p, "orgUnit": o, "categoryOptionCombo": c, "value": v}
            for e, p, o, c, v in chunk
        ]
        return json.dumps({"dataValues": values}, separators=(",", ":")).encode()
    lines = ["dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value"]
    lines += [f"{e},{p},{o},{c},,{v}" for e, p, o, c, v in chunk]
    return ("\n".join(lines) + "\n").encode()


def run_imports(base: str, token: str, chunks: int) -> Imports:
    """POST the chunks to /api/dataValueSets (sync), JSON and CSV in turn; check each
    summary counts every value imported; the workers' peak RSS before and after."""
    parts, stored = import_chunks(chunks * 2 + 2)
    measured = Imports(stored, spare=parts[-2:])
    parts = parts[:-2]
    workers = server_workers()
    measured.rss_before_mb = max(peak_rss_mb(pid) for pid in workers)
    query = "?dataElementIdScheme=CODE&orgUnitIdScheme=CODE"
    content_types = {"json": "application/json", "csv": "application/csv"}
    for number, chunk in enumerate(parts):
        fmt = ("json", "csv")[number % 2]
        body = import_body(fmt, chunk)  # made before the clock starts: the client's work
        post = urllib.request.Request(
            base + "/api/dataValueSets" + query,
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": content_types[fmt]},
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(post, timeout=600) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            sys.exit(f"the {fmt} import answered {exc.code}: {exc.read()[:2000]!r}")
        measured.seconds[fmt].append(time.perf_counter() - started)
        imported = answer.get("response", answer).get("importCount", {}).get("imported")
        if imported != len(chunk):
            sys.exit(f"the {fmt} import stored {imported} of {len(chunk):,} values: {answer}")
        log(f"  import {number + 1}/{len(parts)} ({fmt}): {measured.seconds[fmt][-1]:.1f} s")
    now = server_workers()
    measured.recycled = now != workers
    measured.rss_after_mb = max(peak_rss_mb(pid) for pid in now)
    return measured


def imports_in_process(imports: Imports, token: str) -> None:
    """One more chunk of each format imported in-process (Django's test client, the whole
    stack but gunicorn and the socket), with the time its checked batches took to be
    written (`pipeline._write`: `values_apply`, COPY on PostgreSQL, the summary with them)
    summed apart: what the database's own work leaves an import at most."""
    from django.test import Client, override_settings

    from xiezuo.indicators.imports import pipeline

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get("/api/me")  # the URLs and views imported before the clock starts
    content_types = {"json": "application/json", "csv": "application/csv"}
    write = pipeline._write
    writing: list[float] = []

    def timed(*args: Any) -> None:
        started = time.perf_counter()
        write(*args)
        writing.append(time.perf_counter() - started)

    pipeline._write = timed  # type: ignore[assignment]
    try:
        for fmt, chunk in zip(("json", "csv"), imports.spare, strict=True):
            body = import_body(fmt, chunk)
            writing.clear()
            started = time.perf_counter()
            with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=len(body) + 1):
                answer = client.post(
                    "/api/dataValueSets?dataElementIdScheme=CODE&orgUnitIdScheme=CODE",
                    data=body,
                    content_type=content_types[fmt],
                )
            seconds = time.perf_counter() - started
            imported = answer.json().get("response", {}).get("importCount", {}).get("imported")
            if answer.status_code != 200 or imported != len(chunk):
                sys.exit(f"the in-process {fmt} import answered {answer.status_code}: {imported}")
            imports.in_process[fmt] = (seconds, sum(writing))
    finally:
        pipeline._write = write  # type: ignore[assignment]


# --- where one slow request's time goes

# (file, function) of the phases of GET /api/analytics, as cProfile names them
PHASES = {
    "parse": ("xiezuo/dhis2/analytics.py", "parse"),
    "engine": ("xiezuo/indicators/analytics.py", "analytics"),
    "answer": ("xiezuo/dhis2/analytics.py", "_answer"),
    "places": ("xiezuo/dhis2/analytics.py", "_places_of"),
    "json": ("xiezuo/dhis2/webmessages.py", "json_response"),
}


@dataclass
class Profiled:
    kind: str
    label: str
    http_ms: float  # its time through HTTP in the timed run
    total_ms: float  # in-process through Django's test client, median of 3, not profiled
    sql_ms: float  # in the database driver (executing and fetching), under cProfile
    queries: int
    phases_ms: dict[str, float]  # under cProfile (which slows Python down)
    profiled_ms: float
    path: Path


def driver_ms(stats: dict[tuple[str, int, str], Any]) -> float:
    """The time spent inside the database driver, from cProfile's statistics: sqlite3's
    cursor methods (SQLite runs a query as its rows are fetched, not only in execute), or
    psycopg's functions and the waits they make. Code in C is not slowed by the profiler."""
    total = 0.0
    for (filename, _line, function), value in stats.items():
        if "/psycopg/" in filename or "sqlite3." in function or "psycopg" in function:
            total += value[2]  # its own time: the calls between them are counted once
        elif function.startswith("<function SQLiteCursorWrapper.execute"):
            total += value[2]  # sqlite3.Cursor.execute, as called by Django's subclass
    return total * 1000


def profile_slowest(
    requests: list[Request], timings: dict[str, Timings], token: str, directory: Path
) -> list[Profiled]:
    """The slowest request of each kind through HTTP, again in-process through the whole
    Django stack (middleware, authentication, the view, JSON): three times timed, with its
    queries counted, then once under cProfile (written to `directory`/<kind>.prof)."""
    import pstats

    from django.db import connection
    from django.test import Client

    directory.mkdir(parents=True, exist_ok=True)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    found = []
    for kind in KINDS:
        mine = [(n, r) for n, r in enumerate(requests) if r.kind == kind]
        times = timings[kind].http_ms
        slowest = max(range(len(mine)), key=lambda i: times[i])
        request = mine[slowest][1]
        path = http_path(request)
        totals, counts = [], []
        for _ in range(3):
            executed: list[int] = []

            def counted(execute: Any, *args: Any, executed: list[int] = executed) -> Any:
                executed.append(1)
                return execute(*args)

            started = time.perf_counter()
            with connection.execute_wrapper(counted):
                answer = client.get(path)
            totals.append((time.perf_counter() - started) * 1000)
            counts.append(len(executed))
            if answer.status_code != 200:
                sys.exit(f"{path} answered {answer.status_code}")
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.runcall(client.get, path)
        profiled = (time.perf_counter() - started) * 1000
        out = directory / f"{kind}.prof"
        profiler.dump_stats(out)
        stats: Any = pstats.Stats(profiler).stats
        phases = {}
        for phase, (filename, function) in PHASES.items():
            phases[phase] = 1000 * sum(
                value[3]
                for (name, _line, func), value in stats.items()
                if name.endswith(filename) and func == function
            )
        found.append(
            Profiled(
                kind,
                request.label,
                times[slowest],
                statistics.median(totals),
                driver_ms(stats),
                counts[0],
                phases,
                profiled,
                out,
            )
        )
    return found


@dataclass
class WriteRead:
    write_ms: list[float] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)
    both_ms: list[float] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def write_then_read() -> WriteRead:
    """value_set a fresh cell, then value_of over its province for the year, 20 times."""
    from xiezuo.accounts.models import User
    from xiezuo.indicators.analytics import value_of
    from xiezuo.indicators.models import DataValue
    from xiezuo.indicators.services import value_set
    from xiezuo.indicators.sources import owner_of
    from xiezuo.periods import parse
    from xiezuo.places.models import Place

    rng = random.Random(SEED)
    actor = User.objects.get(username="admin")
    year = parse(str(VILLAGE_YEAR))
    provinces = {p.code: p for p in Place.objects.filter(code__in=WRITE_PROVINCES)}
    streets = {
        code: list(
            Place.objects.filter(level=4, code__startswith=code).values_list("code", flat=True)
        )
        for code in WRITE_PROVINCES
    }
    # The figures before any write (untimed), then what each write must add to them.
    expected = {
        (element, province): value_of(element, place=provinces[province], periods=[year])
        or Decimal(0)
        for element in WRITE_ELEMENTS
        for province in WRITE_PROVINCES
    }
    owned = [code for code in WRITE_ELEMENTS if owner_of(code) is not None]
    if owned:
        raise SystemExit(f"cannot write {owned}: a registry owns them (bench WRITE_ELEMENTS)")
    measured = WriteRead()
    for n in range(WRITES):
        province = WRITE_PROVINCES[n % len(WRITE_PROVINCES)]
        element = WRITE_ELEMENTS[n % len(WRITE_ELEMENTS)]
        place = rng.choice(streets[province])
        period = f"{VILLAGE_YEAR}{rng.randint(1, 12):02d}"
        if DataValue.objects.filter(
            data_element__code=element, place_code=place, period=period
        ).exists():
            continue  # not a fresh cell (the same one drawn twice): skip
        value = n + 1
        before = expected[element, province]
        started = time.perf_counter()
        value_set(actor=actor, element=element, place=place, period=period, value=str(value))
        written = time.perf_counter()
        after = value_of(element, place=provinces[province], periods=[year])
        done = time.perf_counter()
        measured.write_ms.append((written - started) * 1000)
        measured.read_ms.append((done - written) * 1000)
        measured.both_ms.append((done - started) * 1000)
        expected[element, province] = before + value
        if after != before + value:
            measured.wrong.append(
                f"{element} {place} {period} = {value}: {province} {VILLAGE_YEAR} went "
                f"from {before} to {after}"
            )
    return measured


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Processor"):
                return value.strip()
    return platform.processor() or "unknown CPU"


def database_description() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            (version,) = cursor.fetchone()
        settings = connection.settings_dict
        return f"PostgreSQL {version.split()[0]} at {settings['HOST']}:{settings['PORT'] or 5432}"
    return f"SQLite {sqlite3.sqlite_version}"


def ms(value: float) -> str:
    return f"{value:,.1f}"


def report(
    load: Load,
    export: tuple[float, int],
    timings: dict[str, Timings],
    writes: WriteRead,
    load_before: float,
) -> bool:
    first = [timings[kind] for kind in FIRST_KINDS]  # the mix the 200 ms target was set for
    everything = [t for timing in first for t in timing.engine_ms]
    everything_duck = [t for timing in first for t in timing.duckdb_ms]
    rows = load.county_rows + load.village_rows
    print(
        f"Values: {rows:,} ({load.county_rows:,} county-level, {load.village_rows:,} "
        f"village-level in {VILLAGE_PROVINCE}), loaded in {load.seconds:.1f} s "
        f"({rows / load.seconds:,.0f} rows/s); ANALYZE {load.analyze_seconds:.1f} s. "
        f"Before that: the country's places {load.places_seconds:.1f} s, demo catalogue and "
        f"pairings {load.demo_seconds:.1f} s. Exported to Parquet for DuckDB in "
        f"{export[0]:.1f} s ({export[1]:,} rows). On disk: the database "
        f"{load.database_bytes / 2**20:,.0f} MiB, the values and the summary with their "
        f"indexes {load.values_bytes / 2**20:,.0f} MiB ({load.values_bytes / rows:,.0f} bytes "
        "a value)."
    )
    print()
    print(
        "| requests | n | engine p50 (ms) | engine p95 (ms) | engine max (ms) "
        "| DuckDB median (ms) | DuckDB p95 (ms) | engine = DuckDB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    lines = [(f"{kind}. {what}", timings[kind]) for kind, what in KINDS.items()]
    for name, timing in lines:
        agree = (
            f"{timing.compared - len(timing.differences)}/{timing.compared} "
            f"({timing.cells:,} cells)"
        )
        print(
            f"| {name} | {len(timing.engine_ms)} | {ms(statistics.median(timing.engine_ms))} "
            f"| {ms(percentile(timing.engine_ms, 0.95))} | {ms(max(timing.engine_ms))} "
            f"| {ms(statistics.median(timing.duckdb_ms))} "
            f"| {ms(percentile(timing.duckdb_ms, 0.95))} | {agree} |"
        )
    compared = sum(t.compared for t in timings.values())
    differing = sum(len(t.differences) for t in timings.values())
    cells = sum(t.cells for t in timings.values())
    print(
        f"| **a–c** (the target's mix) | {len(everything)} | {ms(statistics.median(everything))} "
        f"| **{ms(percentile(everything, 0.95))}** | {ms(max(everything))} "
        f"| {ms(statistics.median(everything_duck))} "
        f"| {ms(percentile(everything_duck, 0.95))} "
        f"| {compared - differing}/{compared} ({cells:,} cells) |"
    )
    print()
    print("| write then read (a fresh cell) | n | median (ms) | p95 (ms) | max (ms) |")
    print("|---|---:|---:|---:|---:|")
    for name, values in (
        ("write (`value_set`)", writes.write_ms),
        ("read (`value_of`, its province, the year)", writes.read_ms),
        ("**write + read**", writes.both_ms),
    ):
        print(
            f"| {name} | {len(values)} | {ms(statistics.median(values))} "
            f"| {ms(percentile(values, 0.95))} | {ms(max(values))} |"
        )
    print()
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    import duckdb

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with duckdb.connect() as duck:
        setting = duck.execute("SELECT current_setting('threads')").fetchone()
    threads = setting[0] if setting else "?"
    print(
        f"Machine: {nproc} CPUs (nproc), {cpu_model()}, Python {platform.python_version()}, "
        f"{database_description()}, DuckDB {duckdb.__version__} "
        f"({threads} threads); peak RSS of the measuring process {peak:,.0f} MB; load average "
        f"(1 min) {load_before:.2f} before the requests, {os.getloadavg()[0]:.2f} at the end"
    )
    for timing in timings.values():
        for difference in timing.differences[:5]:
            print(f"- DIFFERENCE {difference}")
    for wrong in writes.wrong:
        print(f"- WRONG after a write: {wrong}")
    correct = differing == 0 and not writes.wrong
    p95 = percentile(everything, 0.95)
    write_read = statistics.median(writes.both_ms)
    passed = correct and p95 < TARGET_P95_MS and write_read < TARGET_WRITE_READ_MS
    word = "PASS" if passed else "FAIL"
    print(
        f"**{word}** in-process (targets: p95 of the {len(everything)} requests a–c < "
        f"{TARGET_P95_MS:.0f} ms, "
        f"write + read median < {TARGET_WRITE_READ_MS:.0f} ms, engine = DuckDB, every read "
        f"sees its write): p95 {p95:.1f} ms, write + read {write_read:.1f} ms, "
        f"{compared - differing}/{compared} requests equal, "
        f"{len(writes.both_ms) - len(writes.wrong)}/{len(writes.both_ms)} reads right"
    )
    return passed


def report_http(
    timings: dict[str, Timings], imports: Imports | None, profiled: list[Profiled]
) -> bool:
    """The served API beside the engine and DuckDB, the imports, the profiles; issue 15's
    goals as PASS/FAIL lines."""
    print()
    print(
        "Through HTTP: `GET /api/analytics` (DHIS2's shape, a bearer token, gunicorn with 2 "
        "workers, one client, a new connection each request), the same requests."
    )
    print()
    print(
        "| requests | n | in-process median | p95 | HTTP median | **HTTP p95** | DuckDB median "
        "| DuckDB p95 | HTTP / DuckDB (median, p95) | API = DuckDB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    rows = [(f"{kind}. {what}", [timings[kind]]) for kind, what in KINDS.items()]
    rows.append(("**all**", list(timings.values())))
    for name, of in rows:
        engine = [t for timing in of for t in timing.engine_ms]
        http = [t for timing in of for t in timing.http_ms]
        duck = [t for timing in of for t in timing.duckdb_ms]
        compared = sum(t.http_compared for t in of)
        differing = sum(len(t.http_differences) for t in of)
        print(
            f"| {name} | {len(http)} | {ms(statistics.median(engine))} "
            f"| {ms(percentile(engine, 0.95))} | {ms(statistics.median(http))} "
            f"| **{ms(percentile(http, 0.95))}** | {ms(statistics.median(duck))} "
            f"| {ms(percentile(duck, 0.95))} "
            f"| {statistics.median(http) / statistics.median(duck):.1f}×, "
            f"{percentile(http, 0.95) / percentile(duck, 0.95):.1f}× "
            f"| {compared - differing}/{compared} |"
        )
    print("\n(milliseconds)")
    for timing in timings.values():
        for difference in timing.http_differences[:5]:
            print(f"- DIFFERENCE {difference}")
    http = [t for timing in timings.values() for t in timing.http_ms]
    duck = [t for timing in timings.values() for t in timing.duckdb_ms]
    correct = not any(t.http_differences for t in timings.values())
    p95, ratio = percentile(http, 0.95), percentile(http, 0.95) / percentile(duck, 0.95)
    passes = [correct and p95 < TARGET_HTTP_P95_MS, correct and ratio <= TARGET_HTTP_VS_DUCKDB]
    print()
    over = {k: sum(t >= TARGET_HTTP_P95_MS for t in timings[k].http_ms) for k in KINDS}
    slow = ", ".join(f"{kind} {n}" for kind, n in over.items() if n) or "none"
    print(
        f"**{'PASS' if passes[0] else 'FAIL'}** HTTP p95 of all {len(http)} requests < "
        f"{TARGET_HTTP_P95_MS:.0f} ms (issue 15), answers equal to DuckDB's: p95 {p95:.1f} ms, "
        f"{'all equal' if correct else 'SOME DIFFER'}; requests at or over "
        f"{TARGET_HTTP_P95_MS:.0f} ms by kind: {slow} (at most {len(http) // 20} may be, "
        "for the p95 to be under it)"
    )
    print(
        f"**{'PASS' if passes[1] else 'FAIL'}** HTTP p95 ≤ {TARGET_HTTP_VS_DUCKDB:.0f}× DuckDB's "
        f"p95 for the same sums (issue 15): {p95:.1f} ms / {percentile(duck, 0.95):.1f} ms "
        f"= {ratio:.2f}×"
    )
    if imports is not None:
        passes.append(report_imports(imports))
    if profiled:
        report_profiles(profiled)
    return all(passes)


def report_imports(imports: Imports) -> bool:
    print()
    print(
        f"Imports through `POST /api/dataValueSets` (sync, atomicMode NONE as DHIS2's default, "
        f"ids by code) into a database already holding {imports.stored_before:,} values, "
        f"chunks of {IMPORT_CHUNK:,} fresh values, JSON and CSV in turn:"
    )
    print()
    print("| format | chunks | seconds (median) | values/s (median) | slowest | fastest |")
    print("|---|---:|---:|---:|---:|---:|")
    rates = {}
    for fmt, seconds in imports.seconds.items():
        rates[fmt] = IMPORT_CHUNK / statistics.median(seconds)
        print(
            f"| {fmt.upper()} | {len(seconds)} | {statistics.median(seconds):.2f} "
            f"| **{rates[fmt]:,.0f}** | {IMPORT_CHUNK / max(seconds):,.0f} "
            f"| {IMPORT_CHUNK / min(seconds):,.0f} |"
        )
    print()
    recycled = " (a worker was recycled meanwhile: its peak is lost)" if imports.recycled else ""
    print(
        f"Peak RSS of the gunicorn workers (VmHWM, the larger of the two): "
        f"{imports.rss_before_mb:,.0f} MB after the analytics requests, "
        f"{imports.rss_after_mb:,.0f} MB after the imports{recycled}."
    )
    if imports.in_process:
        print()
        print(
            "One more chunk of each format imported in-process (Django's test client: no "
            "gunicorn, no socket), the writing of its checked batches timed apart (`values_apply`"
            ": the values and the summary with them, in one transaction; COPY on PostgreSQL). "
            "The writing alone is the most an import can reach on this schema and machine:"
        )
        print()
        print("| format | values/s in all | writing (s) | writing alone (values/s) "
              "| the rest: read, check, prepare (s) |")  # fmt: skip
        print("|---|---:|---:|---:|---:|")
        for fmt, (seconds, writing) in imports.in_process.items():
            print(
                f"| {fmt.upper()} | {IMPORT_CHUNK / seconds:,.0f} | {writing:.2f} "
                f"| **{IMPORT_CHUNK / writing:,.0f}** | {seconds - writing:.2f} |"
            )
    passed = min(rates.values()) >= TARGET_IMPORT_RATE and imports.rss_after_mb < TARGET_IMPORT_MB
    print(
        f"**{'PASS' if passed else 'FAIL'}** imports ≥ {TARGET_IMPORT_RATE:,.0f} values/s "
        f"(medians) and < {TARGET_IMPORT_MB:.0f} MB (issue 15): "
        + ", ".join(f"{fmt.upper()} {rate:,.0f} values/s" for fmt, rate in rates.items())
        + f", {imports.rss_after_mb:,.0f} MB"
    )
    return passed


def report_profiles(profiled: list[Profiled]) -> None:
    print()
    print(
        "The slowest request of each kind through HTTP, again in-process through Django's "
        "test client (the whole stack but gunicorn and the socket), median of 3; then once "
        "under cProfile: the time in the database driver (SQL, run and fetched) and, by phase, "
        "cumulative (cProfile slows Python down, not SQL). Python = in-process − SQL:"
    )
    print()
    print(
        "| kind | request | HTTP | in-process | SQL (queries) | Python | under cProfile "
        "| parse | engine (SQL in it) | places | answer | JSON |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in profiled:
        phases = p.phases_ms
        print(
            f"| {p.kind} | {p.label} | {ms(p.http_ms)} | {ms(p.total_ms)} "
            f"| {ms(p.sql_ms)} ({p.queries}) | {ms(p.total_ms - p.sql_ms)} | {ms(p.profiled_ms)} "
            f"| {ms(phases['parse'])} | {ms(phases['engine'])} | {ms(phases['places'])} "
            f"| {ms(phases['answer'])} | {ms(phases['json'])} |"
        )
    print(f"\n(milliseconds; profiles in {profiled[0].path.parent})")


def years_for(scale: float) -> range:
    """The years of the county grid: 2012–2018 up to 10,000,000 values; past that, 7 more
    years before 2012 for each further 10,000,000 (1998–2018 at 30M), so that the grid is
    as full at every size above 10M as at 10M."""
    count = len(range(2012, 2019)) * max(1, math.ceil(scale))
    return range(2019 - count, 2019)


def child(workdir: Path, scale: float, count: int, import_chunks: int, profile: Path | None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    from django.db import connection

    from xiezuo.accounts.models import User
    from xiezuo.accounts.services import token_create

    places_seconds, demo_seconds = country_and_demo()
    elements = bench_elements()
    log("values")
    county_rows, village_rows, seconds = load_values(elements, scale)
    log("ANALYZE")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analyze_seconds = time.perf_counter() - started
    load = Load(
        county_rows,
        village_rows,
        seconds,
        places_seconds,
        demo_seconds,
        analyze_seconds,
        *database_sizes(),
    )

    requests = make_requests(elements, count)
    load_before = os.getloadavg()[0]
    timings = {kind: Timings() for kind in KINDS}
    log(f"engine: {count} requests")
    engine = run_engine(requests, timings)
    log("export to Parquet")
    parquet, export_seconds, exported = export_parquet(workdir)
    log(f"DuckDB: {count} requests")
    reference = run_duckdb(requests, elements, parquet, timings)
    compare(requests, engine, reference, timings)
    admin = User.objects.get(username="admin")
    _token, token = token_create(user=admin, name="bench")
    env = {**os.environ, "XIEZUO_MAX_BODY_MB": SERVED_BODY_MB}
    imports = None
    connection.close()  # the server's workers have the database to themselves
    with served(env, workdir) as base:
        log(f"HTTP: {count} requests")
        run_http(requests, base, token, reference, timings)
        if import_chunks:
            log(f"imports through HTTP: {2 * import_chunks} chunks of {IMPORT_CHUNK:,}")
            imports = run_imports(base, token, import_chunks)
    if imports is not None:
        log("imports in-process: the writing timed apart")
        imports_in_process(imports, token)
    profiled = []
    if profile is not None:
        log("profiles")
        profiled = profile_slowest(requests, timings, token, profile)
    log("write then read")
    writes = write_then_read()
    passed = report(load, (export_seconds, exported), timings, writes, load_before)
    passed = report_http(timings, imports, profiled) and passed
    return 0 if passed else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark analytics over ten million values, and a write read back."
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help=f"multiple of {FULL_ROWS:,} values to load (default: 1; e.g. 0.02 to try it, "
        f"up to {MAX_SCALE}: 30,000,000 over 1998–2018)",
    )
    parser.add_argument(
        "--requests", type=int, default=200, help="analytics requests to time (default: 200)"
    )
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL (a fresh database is created on it); "
        "default: a fresh SQLite file",
    )
    parser.add_argument(
        "--import-chunks",
        type=int,
        default=3,
        help=f"chunks of {IMPORT_CHUNK:,} values to import through HTTP in each format, "
        "after the analytics requests (default: 3; 0: none)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="profile the slowest HTTP request of each kind with cProfile, into this directory",
    )
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="keep the database (and the working directory) afterwards, to look into",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 0 < args.scale <= MAX_SCALE:
        parser.error(f"--scale must be in (0, {MAX_SCALE}]")
    global YEARS
    YEARS = years_for(args.scale)
    if args.requests < len(KINDS):
        parser.error(f"--requests must be at least {len(KINDS)} (one of each kind)")
    if args.import_chunks < 0:
        parser.error("--import-chunks must be 0 or more")
    url: str | None = args.database_url
    if url is not None and urlsplit(url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// or postgresql:// URL")
    if args.child is not None:
        return child(args.child, args.scale, args.requests, args.import_chunks, args.profile)
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
