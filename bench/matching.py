"""Benchmark: matching (人岗对接) — the top 20 workers for a posting and the top 20 postings
for a worker, with 100,000 workers and 10,000 open postings.

What it measures. The script makes a fresh database (an SQLite file in a temporary
directory, or, given a PostgreSQL URL, a new database dropped afterwards), migrates it,
loads Guangxi's and Guangdong's places and the occupation classification. Then, in a
child process (Django set up once):

1. It writes `--workers` synthetic workers (identity numbers from
   `synthetic_identity`, encrypted and hashed as `xiezuo.personal` does, in bulk as the
   demo writes its people) in Guangxi's villages, each wishing 0 to 3 of 300 common
   occupations, with ages, education, certificates, wage expectations, destination
   wishes and availability spread over what the registries hold, one in ten employed;
   and `--postings` postings open on the day, over Guangdong's and Guangxi's counties and
   the same occupations.
   They are written in bulk, without the services, so the rows matching reads
   (`MatchRow`) are then copied by `services.match_rows_refresh()`, as a bulk load must.
2. It times `--queries` calls each way of `matching.posting_matches` and
   `matching.worker_matches` (limit 20): a tier of candidates at a time, ranked by the
   database, until no further tier can change the top 20; the reasons scored in Python.
   Beside them, `--brute` calls each way of the brute-force scan (every worker or posting
   read and every pair scored in Python, no database filter), which must give the same
   answers.

It then serves the database with gunicorn (2 workers, as `make run`) and asks the same
`--queries` questions each way through `GET /api/v1/labour/.../matches` with a bearer token,
one client after another: HTTP, authentication, the policy, the matching and the JSON.

Given a PostgreSQL server it does all this on SQLite, then on PostgreSQL, and prints one
Markdown table (median, p95 and max latency per direction, in-process, through the API and
the brute-force scan, per database) and the machine.

    .venv/bin/python bench/matching.py                    # SQLite
    .venv/bin/python bench/matching.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/matching.py --workers 10000 --postings 1000 --queries 50  # quicker
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

from common import fresh_database, log, served  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ON = "2025-06-01"

CHILD = r"""
import json, random, sys, time
from datetime import date, timedelta
import django
django.setup()
from django.db import connection
from django.utils import timezone
from xiezuo.accounts.services import token_create, user_create
from xiezuo.demo.labour import _insert
from xiezuo.labour import matching
from xiezuo.labour.models import Posting, Worker
from xiezuo.occupations.models import Occupation
from xiezuo.pairings.services import pairing_create
from xiezuo.personal.crypto import encrypt, lookup_hash
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid

n_workers, n_postings, n_queries, n_brute = (int(a) for a in sys.argv[1:5])
rng = random.Random(20250601)
on = date(2025, 6, 1)
user = user_create(username="bench", password="bench-pass-123", role="coordinator",
                   scope_places=Place.objects.filter(code__in=["44", "45"]))
# a pairing makes Guangdong the helper province, as the demo's do
pairing_create(kind="prefecture", helper=Place.objects.get(code="4403"),
               helped=Place.objects.get(code="4510"), started_on=date(2016, 1, 1))
level = 5 if Place.objects.filter(code__startswith="45", level=5).exists() else 4
homes = list(Place.objects.filter(code__startswith="45", level=level).values_list("pk", flat=True))
counties = list(Place.objects.filter(level=3).values_list("pk", "code"))
gd = [pk for pk, code in counties if code.startswith("44")]
gx = [pk for pk, code in counties if code.startswith("45")]
wish_places = list(Place.objects.filter(code__in=["4403", "4401", "4419", "4420", "4510"])
                   .values_list("pk", flat=True))
units = list(Occupation.objects.filter(level=4, code__regex=r"^[456]-")
             .values_list("pk", flat=True))
common = rng.sample(units, 300)
day = connection.ops.adapt_datefield_value
now = connection.ops.adapt_datetimefield_value(timezone.now())
started = time.perf_counter()
people, wishes = [], []
for i in range(n_workers):
    sex = "male" if i % 2 else "female"
    born = date(1965, 1, 1) + timedelta(days=(i * 37) % 15000)
    number = synthetic_identity(i % 50000, born, sex, "45")
    wish = rng.choices(["any", "helper", "local", "place"], [3, 4, 2, 1])[0]
    people.append((
        generate_uid(), f"工人{i}", encrypt(str(number)), lookup_hash(str(number)), sex,
        day(born), rng.choice(["壮族", "汉族", "瑶族"]), rng.choice(homes), "poor",
        rng.choices(range(7), [1, 3, 8, 5, 4, 2, 1])[0], "",
        "电工证" if rng.random() < 0.1 else "", "", "", wish,
        rng.choice(wish_places) if wish == "place" else None,
        None if rng.random() < 0.2 else rng.randrange(2500, 7000, 100),
        day(on + timedelta(days=30)) if rng.random() < 0.05 else None,
        "", True, user.pk, now, now,
    ))
_insert(Worker._meta.db_table,
        ["uid", "name", "identity", "identity_hash", "sex", "birth_date", "ethnicity",
         "home_id", "poverty_status", "education", "skills", "certificates", "health_limits",
         "phone", "wish_destination", "wish_place_id", "expected_wage", "available_from",
         "note", "illustrative", "created_by_id", "created_at", "updated_at"], people)
ids = list(Worker.objects.order_by("pk").values_list("pk", flat=True))
weights = [1 / (k + 1) for k in range(len(common))]  # some occupations are wished far more
for pk in ids:
    k = rng.choices([0, 1, 2, 3], [1, 4, 3, 2])[0]
    for occupation in set(rng.choices(common, weights, k=k)):
        wishes.append((pk, occupation))
_insert(Worker.wish_occupations.through._meta.db_table, ["worker_id", "occupation_id"], wishes)
# written without the services: the rows matching reads, copied as a bulk load must
from xiezuo.labour.services import match_rows_refresh
refreshed = time.perf_counter()
match_rows_refresh()
refreshed = time.perf_counter() - refreshed
spells = [(pk, "某厂", rng.choice(gd), day(date(2024, 3, 1)), "organised")
          for pk in rng.sample(ids, n_workers // 10)]
_insert("labour_employmentspell",
        ["worker_id", "employer_name", "place_of_work_id", "started_on", "channel"], spells)
employers = [Organisation.objects.create(name=f"企业{k}", kind="enterprise",
                                         place_id=rng.choice(gd), side="helper").pk
             for k in range(200)]
postings = []
for k in range(n_postings):
    wage_min = rng.randrange(2500, 6000, 100)
    postings.append((
        generate_uid(), rng.choice(employers), f"岗位{k}", rng.choice(common[:200] + units[:100]),
        rng.choice(gd) if rng.random() < 0.7 else rng.choice(gx), rng.randint(1, 50), wage_min,
        wage_min + rng.randrange(0, 2500, 100), "", False, False,
        rng.choice([None, 16, 18]), rng.choice([None, 35, 40, 45, 50, 55]),
        rng.choices(range(4), [4, 2, 3, 1])[0], "", "电工证" if rng.random() < 0.05 else "",
        "", "", "", day(date(2025, 1, 1)), day(date(2026, 12, 31)), None, None, False,
        True, user.pk, now, now,
    ))
_insert(Posting._meta.db_table,
        ["uid", "employer_id", "title", "occupation_id", "place_of_work_id", "openings",
         "wage_min", "wage_max", "hours", "meals", "housing", "age_min", "age_max",
         "education_min", "skills", "certificates", "sex_required", "sex_reason", "contact",
         "valid_from", "valid_to", "closed_on", "offered_to_id", "for_school_leavers",
         "illustrative", "created_by_id", "created_at", "updated_at"], postings)
generated = time.perf_counter() - started
with connection.cursor() as cursor:  # the statistics (and on PostgreSQL the visibility map)
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
posting_sample = list(Posting.objects.select_related("occupation", "place_of_work")
                      .order_by("?")[:n_queries])
worker_sample = list(Worker.objects.select_related("home", "wish_place").order_by("?")[:n_queries])

def timed(fn, items, **kw):
    times, sizes, answers = [], [], []
    for item in items:
        t0 = time.perf_counter()
        found = fn(item, on=on, limit=20, **kw)
        times.append(time.perf_counter() - t0)
        sizes.append(len(found))
        answers.append([(m.worker_id, m.posting_id, m.score) for m in found])
    return times, sizes, answers

p_times, p_sizes, p_answers = timed(matching.posting_matches, posting_sample)
w_times, w_sizes, w_answers = timed(matching.worker_matches, worker_sample)
pb_times, _s, pb_answers = timed(matching.posting_matches, posting_sample[:n_brute],
                                 brute_force=True)
wb_times, _s, wb_answers = timed(matching.worker_matches, worker_sample[:n_brute],
                                 brute_force=True)
print(json.dumps({
    "generated": generated, "refreshed": refreshed,
    "posting": p_times, "worker": w_times, "posting_brute": pb_times, "worker_brute": wb_times,
    "posting_sizes": p_sizes, "worker_sizes": w_sizes,
    "same": p_answers[:n_brute] == pb_answers and w_answers[:n_brute] == wb_answers,
    "token": token_create(user=user, name="bench")[1],
    "postings": [p.uid for p in posting_sample], "workers": [w.uid for w in worker_sample],
}))
"""


def xiezuo(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [str(BIN / "xiezuo"), *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"xiezuo {' '.join(args)} failed:\n{done.stderr[-3000:]}")


def get_all(url: str, token: str, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        request = urllib.request.Request(
            f"{url}{path}?limit=20&on={ON}", headers={"Authorization": f"Bearer {token}"}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            if response.status != 200:
                raise RuntimeError(f"answered {response.status}")
        times.append(time.perf_counter() - started)
    return times


def row(name: str, database: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"| {name} | {database} | {len(times):,} | {statistics.median(times) * 1000:.1f} | "
        f"{p95 * 1000:.1f} | {ordered[-1] * 1000:.1f} |"
    )


def measure(args: argparse.Namespace, server_url: str | None) -> dict:
    """The timings on a fresh database: SQLite, or a new database on `server_url`."""
    with tempfile.TemporaryDirectory(prefix="xiezuo-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(server_url, workdir) as database_url:
            env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": database_url,
                   "DJANGO_SETTINGS_MODULE": "xiezuo.settings"}  # fmt: skip
            log(
                f"{database_url.split(':')[0]}: migrate, Guangdong's and Guangxi's places, "
                "occupations"
            )
            xiezuo("migrate", "--noinput", "-v0", env=env)
            xiezuo("places", "load", "--quiet", env=env)
            xiezuo("occupations", "load", env=env)
            log(f"{args.workers:,} workers, {args.postings:,} postings; {args.queries} questions")
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.workers), str(args.postings),
                 str(args.queries), str(args.brute)],
                cwd=REPO, env=env, capture_output=True, text=True,
            )  # fmt: skip
            if done.returncode != 0:
                sys.exit(done.stderr[-3000:])
            m = json.loads(done.stdout.strip().splitlines()[-1])
            with served(env, workdir) as url:
                log("API: the same questions, one client")
                paths = [f"/api/v1/labour/postings/{uid}/matches" for uid in m["postings"]]
                m["api_posting"] = get_all(url, m["token"], paths)
                paths = [f"/api/v1/labour/workers/{uid}/matches" for uid in m["workers"]]
                m["api_worker"] = get_all(url, m["token"], paths)
    m["database"] = "SQLite " + __import__("sqlite3").sqlite_version
    if server_url:
        import psycopg

        with psycopg.connect(server_url) as conn:
            version = str(conn.execute("SHOW server_version").fetchone()[0]).split()[0]
            m["database"] = f"PostgreSQL {version}"
    return m


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark matching (人岗对接).")
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200, help="questions each way")
    parser.add_argument("--brute", type=int, default=20, help="brute-force scans each way")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL: measured after SQLite (default: SQLite alone)",
    )
    parser.add_argument("--postgresql-only", action="store_true", help="skip SQLite")
    args = parser.parse_args()
    servers = [] if args.postgresql_only else [None]
    if args.database_url:
        servers.append(args.database_url)
    runs = [measure(args, server) for server in servers]
    print("| top 20 | database | questions | median ms | p95 ms | max ms |")
    print("|---|---|---:|---:|---:|---:|")
    for name, key in [
        ("workers for a posting, in-process", "posting"),
        ("workers for a posting, through the API", "api_posting"),
        ("workers for a posting, brute-force scan", "posting_brute"),
        ("postings for a worker, in-process", "worker"),
        ("postings for a worker, through the API", "api_worker"),
        ("postings for a worker, brute-force scan", "worker_brute"),
    ]:
        for m in runs:
            print(row(name, m["database"], m[key]))
    print()
    same = all(m["same"] for m in runs)
    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; {', '.join(m['database'] for m in runs)}. "
        f"{args.workers:,} workers and {args.postings:,} postings written in "
        + ", ".join(f"{m['generated']:.0f} s" for m in runs)
        + " (the rows matching reads copied in "
        + ", ".join(f"{m['refreshed']:.0f} s" for m in runs)
        + f"); median matches returned {statistics.median(runs[0]['posting_sizes']):.0f} and "
        f"{statistics.median(runs[0]['worker_sizes']):.0f}; the brute-force scans gave the "
        f"same answers: {same}."
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
