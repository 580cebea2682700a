"""Benchmark: import a million data values through the /api/dataValueSets code path.

What it measures. The script writes two files once — DHIS2 dataValueSets JSON
and CSV, each of `--values` values (default 1,000,000): 40 monthly data
elements (10 of them broken down by poverty, so 50 values per place and
month) × every county and township of Guangxi (1,395 places) × as many months
from January 2015 as it takes — all valid, places by division code, data
elements by code, disaggregations by their DHIS2 category option combo UID.

Then, for each run and each format, it makes a fresh database (an SQLite file,
or a PostgreSQL database with a unique name, dropped afterwards) holding the
demo (Guangdong's and Guangxi's places, the catalogue, the demo users) and the
benchmark's data set, and imports the file in a child process through
`values_import` — the function POST /api/dataValueSets calls — as the demo
administrator, with atomicMode ALL (one transaction, every value checked
before its batch is written). It measures the child's wall time (Python and
Django start-up included: end to end) and its peak memory (maximum resident
set size, from `os.wait4` on exactly that child), and checks that the
database then holds every value.

It prints a Markdown table (one row per run and format, a median row per
format) and PASS/FAIL: the medians must reach 50,000 values/s and stay under
500 MB. The exit status is 0 on PASS, 1 on FAIL.

    .venv/bin/python bench/import_values.py                     # SQLite, 3 runs
    .venv/bin/python bench/import_values.py --runs 1 \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from common import log, with_database, xiezuo_command  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
TARGET_RATE = 50_000.0
TARGET_MB = 500.0
ELEMENTS = 40
SPLIT_EVERY = 4  # every 4th element is broken down by poverty (poor / not poor)
FIRST_MONTH = 2015 * 12  # January 2015
DEFAULT_COMBO = "HllvX50cXC0"  # DHIS2's default category option combo

SETUP = """
from xiezuo.indicators.models import DataElement, DataSet, Dimension
poverty = Dimension.objects.get(code="poverty")
data_set = DataSet.objects.create(code="BENCH", name_zh="基准", name_en="Benchmark",
                                  period_type="Monthly")
for number in range(1, {elements} + 1):
    element = DataElement.objects.create(code=f"bench_{{number:02d}}", name_zh=f"基准{{number}}",
        name_en=f"Benchmark {{number}}", area="labour", value_type="integer")
    if number % {split} == 0:
        element.dimensions.add(poverty)
    data_set.data_elements.add(element)
"""

CHILD = """
import json, os, sys, time
started = time.perf_counter()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
import django
django.setup()
from xiezuo.accounts.models import User
from xiezuo.indicators.imports import ImportOptions, values_import
from xiezuo.indicators.models import DataValue
path, fmt = sys.argv[1], sys.argv[2]
with open(path, "rb") as source:
    summary = values_import(source=source, fmt=fmt, actor=User.objects.get(username="admin"),
                            options=ImportOptions(id_scheme="CODE"))
seconds = time.perf_counter() - started
print(json.dumps({"status": summary.status, "imported": summary.imported,
                  "conflicts": summary.conflicts[:3], "error": summary.error,
                  "stored": DataValue.objects.filter(source="imported").count(),
                  "seconds": seconds}))
"""


@dataclass
class Measure:
    fmt: str
    values: int
    seconds: float
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.values / self.seconds


def python() -> str:
    return sys.executable


def run_checked(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def guangxi_places(env: dict[str, str]) -> list[str]:
    code = (
        "from xiezuo.places.models import Place; "
        "print(','.join(Place.objects.filter(code__startswith='45', level__in=[3, 4])"
        ".order_by('code').values_list('code', flat=True)))"
    )
    out = run_checked([*xiezuo_command(), "shell", "-v0", "-c", code], env)
    return out.strip().splitlines()[-1].split(",")


def cells(places: list[str], count: int) -> Iterator[tuple[str, str, str, str, str]]:
    """(element, period, place, combo UID, value), in DHIS2 export order: month, place, element."""
    sys.path.insert(0, str(REPO))
    from xiezuo.uids import stable_uid  # the combos' UIDs, as xiezuo.indicators.combos derives them

    poor = stable_uid("categoryOptionCombo", "poverty=poor")
    not_poor = stable_uid("categoryOptionCombo", "poverty=not_poor")
    made = 0
    month = FIRST_MONTH
    while True:
        period = f"{month // 12}{month % 12 + 1:02d}"
        for place in places:
            for number in range(1, ELEMENTS + 1):
                element = f"bench_{number:02d}"
                combos = (poor, not_poor) if number % SPLIT_EVERY == 0 else (DEFAULT_COMBO,)
                for combo in combos:
                    yield element, period, place, combo, str((made * 7919) % 1000)
                    made += 1
                    if made == count:
                        return
        month += 1


def write_files(directory: Path, places: list[str], count: int) -> dict[str, Path]:
    json_path, csv_path = directory / "values.json", directory / "values.csv"
    with json_path.open("w", encoding="utf-8") as out:
        out.write('{"dataValues": [\n')
        for number, (element, period, place, combo, value) in enumerate(cells(places, count)):
            item = {
                "dataElement": element,
                "period": period,
                "orgUnit": place,
                "categoryOptionCombo": combo,
                "value": value,
            }
            out.write(("," if number else "") + json.dumps(item) + "\n")
        out.write("]}\n")
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "dataelement",
                "period",
                "orgunit",
                "categoryoptioncombo",
                "attributeoptioncombo",
                "value",
                "storedby",
                "lastupdated",
                "comment",
                "followup",
            ]
        )
        for element, period, place, combo, value in cells(places, count):
            writer.writerow([element, period, place, combo, "", value, "", "", "", "false"])
    return {"json": json_path, "csv": csv_path}


class Databases:
    """A template database made once (demo + benchmark data set), copied fresh for each import."""

    def __init__(self, url: str | None, workdir: Path):
        self.url = url
        self.workdir = workdir
        self.made: list[str] = []
        self.template = self._new_name()

    def _new_name(self) -> str:
        return f"xiezuo_bench_{uuid.uuid4().hex[:12]}"

    def _admin(self) -> object:
        import psycopg

        assert self.url is not None
        return psycopg.connect(with_database(self.url, "postgres"), autocommit=True)

    def url_of(self, name: str) -> str:
        if self.url is None:
            return f"sqlite:///{self.workdir / (name + '.sqlite3')}"
        return with_database(self.url, name)

    def create_template(self, env: dict[str, str]) -> dict[str, str]:
        if self.url is not None:
            from psycopg import sql

            with self._admin() as conn:  # type: ignore[attr-defined]
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.template)))
            self.made.append(self.template)
        env = {**env, "DATABASE_URL": self.url_of(self.template)}
        log("template database: migrate, demo, benchmark data set")
        run_checked([*xiezuo_command(), "migrate", "--noinput", "-v0"], env)
        run_checked([*xiezuo_command(), "demo", "load"], env)
        setup = SETUP.format(elements=ELEMENTS, split=SPLIT_EVERY)
        run_checked([*xiezuo_command(), "shell", "-v0", "-c", setup], env)
        return env

    def fresh(self) -> str:
        name = self._new_name()
        if self.url is None:
            source = self.workdir / (self.template + ".sqlite3")
            with sqlite3.connect(source) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(source, self.workdir / (name + ".sqlite3"))
        else:
            from psycopg import sql

            with self._admin() as conn:  # type: ignore[attr-defined]
                conn.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(name), sql.Identifier(self.template)
                    )
                )
            self.made.append(name)
        return self.url_of(name)

    def drop(self, name_url: str) -> None:
        if self.url is None:
            path = Path(urlsplit(name_url).path)
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(str(path) + suffix).unlink()
            return
        from psycopg import sql

        name = urlsplit(name_url).path.strip("/")
        with self._admin() as conn:  # type: ignore[attr-defined]
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        self.made.remove(name)

    def drop_all(self) -> None:
        if self.url is None:
            return
        for name in list(self.made):
            self.drop(with_database(self.url, name))


def measure(path: Path, fmt: str, count: int, env: dict[str, str], workdir: Path) -> Measure:
    out_path, err_path = workdir / "stdout.txt", workdir / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [python(), "-c", CHILD, str(path), fmt], cwd=REPO, env=env, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"the import failed ({proc.returncode}):\n{err_path.read_text()[-3000:]}")
    result = json.loads(out_path.read_text().strip().splitlines()[-1])
    if result["status"] != "SUCCESS" or result["imported"] != count or result["stored"] != count:
        sys.exit(f"the import did not store every value: {result}")
    return Measure(fmt, count, seconds, usage.ru_maxrss / 1024)


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                return value.strip()
    return platform.processor() or "unknown CPU"


def database_description(url: str | None) -> str:
    if url is None:
        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0].split()[0] if row else '?'}"


def table(measures: list[Measure], runs: int) -> list[str]:
    lines = [
        "| run | format | values | seconds | values/s | peak MB |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for index, m in enumerate(measures):
        lines.append(
            f"| {index // 2 + 1} | {m.fmt.upper()} | {m.values:,} | {m.seconds:.1f} "
            f"| {m.rate:,.0f} | {m.peak_mb:.0f} |"
        )
    for fmt in ("json", "csv"):
        of = [m for m in measures if m.fmt == fmt]
        lines.append(
            f"| median | {fmt.upper()} | {of[0].values:,} "
            f"| {statistics.median(m.seconds for m in of):.1f} "
            f"| {statistics.median(m.rate for m in of):,.0f} "
            f"| {statistics.median(m.peak_mb for m in of):.0f} |"
        )
    return lines


def verdict(measures: list[Measure]) -> tuple[bool, str]:
    parts, passed = [], True
    for fmt in ("json", "csv"):
        of = [m for m in measures if m.fmt == fmt]
        rate = statistics.median(m.rate for m in of)
        peak = statistics.median(m.peak_mb for m in of)
        passed = passed and rate >= TARGET_RATE and peak < TARGET_MB
        parts.append(f"{fmt.upper()} {rate:,.0f} values/s, {peak:.0f} MB")
    word = "PASS" if passed else "FAIL"
    return passed, (
        f"**{word}** (targets ≥ {TARGET_RATE:,.0f} values/s and < {TARGET_MB:.0f} MB, "
        f"medians): {'; '.join(parts)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark importing data values.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="a PostgreSQL server URL; default: SQLite files")
    args = parser.parse_args()
    url: str | None = args.database_url
    if url is not None and urlsplit(url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// or postgresql:// URL")
    measures: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="xiezuo-import-bench-") as tmp:
        workdir = Path(tmp)
        env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir)}
        databases = Databases(url, workdir)
        try:
            env = databases.create_template(env)
            places = guangxi_places(env)
            log(f"writing {args.values:,} values for {len(places):,} places as JSON and CSV")
            files = write_files(workdir, places, args.values)
            for run in range(1, args.runs + 1):
                for fmt in ("json", "csv"):
                    database_url = databases.fresh()
                    log(f"run {run}: {fmt} ({files[fmt].stat().st_size / 1e6:.0f} MB)")
                    m = measure(
                        files[fmt], fmt, args.values, {**env, "DATABASE_URL": database_url}, workdir
                    )
                    log(f"  {m.seconds:.1f} s, {m.rate:,.0f} values/s, {m.peak_mb:.0f} MB")
                    measures.append(m)
                    databases.drop(database_url)
        finally:
            databases.drop_all()
    passed, line = verdict(measures)
    print("\n".join(table(measures, args.runs)))
    print()
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"Machine: {nproc} CPUs, {cpu_model()}, Python {platform.python_version()}, "
        f"{database_description(url)}"
    )
    print(line)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
