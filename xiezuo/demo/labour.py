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

`load_training` records the seed's job fairs, training classes (with their trainees,
synthetic workers too) and poor school leavers with job agreements the same way, from
`values.FAIRS`, `CLASSES`, `TRAINED` and `LEAVER_AGREEMENTS`.
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
    JobFair,
    Placement,
    PovertyStatus,
    SchoolLeaver,
    Trainee,
    TrainingClass,
    TrainingKind,
    Wish,
    Worker,
)
from xiezuo.labour.services import match_rows_refresh
from xiezuo.personal.crypto import encrypt, lookup_hash
from xiezuo.personal.identity import Sex, synthetic_identity
from xiezuo.places.models import Place
from xiezuo.uids import generate_uid

from .ledger import _helper_of
from .values import CLASSES, FAIRS, LEAVER_AGREEMENTS, PLACED, TRAINED, spread

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
    match_rows_refresh(ids.values())  # written without the services: what matching reads
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


# --- job fairs, training classes and school leavers

PROGRAMMES = ["电子技术应用", "汽车运用与维修", "计算机应用", "酒店服务与管理"]
KINDS = [TrainingKind.SKILLS, TrainingKind.SKILLS, TrainingKind.ENTREPRENEURSHIP,
         TrainingKind.SCHOOL_LEAVERS, TrainingKind.OTHER]  # fmt: skip


def _write_workers(
    actor: User, people: list[tuple[str, date, Sex, int, str]], *, start: int
) -> list[int]:
    """Synthetic workers (identity number, birth date, sex, home village, poverty status)
    written in bulk as `load_labour` writes them; their ids, in order."""
    day = connection.ops.adapt_datefield_value
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = []
    digests = []
    for i, (number, born, sex, home, status) in enumerate(people, start=start):
        digest = lookup_hash(number)
        digests.append(digest)
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
        rows.append(
            (generate_uid(), name, encrypt(number), digest, str(sex), day(born), "", home,
             status, int(Education.JUNIOR), "", "", "", "", Wish.HELPER.value, NOTE, True,
             actor.pk, now, now)
        )  # fmt: skip
    _insert(
        Worker._meta.db_table,
        ["uid", "name", "identity", "identity_hash", "sex", "birth_date", "ethnicity",
         "home_id", "poverty_status", "education", "skills", "certificates", "health_limits",
         "phone", "wish_destination", "note", "illustrative", "created_by_id", "created_at",
         "updated_at"],
        rows,
    )  # fmt: skip
    ids = dict(Worker.objects.filter(identity_hash__in=digests).values_list("identity_hash", "pk"))
    match_rows_refresh(ids.values())  # written without the services: what matching reads
    return [ids[d] for d in digests]


def _day_in(period: str, k: int, step: int) -> date:
    return date(int(period[:4]), int(period[4:]), 1 + (k * step) % 28)


def _load_fairs(actor: User, counties: dict[str, Place]) -> int:
    if JobFair.objects.filter(illustrative=True, note=NOTE).exists():
        return 0
    helpers = _helper_of({code[:4] for code in counties})
    fairs = [
        JobFair(
            name=f"{counties[code].name}{period[:4]}年{int(period[4:])}月扶贫劳务招聘会"
            + (f"（第{k + 1}场）" if value > 1 else ""),
            held_on=_day_in(period, k, 9),
            place=counties[code],
            organisers=f"{counties[code].name}人力资源和社会保障局、{helpers[code[:4]].name}",
            attendance=300 + (k * 97 + int(code[-2:]) * 13) % 900,
            agreements=20 + (k * 31 + int(code[-2:]) * 7) % 120,
            note=NOTE,
            illustrative=True,
            created_by=actor,
        )
        for code, period, value in spread(FAIRS)
        for k in range(value)
    ]
    JobFair.objects.bulk_create(fairs)
    sources.sync("job_fairs", places=list(counties), periods=None)
    return len(fairs)


def _load_classes(actor: User, counties: dict[str, Place]) -> int:
    """The classes, each ending in the month it counts in, and their trainees: synthetic
    workers of the county (in a class of their county ending that month where there is one,
    else in one of another county ending that month)."""
    if TrainingClass.objects.filter(illustrative=True, note=NOTE).exists():
        return 0
    classes: list[TrainingClass] = []
    for code, period, value in spread(CLASSES):
        for k in range(value):
            ends = _day_in(period, k, 7)
            classes.append(
                TrainingClass(
                    name=f"{counties[code].name}{period[:4]}年{int(period[4:])}月培训班"
                    + (f"（第{k + 1}期）" if value > 1 else ""),
                    kind=KINDS[(len(classes) * 3) % len(KINDS)],
                    provider=f"{counties[code].name}职业技能培训中心",
                    place=counties[code],
                    starts_on=ends - timedelta(days=14),
                    ends_on=ends,
                    note=NOTE,
                    illustrative=True,
                    created_by=actor,
                )
            )
    TrainingClass.objects.bulk_create(classes)
    by_month: dict[str, list[int]] = {}
    by_cell: dict[tuple[str, str], list[int]] = {}
    for c in TrainingClass.objects.filter(illustrative=True, note=NOTE).select_related("place"):
        period = f"{c.ends_on:%Y%m}"
        by_month.setdefault(period, []).append(c.pk)
        by_cell.setdefault((c.place.code, period), []).append(c.pk)
    villages = _villages(set(counties))
    people: list[tuple[str, date, Sex, int, str]] = []
    places: list[tuple[int, int, str]] = []  # class, county, status
    for allocation in TRAINED:
        status = allocation.disaggregation.split("=")[1]
        for code, period, value in spread(allocation):
            homes = villages[code]
            in_class = by_cell.get((code, period)) or by_month[period]
            for k in range(value):
                # born 1958–1967: never the dates load_labour gives (1968 onwards)
                i = len(people)
                sex = Sex.MALE if i % 2 else Sex.FEMALE
                born = date(1958, 1, 1) + timedelta(days=(i * 37) % 3650)
                number = synthetic_identity(i % 50000, born, sex, code)
                people.append((str(number), born, sex, homes[(i * 11) % len(homes)], status))
                places.append((in_class[k % len(in_class)], counties[code].pk, status))
    ids = _write_workers(actor, people, start=100_000)
    _insert(
        Trainee._meta.db_table,
        ["training_class_id", "worker_id", "completed", "certificate", "poverty_status",
         "county_id"],
        [(class_id, worker, True, "", status, county)
         for worker, (class_id, county, status) in zip(ids, places, strict=True)],
    )  # fmt: skip
    sources.sync("training", places=list(counties), periods=None)
    return len(classes) + len(ids)


def _load_school_leavers(actor: User, counties: dict[str, Place]) -> int:
    if SchoolLeaver.objects.filter(illustrative=True).exists():
        return 0
    helpers = _helper_of({code[:4] for code in counties})
    villages = _villages(set(counties))
    people: list[tuple[str, date, Sex, int, str]] = []
    signed: list[tuple[str, date]] = []
    for code, period, value in spread(LEAVER_AGREEMENTS):
        for k in range(value):
            # born 2001–2003: after every date load_labour gives (to November 2000)
            i = len(people)
            sex = Sex.MALE if i % 2 else Sex.FEMALE
            born = date(2001, 1, 1) + timedelta(days=(i * 37) % 1000)
            number = synthetic_identity(i % 50000, born, sex, code)
            people.append((str(number), born, sex, villages[code][(i * 5) % len(villages[code])],
                           PovertyStatus.POOR.value))  # fmt: skip
            signed.append((code, _day_in(period, k, 11)))
    ids = _write_workers(actor, people, start=200_000)
    SchoolLeaver.objects.bulk_create(
        SchoolLeaver(
            worker_id=worker, school=f"{counties[code].name}中等职业技术学校",
            programme=PROGRAMMES[n % len(PROGRAMMES)], enrolled_on=date(2016, 9, 1),
            expected_graduation=date(2019, 7, 1), employer_name=EMPLOYER, signed_on=on,
            place_of_work=helpers[code[:4]], poverty_status=PovertyStatus.POOR.value,
            county=counties[code], illustrative=True, created_by=actor,
        )
        for n, (worker, (code, on)) in enumerate(zip(ids, signed, strict=True))
    )  # fmt: skip
    sources.sync("school_leavers", places=list(counties), periods=None)
    return len(ids)


def load_training(actor: User) -> int:
    """Record the demo's job fairs, training classes with their trainees and school leavers
    with agreements not there yet (the seed's 135 fairs, 237 classes, 18,078 trained of whom
    14,062 poor, 949 poor school leavers); how many records were written."""
    counties = {p.code: p for p in Place.objects.filter(code__in=set(FAIRS.places))}
    return (
        _load_fairs(actor, counties)
        + _load_classes(actor, counties)
        + _load_school_leavers(actor, counties)
    )
