"""Resident identity numbers (GB 11643-1999): checking, what they tell, masking, and
synthetic numbers for demo people.

An identity number is 18 characters: a 6-digit region code (GB/T 2260, the
place where the person was first registered), the date of birth (YYYYMMDD), a
3-digit sequence whose last digit is odd for men and even for women, and a
check digit (ISO 7064 MOD 11-2; 10 is written X).
"""

from __future__ import annotations

import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LENGTH = 18
# The province-level codes of GB/T 2260 (34 divisions), and 83: the residence permits of
# Hong Kong, Macao and Taiwan residents (810000, 820000, 830000) follow GB 11643 too.
PROVINCES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
     "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
     "65", "71", "81", "82", "83"]
)  # fmt: skip
EARLIEST_BIRTH = date(1900, 1, 1)
_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_CHECK_DIGITS = "10X98765432"


class Sex(models.TextChoices):
    MALE = "male", gettext_lazy("male")
    FEMALE = "female", gettext_lazy("female")


def check_digit(first17: str) -> str:
    """The 18th character of an identity number beginning with these 17 digits."""
    return _CHECK_DIGITS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


class IdentityNumber(str):
    """A checked identity number (a str: store it as it is), with what it tells."""

    __slots__ = ()

    @property
    def region_code(self) -> str:
        """The 6-digit division code of the place of first registration (maybe since
        changed: it is not looked up among today's places)."""
        return self[:6]

    @property
    def birth_date(self) -> date:
        return date(int(self[6:10]), int(self[10:12]), int(self[12:14]))

    @property
    def sex(self) -> Sex:
        return Sex.MALE if int(self[16]) % 2 else Sex.FEMALE


def identity_clean(text: str) -> IdentityNumber:
    """The identity number written in `text`, normalised (no spaces, full-width digits made
    ASCII, x made X), or a ValidationError saying which part is wrong: its length
    (code "length"), its characters ("characters"), the province ("region"), the
    date of birth ("date") or the check digit ("check_digit")."""
    number = "".join(unicodedata.normalize("NFKC", text or "").split()).upper()
    if len(number) != LENGTH:
        raise ValidationError(
            _("An identity number has 18 characters; this one has %(count)d.")
            % {"count": len(number)},
            code="length",
        )
    if not (number[:17].isascii() and number[:17].isdigit() and number[17] in "0123456789X"):
        raise ValidationError(
            _("An identity number is 17 digits followed by a digit or X."), code="characters"
        )
    if number[:2] not in PROVINCES:
        raise ValidationError(
            _("An identity number begins with the code of a province; %(code)s is none.")
            % {"code": number[:2]},
            code="region",
        )
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or not EARLIEST_BIRTH <= born <= timezone.localdate():
        raise ValidationError(
            _(
                "The date of birth in an identity number (digits 7 to 14, YYYYMMDD) "
                "must be a real day in the past; %(date)s is not."
            )
            % {"date": number[6:14]},
            code="date",
        )
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(
            _(
                "The last character (the check digit) does not fit the 17 digits before it: "
                "a digit is mistyped or two are swapped."
            ),
            code="check_digit",
        )
    return IdentityNumber(number)


def mask_identity(number: str) -> str:
    """4510**********123X: the first 4 and the last 4 characters kept."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


# Synthetic numbers for demo and test people. Digits 3-4 of a region code name a
# prefecture, and GB/T 2260's coding rules give them only 01-70 (cities, prefectures,
# autonomous prefectures, leagues) and 90 (counties under the province directly): 99 is
# never a prefecture, so no person was ever registered in a region PP99xx, and no
# number beginning so can belong to anyone. The province digits stay real so that the
# validator (which checks the province) takes the numbers as they are.
SYNTHETIC_PREFECTURE = "99"
_PER_REGION = 500  # sequences of one parity: 000-999, odd for men, even for women


def is_synthetic(number: str) -> bool:
    return number[2:4] == SYNTHETIC_PREFECTURE


def synthetic_identity(
    n: int, birth_date: date, sex: Sex | str, region: str = "45"
) -> IdentityNumber:
    """The `n`-th synthetic identity number (n from 0 to 49,999) of a person of `sex` born on
    `birth_date` in the province whose code `region` begins with (e.g. "45" or "451024").

    The number is PP99CC + date + sequence + check digit: PP the province, 99 a
    prefecture code GB/T 2260 never issues (so it belongs to no real person), CC and
    the sequence counting n. Different n (or dates, or sexes) give different numbers,
    the same arguments the same number; every one passes `identity_clean`.
    """
    if not 0 <= n < 100 * _PER_REGION:
        raise ValueError(f"n must be from 0 to {100 * _PER_REGION - 1}, not {n}")
    province = region[:2]
    if province not in PROVINCES:
        raise ValueError(f"{region} does not begin with a province's code")
    county, sequence = divmod(n, _PER_REGION)
    parity = 1 if Sex(sex) == Sex.MALE else 0
    region_code = f"{province}{SYNTHETIC_PREFECTURE}{county:02d}"
    first17 = f"{region_code}{birth_date:%Y%m%d}{sequence * 2 + parity:03d}"
    return identity_clean(first17 + check_digit(first17))
