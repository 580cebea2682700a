"""The DHIS2 API writes JSON as DHIS2 does — UTF-8, Chinese not escaped, no spaces — and
byte for byte as the standard library would, though orjson writes it."""

from __future__ import annotations

import json

from xiezuo.dhis2.webmessages import json_response


def test_the_json_is_the_standard_librarys_compact_utf8_byte_for_byte():
    body = {
        "headers": [{"name": "dx", "column": "数据", "hidden": False, "meta": None}],
        "metaData": {"items": {"451024": {"name": "德保县"}}, "dimensions": {"ou": []}},
        "rows": [["job_fairs", "201903", "451024", "12.5"]] * 3,
        "height": 3,
        "ratio": 0.25,
        7: "a key that is a number",
        "quote": 'say "好" \\ and a tab\t and a line\n',
    }
    written = json_response(body).content
    assert written == json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    assert "德保县".encode() in written  # not \\u escaped
    assert b", " not in written and b": " not in written
