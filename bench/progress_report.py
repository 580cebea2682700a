"""Benchmark: generating the province-wide progress report (纪实) on the demo.

The script makes a fresh database (SQLite in a temporary directory, or a new PostgreSQL
database), migrates it and loads the demo. It then generates the shipped record for
Guangxi (45) as of June 2018 in each format (HTML, DOCX, PDF), `--rounds` times each
after one untimed run:

1. in-process, in a child process with Django set up (`report_generate` + the file);
2. over HTTP, from gunicorn (2 workers, as `make run`), through
   `POST /api/v1/reports/progress` with an API token.

It prints the median and the slowest of each, and a PASS/FAIL line: every median under
10 seconds (the issue's target).

    .venv/bin/python bench/progress_report.py
    .venv/bin/python bench/progress_report.py --database-url postgres://postgres@127.0.0.1:5432/postgres
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

from common import fresh_database, log, served, xiezuo_command  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
FORMATS = ("html", "docx", "pdf")
BODY = {"place": "45", "period": ":201806", "language": "zh"}

CHILD = """
import json, statistics, sys, time
import django
django.setup()
from xiezuo.reports.progress import selectors
from xiezuo.reports.progress.documents import report_file
from xiezuo.reports.progress.scope import parse_period, scope_get

rounds = int(sys.argv[1])
template = selectors.template_get(code="record", language="zh")
scope, period = scope_get(place="45"), parse_period(":201806")
times = {}
for fmt in ("html", "docx", "pdf"):
    def once():
        started = time.perf_counter()
        report = selectors.report_generate(
            template=template, scope=scope, period=period, unapproved_within=None
        )
        content, _type, _name = report_file(report, fmt)
        assert content
        return time.perf_counter() - started
    once()
    times[fmt] = [once() for _ in range(rounds)]
print(json.dumps(times))
"""


def post(url: str, token: str, fmt: str) -> float:
    request = urllib.request.Request(
        url + "/api/v1/reports/progress",
        data=json.dumps({**BODY, "format": fmt}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{fmt}: {response.status}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the progress report.")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="a PostgreSQL server URL; default: SQLite")
    args = parser.parse_args()
    rows: list[tuple[str, str, list[float]]] = []
    with tempfile.TemporaryDirectory(prefix="xiezuo-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(args.database_url, workdir) as database_url:
            env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": database_url,
                   "DJANGO_SETTINGS_MODULE": "xiezuo.settings",
                   "PYTHONPATH": str(REPO)}  # fmt: skip
            log("migrate, demo")
            for command in (["migrate", "--noinput", "-v0"], ["demo", "load", "--quiet"]):
                subprocess.run([*xiezuo_command(), *command], cwd=REPO, env=env, check=True,
                               capture_output=True)  # fmt: skip
            log("in-process")
            done = subprocess.run([sys.executable, "-c", CHILD, str(args.rounds)], cwd=REPO,
                                  env=env, check=True, capture_output=True, text=True)  # fmt: skip
            for fmt, times in json.loads(done.stdout.strip().splitlines()[-1]).items():
                rows.append(("in-process", fmt, times))
            token = subprocess.run(
                [*xiezuo_command(), "token", "create", "viewer", "--name", "bench"],
                cwd=REPO, env=env, check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]  # fmt: skip
            log("over HTTP")
            with served(env, workdir) as url:
                for fmt in FORMATS:
                    post(url, token, fmt)  # untimed: the worker's first
                    times = [post(url, token, fmt) for _ in range(args.rounds)]
                    rows.append(("HTTP (gunicorn)", fmt, times))
    print(f"Progress report, Guangxi as of June 2018, {args.rounds} runs each "
          f"({'PostgreSQL' if args.database_url else 'SQLite'})\n")  # fmt: skip
    print("| how | format | median s | slowest s |")
    print("|---|---|---:|---:|")
    for how, fmt, times in rows:
        print(f"| {how} | {fmt} | {statistics.median(times):.2f} | {max(times):.2f} |")
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")  # fmt: skip
    ok = all(statistics.median(times) < TARGET_SECONDS for _h, _f, times in rows)
    print(f"{'PASS' if ok else 'FAIL'}: every median under {TARGET_SECONDS:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
