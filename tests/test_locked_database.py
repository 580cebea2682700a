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
            tmp_path_factory.mktemp("locked-var"), password=PASSWORD, name="locked", static=True
        ) as live:
            yield live


@contextlib.contextmanager
def write_lock_held(
    server: Server, tables: str = "indicators_datavalue, accounts_apitoken"
) -> Iterator[None]:
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
            holder.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
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


def _signed_in_opener(server: Server) -> tuple[urllib.request.OpenerDirector, str]:
    """A browser-like client with the sign-in page's CSRF cookie, and the form's token."""
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(server.url + "/accounts/login/", timeout=60) as response:
        page = response.read().decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found
    return opener, found.group(1)


@pytest.mark.parametrize(
    "language, message", [("zh-hans", BUSY_ZH), ("en", "The database is busy")]
)
def test_signing_in_while_another_writer_holds_the_lock_is_a_503_page(server, language, message):
    """Signing in writes (the new session, django-axes' log, the last sign-in): meeting
    the lock is a 503 page in the user's language."""
    import urllib.parse

    opener, token = _signed_in_opener(server)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "clerk", "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(
        server.url + "/accounts/login/", data=form, method="POST",
        headers={"Accept-Language": language, "Referer": server.url + "/accounts/login/"},
    )  # fmt: skip
    with write_lock_held(server, tables="django_session, accounts_user"):
        try:
            with opener.open(request, timeout=60) as response:
                status, headers, page = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, headers, page = error.code, dict(error.headers), error.read()
    assert status == 503, page[:2000]
    assert headers["Retry-After"] == "5"
    assert message in page.decode()
    # the lock gone, the same sign-in goes through (to the home page)
    with opener.open(request, timeout=60) as response:
        assert response.status == 200 and response.url.rstrip("/") == server.url


def _set_password_field(server: Server, value: str) -> None:
    """Change the clerk's stored password behind the server's back (another session
    changing it), which makes the server flush the clerk's browser session."""
    url = server.env["DATABASE_URL"]
    sql = "UPDATE accounts_user SET password = %s WHERE username = 'clerk'"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            db.execute(sql.replace("%s", "?"), (value,))
    else:
        import psycopg

        with psycopg.connect(url) as db:
            db.execute(sql, (value,))


def test_a_session_flushed_by_a_middleware_while_locked_is_a_503_not_a_500(server):
    """The write is not the view's: AuthenticationMiddleware flushes a session whose
    password changed when LoginRequired (a process_view) first reads the user."""
    import urllib.parse

    opener, token = _signed_in_opener(server)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "clerk", "password": PASSWORD}
    ).encode()
    opener.open(urllib.request.Request(server.url + "/accounts/login/", data=form), timeout=60)
    url = server.env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            (stored,) = db.execute(
                "SELECT password FROM accounts_user WHERE username = 'clerk'"
            ).fetchone()
    else:
        import psycopg

        with psycopg.connect(url) as db:
            (stored,) = db.execute(
                "SELECT password FROM accounts_user WHERE username = 'clerk'"
            ).fetchone()
    _set_password_field(server, stored + "x")
    try:
        request = urllib.request.Request(
            server.url + "/coverage/?place=45", headers={"Accept-Language": "zh-hans"}
        )
        with write_lock_held(server, tables="django_session"):
            try:
                with opener.open(request, timeout=60) as response:
                    status, headers, page = response.status, dict(response.headers), b""
            except urllib.error.HTTPError as error:
                status, headers, page = error.code, dict(error.headers), error.read()
        assert status == 503, page[:300]
        assert headers["Retry-After"] == "5"
        assert BUSY_ZH in page.decode()
    finally:
        _set_password_field(server, stored)
