"""The demo's talent exchange: the seed's 2017 secondments as records of synthetic people.

Guangdong sent 71 cadres and 162 professionals to the 33 poor counties in 2017; Guangxi
sent 92 cadres the other way, 33 of them from poor counties (the rest from the region's
own departments, counted at Guangxi). Each is a synthetic person (a name from common
surnames, no identity number or phone) marked illustrative, with one secondment that
started in 2017 and ended in 2019. Those sent to a county come from the Guangdong place
paired with it; those from a county go to its Guangdong partner. How many each county
sends or receives is spread as the other demo figures are (`values.spread`), so the
totals are the seed's.

The rows are written in bulk, as the services would write them, then the figures are
counted once. Each secondment carries its demo number in its note: loading again writes
nothing.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta

from xiezuo.accounts.models import User
from xiezuo.exchange.models import Category, Direction, Kind, Person, Secondment
from xiezuo.exchange.sources import is_poor, poor_in
from xiezuo.indicators import sources
from xiezuo.places.models import Place

from .values import POOR_COUNTIES, A, spread

SURNAMES = "陈黄李张刘梁林王吴郑韦覃莫"
GIVEN = [
    "建国", "志明", "文华", "海峰", "丽娟", "晓东", "伟民", "振宇",
    "春燕", "国强", "少华", "惠玲", "锦荣", "家豪", "雪梅", "卫东",
]  # fmt: skip
NOTE = "示意：合成人员，仅用于演示 #"
PROFESSIONS = [
    (Category.TEACHER, "中学教师", "县中学"),
    (Category.DOCTOR, "主治医师", "县人民医院"),
    (Category.AGRICULTURAL, "农艺师", "县农业农村局"),
    (Category.TECHNICIAN, "工程师", "县工业园区"),
    (Category.OTHER, "社会工作者", "县民政局"),
]
YEAR = 2017
PROVINCE_CADRES = 59  # Guangxi's own departments' cadres to Guangdong


def _helpers() -> dict[str, str]:
    """Each poor county's Guangdong partner (a place; a partner organisation's city)."""
    from .loader import DATA

    partners = {}
    with open(DATA / "pairings.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "county":
                partners[row["helped_place"]] = row["helper_place"] or "4403"
    return partners


def _batches() -> list[tuple[str, str, str, str, int]]:
    """(direction, category, origin, host, how many) of the seed's secondments."""
    helpers = _helpers()
    designations = poor_in(POOR_COUNTIES)
    still_poor = [c for c in POOR_COUNTIES if is_poor(designations.get(c), YEAR)]
    batches: list[tuple[str, str, str, str, int]] = []
    for county, _year, n in spread(A("exchange:cadres", 71, POOR_COUNTIES, str(YEAR))):
        batches.append((Direction.TO_HELPED, Category.CADRE, helpers[county], county, n))
    for county, _year, n in spread(A("exchange:professionals", 162, POOR_COUNTIES, str(YEAR))):
        batches.append((Direction.TO_HELPED, "professional", helpers[county], county, n))
    for county, _year, n in spread(A("exchange:poor_cadres", 33, still_poor, str(YEAR))):
        batches.append((Direction.TO_HELPER, Category.CADRE, county, helpers[county], n))
    batches.append((Direction.TO_HELPER, Category.CADRE, "45", "44", PROVINCE_CADRES))
    return batches


def load_exchange(actor: User) -> int:
    """Record the demo's secondments (and their people); returns how many were made."""
    known = set(
        Secondment.objects.filter(illustrative=True, note__startswith=NOTE).values_list(
            "note", flat=True
        )
    )
    batches = _batches()
    places = {
        p.code: p for p in Place.objects.filter(code__in={c for b in batches for c in (b[2], b[3])})
    }
    people: list[Person] = []
    secondments: list[Secondment] = []
    i = 0
    for direction, category, origin, host, n in batches:
        for _k in range(n):
            i += 1
            note = f"{NOTE}{i:04d}"
            if note in known:
                continue
            if category == "professional":
                category_, rank, where = PROFESSIONS[i % len(PROFESSIONS)]
                kind = Kind.PROFESSIONAL_SUPPORT
            else:
                category_, rank, where = Category.CADRE, "副处级", "县人民政府"
                kind = Kind.SECONDMENT
            start = date(YEAR, 1 + i % 9, 1 + i % 27)
            months = 24 if kind == Kind.SECONDMENT else 12
            planned_end = date(start.year + months // 12, start.month, start.day) - timedelta(1)
            person = Person(
                name=SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)],
                category=category_, rank=rank, home=places[origin], illustrative=True,
                created_by=actor,
            )  # fmt: skip
            people.append(person)
            post = f"{places[host].name}{where}挂职" if category_ == Category.CADRE else rank
            secondments.append(
                Secondment(
                    person=person,
                    direction=direction,
                    kind=kind,
                    category=category_,
                    origin=places[origin],
                    host=places[host],
                    post=post,
                    planned_start=start,
                    planned_end=planned_end,
                    started_on=start,
                    ended_on=planned_end,
                    note=note,
                    illustrative=True,
                    created_by=actor,
                )
            )
    if not secondments:
        return 0
    Person.objects.bulk_create(people)
    for secondment in secondments:
        secondment.person = secondment.person  # the person's id, now that it has one
    Secondment.objects.bulk_create(secondments)
    sources.sync("exchange")
    return len(people) + len(secondments)
