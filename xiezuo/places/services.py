"""Writes to the place registry: designations and organisations."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from xiezuo.importing import ImportRefused, RowError

from .models import Designation, Organisation, Place

DESIGNATION_COLUMNS = ["code", "kind", "year_designated", "year_exited"]
OPTIONAL_DESIGNATION_COLUMNS = ["source", "illustrative"]
FIRST_YEAR = 1949


@dataclass(frozen=True)
class DesignationImportResult:
    created: int
    updated: int
    unchanged: int


def _parse_year(value: str, *, required: bool) -> tuple[int | None, str | None]:
    value = value.strip()
    if not value:
        return None, (_("a year is required") if required else None)
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= date.today().year + 1:
        return None, _("“%(value)s” is not a year between %(first)s and %(last)s") % {
            "value": value,
            "first": FIRST_YEAR,
            "last": date.today().year + 1,
        }
    return int(value), None


def designations_import(*, file: IO[str]) -> DesignationImportResult:
    """Create or update designations from a CSV file; all rows or none.

    Columns: code, kind, year_designated, year_exited (empty while still
    designated), and optionally source and illustrative (1/0); a file without an
    optional column leaves what is recorded in it as it is.
    """
    reader = csv.DictReader(file)
    header = reader.fieldnames or []
    missing = [c for c in DESIGNATION_COLUMNS if c not in header]
    if missing:
        raise ImportRefused(
            [RowError(1, c, _("the column is missing from the header")) for c in missing]
        )
    rows = list(reader)
    errors: list[RowError] = []
    kinds = {k.value for k in Designation.Kind}
    codes_wanted = {(r.get("code") or "").strip() for r in rows}
    places = {p.code: p for p in Place.objects.filter(code__in=codes_wanted)}
    seen: dict[tuple[str, str], int] = {}
    parsed: list[tuple[Place, str, int, int | None, str, bool]] = []
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        kind = (row.get("kind") or "").strip()
        place = places.get(code)
        if place is None:
            errors.append(RowError(number, "code", _("no place has the code “%s”") % code))
        if kind not in kinds:
            errors.append(
                RowError(
                    number,
                    "kind",
                    _("“%(kind)s” is not a designation kind (one of: %(kinds)s)")
                    % {"kind": kind, "kinds": ", ".join(sorted(kinds))},
                )
            )
        elif place is not None:
            wanted_level = Designation.LEVEL_OF_KIND[Designation.Kind(kind)]
            if wanted_level is not None and place.level != wanted_level:
                errors.append(
                    RowError(
                        number,
                        "kind",
                        _("“%(kind)s” applies to places of level %(level)s, not to %(place)s")
                        % {"kind": kind, "level": wanted_level.label, "place": place},
                    )
                )
        designated, error = _parse_year(row.get("year_designated") or "", required=True)
        if error:
            errors.append(RowError(number, "year_designated", error))
        exited, error = _parse_year(row.get("year_exited") or "", required=False)
        if error:
            errors.append(RowError(number, "year_exited", error))
        elif designated is not None and exited is not None and exited < designated:
            errors.append(
                RowError(number, "year_exited", _("the year exited is before the year designated"))
            )
        key = (code, kind)
        if key in seen:
            errors.append(
                RowError(
                    number,
                    "code",
                    _("duplicate of row %(row)s (same code and kind)") % {"row": seen[key]},
                )
            )
        else:
            seen[key] = number
        illustrative = (row.get("illustrative") or "").strip().lower() in {"1", "true", "yes"}
        if place is not None and designated is not None and not errors:
            parsed.append(
                (place, kind, designated, exited, (row.get("source") or "").strip(), illustrative)
            )
    if errors:
        raise ImportRefused(errors)

    created = updated = unchanged = 0
    with transaction.atomic():
        current = {
            (d.place_id, d.kind): d
            for d in Designation.objects.filter(place__in=[p[0] for p in parsed])
        }
        for place, kind, designated, exited, source, illustrative in parsed:
            values: dict[str, object] = {"year_designated": designated, "year_exited": exited}
            if "source" in header:
                values["source"] = source
            if "illustrative" in header:
                values["illustrative"] = illustrative
            existing = current.get((place.pk, kind))
            if existing is None:
                Designation.objects.create(place=place, kind=kind, **values)
                created += 1
            elif any(getattr(existing, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(existing, k, v)
                existing.save()
                updated += 1
            else:
                unchanged += 1
    return DesignationImportResult(created=created, updated=updated, unchanged=unchanged)


def designations_import_text(*, text: str) -> DesignationImportResult:
    return designations_import(file=io.StringIO(text))


def _check_organisation(*, name: str, place: Place, exclude_pk: int | None = None) -> None:
    clash = Organisation.objects.filter(place=place, name=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("an organisation with this name already exists in %s") % place.name}
        )


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    place: Place,
    side: str,
    note: str = "",
    illustrative: bool = False,
) -> Organisation:
    name = name.strip()
    _check_organisation(name=name, place=place)
    organisation = Organisation(
        name=name, kind=kind, place=place, side=side, note=note, illustrative=illustrative
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, **changes: object) -> Organisation:
    allowed = {"name", "kind", "place", "side", "note"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    for key, value in changes.items():
        setattr(
            organisation, key, value.strip() if isinstance(value, str) and key == "name" else value
        )
    _check_organisation(
        name=organisation.name, place=organisation.place, exclude_pk=organisation.pk
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def _references(record: models.Model) -> list[str]:
    """What still refers to a record — "结对 2", "用户 1" — from any app, by any relation
    (foreign keys and many-to-many alike, with or without a reverse accessor)."""
    found = []
    for relation in record._meta.related_objects:
        model = relation.related_model
        count = model._default_manager.filter(**{relation.field.name: record}).count()
        if count:
            found.append(f"{model._meta.verbose_name_plural} {count}")
    return found


@transaction.atomic
def organisation_delete(*, organisation: Organisation) -> None:
    """Delete an organisation nothing refers to (pairings, work plans, data sets, users …):
    a record of another app is never lost or changed by it."""
    references = _references(organisation)
    if references:
        raise ValidationError(
            {
                "organisation": _(
                    "The organisation is still referred to (%(records)s); "
                    "end or change those records first."
                )
                % {"records": _(", ").join(references)}
            }
        )
    organisation.delete()
