"""Benchmark: the large analytics answers (thousands of cells) of this checkout and of
another revision, timed in one run on one database, their answers compared byte for byte.

Why. The analytics benchmark (bench/analytics.py) times a mix of requests against ten
million values; its slowest requests are the large answers, and a change meant for them
is best judged by timing them before and after on the same data, in the same run, on the
same (noisy) machine. This script does that.

What it does. A fresh temporary directory and database (an SQLite file, or a new
PostgreSQL database on the server of `--database-url`, dropped afterwards), `xiezuo
migrate`, then, in a child process with this checkout's code:

1. the whole country's places, the demo's catalogue and pairings (bench/common.py), and
   dense synthetic values (bench/analytics.py's): the 40 data elements × every county ×
   every month of 2018, and the 4 village elements × every Guangxi village × every
   month of 2018 — about 2,100,000 values; ANALYZE;
2. a bearer token for the demo administrator.

Then, for `--rounds` rounds (2 by default), for each revision in turn (this checkout, and
`--against REV` checked out in a temporary git worktree, which must have the same
migrations), it times three requests as `GET /api/analytics` (DHIS2's shape,
`outputIdScheme=CODE&skipRounding=true`):

- Guangdong's counties (`ou:44;LEVEL-3`) × the 12 months of 2018 × 10 data elements;
- Sichuan's counties (`ou:51;LEVEL-3`) × the 12 months of 2018 × 10 data elements;
- Debao's villages (`ou:451024;LEVEL-5`) × the 12 months of 2018 × the 4 village
  elements;

in-process through Django's test client (the whole stack: middleware, authentication,
the view, the JSON; the process set up as a served worker is, by importing `xiezuo.wsgi`),
one untimed request each then `--repeat` timed ones, and through
the served API (gunicorn with `make run`'s flags, 2 workers, one client), one untimed
then `--repeat` timed. It prints a Markdown table of the medians by revision and round,
and whether every answer of every revision was the same, byte for byte. The exit status
is 0 when they were, else 1.

How to run it, from the repository root:

    .venv/bin/python bench/large_answers.py                     # this checkout alone
    .venv/bin/python bench/large_answers.py --against e35a3b2   # beside another revision
    .venv/bin/python bench/large_answers.py --against e35a3b2 \\
        --database-url postgres://postgres@127.0.0.1:5432/postgres

The whole run takes about 5 minutes on SQLite (2 cores): 3 of them loading.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from analytics import cpu_model, http_get_body  # bench/analytics.py
from common import fresh_database, log, served, xiezuo_run  # bench/common.py

REPO = Path(__file__).resolve().parent.parent
YEAR = 2018
ELEMENTS = 10  # the data elements of the counties' requests: the first 10 of the bench's
REQUESTS = (  # (label, place, level, village elements only)
    ("Guangdong's counties × 12 months × 10 elements", "44", 3, False),
    ("Sichuan's counties × 12 months × 10 elements", "51", 3, False),
    ("Debao's villages × 12 months × 4 elements", "451024", 5, True),
)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()


def paths(element_codes: list[str], village_codes: list[str]) -> list[str]:
    months = ";".join(f"{YEAR}{m:02d}" for m in range(1, 13))
    found = []
    for _label, place, level, villages in REQUESTS:
        items = village_codes if villages else element_codes[:ELEMENTS]
        params = [
            ("dimension", "dx:" + ";".join(items)),
            ("dimension", "pe:" + months),
            ("dimension", f"ou:{place};LEVEL-{level}"),
            ("outputIdScheme", "CODE"),
            ("skipRounding", "true"),
        ]
        found.append("/api/analytics?" + urlencode(params))
    return found


def load(workdir: Path) -> None:
    """In the child, with this checkout's code: the places, the demo's catalogue, the dense
    values, ANALYZE; the requests' paths and a token, written to `workdir`."""
    setup_django()
    from analytics import VILLAGE_ELEMENTS, bench_elements, load_values
    from common import country_and_demo
    from django.db import connection

    from xiezuo.accounts.models import User
    from xiezuo.accounts.services import token_create

    country_and_demo()
    elements = bench_elements()
    log("values")
    county_rows, village_rows, seconds = load_values(elements, 1, range(YEAR, YEAR + 1))
    log(f"  {county_rows:,} county values, {village_rows:,} village values in {seconds:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _token, token = token_create(user=User.objects.get(username="admin"), name="bench")
    (workdir / "requests.json").write_text(
        json.dumps(
            {
                "paths": paths([e.code for e in elements], list(VILLAGE_ELEMENTS)),
                "token": token,
                "values": county_rows + village_rows,
            }
        )
    )


def time_in_process(workdir: Path, repeat: int) -> None:
    """In a child with a revision's code: each request once untimed, then `repeat` times
    through Django's test client; prints {path: [ms …], digest, rows} as JSON."""
    setup_django()
    from django.test import Client

    import xiezuo.wsgi  # noqa: F401  (the served workers' settings: the garbage collector's)

    spec = json.loads((workdir / "requests.json").read_text())
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {spec['token']}")
    out = {}
    for path in spec["paths"]:
        first = client.get(path)
        if first.status_code != 200:
            sys.exit(f"{path} answered {first.status_code}")
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        out[path] = {
            "ms": times,
            "digest": hashlib.sha256(first.content).hexdigest(),
            "rows": len(json.loads(first.content)["rows"]),
        }
    print(json.dumps(out))


@contextlib.contextmanager
def checkout(revision: str, workdir: Path) -> Iterator[Path]:
    """A temporary git worktree of `revision`, its messages compiled; removed afterwards."""
    mine = subprocess.run(["git", "diff", "--quiet", revision, "--", "xiezuo/*/migrations"],
                          cwd=REPO)  # fmt: skip
    if mine.returncode != 0:
        sys.exit(
            f"{revision}'s migrations differ from this checkout's: it cannot read its database"
        )
    root = workdir / "revision"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(root), revision],
                   cwd=REPO, check=True)  # fmt: skip
    try:
        compiled = {**os.environ, "PYTHONPATH": str(root)}
        subprocess.run([sys.executable, "-m", "xiezuo.i18n_compile"], cwd=root, check=True,
                       env=compiled, capture_output=True)  # fmt: skip
        yield root
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(root)], cwd=REPO, check=True)


def run_revision(root: Path, env: dict[str, str], workdir: Path, repeat: int) -> dict[str, Any]:
    """One round of one revision: in-process, then through its served API."""
    env = {**env, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--time", str(workdir),
         "--repeat", str(repeat)],
        cwd=root, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"timing {root} failed:\n{done.stderr}")
    found: dict[str, Any] = json.loads(done.stdout)
    spec = json.loads((workdir / "requests.json").read_text())
    with served(env, workdir) as base:
        for path in spec["paths"]:
            http_get_body(base + path, spec["token"])
            times, digests = [], set()
            for _ in range(repeat):
                elapsed, body = http_get_body(base + path, spec["token"])
                times.append(elapsed)
                digests.add(hashlib.sha256(body).hexdigest())
            found[path]["http_ms"] = times
            found[path]["http_digests"] = sorted(digests)
    return found


def parent(args: argparse.Namespace) -> int:
    revisions = [("this checkout", REPO)]
    with (
        tempfile.TemporaryDirectory(prefix="xiezuo-large-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        workdir = Path(tmp)
        database_url = stack.enter_context(fresh_database(args.database_url, workdir))
        env = {**os.environ, "XIEZUO_VAR_DIR": str(workdir), "DATABASE_URL": database_url}
        xiezuo_run("migrate", "--noinput", "-v0", env=env)
        loaded = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--load", str(workdir)],
            cwd=REPO, env={**env, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
        if loaded.returncode != 0:
            return loaded.returncode
        if args.against:
            revisions.append((args.against, stack.enter_context(checkout(args.against, workdir))))
        results: dict[str, list[dict[str, Any]]] = {n: [] for n, _ in revisions}
        loads = []
        for number in range(args.rounds):
            for name, root in revisions:
                log(f"round {number + 1}: {name}")
                loads.append(os.getloadavg()[0])
                results[name].append(run_revision(root, env, workdir, args.repeat))
        spec = json.loads((workdir / "requests.json").read_text())
    return report(args, spec, revisions, results, loads)


def report(
    args: argparse.Namespace,
    spec: dict[str, Any],
    revisions: list[tuple[str, Path]],
    results: dict[str, list[dict[str, Any]]],
    loads: list[float],
) -> int:
    names = [name for name, _ in revisions]
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"# Large analytics answers, {spec['values']:,} values on {database}\n")
    print(
        f"{cpu_model()}, {os.cpu_count()} cores; load average {min(loads):.1f}–{max(loads):.1f}"
        f" during the rounds; median of {args.repeat}, ms, one column a round\n"
    )
    for way, key in (("in-process (Django's test client)", "ms"), ("served API", "http_ms")):
        print(f"## {way}\n")
        heads = " | ".join(f"{name} (rounds)" for name in names)
        print(f"| request | rows | {heads} |")
        print("|---|---:|" + "---:|" * len(names))
        for (label, *_), path in zip(REQUESTS, spec["paths"], strict=True):
            rows = results[names[0]][0][path]["rows"]
            cells = " | ".join(
                " / ".join(f"{statistics.median(r[path][key]):.0f}" for r in results[name])
                for name in names
            )
            print(f"| {label} | {rows:,} | {cells} |")
        print()
    same = True
    for path in spec["paths"]:
        digests = set()
        for name in names:
            for r in results[name]:
                digests.add(r[path]["digest"])
                digests.update(r[path]["http_digests"])
        if len(digests) != 1:
            same = False
            print(f"DIFFERENT answers to {path}: {len(digests)} distinct bodies")
    print(f"{'PASS' if same else 'FAIL'} every answer the same, byte for byte, in every revision, "
          "round and way")  # fmt: skip
    return 0 if same else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="a git revision to time beside this checkout")
    parser.add_argument("--database-url", help="a PostgreSQL server URL (a fresh database)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds (default: 2)")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests each (default: 5)")
    parser.add_argument("--load", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--time", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        load(args.load)
        return 0
    if args.time:
        time_in_process(args.time, args.repeat)
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
