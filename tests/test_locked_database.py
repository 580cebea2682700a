"""A write that meets a database busy with another writer answers 503 with
Retry-After and a message — never a 500 — through a real server (gunicorn on
its own database, SQLite or PostgreSQL as the suite runs) while another
connection really holds the write lock, with a one-second lock wait."""

from __future__ import annotations

import base64
import contextlib
import json
import sqlite3
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.live_server import BIN, Server, running_server

PASSWORD = "locked-pass"
BUSY_ZH = "数据库正忙于另一项修改（可能是一次导入），本次未保存任何内容。请几秒钟后重试。"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XIEZUO_DB_LOCK_WAIT", "1")  # the server waits a second for a lock
        with running_server(
            tmp_path_factory.mktemp("locked-var"), password=PASSWORD, name="locked"
        ) as live:
            yield live


@contextlib.contextmanager
def write_lock_held(server: Server) -> Iterator[None]:
    """Another connection holds the write lock (SQLite) or locks the tables written
    (PostgreSQL) until the block ends."""
    url = server.env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    else:
        import psycopg

        with psycopg.connect(url) as holder:
            holder.execute("LOCK TABLE indicators_datavalue, accounts_apitoken IN EXCLUSIVE MODE")
            yield
            holder.rollback()


def send(server: Server, path: str, body: dict, token: str = "") -> tuple[int, dict, dict]:
    auth = (
        f"Bearer {token}"
        if token
        else "Basic " + base64.b64encode(f"clerk:{PASSWORD}".encode()).decode()
    )
    request = urllib.request.Request(
        server.url + path, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": auth, "Content-Type": "application/json",
                 "Accept-Language": "zh-hans"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            data = response.read()
            return response.status, dict(response.headers), json.loads(data) if data else {}
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


VALUE = {
    "dataElement": "social_funds_raised",
    "period": "200105",
    "orgUnit": "451024",
    "value": "7",
}


def test_a_value_saved_while_another_writer_holds_the_lock_is_a_503_then_saved(server):
    with write_lock_held(server):
        status, headers, body = send(server, "/api/dataValues", VALUE)
    assert status == 503, body
    assert headers["Retry-After"] == "5"
    assert body["httpStatusCode"] == 503 and body["message"] == BUSY_ZH
    # the lock gone, the same request does what it is for
    status, _, body = send(server, "/api/dataValues", VALUE)
    assert status == 201, body


def test_the_api_answers_in_its_own_error_shape(server):
    token = subprocess.run(
        [str(BIN / "xiezuo"), "token", "create", "clerk", "--name", "locked"],
        env=server.env, cwd=server.var, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    with write_lock_held(server):
        status, headers, body = send(server, "/api/v1/tokens", {"name": "busy"}, token)
    assert status == 503
    assert headers["Retry-After"] == "5"
    assert body == {"detail": BUSY_ZH}
    status, _, body = send(server, "/api/v1/tokens", {"name": "not busy"}, token)
    assert status == 201, body


@pytest.mark.django_db
def test_a_page_gets_a_page_saying_so(rf, tmp_path):
    """The page's answer to the error SQLite really raises (a second connection, a short
    busy timeout) as Django hands it on."""
    from django.db import OperationalError
    from django.db.utils import DatabaseErrorWrapper

    from xiezuo.locked import LockedDatabase

    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    writer = sqlite3.connect(path, timeout=0.1)

    class Wrapper:  # what Django's DatabaseErrorWrapper needs of a database
        Database = sqlite3

    with pytest.raises(OperationalError) as raised, DatabaseErrorWrapper(Wrapper()):
        writer.execute("INSERT INTO t VALUES (1)")
    holder.execute("ROLLBACK")
    request = rf.post("/data/entry/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = LockedDatabase(lambda r: None).process_exception(request, raised.value)
    assert response is not None and response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    assert BUSY_ZH in response.content.decode()
    # any other database error is left alone (a 500, logged)
    assert (
        LockedDatabase(lambda r: None).process_exception(request, OperationalError("no such table"))
        is None
    )
