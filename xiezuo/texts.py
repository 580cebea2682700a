"""Texts people type — names, notes, progress updates, comments — are checked once, for every
path that writes them (a page's form, the API, an Excel import, a script):

- no control character (C0, NUL included): a text field that holds several lines (a
  TextField: notes, updates, descriptions) may have tabs and line breaks, a one-line field
  (a CharField: names, titles) none; no bidirectional override or isolate (U+202A–U+202E,
  U+2066–U+2069), which make a text read otherwise than it is stored;
- no longer than its field allows: a CharField its `max_length` (which SQLite does not
  enforce), a TextField `MAX_TEXT` characters.

`refuse_bad_texts` runs before every save of a model of Xiezuo (`pre_save`, connected by the
places app) and raises `ValidationError` keyed by the field, with a message that names it;
the services' callers show it beside the field or as the API's error. Data values are written
in bulk, not saved one by one: their checker (`indicators.checking`) asks `text_problem`.
Exports leave out what a workbook cannot hold (`spreadsheets.writable`), so a record stored
before this check cannot break them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

MAX_TEXT = 10_000  # a note, a progress update, a description
MAX_COMMENT = 500  # a data value's comment (its column's length)

_BIDI = "\u202a-\u202e\u2066-\u2069"
_ONE_LINE = re.compile(f"[\x00-\x1f{_BIDI}]")
_LINES = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_BIDI}]")  # tab, LF and CR allowed


def has_control(value: str, *, lines: bool = False) -> bool:
    """Whether a text holds a character refused in a field of one line (or of several)."""
    return bool((_LINES if lines else _ONE_LINE).search(value))


def without_control(value: str) -> str:
    """A text the system writes from what it was asked (a log's description, a page's
    address) with the refused characters left out, so that recording it never fails."""
    return _ONE_LINE.sub("", value)


def text_problem(
    value: str, *, label: str, lines: bool = False, max_length: int | None = None
) -> str | None:
    """What is wrong with a typed text, in a message naming the field; None if nothing."""
    found = (_LINES if lines else _ONE_LINE).search(value)
    if found:
        return _(
            "“%(field)s” holds an invisible control character (U+%(code)04X, character "
            "%(position)d), which cannot be saved; remove it and try again."
        ) % {"field": label, "code": ord(found.group()), "position": found.start() + 1}
    if max_length is not None and len(value) > max_length:
        return _("“%(field)s” is %(length)d characters long; at most %(limit)d are allowed.") % {
            "field": label,
            "length": len(value),
            "limit": max_length,
        }
    return None


@cache
def _text_fields(model: type[models.Model]) -> list[tuple[str, str, bool, int | None]]:
    """(name, attribute, multi-line, limit) of a model's text fields."""
    found: list[tuple[str, str, bool, int | None]] = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.TextField):
            found.append((field.name, field.attname, True, MAX_TEXT))
        elif isinstance(field, models.CharField):
            found.append((field.name, field.attname, False, field.max_length))
    return found


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


def text_errors(instance: models.Model, only: Any = None) -> dict[str, str]:
    """The problems of a record's texts by field (of the fields in `only`, if given)."""
    model = type(instance)
    errors = {}
    for name, attname, lines, limit in _text_fields(model):
        if only is not None and name not in only and attname not in only:
            continue
        value = getattr(instance, attname)
        if isinstance(value, str):
            label = _label(model, name)
            problem = text_problem(value, label=label, lines=lines, max_length=limit)
            if problem:
                errors[name] = problem
    return errors


def refuse_bad_texts(
    sender: type[models.Model],
    instance: models.Model,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    """pre_save: refuse a record of Xiezuo whose texts hold a control character or are too long."""
    if raw or not sender.__module__.startswith("xiezuo."):
        return
    errors = text_errors(instance, update_fields)
    if errors:
        raise ValidationError(errors)
