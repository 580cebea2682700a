"""Benchmark: the dashboard's response time over the whole country's places and ten million
stored values — the page (HTML) and its API (JSON), in-process and served over HTTP.

What it measures. The script makes a fresh database (an SQLite file in a temporary
directory, or, given a PostgreSQL URL, a new database dropped afterwards) and migrates
it. A child process then builds the data exactly as `bench/analytics.py` does, with its
own functions (the country's places, the demo catalogue and pairings, the demo's values
deleted, `--scale` × 10,000,000 synthetic values streamed in, ANALYZE), signs in a viewer
whose scope is Guangxi, and times `--requests` requests of each kind through Django's test
client (warm: three untimed requests first):

- the dashboard of Guangxi (45) for 2018 — its 14 prefectures in the drill-down;
- the dashboard of Baise (4510) for 2018 — its 12 counties;
- the same two through `GET /api/v1/reports/dashboard` (JSON).

Then it serves the database with gunicorn (2 workers, as `make run`) and times the same
requests over HTTP, signed in by the child's session cookie (pages) and a bearer token
(the API). It prints a Markdown table of medians and p95 and the machine. There is no
target yet: the figures are for the README.

    .venv/bin/python bench/dashboard.py                       # SQLite, 10,000,000 values
    .venv/bin/python bench/dashboard.py --scale 0.02          # 200,000 values, quick
    .venv/bin/python bench/dashboard.py --scale 0.02 \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from common import country_and_demo, fresh_database, log, served, xiezuo_run  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
YEAR = 2018  # the last year of bench/analytics.py's synthetic values
PAGES = {
    "page: Guangxi (14 prefectures)": "/dashboard/?place=45&year=2018",
    "page: Baise (12 counties)": "/dashboard/?place=4510&year=2018",
    "API: Guangxi": "/api/v1/reports/dashboard?place=45&year=2018",
    "API: Baise": "/api/v1/reports/dashboard?place=4510&year=2018",
}
WARM = 3


def child(scale: float, count: int) -> int:
    """Build the data as bench/analytics.py does, time in-process, print JSON on stdout."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    from analytics import bench_elements, load_values  # bench/analytics.py's builders
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from xiezuo.accounts.services import token_create, user_create
    from xiezuo.places.models import Place

    country_and_demo()
    log("values")
    county_rows, village_rows, _seconds = load_values(bench_elements(), scale)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    viewer = user_create(
        username="bench-viewer",
        password="bench-pass-123",
        role="viewer",
        organisation=None,
        scope_places=Place.objects.filter(code="45"),
        scope_organisations=[],
    )
    _token, raw = token_create(user=viewer)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(viewer)
    cookie = settings.SESSION_COOKIE_NAME
    timings: dict[str, list[float]] = {}
    for name, path in PAGES.items():
        log(f"in-process: {name}")
        for _ in range(WARM):
            answer = client.get(path)
            if answer.status_code != 200:
                sys.exit(f"{path} answered {answer.status_code}")
        times = []
        for _ in range(count):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        timings[name] = times
    print(
        json.dumps(
            {
                "rows": county_rows + village_rows,
                "places": Place.objects.count(),
                "timings": timings,
                "cookie": [cookie, client.cookies[cookie].value],
                "token": raw,
            }
        )
    )
    return 0


def over_http(url: str, measured: dict, count: int) -> dict[str, list[float]]:
    name_, value = measured["cookie"]
    timings: dict[str, list[float]] = {}
    for name, path in PAGES.items():
        log(f"HTTP: {name}")
        if path.startswith("/api/"):
            headers = {"Authorization": f"Bearer {measured['token']}"}
        else:
            headers = {"Cookie": f"{name_}={value}"}
        times = []
        for n in range(WARM + count):
            request = urllib.request.Request(url + path, headers=headers)
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                if response.status != 200:
                    sys.exit(f"{path} answered {response.status}")
            if n >= WARM:
                times.append(time.perf_counter() - started)
        timings[name] = times
    return timings


def ms(times: list[float], fraction: float | None = None) -> str:
    if fraction is None:
        return f"{statistics.median(times) * 1000:.0f}"
    ordered = sorted(times)
    return f"{ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the dashboard's response time.")
    parser.add_argument(
        "--scale", type=float, default=1.0,
        help="fraction of 10,000,000 values to load (default: 1; e.g. 0.02 to try it)",
    )  # fmt: skip
    parser.add_argument("--requests", type=int, default=20, help="timed requests of each kind")
    parser.add_argument("--database-url", help="a PostgreSQL server URL; default: SQLite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 0 < args.scale <= 1:
        parser.error("--scale must be in (0, 1]")
    url: str | None = args.database_url
    if url is not None and urlsplit(url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// or postgresql:// URL")
    if args.child:
        return child(args.scale, args.requests)
    with tempfile.TemporaryDirectory(prefix="xiezuo-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(url, workdir) as database_url:
            env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": database_url,
                   "DJANGO_SETTINGS_MODULE": "xiezuo.settings"}  # fmt: skip
            xiezuo_run("migrate", "--noinput", "-v0", env=env)
            # the pages name their static files through the manifest, as `make run` serves them
            xiezuo_run("collectstatic", "--noinput", "-v0", env=env)
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child",
                 "--scale", str(args.scale), "--requests", str(args.requests)],
                cwd=REPO, env=env, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            if done.returncode != 0:
                sys.exit(f"the child failed ({done.returncode})")
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            with served(env, workdir) as served_url:
                http = over_http(served_url, measured, args.requests)
    print(
        f"Dashboard of {YEAR} over {measured['places']:,} places and "
        f"{measured['rows']:,} stored values ({args.requests} requests each, warm)."
    )
    print()
    print("| request | in-process median ms | p95 ms | HTTP (gunicorn) median ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for name in PAGES:
        inside, served_times = measured["timings"][name], http[name]
        print(
            f"| {name} | {ms(inside)} | {ms(inside, 0.95)} | "
            f"{ms(served_times)} | {ms(served_times, 0.95)} |"
        )
    database = "SQLite " + __import__("sqlite3").sqlite_version
    if url:
        import psycopg

        with psycopg.connect(url) as conn:
            database = "PostgreSQL " + str(conn.execute("SHOW server_version").fetchone()[0])
    print()
    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {database}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
