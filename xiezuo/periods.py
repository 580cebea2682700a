"""Periods as DHIS2 writes them: `2018`, `2018S1`, `2018Q2`, `201805`.

Every period is a run of whole months. A month's ordinal is `year * 12 +
month - 1`; a period is the closed range of ordinals [start, end], so a finer
period lies in a coarser one when its range does, and rolling months up into
quarters, half-years or years is integer division of the ordinal (by 3, 6 or
12) — which a database does in SQL as well as Python does here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum


class PeriodType(Enum):
    MONTHLY = ("Monthly", 1)
    QUARTERLY = ("Quarterly", 3)
    SIXMONTHLY = ("SixMonthly", 6)
    YEARLY = ("Yearly", 12)

    def __init__(self, dhis2_name: str, months: int):
        self.dhis2_name = dhis2_name
        self.months = months

    @classmethod
    def from_name(cls, name: str) -> PeriodType:
        for member in cls:
            if name in (member.dhis2_name, member.name, member.name.lower()):
                return member
        raise ValueError(f"unknown period type: {name!r}")

    @classmethod
    def from_months(cls, months: int) -> PeriodType:
        for member in cls:
            if member.months == months:
                return member
        raise ValueError(f"no period type lasts {months} months")


# ASCII digits only: `\d` would take full-width (２０１８) and Arabic-Indic digits too.
_PATTERNS = [
    (re.compile(r"^([0-9]{4})$"), PeriodType.YEARLY),
    (re.compile(r"^([0-9]{4})S([12])$"), PeriodType.SIXMONTHLY),
    (re.compile(r"^([0-9]{4})Q([1-4])$"), PeriodType.QUARTERLY),
    (re.compile(r"^([0-9]{4})(0[1-9]|1[0-2])$"), PeriodType.MONTHLY),
]
# The years a period may lie in: from the founding of the People's Republic (the
# programme's own figures run from 1996) to 2100; `0000` or `9999` is a typing error.
FIRST_YEAR, LAST_YEAR = 1949, 2100

_QUARTER_ZH = {1: "一", 2: "二", 3: "三", 4: "四"}


def month_ordinal(year: int, month: int) -> int:
    return year * 12 + month - 1


@dataclass(frozen=True, order=True)
class Period:
    """A period: its type and the ordinal of its first month (aligned to the type)."""

    start: int  # month ordinal of the first month
    type: PeriodType

    @property
    def end(self) -> int:
        """Month ordinal of the last month."""
        return self.start + self.type.months - 1

    @property
    def year(self) -> int:
        return self.start // 12

    @property
    def index(self) -> int:
        """1-based position in the year: month 1–12, quarter 1–4, half 1–2, year 1."""
        return (self.start % 12) // self.type.months + 1

    @property
    def id(self) -> str:
        if self.type is PeriodType.YEARLY:
            return f"{self.year}"
        if self.type is PeriodType.SIXMONTHLY:
            return f"{self.year}S{self.index}"
        if self.type is PeriodType.QUARTERLY:
            return f"{self.year}Q{self.index}"
        return f"{self.year}{self.index:02d}"

    def __str__(self) -> str:
        return self.id

    @property
    def start_date(self) -> date:
        return date(self.year, self.start % 12 + 1, 1)

    @property
    def end_date(self) -> date:
        following = self.end + 1
        return date.fromordinal(date(following // 12, following % 12 + 1, 1).toordinal() - 1)

    @property
    def label_zh(self) -> str:
        if self.type is PeriodType.YEARLY:
            return f"{self.year}年"
        if self.type is PeriodType.SIXMONTHLY:
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        if self.type is PeriodType.QUARTERLY:
            return f"{self.year}年第{_QUARTER_ZH[self.index]}季度"
        return f"{self.year}年{self.index}月"

    @property
    def label_en(self) -> str:
        if self.type is PeriodType.YEARLY:
            return f"{self.year}"
        if self.type is PeriodType.SIXMONTHLY:
            return f"{'January–June' if self.index == 1 else 'July–December'} {self.year}"
        if self.type is PeriodType.QUARTERLY:
            return f"Q{self.index} {self.year}"
        return self.start_date.strftime("%B %Y")

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def parts(self, finer: PeriodType) -> list[Period]:
        """The periods of a finer type that make up this one."""
        if finer.months > self.type.months:
            raise ValueError(f"{finer.dhis2_name} is not finer than {self.type.dhis2_name}")
        return [Period(s, finer) for s in range(self.start, self.end + 1, finer.months)]

    def shift(self, steps: int) -> Period:
        return Period(self.start + steps * self.type.months, self.type)

    @property
    def previous(self) -> Period:
        return self.shift(-1)


def parse(value: str) -> Period:
    """A period from its DHIS2 id; ValueError if it is not one."""
    value = value.strip()
    for pattern, period_type in _PATTERNS:
        match = pattern.match(value)
        if match:
            year = int(match.group(1))
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValueError(f"{value!r} is outside {FIRST_YEAR}–{LAST_YEAR}")
            index = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 1
            return Period(year * 12 + (index - 1) * period_type.months, period_type)
    raise ValueError(f"not a period: {value!r}")


def of_date(day: date, period_type: PeriodType) -> Period:
    ordinal = month_ordinal(day.year, day.month)
    return Period(ordinal - ordinal % period_type.months, period_type)


def between(first: Period, last: Period, period_type: PeriodType | None = None) -> list[Period]:
    """Periods of one type from the one holding `first` to the one holding `last`."""
    period_type = period_type or first.type
    start = first.start - first.start % period_type.months
    return [Period(s, period_type) for s in range(start, last.end + 1, period_type.months)]


# DHIS2's relative periods, relative to a day (today by default).
RELATIVE_PERIODS: dict[str, tuple[PeriodType, int, int]] = {
    # name: (type, offset of the first period from the current one, how many)
    "THIS_MONTH": (PeriodType.MONTHLY, 0, 1),
    "LAST_MONTH": (PeriodType.MONTHLY, -1, 1),
    "LAST_3_MONTHS": (PeriodType.MONTHLY, -3, 3),
    "LAST_6_MONTHS": (PeriodType.MONTHLY, -6, 6),
    "LAST_12_MONTHS": (PeriodType.MONTHLY, -12, 12),
    "THIS_QUARTER": (PeriodType.QUARTERLY, 0, 1),
    "LAST_QUARTER": (PeriodType.QUARTERLY, -1, 1),
    "LAST_4_QUARTERS": (PeriodType.QUARTERLY, -4, 4),
    "THIS_SIX_MONTH": (PeriodType.SIXMONTHLY, 0, 1),
    "LAST_SIX_MONTH": (PeriodType.SIXMONTHLY, -1, 1),
    "LAST_2_SIXMONTHS": (PeriodType.SIXMONTHLY, -2, 2),
    "THIS_YEAR": (PeriodType.YEARLY, 0, 1),
    "LAST_YEAR": (PeriodType.YEARLY, -1, 1),
    "LAST_5_YEARS": (PeriodType.YEARLY, -5, 5),
    "LAST_10_YEARS": (PeriodType.YEARLY, -10, 10),
}
# The months, quarters of the current year.
_THIS_YEAR_PARTS = {
    "MONTHS_THIS_YEAR": PeriodType.MONTHLY,
    "QUARTERS_THIS_YEAR": PeriodType.QUARTERLY,
    "MONTHS_LAST_YEAR": PeriodType.MONTHLY,
    "QUARTERS_LAST_YEAR": PeriodType.QUARTERLY,
}


def is_relative(name: str) -> bool:
    return name in RELATIVE_PERIODS or name in _THIS_YEAR_PARTS


def relative(name: str, today: date | None = None) -> list[Period]:
    """The periods a DHIS2 relative period stands for, e.g. LAST_12_MONTHS."""
    today = today or date.today()
    if name in _THIS_YEAR_PARTS:
        year = of_date(today, PeriodType.YEARLY)
        if name.endswith("LAST_YEAR"):
            year = year.previous
        return year.parts(_THIS_YEAR_PARTS[name])
    if name not in RELATIVE_PERIODS:
        raise ValueError(f"unknown relative period: {name!r}")
    period_type, offset, count = RELATIVE_PERIODS[name]
    current = of_date(today, period_type)
    return [current.shift(offset + i) for i in range(count)]
