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
from xiezuo.labour.dates import add_months
from xiezuo.labour.models import (
    Channel,
    Destination,
    Education,
    EmploymentSpell,
    FollowUp,
    JobFair,
    Placement,
    Posting,
    PovertyStatus,
    SchoolLeaver,
    Trainee,
    TrainingClass,
    TrainingKind,
    Wish,
    Worker,
)
from xiezuo.labour.services import match_rows_refresh
from xiezuo.occupations.models import Occupation
from xiezuo.personal.crypto import encrypt, lookup_hash
from xiezuo.personal.identity import Sex, synthetic_identity
from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid

from .ledger import _helper_of
from .values import (
    CLASSES,
    FAIRS,
    LEAVER_AGREEMENTS,
    LEAVER_POSTS,
    OUT_OF_POVERTY,
    PLACED,
    TRAINED,
    spread,
)

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
    """Record what of the demo's labour registry is not there yet: the placements, their
    follow-ups, the exits from poverty through a job, the postings; how many records."""
    return _load_placements(actor) + _load_follow_ups(actor) + _load_exits() + _load_postings(actor)


def _load_placements(actor: User) -> int:
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


def _fate(j: int) -> str:
    """How the j-th demo placement went: most lasted; one in twelve ended before 3 months,
    about one in ten between 3 and 6."""
    if j % 12 == 5:
        return "left_early"
    return "left_later" if j % 10 == 3 else "stayed"


def _load_follow_ups(actor: User) -> int:
    """The 3- and 6-month follow-ups of the demo placements, as they went (`_fate`): a job
    that ended shows as ended in the worker's history and as not in work at the check."""
    if FollowUp.objects.filter(placement__note=NOTE).exists():
        return 0
    day = connection.ops.adapt_datefield_value
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    checks: list[tuple[Any, ...]] = []
    ended: list[tuple[Any, ...]] = []
    rows = Placement.objects.filter(illustrative=True, note=NOTE).order_by("id")
    for j, (pk, spell, started) in enumerate(rows.values_list("id", "spell_id", "started_on")):
        fate, late = _fate(j), timedelta(days=j % 10)
        three, six = add_months(started, 3) + late, add_months(started, 6) + late
        checks.append((pk, 3, day(three), fate != "left_early", NOTE, actor.pk, now))
        if fate == "left_early":
            ended.append((day(started + timedelta(days=70)), spell))
            continue
        checks.append((pk, 6, day(six), fate == "stayed", NOTE, actor.pk, now))
        if fate == "left_later":
            ended.append((day(started + timedelta(days=120)), spell))
    _insert(
        FollowUp._meta.db_table,
        ["placement_id", "months", "checked_on", "employed", "note", "checked_by_id",
         "created_at"],
        checks,
    )  # fmt: skip
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(EmploymentSpell._meta.db_table)} SET {quote('ended_on')} = %s "
            f"WHERE {quote('id')} = %s",
            ended,
        )
    sources.sync("placements", places=list(set(PLACED.places)), periods=None)
    return len(checks)


def _load_exits() -> int:
    """The seed's 1.7万 people out of poverty through a job (`values.OUT_OF_POVERTY`): in
    each county and month, demo workers placed there that month who kept the job leave
    poverty on the 28th (every demo job starts by then)."""
    if Worker.objects.filter(note=NOTE, exit_placement__isnull=False).exists():
        return 0
    kept: dict[tuple[str, str], list[tuple[int, int]]] = {}
    rows = Placement.objects.filter(
        illustrative=True, note=NOTE, spell__ended_on__isnull=True,
        poverty_status=PovertyStatus.POOR,
    ).order_by("id")  # fmt: skip
    for pk, worker, code, started in rows.values_list(
        "id", "worker_id", "county__code", "started_on"
    ):
        kept.setdefault((code, f"{started:%Y%m}"), []).append((pk, worker))
    day = connection.ops.adapt_datefield_value
    exits: list[tuple[Any, ...]] = []
    for code, period, value in spread(OUT_OF_POVERTY):
        candidates = kept.get((code, period), [])
        if len(candidates) < value:
            raise AssertionError(f"{code} {period}: {value} exits, {len(candidates)} jobs kept")
        on = day(date(int(period[:4]), int(period[4:]), 28))
        exits.extend(
            (PovertyStatus.EXITED.value, on, placement, worker)
            for placement, worker in candidates[:value]
        )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Worker._meta.db_table)} SET {quote('poverty_status')} = %s, "
            f"{quote('exited_on')} = %s, {quote('exit_placement_id')} = %s "
            f"WHERE {quote('id')} = %s",
            exits,
        )
    sources.sync("placements", places=list(set(OUT_OF_POVERTY.places)), periods=None)
    return len(exits)


# occupations the demo's postings offer (CSCO 2022 unit groups)
POSTED = {
    "6-25-04-07": ("电子设备装接工", 4200, 6000),
    "6-05-01-03": ("缝纫工", 3800, 5500),
    "6-22-02-01": ("汽车装调工", 4500, 6500),
    "4-02-07-08": ("快递员", 4500, 7000),
    "4-03-02-05": ("餐厅服务员", 3500, 4500),
    "4-02-06-01": ("仓储管理员", 4000, 5200),
    "4-07-05-01": ("保安员", 3600, 4600),
    "6-18-04-01": ("模具工", 4800, 6800),
}


def _load_postings(actor: User) -> int:
    """The postings of the demo's (illustrative) Guangdong enterprises: for school leavers,
    offered to the poor counties when the seed counts them (`values.LEAVER_POSTS`, their
    openings), expired now; and a few open today, for the job board and the matching."""
    if Posting.objects.filter(illustrative=True, contact=NOTE).exists():
        return 0
    employers = list(
        Organisation.objects.filter(
            kind=Organisation.Kind.ENTERPRISE, side=Organisation.Side.HELPER, illustrative=True
        ).order_by("place__code", "name")
    )
    occupations = list(Occupation.objects.filter(code__in=POSTED).order_by("code"))
    counties = {p.code: p for p in Place.objects.filter(code__in=set(LEAVER_POSTS.places))}
    postings: list[Posting] = []

    def post(n: int, opens: date, closes: date, openings: int, **extra: Any) -> None:
        employer, occupation = employers[n % len(employers)], occupations[n % len(occupations)]
        _name, low, high = POSTED[occupation.code]
        postings.append(
            Posting(
                employer=employer,
                occupation=occupation,
                place_of_work=employer.place,
                openings=openings,
                wage_min=low,
                wage_max=high,
                hours="每天8小时，周休1天",
                meals=n % 2 == 0,
                housing=n % 3 != 2,
                age_min=16,
                age_max=45,
                education_min=Education.JUNIOR if n % 4 else Education.PRIMARY,
                contact=NOTE,
                valid_from=opens,
                valid_to=closes,
                illustrative=True,
                created_by=actor,
                **extra,
            )
        )

    for n, (code, period, value) in enumerate(spread(LEAVER_POSTS)):
        opens = _day_in(period, n, 5)
        title = f"{counties[code].name}两后生专项招聘（示意）"
        post(n, opens, opens + timedelta(days=60), value, offered_to=counties[code],
             for_school_leavers=True, title=title)  # fmt: skip
    today = timezone.localdate()
    for n in range(24):
        county = counties[LEAVER_POSTS.places[(n * 5) % len(LEAVER_POSTS.places)]]
        occupation = occupations[n % len(occupations)]
        post(n, today - timedelta(days=5 + n), today + timedelta(days=60 + n), 5 + (n * 7) % 40,
             offered_to=county, title=f"{POSTED[occupation.code][0]}（示意）")  # fmt: skip
    Posting.objects.bulk_create(postings)
    sources.sync("postings", places=list(counties), periods=None)
    return len(postings)


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
    match_rows_refresh(ids)  # the classes completed count in the matching
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
