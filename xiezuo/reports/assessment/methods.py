"""Assessment methods as data: read, check, write, copy and load them.

A method travels as a plain dict (the shape of `method_files/*.json`, of the Excel
workbook and of what the editor changes): the method's fields, its `areas` → `items` →
`criteria`, its `grades` and its `groups`, each list in the method's order. Every way in
(the editor, a file, an Excel workbook) goes through `method_problems`, the one check, and
`method_save`, which writes the whole method or nothing.

A method some assessment has gone beyond the self-assessment with (submitted, verified,
published …) is locked: its totals and grades were computed under it, so it is copied,
not changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, ProtectedError
from django.utils.translation import gettext as _

from xiezuo.indicators.expressions import parse_expression
from xiezuo.indicators.models import DataElement, Indicator
from xiezuo.places.models import Level, Place

from .models import Area, Assessment, Criterion, Grade, Group, Item, Method, Rule, Status

METHOD_FILES = Path(__file__).resolve().parent / "method_files"
SHIPPED = ("2017.json", "2021.json")
METHOD_FIELDS = (
    "code",
    "name_zh",
    "name_en",
    "year_from",
    "year_to",
    "unit_level",
    "full_score",
    "illustrative",
    "source",
    "note",
)
PART_FIELDS = ("code", "label_zh", "label_en")
CRITERION_FIELDS = (
    *PART_FIELDS,
    "weight",
    "rule",
    "data",
    "target_data",
    "target_value",
    "cap",
    "thresholds",
    "evidence_required",
    "guidance",
)
_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")
Ref = tuple[Any, ...]  # ("method",), ("area", a), ("item", a, i), ("criterion", a, i, c) …


@dataclass(frozen=True)
class Problem:
    """What is wrong with a method: where (`ref`, into the method's dict, and `where`, as
    a reader names it), which field, and why."""

    ref: Ref
    field: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class MethodInvalid(ValidationError):
    """A method refused, with every problem found; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(p) for p in problems])


# --- reading


def method_list() -> list[Method]:
    return list(Method.objects.all())


def method_get(code: str) -> Method | None:
    return Method.objects.filter(code=code).first()


def method_tree(method: Method) -> Method:
    """The method with its areas, items, criteria, grades and groups (with their places)
    fetched in a fixed number of queries."""
    return (
        Method.objects.filter(pk=method.pk)
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=Area.objects.prefetch_related(
                    Prefetch(
                        "items",
                        queryset=Item.objects.prefetch_related(
                            Prefetch("criteria", queryset=Criterion.objects.order_by("sort_order"))
                        ).order_by("sort_order"),
                    )
                ).order_by("sort_order"),
            ),
            "grades",
            Prefetch(
                "groups",
                queryset=Group.objects.prefetch_related(
                    Prefetch("places", queryset=Place.objects.order_by("code"))
                ),
            ),
        )
        .get()
    )


def method_locked(method: Method) -> bool:
    """Whether an assessment has gone beyond its self-assessment under the method."""
    if method.pk is None:
        return False
    return Assessment.objects.filter(method=method).exclude(status=Status.DRAFT).exists()


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def method_dump(method: Method, *, ids: bool = False) -> dict[str, Any]:
    """The method as a dict (the file format); `ids`: each part keeps its row's id under
    "id", so that the editor's changes update rows rather than replace them."""
    tree = method_tree(method)

    def part(obj: Any) -> dict[str, Any]:
        found = {"id": obj.pk} if ids else {}
        return found | {f: getattr(obj, f) for f in PART_FIELDS}

    data: dict[str, Any] = {f: getattr(tree, f) for f in METHOD_FIELDS}
    data["full_score"] = _number(tree.full_score)
    data["areas"] = [
        part(area)
        | {
            "items": [
                part(item)
                | {
                    "criteria": [
                        part(c)
                        | {
                            "weight": _number(c.weight),
                            "rule": c.rule,
                            "data": c.data,
                            "target_data": c.target_data,
                            "target_value": _number(c.target_value),
                            "cap": _number(c.cap),
                            "thresholds": c.thresholds,
                            "evidence_required": c.evidence_required,
                            "guidance": c.guidance,
                        }
                        for c in item.criteria.all()
                    ]
                }
                for item in area.items.all()
            ]
        }
        for area in tree.areas.all()
    ]
    data["grades"] = [part(g) | {"min_score": _number(g.min_score)} for g in tree.grades.all()]
    data["groups"] = [
        part(g) | {"is_default": g.is_default, "places": [p.code for p in g.places.all()]}
        for g in tree.groups.all()
    ]
    return data


def method_weight_sums(method: Method) -> dict[str, Any]:
    """The weights summed per area and per item (by id), and in all."""
    areas: dict[int, Decimal] = {}
    items: dict[int, Decimal] = {}
    total = Decimal(0)
    for area in method.areas.all():
        areas[area.pk] = Decimal(0)
        for item in area.items.all():
            items[item.pk] = sum((c.weight for c in item.criteria.all()), Decimal(0))
            areas[area.pk] += items[item.pk]
        total += areas[area.pk]
    return {"areas": areas, "items": items, "total": total}


# --- checking


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    number = Decimal(str(value).replace(",", "").strip())
    if not number.is_finite():
        raise InvalidOperation
    return number


def _boolean(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "是", "x", "✓")
    return bool(value)


class _Catalogue:
    """The catalogue's data elements (with their options) and indicators, read once."""

    def __init__(self) -> None:
        self.options: dict[str, set[tuple[str, str]]] = {}
        for element in DataElement.objects.prefetch_related("dimensions__options"):
            self.options[element.code] = {
                (d.code, o.code) for d in element.dimensions.all() for o in d.options.all()
            }
        self.indicators = set(Indicator.objects.values_list("code", flat=True))

    def problem(self, text: str) -> str | None:
        """Why `text` is not an item the analytics can sum (None when it is)."""
        try:
            terms = parse_expression(text)
        except ValueError:
            terms = []
        if len(terms) != 1:
            return _(
                "“%(item)s” is not a data item: write a data element or indicator code, "
                "e.g. workers_placed[poverty=poor]."
            ) % {"item": text}
        term = terms[0]
        if term.element in self.indicators and not term.options:
            return None
        if term.element not in self.options:
            return _("“%(item)s” is not a data element or indicator of the catalogue.") % {
                "item": term.element
            }
        unknown = [f"{d}={o}" for d, o in term.options if (d, o) not in self.options[term.element]]
        if unknown:
            return _("%(element)s has no option %(options)s.") % {
                "element": term.element,
                "options": ", ".join(unknown),
            }
        return None


def thresholds_text(thresholds: list[Any]) -> str:
    """[[100, 1], [80, 0.8]] as “100:1; 80:0.8” (the Excel cell and the editor's field)."""
    return "; ".join(f"{level}:{share}" for level, share in thresholds)


def thresholds_parse(text: str) -> list[list[Any]]:
    """“100:1; 80:0.8” as [["100", "1"], ["80", "0.8"]] (checked by `method_problems`);
    ValueError when a part is not “level:share”."""
    pairs: list[list[Any]] = []
    for part in re.split(r"[;；\n]+", text or ""):
        if not part.strip():
            continue
        level, sep, share = part.replace("：", ":").partition(":")
        if not sep:
            raise ValueError(part)
        pairs.append([level.strip(), share.strip()])
    return pairs


def _label(part: dict[str, Any]) -> str:
    return str(part.get("label_zh") or part.get("code") or "?")


def method_problems(data: dict[str, Any]) -> list[Problem]:
    """Everything wrong with a method given as a dict; [] when it may be saved.

    Rules: codes present, well formed and unique among their siblings; labels present;
    the weights add up to the full score; each scoring rule has what it needs (`ratio`: a
    data item, a target item or number, a cap of at least 1; `thresholds`: a data item and
    levels strictly descending with shares between 0 and 1); every data item is in the
    catalogue; grades' lowest scores strictly descending, the last at 0; groups' places
    are places of the assessed level, each in one group, and at most one default group.
    """
    problems: list[Problem] = []
    catalogue = _Catalogue()

    def add(ref: Ref, field: str, where: str, message: str) -> None:
        problems.append(Problem(ref, field, where, message))

    def check_code(ref: Ref, where: str, part: dict[str, Any], seen: set[str]) -> None:
        code = str(part.get("code") or "").strip()
        if not code:
            add(ref, "code", where, _("the code is missing."))
        elif not _CODE.match(code) or len(code) > 40:
            add(
                ref,
                "code",
                where,
                _("the code “%(code)s” may have only letters, digits, - and _ (at most 40).")
                % {"code": code},
            )
        elif code in seen:
            add(ref, "code", where, _("the code “%(code)s” is used twice.") % {"code": code})
        seen.add(code)
        if not str(part.get("label_zh") or "").strip():
            add(ref, "label_zh", where, _("the Chinese label is missing."))

    def number(ref: Ref, field: str, where: str, value: Any, what: str) -> Decimal | None:
        try:
            return _decimal(value)
        except (InvalidOperation, ValueError):
            add(
                ref,
                field,
                where,
                _("%(what)s “%(value)s” is not a number.") % {"what": what, "value": value},
            )
            return None

    method_ref: Ref = ("method",)
    for field, what in (("code", _("the code")), ("name_zh", _("the Chinese name"))):
        if not str(data.get(field) or "").strip():
            add(method_ref, field, "", _("%(what)s of the method is missing.") % {"what": what})
    code = str(data.get("code") or "").strip()
    if code and (not _CODE.match(code) or len(code) > 40):
        add(
            method_ref,
            "code",
            "",
            _("the code “%(code)s” may have only letters, digits, - and _ (at most 40).")
            % {"code": code},
        )
    years: dict[str, int | None] = {}
    for field in ("year_from", "year_to"):
        value = data.get(field)
        try:
            years[field] = None if value in (None, "") else int(str(value))
        except ValueError:
            years[field] = None
            add(method_ref, field, "", _("“%(value)s” is not a year.") % {"value": value})
    if years.get("year_from") is None and "year_from" not in {p.field for p in problems}:
        add(method_ref, "year_from", "", _("the first year of the method is missing."))
    if years.get("year_from") and years.get("year_to") and years["year_to"] < years["year_from"]:  # type: ignore[operator]
        add(method_ref, "year_to", "", _("the last year is before the first year."))
    level = data.get("unit_level", Level.COUNTY)
    if str(level) not in {str(v) for v in Level.values}:
        add(
            method_ref,
            "unit_level",
            "",
            _("“%(value)s” is not a level of places.") % {"value": level},
        )
    full_score = number(
        method_ref, "full_score", "", data.get("full_score", 100), _("The full score")
    )
    if full_score is not None and full_score <= 0:
        add(method_ref, "full_score", "", _("the full score must be above zero."))

    total = Decimal(0)
    area_codes: set[str] = set()
    for a, area in enumerate(data.get("areas") or []):
        where = _label(area)
        check_code(("area", a), where, area, area_codes)
        item_codes: set[str] = set()
        for i, item in enumerate(area.get("items") or []):
            where_item = f"{where} › {_label(item)}"
            check_code(("item", a, i), where_item, item, item_codes)
            criterion_codes: set[str] = set()
            for c, criterion in enumerate(item.get("criteria") or []):
                ref: Ref = ("criterion", a, i, c)
                here = f"{where_item} › {_label(criterion)}"
                check_code(ref, here, criterion, criterion_codes)
                total += _criterion_problems(ref, here, criterion, catalogue, add, number)
    if full_score is not None and full_score > 0 and total != full_score:
        add(
            method_ref,
            "full_score",
            "",
            _("the weights add up to %(total)s, not to the full score %(full)s.")
            % {"total": _number(total), "full": _number(full_score)},
        )

    grade_codes: set[str] = set()
    previous: Decimal | None = None
    grades = data.get("grades") or []
    for g, grade in enumerate(grades):
        where = _("grade %(label)s") % {"label": _label(grade)}
        check_code(("grade", g), where, grade, grade_codes)
        lowest = number(
            ("grade", g), "min_score", where, grade.get("min_score"), _("The lowest score")
        )
        if lowest is None:
            if grade.get("min_score") in (None, ""):
                add(("grade", g), "min_score", where, _("the lowest score is missing."))
            continue
        if previous is not None and lowest >= previous:
            add(
                ("grade", g),
                "min_score",
                where,
                _("the lowest scores must go down strictly from the first grade to the last."),
            )
        if full_score is not None and lowest > full_score:
            add(("grade", g), "min_score", where, _("the lowest score is above the full score."))
        previous = lowest
    if grades and previous is not None and previous != 0:
        add(
            ("grade", len(grades) - 1),
            "min_score",
            _("grade %(label)s") % {"label": _label(grades[-1])},
            _("the last grade must start at 0, so that every total has a grade."),
        )

    group_codes: set[str] = set()
    defaults = 0
    listed: dict[str, str] = {}
    wanted = {str(code).strip() for g in data.get("groups") or [] for code in g.get("places") or []}
    known = dict(Place.objects.filter(code__in=wanted).values_list("code", "level"))
    for g, group in enumerate(data.get("groups") or []):
        where = _("group %(label)s") % {"label": _label(group)}
        check_code(("group", g), where, group, group_codes)
        codes = [str(code).strip() for code in group.get("places") or [] if str(code).strip()]
        if _boolean(group.get("is_default")):
            defaults += 1
            if codes:
                add(
                    ("group", g),
                    "places",
                    where,
                    _("the default group takes the units of no other group; it lists no places."),
                )
        for place_code in codes:
            if place_code not in known:
                add(
                    ("group", g),
                    "places",
                    where,
                    _("no place has the code “%(code)s”.") % {"code": place_code},
                )
            elif str(known[place_code]) != str(level) and str(level) in {
                str(v) for v in Level.values
            }:
                add(
                    ("group", g),
                    "places",
                    where,
                    _("%(code)s is not of the assessed units' level.") % {"code": place_code},
                )
            elif place_code in listed and listed[place_code] != where:
                add(
                    ("group", g),
                    "places",
                    where,
                    _("%(code)s is in %(other)s already.")
                    % {"code": place_code, "other": listed[place_code]},
                )
            listed.setdefault(place_code, where)
    if defaults > 1:
        add(("method",), "groups", "", _("only one group can take the others."))
    return problems


def _criterion_problems(
    ref: Ref,
    where: str,
    criterion: dict[str, Any],
    catalogue: _Catalogue,
    add: Callable[[Ref, str, str, str], None],
    number: Callable[[Ref, str, str, Any, str], Decimal | None],
) -> Decimal:
    """Add what is wrong with one criterion; answer its weight (0 when it has none)."""
    weight = number(ref, "weight", where, criterion.get("weight"), _("The weight"))
    if weight is None and criterion.get("weight") in (None, ""):
        add(ref, "weight", where, _("the weight is missing."))
    if weight is not None and weight < 0:
        add(ref, "weight", where, _("the weight cannot be below zero."))
    rule = str(criterion.get("rule") or "")
    if rule not in Rule.values:
        add(
            ref,
            "rule",
            where,
            _("“%(rule)s” is not a scoring rule (one of %(rules)s).")
            % {"rule": rule, "rules": ", ".join(Rule.values)},
        )
    for field in ("data", "target_data"):
        text = str(criterion.get(field) or "").strip()
        if text:
            why = catalogue.problem(text)
            if why:
                add(ref, field, where, why)
    target = number(ref, "target_value", where, criterion.get("target_value"), _("The target"))
    if target is not None and target <= 0:
        add(ref, "target_value", where, _("the target must be above zero."))
    needs_data = rule in (Rule.RATIO, Rule.THRESHOLDS)
    if needs_data and not str(criterion.get("data") or "").strip():
        add(ref, "data", where, _("this scoring rule needs a data item for the actual."))
    if rule == Rule.RATIO:
        if not str(criterion.get("target_data") or "").strip() and target is None:
            add(
                ref,
                "target_value",
                where,
                _("actual against target needs a target: a data item or a number."),
            )
        cap = number(ref, "cap", where, criterion.get("cap", 1), _("The cap"))
        if cap is not None and cap < 1:
            add(
                ref, "cap", where, _("the cap must be at least 1 (1: no credit beyond the target).")
            )
    if rule == Rule.THRESHOLDS:
        _thresholds_problems(ref, where, criterion.get("thresholds"), add)
    return weight if weight is not None and weight >= 0 else Decimal(0)


def _thresholds_problems(
    ref: Ref, where: str, thresholds: Any, add: Callable[[Ref, str, str, str], None]
) -> None:
    if isinstance(thresholds, str):
        try:
            thresholds = thresholds_parse(thresholds)
        except ValueError:
            add(
                ref,
                "thresholds",
                where,
                _("write the levels as “level:share; level:share”, e.g. 100:1; 80:0.6."),
            )
            return
    if not thresholds:
        add(ref, "thresholds", where, _("levels reached need at least one level."))
        return
    previous: Decimal | None = None
    for pair in thresholds:
        try:
            level, share = (_decimal(v) for v in pair)
            if level is None or share is None:
                raise InvalidOperation
        except (InvalidOperation, ValueError, TypeError):
            add(
                ref,
                "thresholds",
                where,
                _("“%(pair)s” is not a level and a share.") % {"pair": pair},
            )
            return
        if previous is not None and level >= previous:
            add(ref, "thresholds", where, _("the levels must go down strictly, the highest first."))
            return
        if not Decimal(0) <= share <= 1:
            add(
                ref,
                "thresholds",
                where,
                _("a share of the weight is between 0 and 1, not %(share)s.") % {"share": share},
            )
            return
        previous = level


# --- writing


def _clean_thresholds(value: Any) -> list[list[Any]]:
    pairs = thresholds_parse(value) if isinstance(value, str) else (value or [])
    return [[_number(_decimal(level)), _number(_decimal(share))] for level, share in pairs]


def _sync(
    model: Any, existing: list[Any], wanted: list[dict[str, Any]], **parent: Any
) -> list[Any]:
    """Update the rows kept (by id, else by code), create the new, delete the others; in
    the list's order. A row others still point at (a score) is not deleted: refused."""
    by_id = {obj.pk: obj for obj in existing}
    by_code = {obj.code: obj for obj in existing}
    kept: list[Any] = []
    for position, values in enumerate(wanted, start=1):
        obj = by_id.get(values.get("id")) or by_code.get(values["code"])
        if obj is None or obj in kept:
            obj = model(**parent)
        fields = {k: v for k, v in values.items() if k != "id" and not isinstance(v, list)}
        fields |= {k: v for k, v in values.items() if k == "thresholds"}
        for key, value in fields.items():
            setattr(obj, key, value)
        obj.sort_order = position
        kept.append(obj)
    for obj in existing:
        if obj not in kept:
            obj.delete()
    for obj in kept:
        obj.save()
    return kept


def _part(values: dict[str, Any]) -> dict[str, Any]:
    label_zh = str(values.get("label_zh") or "").strip()
    found = {
        "code": str(values["code"]).strip(),
        "label_zh": label_zh,
        "label_en": str(values.get("label_en") or "").strip() or label_zh,
    }
    return ({"id": values["id"]} if values.get("id") else {}) | found


def _write(method: Method, data: dict[str, Any]) -> None:
    method.code = str(data["code"]).strip()
    method.name_zh = str(data["name_zh"]).strip()
    method.name_en = str(data.get("name_en") or "").strip() or method.name_zh
    method.year_from = int(str(data["year_from"]))
    method.year_to = None if data.get("year_to") in (None, "") else int(str(data["year_to"]))
    method.unit_level = int(str(data.get("unit_level") or Level.COUNTY))
    method.full_score = _decimal(data.get("full_score", 100)) or Decimal(100)
    method.illustrative = _boolean(data.get("illustrative"))
    method.source = str(data.get("source") or "")
    method.note = str(data.get("note") or "")
    method.save()
    areas = _sync(
        Area, list(method.areas.all()), [_part(a) for a in data.get("areas") or []], method=method
    )
    for area, area_data in zip(areas, data.get("areas") or [], strict=True):
        items = _sync(
            Item,
            list(area.items.all()),
            [_part(i) for i in area_data.get("items") or []],
            area=area,
        )
        for item, item_data in zip(items, area_data.get("items") or [], strict=True):
            criteria = [
                _part(c)
                | {
                    "weight": _decimal(c.get("weight")) or Decimal(0),
                    "rule": c["rule"],
                    "data": str(c.get("data") or "").strip(),
                    "target_data": str(c.get("target_data") or "").strip(),
                    "target_value": _decimal(c.get("target_value")),
                    "cap": _decimal(c.get("cap")) or Decimal(1),
                    "thresholds": _clean_thresholds(c.get("thresholds")),
                    "evidence_required": _boolean(c.get("evidence_required")),
                    "guidance": str(c.get("guidance") or ""),
                }
                for c in item_data.get("criteria") or []
            ]
            _sync(Criterion, list(item.criteria.all()), criteria, item=item)
    grades = [_part(g) | {"min_score": _decimal(g["min_score"])} for g in data.get("grades") or []]
    _sync(Grade, list(method.grades.all()), grades, method=method)
    groups_data = data.get("groups") or []
    groups = _sync(
        Group,
        list(method.groups.all()),
        [_part(g) | {"is_default": _boolean(g.get("is_default"))} for g in groups_data],
        method=method,
    )
    wanted = {str(c).strip() for g in groups_data for c in g.get("places") or []}
    places = {p.code: p for p in Place.objects.filter(code__in=wanted)}
    for group, group_data in zip(groups, groups_data, strict=True):
        group.places.set(
            [places[str(c).strip()] for c in group_data.get("places") or [] if str(c).strip()]
        )


def _comparable(data: dict[str, Any]) -> str:
    """A method's dict as text, without ids, for telling whether anything changed."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return json.dumps(strip(data), sort_keys=True, default=str)


@transaction.atomic
def method_save(*, data: dict[str, Any], method: Method | None = None) -> Method:
    """Write a method from its dict, all of it or nothing: a new method when `method` is
    None (its code must be free), else `method` changed to match (a change refused when
    it is locked). MethodInvalid lists every problem."""
    return _save(data, method)[0]


def _save(data: dict[str, Any], method: Method | None) -> tuple[Method, bool]:
    """(the method, whether anything changed)."""
    problems = method_problems(data)
    code = str(data.get("code") or "").strip()
    others = Method.objects.filter(code=code)
    other = (others.exclude(pk=method.pk) if method is not None else others).first()
    if code and other is not None:
        problems.insert(
            0,
            Problem(
                ("method",),
                "code",
                "",
                _("another method has the code “%(code)s”.") % {"code": code},
            ),
        )
    if problems:
        raise MethodInvalid(problems)
    before = _comparable(method_dump(method)) if method is not None else None
    name = method.name_zh if method is not None else ""
    target = method or Method()
    try:
        _write(target, data)
    except ProtectedError as exc:
        raise MethodInvalid(
            [
                Problem(
                    ("method",),
                    "",
                    "",
                    _("%(part)s is used by assessments and cannot be removed.")
                    % {"part": next(iter(exc.protected_objects))},
                )
            ]
        ) from exc
    changed = before is None or _comparable(method_dump(target)) != before
    if changed and method is not None and method_locked(method):
        raise MethodInvalid(
            [
                Problem(
                    ("method",),
                    "",
                    "",
                    _(
                        "%(method)s has assessments submitted or published under it: "
                        "copy it to change it."
                    )
                    % {"method": name},
                )
            ]
        )
    return target, changed


@transaction.atomic
def method_load(*, data: dict[str, Any]) -> tuple[Method, str]:
    """Create or update a method by its code; (method, "created" | "updated" |
    "unchanged"). Loading the same file again changes nothing."""
    existing = method_get(str(data.get("code") or "").strip())
    if existing is None:
        return method_save(data=data), "created"
    method, changed = _save(data, existing)
    return method, "updated" if changed else "unchanged"


def method_file_load(path: Path | str) -> tuple[Method, str]:
    """Load a method file (JSON); ValueError when it cannot be read as one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(
            _("%(path)s cannot be read as a method file: %(why)s") % {"path": path, "why": exc}
        ) from exc
    if not isinstance(data, dict):
        raise ValueError(_("%(path)s is not a method (a JSON object).") % {"path": path})
    return method_load(data=data)


def shipped_methods_load() -> list[tuple[Method, str]]:
    """The shipped methods (2017, 2021), created or updated by code."""
    return [method_file_load(METHOD_FILES / name) for name in SHIPPED]


@transaction.atomic
def method_copy(
    *, method: Method, code: str, year_from: int, name_zh: str, name_en: str = ""
) -> Method:
    """A new method with the same areas, items, criteria, grades and groups."""
    data = method_dump(method) | {
        "code": code,
        "year_from": year_from,
        "year_to": None,
        "name_zh": name_zh,
        "name_en": name_en,
    }
    return method_save(data=data)


@transaction.atomic
def method_change(*, method: Method, change: Callable[[dict[str, Any]], None]) -> Method:
    """Apply the editor's `change` to the method's dict (with ids) and save it whole."""
    data = method_dump(method, ids=True)
    change(data)
    return method_save(data=data, method=method)
