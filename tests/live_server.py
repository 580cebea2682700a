"""A real Xiezuo server for tests that talk HTTP: gunicorn on a fresh database
with the demo loaded, set up as `make run` sets it up (browser tests, DHIS2
client libraries)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Server:
    url: str
    env: dict[str, str]
    var: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_admin(url: str, sql: str) -> None:
    import psycopg

    base = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def running_server(
    var: Path, *, password: str, name: str, static: bool = False
) -> Iterator[Server]:
    """Migrate a fresh database (SQLite in `var`, or a new PostgreSQL database when
    DATABASE_URL names one), load the demo with `password`, serve it, and clean up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(XIEZUO_VAR_DIR=str(var), XIEZUO_DEMO_PASSWORD=password)
    database_url = os.environ.get("DATABASE_URL", "")
    pg_name = None
    if database_url.startswith(("postgres://", "postgresql://")):
        pg_name = f"xiezuo_{name}_{uuid.uuid4().hex[:8]}"
        postgres_admin(database_url, f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + pg_name
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'xiezuo.sqlite3'}"
    commands = [["migrate", "--noinput", "-v0"], ["demo", "load", "--quiet"]]
    if static:
        commands.append(["collectstatic", "--noinput", "-v0"])
    for command in commands:
        subprocess.run(
            [str(BIN / "xiezuo"), *command], env=env, check=True, cwd=var, capture_output=True
        )
    port = free_port()
    log = open(var / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "xiezuo.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--max-requests", "1000", "--max-requests-jitter", "100",
         "--config", "python:xiezuo.gunicorn_config"],
        env=env, cwd=var, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start: " + (var / "gunicorn.log").read_text())
        yield Server(url, env, var)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
        if pg_name:
            postgres_admin(database_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
