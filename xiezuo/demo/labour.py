"""The demo's labour registry: the seed's 5.59万 poor workers brought into jobs in Guangdong
(January 2017 to March 2018) as placements of synthetic people, not a typed figure.

Every person is synthetic and marked illustrative: a name drawn from common surnames and
given names, an identity number from `xiezuo.personal.identity.synthetic_identity`
(prefecture code 99, which no real division has, so it belongs to nobody), a home village
in one of the 33 poor counties, work in the Guangdong city paired with the worker's
prefecture. How many start in each county and month is `values.PLACED` spread as the
other demo figures are, so the figure's total is the seed's.

The rows are written in bulk, as the records' services would write them (the identity
number encrypted and hashed as `xiezuo.personal` does), then the placement figures are
counted once. Loading again changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from xiezuo.accounts.models import User
from xiezuo.indicators import sources
from xiezuo.labour.models import (
    Channel,
    Destination,
    Education,
    EmploymentSpell,
    Placement,
    PovertyStatus,
    Wish,
    Worker,
)
from xiezuo.personal.crypto import encrypt, lookup_hash
from xiezuo.personal.identity import Sex, synthetic_identity
from xiezuo.places.models import Place
from xiezuo.uids import generate_uid

from .ledger import _helper_of
from .values import PLACED, spread

SURNAMES = "黄韦李梁陆覃莫蒙农罗蓝潘杨吴陈刘"
GIVEN = [
    "秀英", "桂兰", "海燕", "丽萍", "春梅", "建华", "志强", "文军",
    "永福", "德明", "世荣", "振华", "美玲", "玉凤", "金花", "红梅",
]  # fmt: skip
NOTE = "示意：合成人员，仅用于演示"
EMPLOYER = "广东企业（示意）"


def _villages(counties: set[str]) -> dict[str, list[int]]:
    """The ids of each county's villages (the county itself where none is loaded)."""
    found: dict[str, list[int]] = {code: [] for code in counties}
    rows = Place.objects.filter(level=5, parent__parent__code__in=counties).order_by("code")
    for code, pk in rows.values_list("code", "pk"):
        found[code[:6]].append(pk)
    for code, pks in found.items():
        if not pks:
            pks.append(Place.objects.get(code=code).pk)
    return found


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Many rows at once: the demo's 5.59万 people are written in bulk (the model's own
    `bulk_create` spends most of its time building model instances)."""
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def load_labour(actor: User) -> int:
    """Record the demo's placements not there yet; how many were recorded."""
    cells = list(spread(PLACED))
    wanted = sum(value for _place, _period, value in cells)
    if Placement.objects.filter(illustrative=True, note=NOTE).count() >= wanted:
        return 0
    counties = {p.code: p for p in Place.objects.filter(code__in={c for c, _p, _v in cells})}
    helpers = _helper_of({code[:4] for code in counties})
    villages = _villages(set(counties))
    known = set(Worker.objects.filter(note=NOTE).values_list("identity_hash", flat=True))
    day = connection.ops.adapt_datefield_value
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    people: list[tuple[Any, ...]] = []
    jobs: dict[str, tuple[str, int, object, int]] = {}  # by identity hash
    i = 0
    for code, period, value in cells:
        homes, city = villages[code], helpers[code[:4]]
        for k in range(value):
            sex = Sex.MALE if i % 2 else Sex.FEMALE
            born = date(1968, 1, 1) + timedelta(days=(i * 37) % 12000)
            number = synthetic_identity(i % 50000, born, sex, code)
            digest = lookup_hash(number)
            i += 1
            if digest in known:
                continue
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
            people.append(
                (generate_uid(), name, encrypt(number), digest, str(sex), day(born), "",
                 homes[(i * 7) % len(homes)], PovertyStatus.POOR.value,
                 int(Education.JUNIOR), "", "", "", "", Wish.HELPER.value, NOTE, True,
                 actor.pk, now, now)
            )  # fmt: skip
            started = date(int(period[:4]), int(period[4:]), 1 + (k * 13) % 28)
            jobs[digest] = (code, counties[code].pk, day(started), city.pk)
    _insert(
        Worker._meta.db_table,
        ["uid", "name", "identity", "identity_hash", "sex", "birth_date", "ethnicity",
         "home_id", "poverty_status", "education", "skills", "certificates", "health_limits",
         "phone", "wish_destination", "note", "illustrative", "created_by_id", "created_at",
         "updated_at"],
        people,
    )  # fmt: skip
    ids = dict(
        Worker.objects.filter(identity_hash__in=list(jobs)).values_list("identity_hash", "pk")
    )
    _insert(
        EmploymentSpell._meta.db_table,
        ["worker_id", "employer_name", "place_of_work_id", "started_on", "channel"],
        [(ids[h], EMPLOYER, city, started, Channel.ORGANISED.value)
         for h, (_code, _county, started, city) in jobs.items()],
    )  # fmt: skip
    spells = dict(
        EmploymentSpell.objects.filter(worker__note=NOTE, placement__isnull=True).values_list(
            "worker_id", "pk"
        )
    )
    _insert(
        Placement._meta.db_table,
        ["uid", "worker_id", "spell_id", "channel", "started_on", "destination",
         "poverty_status", "county_id", "note", "illustrative", "created_by_id", "created_at"],
        [(generate_uid(), ids[h], spells[ids[h]], Channel.ORGANISED.value, started,
          Destination.HELPER.value, PovertyStatus.POOR.value, county, NOTE, True, actor.pk,
          now)
         for h, (_code, county, started, _city) in jobs.items()],
    )  # fmt: skip
    sources.sync("placements", places=list(counties), periods=None)
    return len(jobs)
