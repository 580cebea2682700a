"""Operations: every request has an id and one JSON log line (nothing secret on it), slow
requests are logged as warnings, and /metrics counts requests for the allowed only —
through Django's test client, and through a real gunicorn with several workers."""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import re
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from tests.live_server import BIN, free_port
from tests.test_deploy import makefile_gunicorn_flags
from xiezuo.logs import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[1]
IDENTITY_NUMBER = "11010519491231002X"


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the configured handler writes (the JSON formatter and the request id filter),
    for the request and slow-request loggers and everything else at WARNING."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def healthz_count(text: str) -> float:
    key = (
        "xiezuo_http_requests_total",
        (("method", "GET"), ("status", "200"), ("view", "healthz")),
    )
    return samples(text).get(key, 0.0)


@pytest.mark.django_db
def test_a_request_is_one_json_line_with_its_id_and_no_query_string(client_for, log_lines):
    client = client_for("clerk")
    response = client.get(f"/healthz?token=secret-token-123&id={IDENTITY_NUMBER}")
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    text = log_lines.getvalue()
    assert "secret-token-123" not in text and IDENTITY_NUMBER not in text
    (line,) = [x for x in lines(log_lines) if x["logger"] == "xiezuo.requests"]
    assert line["request_id"] == request_id
    assert line["method"] == "GET" and line["path"] == "/healthz" and line["view"] == "healthz"
    assert line["status"] == 200 and line["level"] == "INFO"
    assert line["user"] == client.user.pk
    assert line["client"] == "127.0.0.1"
    assert isinstance(line["duration_ms"], float)
    assert line["time"].endswith("+00:00")
    # a new id for every request
    assert Client().get("/healthz")["X-Request-ID"] != request_id


@pytest.mark.django_db
def test_the_request_id_of_a_trusted_proxy_is_kept_and_others_are_not(settings, log_lines):
    from xiezuo.accounts.lockout import trusted_networks

    settings.XIEZUO_TRUSTED_PROXIES = trusted_networks("10.0.0.1")
    proxied = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    nginx_id = "0f8e2a3b4c5d6e7f8091a2b3c4d5e6f7"
    response = Client().get("/healthz", HTTP_X_REQUEST_ID=nginx_id, **proxied)
    assert response["X-Request-ID"] == nginx_id
    # badly formed, even from the proxy: replaced
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="a b\nforged", **proxied)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    # well formed, from anybody else: replaced
    response = Client().get("/healthz", HTTP_X_REQUEST_ID=nginx_id, REMOTE_ADDR="198.51.100.7")
    assert response["X-Request-ID"] != nginx_id
    first = next(x for x in lines(log_lines) if x["logger"] == "xiezuo.requests")
    assert first["client"] == "198.51.100.7"  # the forwarded client, as the lock-out sees it
    assert first["user"] == "anonymous"


@pytest.mark.django_db
def test_a_line_logged_during_a_request_carries_its_id(log_lines):
    response = Client().get("/no-such-page/")
    assert response.status_code in (302, 404)
    response = Client(raise_request_exception=False).get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    mine = [x for x in lines(log_lines) if x["request_id"] == request_id]
    # Django's own warning ("Not Found: …") and the request line
    assert {x["logger"] for x in mine} == {"django.request", "xiezuo.requests"}, mine
    # outside a request: no id
    logging.getLogger("xiezuo.test").warning("outside")
    assert lines(log_lines)[-1]["request_id"] is None


@pytest.mark.django_db
def test_a_slow_request_is_a_warning_with_its_queries(client_for, settings, log_lines):
    client = client_for("clerk")
    client.get("/")
    assert not [x for x in lines(log_lines) if x["logger"] == "xiezuo.requests.slow"]
    settings.XIEZUO_SLOW_REQUEST_MS = 0.001  # every request is slow
    response = client.get("/")
    assert response.status_code == 200
    (slow,) = [x for x in lines(log_lines) if x["logger"] == "xiezuo.requests.slow"]
    assert slow["level"] == "WARNING"
    assert slow["request_id"] == response["X-Request-ID"]
    assert slow["queries"] >= 1 and slow["query_ms"] >= 0
    assert slow["duration_ms"] >= slow["query_ms"]
    assert slow["message"].startswith("slow request: GET / took ")
    settings.XIEZUO_SLOW_REQUEST_MS = 0  # off
    client.get("/")
    assert len([x for x in lines(log_lines) if x["logger"] == "xiezuo.requests.slow"]) == 1


@pytest.mark.django_db
def test_metrics_count_requests_and_show_nothing_personal(client_for):
    user = client_for("clerk").user
    user.username = "zhang-metrics-person"
    user.save()
    client = Client()
    client.force_login(user)
    before = healthz_count(Client().get("/metrics").content.decode())
    for _ in range(3):
        client.get(f"/healthz?id={IDENTITY_NUMBER}", REMOTE_ADDR="203.0.113.44")
    client.get("/places/?q=zhang", REMOTE_ADDR="203.0.113.44")
    response = Client().get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert healthz_count(text) == before + 3
    values = samples(text)
    assert values[("xiezuo_database_up", ())] == 1
    assert values[("xiezuo_import_jobs", (("state", "pending"),))] == 0
    histogram = [key for key in values if key[0] == "xiezuo_http_request_duration_seconds_count"]
    assert any(dict(labels).get("view") == "healthz" for _, labels in histogram)
    for personal in ("zhang", IDENTITY_NUMBER, "203.0.113.44", "/healthz", "/places/"):
        assert personal not in text


@pytest.mark.django_db
def test_metrics_are_a_404_for_anybody_not_allowed(settings):
    from xiezuo.accounts.lockout import trusted_networks

    assert Client().get("/metrics", REMOTE_ADDR="::1").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 404
    # behind a trusted proxy, the forwarded client is who asks
    settings.XIEZUO_TRUSTED_PROXIES = trusted_networks("127.0.0.1")
    outside = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert Client().get("/metrics", **outside).status_code == 404
    # a bearer token opens it from anywhere; a wrong one does not, not even from inside
    settings.XIEZUO_METRICS_TOKEN = "metrics-token-0123456789"
    assert (
        Client()
        .get("/metrics", HTTP_AUTHORIZATION="Bearer metrics-token-0123456789", **outside)
        .status_code
        == 200
    )
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    # a network allowed
    settings.XIEZUO_METRICS_ALLOWED = trusted_networks("203.0.113.0/24")
    assert Client().get("/metrics", **outside).status_code == 200
    assert Client().get("/metrics").status_code == 404
    assert Client().post("/metrics").status_code in (404, 405)


def workers(master: int) -> set[int]:
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout.split()
    return {int(pid) for pid in found}


def test_gunicorn_counts_the_requests_of_every_worker_and_keeps_them(tmp_path):
    """gunicorn as `make run` starts it (the Makefile's flags), two workers: /metrics adds
    up what every worker answered, also after the workers were replaced; the request
    lines on stderr are JSON with the answered ids."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        XIEZUO_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'xiezuo.sqlite3'}",
        XIEZUO_SLOW_REQUEST_MS="0",
        # given, so that two workers starting at once on an empty var directory do not
        # race to write them
        XIEZUO_SECRET_KEY=secrets.token_urlsafe(50),
        XIEZUO_PERSONAL_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        XIEZUO_PERSONAL_HASH_KEY=secrets.token_urlsafe(32),
    )
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    stale = tmp_path / "metrics" / "counter_999999.db"
    stale.parent.mkdir()
    stale.write_bytes(b"left by a previous run")
    flags = makefile_gunicorn_flags()
    flags[flags.index("--workers") + 1] = "2"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "xiezuo.wsgi:application", "--bind", f"127.0.0.1:{port}", *flags],
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip

    def get(path: str) -> tuple[int, str, str]:
        """One request, never repeated (a repeated one would be counted twice)."""
        try:
            with urllib.request.urlopen(url + path, timeout=120) as response:
                return response.status, response.read().decode(), response.headers["X-Request-ID"]
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers["X-Request-ID"]

    def started() -> int:
        for _ in range(300):
            try:
                return get("/healthz")[0]
            except OSError:  # not listening yet
                time.sleep(0.2)
        raise AssertionError((tmp_path / "gunicorn.log").read_text())

    try:
        status = started()
        assert status == 200
        assert not stale.exists()  # emptied when the server started
        key = ("xiezuo_http_requests_total",
               (("method", "GET"), ("status", str(status)), ("view", "healthz")))  # fmt: skip
        before = samples(get("/metrics")[1])[key]
        ids = {get("/healthz")[2] for _ in range(20)}
        status, text, _ = get("/metrics")
        assert status == 200, text
        assert samples(text)[key] == before + 20
        # the database has no tables: the import jobs cannot be counted, and that is seen
        assert samples(text)[("xiezuo_database_up", ())] == 0
        errors = ("xiezuo_database_errors_total", (("error", "OperationalError"),))
        assert samples(text)[errors] >= 1
        assert len(list((tmp_path / "metrics").glob("counter_*.db"))) >= 1
        old_workers = workers(server.pid)
        server.send_signal(signal.SIGHUP)  # new workers, as --max-requests replaces them
        for _ in range(150):
            now = workers(server.pid)
            if len(now) == 2 and not now & old_workers:
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"the workers were not replaced: {old_workers} {now}")
        status, text, _ = get("/metrics")
        assert samples(text)[key] == before + 20
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    output = (tmp_path / "gunicorn.log").read_text().splitlines()
    request_lines = [json.loads(x) for x in output if '"xiezuo.requests"' in x]
    assert ids <= {x["request_id"] for x in request_lines}
    assert {x["client"] for x in request_lines} == {"127.0.0.1"}


def test_a_served_worker_collects_cycles_less_often_than_python_by_default(tmp_path):
    """The WSGI module, as gunicorn imports it, raises the collector's thresholds (a large
    analytics answer would otherwise run it hundreds of times); a plain Python keeps 700."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(XIEZUO_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    show = "import gc; {}print(gc.get_threshold())"
    served, plain = (
        subprocess.run(
            [str(BIN / "python"), "-c", show.format(first)],
            env=env, cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.split("\n")[-2]
        for first in ("import xiezuo.wsgi; ", "")
    )  # fmt: skip
    assert served == "(50000, 20, 100)"
    assert plain.startswith("(700,")
