"""Phone numbers of mainland China: checking, normalising and masking."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_MOBILE = re.compile(r"1[3-9]\d{9}")
# an area code is 0 and 2 digits for Beijing (010) and the 02x cities, else 0 and 3 digits;
# the local number is 7 or 8 digits and does not begin with 0 or 1
_LANDLINE = re.compile(r"(0(?:10|2\d|[3-9]\d{2}))([2-9]\d{6,7})")
_SEPARATORS = re.compile(r"[\s\-()（）]")


def phone_clean(text: str) -> str:
    """A mobile number as 13812345678, a landline as 0776-2812345 (area code, hyphen,
    number); a ValidationError when `text` is neither. Spaces, hyphens, brackets
    around the area code and a leading +86 or 0086 are taken."""
    number = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
            break
    if _MOBILE.fullmatch(number):
        return number
    landline = _LANDLINE.fullmatch(number)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}"
    raise ValidationError(
        _(
            "Write a mobile number (11 digits beginning 13 to 19) or a landline with its "
            "area code, such as 0776-2812345."
        ),
        code="phone",
    )


def mask_phone(number: str) -> str:
    """138****5678 for a mobile; a landline keeps its area code and last 4 digits
    (0776-***2345)."""
    area, hyphen, local = number.rpartition("-")
    if hyphen:
        return f"{area}-{mask_digits(local, keep_start=0)}"
    return mask_digits(number, keep_start=3)


def mask_digits(text: str, *, keep_start: int, keep_end: int = 4) -> str:
    if len(text) <= keep_start + keep_end:
        return "*" * len(text)
    return text[:keep_start] + "*" * (len(text) - keep_start - keep_end) + text[-keep_end:]
