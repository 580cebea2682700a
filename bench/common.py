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


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def xiezuo_command() -> list[str]:
    """The `xiezuo` console script next to this Python (the virtualenv's)."""
    script = Path(sys.executable).parent / "xiezuo"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "xiezuo"]


def with_database(url: str, name: str) -> str:
    """The same server URL with another database name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def fresh_database(url: str | None, workdir: Path) -> Iterator[str]:
    """A DATABASE_URL for a new, empty database, removed afterwards: an SQLite file in
    `workdir`, or a database of a unique name on the PostgreSQL server of `url`."""
    if url is None:
        yield f"sqlite:///{workdir / 'xiezuo.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    admin_url = with_database(url, "postgres")
    name = f"xiezuo_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextlib.contextmanager
def served(env: dict[str, str], workdir: Path) -> Iterator[str]:
    """gunicorn with 2 workers (as `make run`) on the database of `env`; its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_file = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "xiezuo.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), urllib.request.urlopen(url + "/healthz", timeout=1):
                break
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log_file.close()
