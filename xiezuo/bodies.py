"""What a request body may be: how large, and how deeply its JSON may nest.

A JSON parser's work on `[[[[…` grows with the square of the depth (ijson's
prefixes, Python's recursion): 200 KB nested 100,000 levels deep held a
worker for half a minute and gigabytes. `json_too_deep` scans the bytes
first — brackets outside strings, at the speed of `re` and `bytes.translate`
— so a body nested deeper than `MAX_JSON_DEPTH` is refused before any parser
sees it. A data value set needs three levels; Xiezuo's own API a few more.

`BodyLimits` (middleware) answers 413 to a body larger than Django's
DATA_UPLOAD_MAX_MEMORY_SIZE (set from XIEZUO_MAX_BODY_MB) before a view reads
it, except a multipart upload (its files go to disk; Django limits its other
fields) and a background import (`async=true`), which streams the body to a
file. The synchronous import refuses a larger file with the same message.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate
from typing import IO

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

MAX_JSON_DEPTH = 32
_CHUNK = 1024 * 1024

_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 / -1 as signed bytes


class BodyRefused(Exception):
    """A request body refused before it was read: `status` and a message in the user's language."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _chunks(source: bytes | IO[bytes]) -> Callable[[], bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        whole = [bytes(source)]
        return lambda: whole.pop() if whole else b""

    def read() -> bytes:
        chunk = source.read(_CHUNK)
        # an escape (`\"`) is never cut in two: a chunk may end inside a string, but not
        # between a backslash and what it escapes
        while chunk.endswith(b"\\"):
            more = source.read(1)
            if not more:
                break
            chunk += more
        return chunk

    return read


def json_too_deep(source: bytes | IO[bytes], limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON in `source` opens more than `limit` arrays or objects inside each other.

    Brackets inside strings do not count. A file is read from where it stands and put back
    there. Not a validator: what is not JSON is left for the parser to refuse.
    """
    start = None if isinstance(source, bytes | bytearray | memoryview) else source.tell()
    read = _chunks(source)
    depth = 0
    in_string = False
    try:
        while chunk := read():
            # Without its escapes (backslash pairs first, then escaped quotes) every quote
            # opens or closes a string.
            if b"\\" in chunk:
                chunk = chunk.replace(b"\\\\", b"").replace(b'\\"', b"")
            # Brackets and quotes only; two quotes with no bracket between can go (the parity of
            # those after them is kept), which leaves few: the pieces between the quotes are,
            # in turn, outside and inside strings.
            pieces = chunk.translate(None, _NOT_STRUCTURE).replace(b'""', b"").split(b'"')
            steps = b"".join(pieces[1::2] if in_string else pieces[::2])
            in_string = in_string != (len(pieces) % 2 == 0)  # an odd number of quotes
            if not steps:
                continue
            if depth + steps.count(b"[") + steps.count(b"{") <= limit:
                depth += len(steps) - 2 * (steps.count(b"]") + steps.count(b"}"))
                continue
            running = list(accumulate(memoryview(steps.translate(_STEPS)).cast("b"), initial=depth))
            if max(running) > limit:
                return True
            depth = running[-1]
        return False
    finally:
        if start is not None:
            source.seek(start)  # type: ignore[union-attr]


def too_deep_message() -> str:
    return _(
        "The JSON is nested more than %(limit)s levels deep (a data value set needs three); "
        "it was refused without being read."
    ) % {"limit": MAX_JSON_DEPTH}


def refuse_deep_json(source: bytes | IO[bytes]) -> None:
    """BodyRefused (400) when the JSON in `source` nests deeper than MAX_JSON_DEPTH."""
    if json_too_deep(source):
        raise BodyRefused(400, too_deep_message())


def body_limit() -> int | None:
    """The largest body a request may send to be read in the request, in bytes."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return None if limit is None else int(limit)


def _shown(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size:,} B"


def too_large_message(limit: int) -> str:
    return _(
        "The request body is larger than %(limit)s, the most a request may send. "
        "Import a larger file in the background: post it with async=true, "
        "or upload it on the import page (/data/import/)."
    ) % {"limit": _shown(limit)}


def refuse_large(size: int) -> None:
    """BodyRefused (413) when `size` bytes is more than a request may send."""
    limit = body_limit()
    if limit is not None and size > limit:
        raise BodyRefused(413, too_large_message(limit))


def _length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _streamed(request: HttpRequest) -> bool:
    """Bodies that never sit in memory: multipart uploads, background imports."""
    if (request.content_type or "").startswith("multipart/form-data"):
        return True
    return request.GET.get("async", "").lower() == "true"


def refused_response(request: HttpRequest, refused: BodyRefused) -> HttpResponse:
    """The refusal in the error shape of where it was sent: /api/v1/, /api/ (DHIS2), a page."""
    path = request.path
    if path.startswith("/api/v1/"):
        from xiezuo.api import error_response

        return error_response(request, refused.status, refused.message)
    if path.startswith("/api/"):
        from xiezuo.dhis2.webmessages import web_message

        return web_message(refused.status, refused.message)
    return HttpResponse(refused.message, status=refused.status, content_type="text/plain")


class BodyLimits:
    """Middleware: 413 before a view reads a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _streamed(request):
            try:
                refuse_large(_length(request))
            except BodyRefused as refused:
                return refused_response(request, refused)
        return self.get_response(request)
