"""Days and years written in a query string (`?on=2018-06-14`, `?poor_in=2018`).

The one parser of such parameters for every page and endpoint. A value that
is not a day (or a year) is refused with a ValidationError keyed by the
parameter's name and worded in the user's language: a page names it and
goes on with the default, the API answers 422 with it (`xiezuo.api`).
Nothing is read from the request here; the caller passes the text.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# ASCII digits only: `date.fromisoformat` would also take 20180614 and 2018-W24-4
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
# a day, or a day and time (seconds, fractions and a zone optional), as DHIS2 takes lastUpdated
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
D = TypeVar("D", date, None)
Y = TypeVar("Y", int, None)


def parse_day(value: str | None, *, default: D, field: str = "on") -> date | D:
    """The day written YYYY-MM-DD in `value`; `default` when `value` is empty."""
    text = (value or "").strip()
    if not text:
        return default
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:  # 2018-02-30
            pass
    raise ValidationError({field: [_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text}]})


def parse_year(value: str | None, *, default: Y, field: str) -> int | Y:
    """The year written YYYY in `value`; `default` when `value` is empty."""
    text = (value or "").strip()
    if not text:
        return default
    if not _YEAR.fullmatch(text):
        raise ValidationError({field: [_("“%(value)s” is not a year (YYYY).") % {"value": text}]})
    return int(text)


def parse_moment(value: str | None, *, field: str) -> datetime | None:
    """The moment written as a day (its midnight) or a day and time (ISO 8601, as DHIS2 takes
    `lastUpdated`); without a zone, in the server's time zone. None when `value` is empty."""
    text = (value or "").strip()
    if not text:
        return None
    if _MOMENT.fullmatch(text):
        try:
            moment = datetime.fromisoformat(text.replace(",", "."))
        except ValueError:  # 2018-02-30
            pass
        else:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return moment
    raise ValidationError(
        {
            field: [
                _("“%(value)s” is not a date or a date and time (YYYY-MM-DDTHH:MM:SS).")
                % {"value": text}
            ]
        }
    )


def dhis2_timestamp(moment: datetime) -> str:
    """A moment as DHIS2 writes `created` and `lastUpdated`: yyyy-MM-dd'T'HH:mm:ss.SSS, in the
    server's time zone and without one (the only form the DHIS2 Android SDK's parser takes
    besides a suffix it ignores)."""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%dT%H:%M:%S}.{local.microsecond // 1000:03d}"
