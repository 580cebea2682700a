"""Benchmark: the public disclosure pages with the demo, as a visitor meets them.

The script makes a fresh database (SQLite in a temporary directory, or a new
PostgreSQL database), migrates it, loads the demo and serves it with gunicorn
(2 workers, as `make run`). It then asks, without signing in, for the
disclosure page of Guangxi, of Baise, of Debao and of Hechi for each year
2016–2018, and for every published project's page, `--rounds` times each
(after one untimed round), one request after another, and prints the median
and p95 of each kind of page and the slowest. The target: every page under
200 ms (p95).

    .venv/bin/python bench/disclosure.py
    .venv/bin/python bench/disclosure.py --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import fresh_database, log, served, xiezuo_command  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
TARGET_MS = 200.0
PLACES = ("45", "4510", "451024", "4512")
YEARS = (2016, 2017, 2018)


def fetch(url: str) -> tuple[float, str]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
    return time.perf_counter() - started, body


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the public disclosure pages.")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database-url", help="a PostgreSQL server URL; default: SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xiezuo-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(args.database_url, workdir) as database_url:
            env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": database_url}
            log("migrate, demo, static files")
            for command in (
                ["migrate", "--noinput", "-v0"],
                ["demo", "load", "--quiet"],
                ["collectstatic", "--noinput", "-v0"],
            ):
                subprocess.run([*xiezuo_command(), *command], cwd=REPO, env=env, check=True,
                               capture_output=True)  # fmt: skip
            with served(env, workdir) as url:
                pages = [f"/disclosure/?place={p}&year={y}" for p in PLACES for y in YEARS]
                _, first = fetch(url + "/disclosure/?place=45&year=2018")
                projects = sorted(set(re.findall(r'href="(/disclosure/projects/\w+/)"', first)))
                kinds = {"a place and year": pages, "a published project": projects}
                times: dict[str, list[float]] = {k: [] for k in kinds}
                slowest = (0.0, "")
                for name, urls in kinds.items():
                    for page in urls:
                        fetch(url + page)  # untimed: the worker's first visit
                    for _ in range(args.rounds):
                        for page in urls:
                            seconds, _body = fetch(url + page)
                            times[name].append(seconds)
                            slowest = max(slowest, (seconds, page))
    print("| page | requests | median ms | p95 ms |")
    print("|---|---:|---:|---:|")
    worst = 0.0
    for name, found in times.items():
        ordered = sorted(found)
        p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
        worst = max(worst, p95)
        print(f"| {name} | {len(found):,} | {statistics.median(found) * 1000:.1f} | {p95:.1f} |")
    database = (
        "PostgreSQL" if args.database_url else "SQLite " + __import__("sqlite3").sqlite_version
    )
    print()
    print(f"Slowest: {slowest[1]} ({slowest[0] * 1000:.1f} ms). Machine: {os.cpu_count()} CPUs, "
          f"{platform.machine()}, Python {platform.python_version()}, {database}.")  # fmt: skip
    passed = worst < TARGET_MS
    print(f"**{'PASS' if passed else 'FAIL'}** (target: p95 of each kind under {TARGET_MS:.0f} ms)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
