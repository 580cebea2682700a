"""A request body cannot take a worker down: JSON nested deeper than any real
document is refused before a parser sees it, and a body larger than the limit
is refused before it is read (xiezuo/bodies.py)."""

from __future__ import annotations

import io
import json
import re
import resource
from pathlib import Path

import pytest

from xiezuo.bodies import MAX_JSON_DEPTH, json_too_deep

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def nested(depth: int, inner: bytes = b"1") -> bytes:
    return b"[" * depth + inner + b"]" * depth


# --- the scan


def test_the_scan_counts_arrays_and_objects_inside_each_other():
    assert not json_too_deep(nested(MAX_JSON_DEPTH))
    assert json_too_deep(nested(MAX_JSON_DEPTH + 1))
    assert json_too_deep(b'{"a":' * 40 + b"1" + b"}" * 40)
    # side by side is not deep: a million values in one list are three levels
    assert not json_too_deep(b'{"dataValues":[' + b",".join([b'{"value":"1"}'] * 10_000) + b"]}")


def test_brackets_inside_strings_do_not_count_either_way():
    assert not json_too_deep(json.dumps({"comment": "[" * 1000 + "{" * 1000}).encode())
    assert not json_too_deep(json.dumps({"comment": 'a \\" [[[ "' * 50}).encode())
    # closing brackets hidden in a string do not hide the real depth
    hidden = b'["]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",' * 1 + nested(40) + b"]"
    assert json_too_deep(hidden)


def test_a_file_is_scanned_in_chunks_across_strings_and_escapes_and_put_back():
    # strings and escapes cut by the 1 MB chunks; the depth lies beyond them
    text = '"' + 'x\\"[' * 400_000 + '"'
    body = ("[" + text + "," + "[" * 40 + "1" + "]" * 40 + "]").encode()
    source = io.BytesIO(body)
    source.seek(0)
    assert json_too_deep(source)
    assert source.tell() == 0
    shallow = io.BytesIO(("[" + text + "," + "[" * 20 + "1" + "]" * 20 + "]").encode())
    assert not json_too_deep(shallow)


def _reference_depth(text: str) -> tuple[int, bool]:
    """The depth a parser reaches, character by character; and whether it stopped at a
    backslash outside a string (invalid JSON: the parser reads no further)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == "\\":
            return deepest, True
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest, False


def test_the_scan_agrees_with_a_parser_on_generated_text_in_tiny_chunks(monkeypatch):
    import random

    from xiezuo import bodies

    monkeypatch.setattr(bodies, "_CHUNK", 7)  # strings and escapes cut everywhere
    generate = random.Random(11)
    for _ in range(3000):
        text = "".join(generate.choice('[]{}"\\a,') for _ in range(generate.randint(0, 60)))
        deepest, invalid = _reference_depth(text)
        for limit in (1, 2, 3, 5):
            found = json_too_deep(io.BytesIO(text.encode()), limit)
            assert found == (deepest > limit) or (invalid and found), (text, limit)


# --- /api/v1/ (django-ninja)


def test_deeply_nested_json_to_the_api_is_a_400_before_parsing(api_for):
    client = api_for("clerk")
    body = b'{"name": ' + nested(100_000) + b"}"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = client.post("/api/v1/tokens", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"JSON 嵌套超过 {MAX_JSON_DEPTH} 层（数据值集只需三层），未经读取即被拒绝。"
    }
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 200_000  # a parser given this body grows by gigabytes
    # the same request, shallow, does what it is for
    response = client.post("/api/v1/tokens", {"name": "a tool"}, content_type="application/json")
    assert response.status_code == 201


def test_a_body_over_the_limit_is_a_413_naming_the_limit(api_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps({"name": "x" * (1024 * 1024)})
    response = api_for("clerk").post(
        "/api/v1/tokens", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert detail.startswith("The request body is larger than 1 MB,")
    assert "async=true" in detail and "/data/import/" in detail


def test_the_limit_comes_from_the_environment_and_gunicorn_recycles_its_workers():
    settings_text = (ROOT / "xiezuo" / "settings.py").read_text()
    assert re.search(r"DATA_UPLOAD_MAX_MEMORY_SIZE = .*XIEZUO_MAX_BODY_MB", settings_text)
    assert "`XIEZUO_MAX_BODY_MB`" in (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    live = (ROOT / "tests" / "live_server.py").read_text()
    for text in (makefile, live):
        assert "--max-requests" in text and "--max-requests-jitter" in text
