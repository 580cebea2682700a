"""Benchmark: the fund ledger's throughput, through the services and through the served API.

What it measures. The script makes a fresh database (an SQLite file in a
temporary directory, or, given a PostgreSQL URL, a new database dropped
afterwards), migrates it and loads Guangxi's and Guangdong's places. Then:

1. In a child process (Django set up once, timed per transfer): accounts —
   Shenzhen's fiscal aid, Baise's receiving account, a receiving and a project
   account for each of Baise's twelve counties, an expenditure account — and
   `--cycles` rounds of four transfers each through `services.transfer_create`,
   exactly as the API records them: a receipt from Shenzhen into Baise, an
   allocation to a county, a disbursement to its project, an expenditure.
   Each locks the accounts, checks the kinds, the dates and the balance,
   writes the transfer and the totals, and updates the fund figures it counts
   in (the indicator source), in one transaction. Beside it, the same number
   of bare inserts of transfer rows (one transaction each, no lock, no check,
   no figures): what the database alone costs. It then replays the whole
   ledger (`ledger_check`) and must find it sound.
2. It serves the database with gunicorn (2 workers, as `make run`) and posts
   `--requests` disbursements to `POST /api/v1/ledger/transfers` with a bearer
   token — once one client after another, once from 4 clients at the same time
   — end to end as a finance system would: HTTP, authentication, JSON parsing,
   the permission check, the service and the answer.

It prints a Markdown table (transfers per second, median and p95 latency)
and the machine. There is no target yet: the figures are for the README.

    .venv/bin/python bench/ledger.py
    .venv/bin/python bench/ledger.py --database-url postgres://postgres@127.0.0.1:5432/postgres
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import fresh_database, log, served  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

CHILD = r"""
import json, sys, time
from datetime import date
from decimal import Decimal
import django
django.setup()
from django.db import transaction
from xiezuo.accounts.services import token_create, user_create
from xiezuo.ledger import services
from xiezuo.ledger.models import AccountKind, Transfer
from xiezuo.ledger.selectors import ledger_check
from xiezuo.places.models import Place

cycles = int(sys.argv[1])
user = user_create(username="bench", password="bench-pass-123", role="coordinator",
                   scope_places=Place.objects.filter(code__in=["44", "45"]))
day = date(2018, 1, 2)
def open_(code, kind, place):
    return services.account_create(code=code, kind=kind, name_zh=code, opened_on=day,
                                   place=Place.objects.get(code=place) if place else None)
helper = open_("shenzhen", AccountKind.HELPER_FISCAL, "4403")
baise = open_("baise", AccountKind.RECEIVING, "4510")
spent = open_("spent", AccountKind.EXPENDITURE, None)
counties = [p.code for p in Place.objects.filter(code__startswith="4510", level=3).order_by("code")]
receiving = [open_(f"r{c}", AccountKind.RECEIVING, c) for c in counties]
projects = [open_(f"p{c}", AccountKind.PROJECT, c) for c in counties]
on = date(2018, 6, 1)
times = []
def timed(**kw):
    started = time.perf_counter()
    services.transfer_create(actor=user, on=on, **kw)
    times.append(time.perf_counter() - started)
started = time.perf_counter()
for i in range(cycles):
    j = i % len(counties)
    timed(kind="receipt", source=helper, target=baise, amount=Decimal("10000.00"))
    timed(kind="allocation", source=baise, target=receiving[j], amount=Decimal("1000.00"))
    timed(kind="disbursement", source=receiving[j], target=projects[j], amount=Decimal("500.00"))
    timed(kind="expenditure", source=projects[j], target=spent, amount=Decimal("200.00"))
services_seconds = time.perf_counter() - started
bare = []
started = time.perf_counter()
for i in range(len(times)):
    t0 = time.perf_counter()
    with transaction.atomic():
        Transfer(kind="expenditure", counts_as="expenditure", source=projects[0], target=spent,
                 amount=Decimal("0.01"), on=on, created_by=user).save()
    bare.append(time.perf_counter() - t0)
bare_seconds = time.perf_counter() - started
# bare rows skip the totals: put them back the way the services keep them
from django.db.models import F
from xiezuo.ledger.models import Account
n = len(bare)
cents = Decimal("0.01") * n
Account.objects.filter(pk=projects[0].pk).update(debits_posted=F("debits_posted") + cents)
Account.objects.filter(pk=spent.pk).update(credits_posted=F("credits_posted") + cents)
# money for the API's disbursements
for account in receiving:
    services.transfer_create(actor=user, on=on, kind="receipt", source=helper, target=baise,
                             amount=Decimal("1000000.00"))
    services.transfer_create(actor=user, on=on, kind="allocation", source=baise, target=account,
                             amount=Decimal("1000000.00"))
check = ledger_check()
print(json.dumps({
    "services": {"n": len(times), "seconds": services_seconds, "times": times},
    "bare": {"n": n, "seconds": bare_seconds, "times": bare},
    "sound": check.sound,
    "token": token_create(user=user, name="bench")[1],
    "counties": counties,
}))
"""


def xiezuo(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(BIN / "xiezuo"), *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"xiezuo {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def post_all(
    url: str, token: str, counties: list[str], n: int, clients: int
) -> tuple[float, list[float]]:
    """`n` disbursements from `clients` clients at once: (seconds, latencies)."""

    def one(i: int) -> float:
        county = counties[i % len(counties)]
        body = json.dumps(
            {"kind": "disbursement", "source": f"r{county}", "target": f"p{county}",
             "amount": "1.00", "on": "2018-06-02"}
        ).encode()  # fmt: skip
        request = urllib.request.Request(
            url + "/api/v1/ledger/transfers", data=body, method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )  # fmt: skip
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            if response.status != 201:
                raise RuntimeError(f"answered {response.status}")
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(one, range(n)))
    return time.perf_counter() - started, latencies


def row(name: str, n: int, seconds: float, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"| {name} | {n:,} | {seconds:.1f} | {n / seconds:,.0f} | "
        f"{statistics.median(times) * 1000:.1f} | {p95 * 1000:.1f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the fund ledger's throughput.")
    parser.add_argument("--cycles", type=int, default=1000, help="rounds of 4 transfers")
    parser.add_argument("--requests", type=int, default=1000, help="API posts per client mix")
    parser.add_argument("--database-url", help="a PostgreSQL server URL; default: SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xiezuo-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(args.database_url, workdir) as database_url:
            env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": database_url,
                   "DJANGO_SETTINGS_MODULE": "xiezuo.settings"}  # fmt: skip
            log("migrate, places of Guangdong and Guangxi")
            xiezuo("migrate", "--noinput", "-v0", env=env)
            xiezuo("places", "load", "--quiet", env=env)  # Guangdong and Guangxi
            log(f"services: {args.cycles * 4:,} transfers, then as many bare inserts")
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.cycles)], cwd=REPO, env=env,
                capture_output=True, text=True,
            )  # fmt: skip
            if done.returncode != 0:
                sys.exit(done.stderr[-3000:])
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            with served(env, workdir) as url:
                log(f"API: {args.requests:,} posts by 1 client, then by 4")
                one = post_all(url, measured["token"], measured["counties"], args.requests, 1)
                four = post_all(url, measured["token"], measured["counties"], args.requests, 4)
            sound = subprocess.run(
                [str(BIN / "xiezuo"), "shell", "-v", "0", "-c",
                 "from xiezuo.ledger.selectors import ledger_check; print(ledger_check().sound)"],
                cwd=REPO, env=env, capture_output=True, text=True,
            ).stdout.strip()  # fmt: skip
    services, bare = measured["services"], measured["bare"]
    print("| path | transfers | seconds | transfers/s | median ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print(row("services: checked, locked, figures updated", services["n"], services["seconds"],
              services["times"]))  # fmt: skip
    print(row("bare insert (no lock, no check, no figures)", bare["n"], bare["seconds"],
              bare["times"]))  # fmt: skip
    print(row("API, 1 client", args.requests, one[0], one[1]))
    print(row("API, 4 clients at once (2 workers)", args.requests, four[0], four[1]))
    database = "SQLite " + __import__("sqlite3").sqlite_version
    if args.database_url:
        import psycopg

        with psycopg.connect(args.database_url) as conn:
            database = "PostgreSQL " + str(conn.execute("SHOW server_version").fetchone()[0])
    print()
    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {database}. Ledger sound after the services: "
        f"{measured['sound']}; after the API: {sound}."
    )
    return 0 if measured["sound"] and sound == "True" else 1


if __name__ == "__main__":
    sys.exit(main())
