"""Benchmark: load — many people, clerks, an import and API clients at once, against
gunicorn as `make run` serves it, on SQLite and on PostgreSQL.

What it measures. For each database the script makes a fresh database (an SQLite file in
a temporary directory, or, given a PostgreSQL URL, a new database dropped afterwards),
migrates it, loads the demo (`xiezuo demo load`), collects the static files, and adds the
load's own users: a clerk for each of the 33 counties that report the demo's data sets, an
API reader (viewer of both provinces) with a bearer token, an importer (coordinator of
Guangxi) signing in with HTTP Basic; the browsing people sign in as the demo's `viewer`,
`coordinator`, `shenzhen` and `approver`. It serves the database with gunicorn exactly as
`make run` does (`--workers 3`, the Makefile's WORKERS, `--max-requests 1000
--max-requests-jitter 100`, the access log), then runs locust headless with
`bench/locustfile.py` (its docstring describes the four kinds of users and their weights)
at each of `--users` (default 10, 50 and 200 users, one after the other on the same
server, after an uncounted warm-up; users start 5 a second, so that sign-ins come a few at a
time, and the level is then held for `--duration` seconds, default 60; the statistics count
the ramp too), locust on the same machine.

It prints one Markdown table (database, users, requests/s, p50, p95, p99 in ms over every
request, failures with their share), a second one per kind of request at the highest
level, the failures locust saw, the 5xx answers and tracebacks in gunicorn's logs, and the
machine (CPUs, load average before each level, Python, the databases' versions).

    .venv/bin/python bench/load.py                                   # SQLite
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/load.py --duration 15 --users 10 50       # quicker
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from common import fresh_database, log, served  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-load-pass-2025"
WORKERS = 3  # the Makefile's WORKERS: `make run` serves with 3 gunicorn workers
SPAWN_RATE = 5  # users started a second: people sign in a few at a time, not all at once

SETUP = r"""
import json, sys
import django
django.setup()
from xiezuo.accounts.services import token_create, user_create
from xiezuo.indicators import sources
from xiezuo.indicators.models import DataSet
from xiezuo.places.models import Place
from xiezuo.plans.models import Document

password = sys.argv[1]
counties = sorted(DataSet.objects.get(code="TALENT").places.values_list("code", flat=True))
clerks = []
for code in counties:
    user_create(username=f"bench-clerk-{code}", password=password, role="clerk",
                scope_places=Place.objects.filter(code=code))
    clerks.append((code, f"bench-clerk-{code}"))
reader = user_create(username="bench-reader", password=password, role="viewer",
                     scope_places=Place.objects.filter(code__in=["44", "45"]))
user_create(username="bench-importer", password=password, role="coordinator",
            scope_places=Place.objects.filter(code="45"))
# the typed yearly figures of the county data sets, without disaggregations
elements = [e.code for code in ("TALENT", "EDUCATION", "FUNDS", "INDUSTRY")
            for e in DataSet.objects.get(code=code).data_elements.all()
            if sources.owner_of(e.code) is None and not e.dimensions.exists()]
print(json.dumps({
    "password": password,
    "browsers": ["viewer", "coordinator", "shenzhen", "approver"],
    "clerks": clerks,
    "clerk_periods": ["2019", "2020", "2021", "2022"],
    "counties": counties,
    "token": token_create(user=reader, name="bench-load")[1],
    "importer": "bench-importer",
    "import_elements": elements,
    "import_years": [2010, 2011, 2012, 2013, 2014, 2015],
    "plan_documents": sorted(Document.objects.values_list("pk", flat=True)),
}))
"""


def xiezuo(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [str(BIN / "xiezuo"), *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"xiezuo {' '.join(args)} failed:\n{done.stderr[-3000:]}")


def run_locust(url: str, users: int, duration: int, workdir: Path) -> dict:
    """One level: locust headless, `users` started at SPAWN_RATE a second then held for
    `duration` seconds; its statistics (ramp included)."""
    prefix = workdir / f"locust-{users}"
    load_before = os.getloadavg()[0]
    ramp = -(-users // SPAWN_RATE)
    with open(workdir / f"locust-{users}.log", "w") as out:
        subprocess.run(
            [str(BIN / "locust"), "-f", str(REPO / "bench" / "locustfile.py"), "--headless",
             "--host", url, "-u", str(users), "-r", str(SPAWN_RATE),
             "-t", f"{ramp + duration}s", "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
            cwd=REPO, env={**os.environ, "XIEZUO_BENCH_CONFIG": str(workdir / "bench.json")},
            stdout=out, stderr=subprocess.STDOUT, check=True,
        )  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(f"{prefix}_failures.csv", newline="") as f:
        failures = list(csv.DictReader(f))
    return {"users": users, "load": load_before, "rows": rows, "failures": failures,
            "ramp": ramp}  # fmt: skip


def server_errors(workdir: Path) -> tuple[int, list[str]]:
    """The 5xx answers in gunicorn's access log and the tracebacks' last lines in its
    error log (so far)."""
    fives = 0
    with open(workdir / "access.log", encoding="utf-8", errors="replace") as f:
        for line in f:
            found = re.search(r'" (\d{3}) ', line)
            if found and found[1].startswith("5"):
                fives += 1
    text = (workdir / "error.log").read_text(encoding="utf-8", errors="replace")
    # a traceback ends with the exception's line: "django.db.utils.OperationalError: …"
    tracebacks = re.findall(r"^[A-Za-z_][\w.]*(?:Error|Exception)\b.*$", text, re.M)
    return fives, tracebacks


def measure(args: argparse.Namespace, server_url: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="xiezuo-load-") as tmp:
        workdir = Path(tmp)
        with fresh_database(server_url, workdir) as database_url:
            env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": database_url,
                   "DJANGO_SETTINGS_MODULE": "xiezuo.settings",
                   "XIEZUO_DEMO_PASSWORD": PASSWORD}  # fmt: skip
            kind = database_url.split(":")[0]
            log(f"{kind}: migrate, the demo, the static files, the load's users")
            xiezuo("migrate", "--noinput", "-v0", env=env)
            xiezuo("demo", "load", env=env)
            xiezuo("collectstatic", "--noinput", "-v0", env=env)
            done = subprocess.run(
                [sys.executable, "-c", SETUP, PASSWORD],
                cwd=REPO, env=env, capture_output=True, text=True,
            )  # fmt: skip
            if done.returncode != 0:
                sys.exit(done.stderr[-3000:])
            (workdir / "bench.json").write_text(done.stdout.strip().splitlines()[-1])
            levels = []
            with served(env, workdir, workers=WORKERS) as url:
                log(f"{kind}: warming the workers up (5 users, 10 s, not counted)")
                run_locust(url, 5, 10, workdir)
                seen = server_errors(workdir)[0]
                for users in args.users:
                    log(f"{kind}: {users} users, then {args.duration} s at {users}")
                    level = run_locust(url, users, args.duration, workdir)
                    fives, level["tracebacks"] = server_errors(workdir)
                    level["server_5xx"], seen = fives - seen, fives
                    levels.append(level)
            if args.keep_logs:
                target = Path(args.keep_logs) / kind
                target.mkdir(parents=True, exist_ok=True)
                for name in workdir.glob("*.log"):
                    (target / name.name).write_bytes(name.read_bytes())
                for name in workdir.glob("locust-*.csv"):
                    (target / name.name).write_bytes(name.read_bytes())
    database = "SQLite " + sqlite3.sqlite_version
    if server_url:
        import psycopg

        with psycopg.connect(server_url) as conn:
            version = str(conn.execute("SHOW server_version").fetchone()[0]).split()[0]
            database = f"PostgreSQL {version}"
    return {"database": database, "levels": levels}


def ms(value: str) -> str:
    return "—" if value in ("", "N/A") else f"{float(value):,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Load: locust against gunicorn.")
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--duration", type=int, default=60, help="seconds at each level")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL: measured after SQLite (default: SQLite alone)",
    )
    parser.add_argument("--postgresql-only", action="store_true", help="skip SQLite")
    parser.add_argument("--keep-logs", help="copy gunicorn's and locust's logs to this folder")
    args = parser.parse_args()
    servers = [] if args.postgresql_only else [None]
    if args.database_url:
        servers.append(args.database_url)
    runs = [measure(args, server) for server in servers]

    print(
        "| database | users | requests | requests/s | p50 ms | p95 ms | p99 ms | failures "
        "| 5xx in gunicorn's log |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run in runs:
        for level in run["levels"]:
            total = next(r for r in level["rows"] if r["Name"] == "Aggregated")
            count, failed = int(total["Request Count"]), int(total["Failure Count"])
            share = failed / count * 100 if count else 0.0
            print(
                f"| {run['database']} | {level['users']} | {count:,} | "
                f"{float(total['Requests/s']):.1f} | {ms(total['50%'])} | {ms(total['95%'])} | "
                f"{ms(total['99%'])} | {failed} ({share:.2f} %) | {level['server_5xx']} |"
            )
    print()
    print("| database | at users | request | count | p50 ms | p95 ms | p99 ms | failures |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for run in runs:
        top = run["levels"][-1]
        for r in sorted(top["rows"], key=lambda r: r["Name"]):
            if r["Name"] == "Aggregated":
                continue
            print(
                f"| {run['database']} | {top['users']} | {r['Type']} {r['Name']} | "
                f"{int(r['Request Count']):,} | {ms(r['50%'])} | {ms(r['95%'])} | "
                f"{ms(r['99%'])} | {r['Failure Count']} |"
            )
    print()
    clean = True
    for run in runs:
        for level in run["levels"]:
            for failure in level["failures"]:
                clean = False
                print(
                    f"- {run['database']}, {level['users']} users: {failure['Occurrences']} × "
                    f"{failure['Method']} {failure['Name']}: {failure['Error'][:200]}"
                )
        last = run["levels"][-1]
        print(
            f"- {run['database']}: tracebacks in gunicorn's log: "
            f"{'; '.join(last['tracebacks'][:5]) or 'none'}"
        )
    print()
    loads = "; ".join(
        f"{run['database']}: " + ", ".join(f"{lv['load']:.1f}" for lv in run["levels"])
        for run in runs
    )
    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; {', '.join(r['database'] for r in runs)}; "
        f"gunicorn {WORKERS} sync workers and locust on the same machine; users started "
        f"{SPAWN_RATE} a second, then {args.duration} s at the level (the ramp counted); "
        f"load average before each level: {loads}."
    )
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
