"""Benchmark: load the whole country's division codes into a fresh database.

What it measures. For each run the script makes a fresh temporary directory and a
fresh database (an SQLite file in that directory, or, given a PostgreSQL URL, a new
database with a unique name that is dropped afterwards), runs `xiezuo migrate`, then:

1. the first load, `xiezuo places load --all --quiet`, in its own child process:
   wall time and peak memory (the child's maximum resident set size, from `os.wait4`
   on exactly that child);
2. a check that the database now holds as many places as the five CSVs have rows;
3. the reload into the same database (idempotent: nothing may be created), measured
   the same way.

It prints a Markdown table (one row per run and a median row), the machine, and a
PASS/FAIL line: the median load and reload must each take under 60 s and stay under
1024 MB of peak RSS. The exit status is 0 on PASS, 1 on FAIL.

How to run it, from the repository root:

    .venv/bin/python bench/places_load.py                 # SQLite, 3 runs
    .venv/bin/python bench/places_load.py --runs 1 \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres

For PostgreSQL the URL names a server and a database to connect to (normally
`postgres`); the user must be allowed to create and drop databases.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import lzma
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from common import fresh_database, log, xiezuo_command  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "xiezuo" / "places" / "data" / "divisions"
CSV_FILES = (
    "provinces.csv.xz",
    "cities.csv.xz",
    "areas.csv.xz",
    "streets.csv.xz",
    "villages.csv.xz",
)
TARGET_SECONDS = 60.0
TARGET_MB = 1024.0
COUNT_PLACES = "from xiezuo.places.models import Place; print(Place.objects.count())"
LOAD_OUTPUT = re.compile(r"places: (\d+) created, (\d+) renamed, (\d+) unchanged")


@dataclass
class Measure:
    """One child process: its wall time, peak RSS and what `places load` reported."""

    seconds: float
    peak_mb: float
    created: int
    renamed: int
    unchanged: int


@dataclass
class Run:
    places: int
    load: Measure
    reload: Measure


def csv_rows() -> dict[str, int]:
    """Data rows (header excluded) of each division CSV."""
    rows: dict[str, int] = {}
    for name in CSV_FILES:
        with lzma.open(DATA_DIR / name, "rb") as raw:
            reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
            rows[name.removesuffix(".csv.xz")] = sum(1 for _ in reader) - 1
    return rows


def run_checked(args: list[str], env: dict[str, str]) -> str:
    """Run a command to completion; its stdout, or exit with its stderr on failure."""
    done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def measure(args: list[str], env: dict[str, str], workdir: Path) -> Measure:
    """Run one child process; wall time and the peak RSS of exactly that child."""
    out_path, err_path = workdir / "stdout.txt", workdir / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, cwd=REPO, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    # wait4 reaped the child: tell Popen, so that it never waits for it again.
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(encoding="utf-8")
    if proc.returncode != 0:
        stderr = err_path.read_text(encoding="utf-8")
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{stderr}")
    found = LOAD_OUTPUT.search(stdout)
    if found is None:
        sys.exit(f"unexpected output from {' '.join(args)}:\n{stdout}")
    created, renamed, unchanged = (int(group) for group in found.groups())
    # ru_maxrss is in KiB on Linux.
    return Measure(seconds, usage.ru_maxrss / 1024, created, renamed, unchanged)


def one_run(number: int, url: str | None, expected: int) -> Run:
    xiezuo = xiezuo_command()
    with tempfile.TemporaryDirectory(prefix="xiezuo-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(url, workdir) as database_url:
            env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": database_url}
            log(f"run {number}: migrate")
            run_checked([*xiezuo, "migrate", "--noinput", "-v0"], env)
            log(f"run {number}: first load")
            load = measure([*xiezuo, "places", "load", "--all", "--quiet"], env, workdir)
            places = int(
                run_checked([*xiezuo, "shell", "-v0", "-c", COUNT_PLACES], env).split()[-1]
            )
            if places != expected or load.created != expected:
                sys.exit(
                    f"run {number}: {places} places in the database, {load.created} created; "
                    f"the CSVs have {expected} rows"
                )
            log(f"run {number}: reload")
            reload = measure([*xiezuo, "places", "load", "--all", "--quiet"], env, workdir)
            if reload.created or reload.renamed or reload.unchanged != expected:
                sys.exit(
                    f"run {number}: the reload was not idempotent: {reload.created} created, "
                    f"{reload.renamed} renamed, {reload.unchanged} unchanged"
                )
    return Run(places, load, reload)


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Processor"):
                return value.strip()
    return platform.processor() or "unknown CPU"


def database_description(url: str | None) -> str:
    if url is None:
        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    version = row[0].split()[0] if row else "?"
    parts = urlsplit(url)
    return f"PostgreSQL {version} at {parts.hostname}:{parts.port or 5432}"


def table(runs: list[Run]) -> list[str]:
    lines = [
        "| run | places | first load (s) | peak RSS (MB) | reload (s) | reload peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for number, run in enumerate(runs, 1):
        lines.append(
            f"| {number} | {run.places:,} | {run.load.seconds:.1f} | {run.load.peak_mb:.0f} "
            f"| {run.reload.seconds:.1f} | {run.reload.peak_mb:.0f} |"
        )
    lines.append(
        f"| median | {statistics.median(r.places for r in runs):,.0f} "
        f"| {statistics.median(r.load.seconds for r in runs):.1f} "
        f"| {statistics.median(r.load.peak_mb for r in runs):.0f} "
        f"| {statistics.median(r.reload.seconds for r in runs):.1f} "
        f"| {statistics.median(r.reload.peak_mb for r in runs):.0f} |"
    )
    return lines


def verdict(runs: list[Run]) -> tuple[bool, str]:
    checks = {
        "first load": (
            statistics.median(r.load.seconds for r in runs),
            statistics.median(r.load.peak_mb for r in runs),
        ),
        "reload": (
            statistics.median(r.reload.seconds for r in runs),
            statistics.median(r.reload.peak_mb for r in runs),
        ),
    }
    passed = all(s < TARGET_SECONDS and mb < TARGET_MB for s, mb in checks.values())
    details = "; ".join(f"{what} {s:.1f} s, {mb:.0f} MB" for what, (s, mb) in checks.items())
    word = "PASS" if passed else "FAIL"
    return passed, (
        f"**{word}** (targets < {TARGET_SECONDS:.0f} s and < {TARGET_MB:.0f} MB, medians): "
        f"{details}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark loading the whole country's division codes."
    )
    parser.add_argument("--runs", type=int, default=3, help="number of runs (default: 3)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL (a fresh database is created on it for each run); "
        "default: a fresh SQLite file per run",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    url: str | None = args.database_url
    if url is not None and urlsplit(url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// or postgresql:// URL")

    rows = csv_rows()
    expected = sum(rows.values())
    log(f"CSV rows: {expected:,} ({', '.join(f'{k} {v:,}' for k, v in rows.items())})")
    runs = [one_run(number, url, expected) for number in range(1, args.runs + 1)]

    passed, line = verdict(runs)
    print(
        f"Places in the database after the first load: {runs[0].places:,} "
        f"(= CSV rows: {', '.join(f'{k} {v:,}' for k, v in rows.items())})"
    )
    print()
    print("\n".join(table(runs)))
    print()
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"Machine: {nproc} CPUs (nproc), {cpu_model()}, Python {platform.python_version()}, "
        f"{database_description(url)}"
    )
    print(line)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
