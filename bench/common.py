"""What the benchmark scripts share: a fresh database, the `xiezuo` command, a log line,
a served copy of the application.

The scripts run as `python bench/<name>.py`, so this module is imported beside them.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def xiezuo_command() -> list[str]:
    """The `xiezuo` console script next to this Python (the virtualenv's)."""
    script = Path(sys.executable).parent / "xiezuo"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "xiezuo"]


def xiezuo_run(*args: str, env: dict[str, str]) -> None:
    """Run a `xiezuo` command (in the repository, on env's database); stop the benchmark
    with its errors if it fails."""
    log(" ".join(args[:1]))
    done = subprocess.run(
        [*xiezuo_command(), *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"xiezuo {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")


def country_and_demo() -> tuple[float, float]:
    """In a child with Django set up: the whole country's places, then the demo's catalogue
    and pairings without the demo's values (the benchmark's own come next). The seconds
    each took."""
    from django.db import connection

    from xiezuo.demo.loader import load_demo
    from xiezuo.places.divisions import load_divisions

    log("the country's places")
    started = time.perf_counter()
    load_divisions(progress=False)
    places_seconds = time.perf_counter() - started
    log("the demo catalogue and pairings")
    started = time.perf_counter()
    load_demo(load_places=False, progress=False)
    demo_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:  # only the synthetic values from here on
        cursor.execute("DELETE FROM indicators_datavaluechange")
        cursor.execute("DELETE FROM indicators_datavalue")
    return places_seconds, demo_seconds


def with_database(url: str, name: str) -> str:
    """The same server URL with another database name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def fresh_database(
    url: str | None, workdir: Path, *, prefix: str = "xiezuo_bench", keep: bool = False
) -> Iterator[str]:
    """A DATABASE_URL for a new, empty database, removed afterwards unless `keep`: an
    SQLite file in `workdir`, or a database of a unique name (`prefix`_…) on the
    PostgreSQL server of `url`."""
    if url is None:
        yield f"sqlite:///{workdir / 'xiezuo.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    admin_url = with_database(url, "postgres")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(url, name)
    finally:
        if keep:
            log(f"kept the database: {with_database(url, name)}")
        else:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


@contextlib.contextmanager
def served(env: dict[str, str], workdir: Path, *, workers: int = 2) -> Iterator[str]:
    """gunicorn as `make run` starts it (its flags; `workers` of them, 3 in the Makefile, 2
    by default here) on the database of `env`; its base URL. Its access log is
    `workdir/access.log`, its error log `workdir/error.log`."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "xiezuo.wsgi:application",
         "--config", "python:xiezuo.gunicorn_config", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--max-requests", "1000", "--max-requests-jitter", "100",
         "--forwarded-allow-ips", "127.0.0.1",
         "--access-logfile", str(workdir / "access.log"),
         "--error-logfile", str(workdir / "error.log")],
        cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            with contextlib.suppress(OSError), urllib.request.urlopen(url + "/healthz", timeout=1):
                break
            time.sleep(0.2)
        else:
            sys.exit("gunicorn did not answer /healthz")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
