"""DHIS2's query language for metadata lists: `fields=`, `filter=`, `order=` and paging.

Framework-free but for gettext (its messages are shown to API users). A
metadata object is a *record*: a dict whose values are scalars, nested
records, lists of them, or `Lazy` values computed only when a field or
filter asks for them. A nested record with an "id" is a
reference: named without sub-fields it renders as `{"id": …}`, as DHIS2 does.

- fields: `id,name,parent[id,name],children~size,!code,*,:all,:identifiable`
  (brackets or parentheses; transformers rename, size, isEmpty, isNotEmpty, pluck, each
  introduced by `~`, `|` or `::` as DHIS2's parser takes them: `children::size`);
- filter: `property:operator:value`, e.g. `level:eq:3`, `name:like:德`,
  `id:in:[a,b]`, `dataSetElements.dataSet.id:eq:X`, combined with AND
  (or OR with rootJunction=OR);
- times (`created`, `lastUpdated`) are datetimes in a record, written as DHIS2 writes them
  and compared as times: `lastUpdated:gt:2026-01-01`, `lastUpdated:ge:2026-12-06T01:02:03.000`;
- order: `name:asc`, `code:desc`, `displayName:iasc`;
- paging: page, pageSize (default 50), paging=false.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.dates import dhis2_timestamp
from xiezuo.numbers import whole_number

DEFAULT_LIST_FIELDS = "id,displayName"
DEFAULT_OBJECT_FIELDS = "*"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 10_000

PRESETS: dict[str, tuple[str, ...] | None] = {
    # None: every field of the object
    "all": None,
    "*": None,
    "owner": None,
    "persisted": None,
    "identifiable": ("id", "name", "code", "created", "lastUpdated"),
    "nameable": ("id", "name", "shortName", "code", "description", "created", "lastUpdated"),
}


class QueryError(ValueError):
    """A fields/filter/order/paging parameter DHIS2 would refuse (400 Bad Request)."""


class Lazy:
    """A record value computed on first use (and then kept)."""

    __slots__ = ("_compute", "_done", "_value")

    def __init__(self, compute: Callable[[], Any]):
        self._compute = compute
        self._done = False
        self._value: Any = None

    def get(self) -> Any:
        if not self._done:
            self._value = self._compute()
            self._done = True
        return self._value


def value_of(value: Any) -> Any:
    return value.get() if isinstance(value, Lazy) else value


# --- fields=


@dataclass
class Field:
    name: str
    sub: Spec | None = None
    transformers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def output_name(self) -> str:
        for name, argument in self.transformers:
            if name == "rename" and argument:
                return argument
        return self.name


@dataclass
class Spec:
    """A parsed `fields=` selection."""

    fields: list[Field] = field(default_factory=list)
    everything: bool = False
    presets: list[str] = field(default_factory=list)
    excluded: set[str] = field(default_factory=set)

    def select(self, available: Iterable[str]) -> list[Field]:
        """The fields to output for an object that has `available` fields, in order."""
        available = list(available)
        chosen: dict[str, Field] = {}
        if self.everything:
            for name in available:
                chosen[name] = Field(name)
        for preset in self.presets:
            names = PRESETS[preset]
            for name in available if names is None else names:
                chosen.setdefault(name, Field(name))
        for entry in self.fields:
            chosen[entry.name] = entry  # an explicit entry (with its sub-fields) wins
        return [f for name, f in chosen.items() if name not in self.excluded]

    def names(self, available: Iterable[str]) -> list[str]:
        return [f.name for f in self.select(available)]

    def sub_of(self, name: str) -> Spec | None:
        for entry in self.fields:
            if entry.name == name:
                return entry.sub
        return None


ID_ONLY = Spec(fields=[Field("id")])
EVERYTHING = Spec(everything=True)

# a transformer follows `~`, `|` or `::` (DHIS2's FieldFilterParser takes the three)
_FIELD = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"(?P<transformers>(?:(?:~|\||::)[A-Za-z]+(?:\([^()]*\))?)*)"
    r"\s*(?:[\[(](?P<sub>.*)[\])])?$",
    re.DOTALL,
)
_TRANSFORMER = re.compile(r"(?:~|\||::)([A-Za-z]+)(?:\(([^()]*)\))?")
TRANSFORMERS = {"rename", "size", "isEmpty", "isNotEmpty", "pluck"}


def _split_top_level(text: str) -> list[str]:
    """Split at commas that are not inside brackets or parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
            if depth < 0:
                raise QueryError(_("The brackets in fields “%s” do not match.") % text)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if depth != 0:
        raise QueryError(_("The brackets in fields “%s” do not match.") % text)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_fields(text: str | Sequence[str] | None, default: str = DEFAULT_LIST_FIELDS) -> Spec:
    """Parse one or more `fields=` values (several are joined, as DHIS2 does)."""
    if text is None or (not isinstance(text, str) and not any(t.strip() for t in text)):
        text = default
    if not isinstance(text, str):
        text = ",".join(t for t in text if t.strip())
    if not text.strip():
        text = default
    spec = Spec()
    for part in _split_top_level(text):
        if part in ("*", ":*"):
            spec.everything = True
        elif part.startswith(":") and not part.startswith("::"):
            preset = part[1:]
            if preset not in PRESETS:
                raise QueryError(_("“%s” is not a field preset.") % part)
            if PRESETS[preset] is None:
                spec.everything = True
            else:
                spec.presets.append(preset)
        elif part.startswith("!"):
            spec.excluded.add(part[1:].strip())
        else:
            match = _FIELD.match(part)
            if not match:
                raise QueryError(_("“%s” is not a field.") % part)
            transformers = [
                (name, argument or "")
                for name, argument in _TRANSFORMER.findall(match.group("transformers"))
            ]
            for name, _argument in transformers:
                if name not in TRANSFORMERS:
                    raise QueryError(_("“~%s” is not a field transformer.") % name)
            sub = match.group("sub")
            spec.fields = [f for f in spec.fields if f.name != match.group("name")]
            spec.fields.append(
                Field(
                    match.group("name"),
                    parse_fields(sub, default="id") if sub is not None else None,
                    transformers,
                )
            )
    return spec


def _is_reference(value: Any) -> bool:
    return isinstance(value, dict) and "id" in value


def render(record: dict[str, Any], spec: Spec) -> dict[str, Any]:
    """The record with only the selected fields, references cut to their id."""
    out: dict[str, Any] = {}
    for entry in spec.select(record.keys()):
        if entry.name not in record:
            continue
        sub = entry.sub
        for name, argument in entry.transformers:
            if name == "pluck" and sub is None:  # ~pluck(name): the names, not the ids
                sub = parse_fields(argument or "id")
        value = _render_value(value_of(record[entry.name]), sub)
        for name, argument in entry.transformers:
            if name == "pluck" and not argument and sub is not None and sub.fields:
                argument = sub.fields[0].name  # ~pluck[name]
            value = _transform(value, name, argument)
        out[entry.output_name] = value
    return out


def _render_value(value: Any, sub: Spec | None) -> Any:
    if isinstance(value, datetime):
        return dhis2_timestamp(value)
    if isinstance(value, list):
        return [_render_value(value_of(v), sub) for v in value]
    if isinstance(value, dict):
        if sub is None:
            return {"id": value["id"]} if _is_reference(value) else render(value, EVERYTHING)
        return render(value, sub)
    return value


def _transform(value: Any, name: str, argument: str) -> Any:
    if name == "size":
        return len(value) if isinstance(value, list | str | dict) else 0
    if name == "isEmpty":
        return not value
    if name == "isNotEmpty":
        return bool(value)
    if name == "pluck" and isinstance(value, list):
        key = argument or "id"
        return [v.get(key) if isinstance(v, dict) else v for v in value]
    return value


# --- filter=


NEGATABLE = {"eq", "like", "$like", "like$", "ilike", "$ilike", "ilike$", "in", "null", "token"}
OPERATORS = (
    {"eq", "ieq", "ne", "gt", "ge", "lt", "le", "empty", "!empty"}
    | NEGATABLE
    | {"!" + op for op in NEGATABLE}
)
NO_VALUE = {"null", "!null", "empty", "!empty"}


@dataclass(frozen=True)
class Filter:
    path: tuple[str, ...]
    operator: str
    value: str = ""

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def negated(self) -> bool:
        return self.operator.startswith("!") or self.operator == "ne"

    @property
    def positive(self) -> str:
        """The operator without its negation: !like -> like, ne -> eq."""
        if self.operator == "ne":
            return "eq"
        return self.operator.lstrip("!") if self.operator != "!empty" else "empty"

    @property
    def values(self) -> list[str]:
        """The values of an `in` filter: `[a,b,c]` (brackets optional)."""
        text = self.value.strip()
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1]
        return [v.strip() for v in text.split(",") if v.strip()]


def parse_filter(text: str) -> Filter:
    parts = text.split(":", 2)
    if len(parts) < 2 or not parts[0].strip():
        raise QueryError(_("A filter is property:operator:value, not “%s”.") % text)
    prop, operator = parts[0].strip(), parts[1].strip()
    if operator not in OPERATORS:
        raise QueryError(
            _("“%(operator)s” in the filter “%(filter)s” is not an operator.")
            % {"operator": operator, "filter": text}
        )
    value = parts[2] if len(parts) == 3 else ""
    if operator not in NO_VALUE and len(parts) < 3:
        raise QueryError(_("The filter “%s” needs a value.") % text)
    return Filter(tuple(prop.split(".")), operator, value)


def parse_filters(texts: Iterable[str]) -> list[Filter]:
    return [parse_filter(t) for t in texts if t.strip()]


def junction_of(text: str | None) -> str:
    junction = (text or "AND").upper()
    if junction not in ("AND", "OR"):
        raise QueryError(_("rootJunction is AND or OR, not “%s”.") % text)
    return junction


def _resolve(record: dict[str, Any], path: Sequence[str]) -> list[Any] | None:
    """The values at a dotted path, flattening collections on the way; None if no such path."""
    current: list[Any] = [record]
    for depth, name in enumerate(path):
        following: list[Any] = []
        found = saw_record = False
        for item in current:
            saw_record = saw_record or isinstance(item, dict)
            if isinstance(item, dict) and name in item:
                found = True
                value = value_of(item[name])
                last = depth == len(path) - 1
                if isinstance(value, list) and not last:
                    following.extend(value_of(v) for v in value)
                else:
                    following.append(value)
        if saw_record and not found:
            return None
        current = following
    return current


def _compare(actual: Any, operator: str, wanted: str) -> bool:
    """One non-negated operator on one value."""
    if operator == "null":
        return actual is None or actual == ""
    if operator == "empty":
        return isinstance(actual, list | str) and len(actual) == 0
    if actual is None:
        return False
    if isinstance(actual, list):  # a collection compared by size
        actual = len(actual)
    if isinstance(actual, datetime):
        return _compare_time(actual, operator, wanted)
    if isinstance(actual, bool):
        actual_text = "true" if actual else "false"
        if operator in ("eq", "ieq"):
            return actual_text == wanted.strip().lower()
        if operator == "in":
            return actual_text in [w.lower() for w in Filter((), "in", wanted).values]
        return False
    if isinstance(actual, int | float | Decimal):
        if operator == "in":
            return any(_number_equals(actual, w) for w in Filter((), "in", wanted).values)
        number = _number(wanted)
        return {
            "eq": actual == number,
            "ieq": actual == number,
            "gt": actual > number,
            "ge": actual >= number,
            "lt": actual < number,
            "le": actual <= number,
        }.get(operator, False)
    text = str(actual)
    if operator == "in":
        return text in Filter((), "in", wanted).values
    if operator == "token":
        return all(t in text.lower() for t in wanted.lower().split())
    return {
        "eq": text == wanted,
        "ieq": text.lower() == wanted.lower(),
        "like": wanted in text,
        "$like": text.startswith(wanted),
        "like$": text.endswith(wanted),
        "ilike": wanted.lower() in text.lower(),
        "$ilike": text.lower().startswith(wanted.lower()),
        "ilike$": text.lower().endswith(wanted.lower()),
        "gt": text > wanted,
        "ge": text >= wanted,
        "lt": text < wanted,
        "le": text <= wanted,
    }.get(operator, False)


def parse_time(text: str) -> datetime:
    """A time in a filter, as DHIS2 reads it: a date (its midnight) or a date and time,
    `2026-12-06T01:02:03.000`; without a zone it is the server's local time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise QueryError(
            _("“%s” is not a date or time (yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss.SSS).") % text
        ) from exc
    return to_millisecond(timezone.make_aware(moment) if timezone.is_naive(moment) else moment)


def to_millisecond(moment: datetime) -> datetime:
    """A time as DHIS2 keeps and shows it, to the millisecond: an object shown as updated at
    01:02:03.000 is not updated after `lastUpdated:gt:…01:02:03.000`."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _compare_time(actual: datetime, operator: str, wanted: str) -> bool:
    actual = to_millisecond(actual)
    if operator in ("like", "$like", "like$", "ilike", "$ilike", "ilike$", "token"):
        return _compare(dhis2_timestamp(actual), operator, wanted)  # as the text shown
    if operator == "in":
        return any(actual == parse_time(w) for w in Filter((), "in", wanted).values)
    moment = parse_time(wanted)
    return {
        "eq": actual == moment,
        "ieq": actual == moment,
        "gt": actual > moment,
        "ge": actual >= moment,
        "lt": actual < moment,
        "le": actual <= moment,
    }.get(operator, False)


def _number(text: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except ArithmeticError as exc:
        raise QueryError(_("“%s” is not a number.") % text) from exc


def _number_equals(actual: Any, text: str) -> bool:
    try:
        return bool(actual == Decimal(text.strip()))
    except ArithmeticError:
        return False


IDENTIFIABLE = ("id", "code", "name", "shortName")


def matches_one(record: dict[str, Any], flt: Filter) -> bool:
    if flt.path == ("identifiable",):
        texts = [str(value_of(record.get(k)) or "") for k in IDENTIFIABLE]
        found = all(any(t in text.lower() for text in texts) for t in flt.value.lower().split())
        return found != flt.negated
    values = _resolve(record, flt.path)
    if values is None:
        raise QueryError(_("“%s” is not a property that can be filtered on.") % flt.dotted)
    hit = any(_compare(v, flt.positive, flt.value) for v in values)
    if flt.positive in ("null", "empty") and not values:
        hit = True
    return hit != flt.negated


def matches(record: dict[str, Any], filters: Sequence[Filter], junction: str = "AND") -> bool:
    if not filters:
        return True
    results = (matches_one(record, f) for f in filters)
    return any(results) if junction == "OR" else all(results)


def search_filter(query: str | None) -> Filter | None:
    """DHIS2's `query=` parameter: a token search over id, code and name."""
    if not query or not query.strip():
        return None
    return Filter(("identifiable",), "token", query.strip())


# --- order=


@dataclass(frozen=True)
class Order:
    property: str
    descending: bool = False
    ignore_case: bool = False


def parse_order(texts: Iterable[str]) -> list[Order]:
    orders = []
    for text in texts:
        for part in text.split(","):
            if not part.strip():
                continue
            prop, _sep, direction = part.strip().partition(":")
            direction = direction.lower() or "asc"
            if direction not in ("asc", "desc", "iasc", "idesc"):
                raise QueryError(_("order is property:asc, desc, iasc or idesc, not “%s”.") % part)
            orders.append(Order(prop, direction.endswith("desc"), direction.startswith("i")))
    return orders


def sort_records(records: list[dict[str, Any]], orders: Sequence[Order]) -> list[dict[str, Any]]:
    for order in reversed(orders):

        def key(record: dict[str, Any], order: Order = order) -> tuple[bool, Any]:
            value = value_of(record.get(order.property))
            if isinstance(value, str) and order.ignore_case:
                value = value.lower()
            return (value is None, value if value is not None else "")

        records = sorted(records, key=key, reverse=order.descending)
    return records


# --- paging


@dataclass(frozen=True)
class Paging:
    enabled: bool = True
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def pager(self, total: int, next_url: str | None, prev_url: str | None) -> dict[str, Any]:
        pager: dict[str, Any] = {
            "page": self.page,
            "total": total,
            "pageSize": self.page_size,
            "pageCount": max(1, math.ceil(total / self.page_size)),
        }
        if prev_url and self.page > 1:
            pager["prevPage"] = prev_url
        if next_url and self.page < pager["pageCount"]:
            pager["nextPage"] = next_url
        return pager


MAX_PAGE = 1_000_000
# paging=false answers a whole list at once: with nested fields (or all fields) an object
# can be large, and 160 MB were answered for the place tree; past this many objects the
# client is asked to page
UNPAGED_NESTED_MAX = 5_000


def _positive_int(text: str | None, name: str, default: int, maximum: int | None = None) -> int:
    if text is None or text == "":
        return default
    try:
        number = whole_number(text)
    except ValueError as exc:
        raise QueryError(
            _("%(name)s must be a whole number, not “%(value)s”.") % {"name": name, "value": text}
        ) from exc
    if number < 1:
        raise QueryError(
            _("%(name)s must be 1 or more, not %(value)s.") % {"name": name, "value": number}
        )
    if maximum is not None and number > maximum:
        return maximum
    return number


def parse_paging(paging: str | None, page: str | None, page_size: str | None) -> Paging:
    enabled = (paging or "true").strip().lower() != "false"
    size = _positive_int(page_size, "pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    return Paging(enabled, _positive_int(page, "page", 1, MAX_PAGE), size)


def heavy(spec: Spec) -> bool:
    """Whether `fields=` asks for nested objects or for every field."""
    return (
        spec.everything
        or any(PRESETS[preset] is None for preset in spec.presets)
        or any(f.sub is not None for f in spec.fields)
    )


def check_unpaged(paging: Paging, spec: Spec, total: int) -> None:
    """Refuse paging=false with nested fields on a list longer than UNPAGED_NESTED_MAX."""
    if paging.enabled or total <= UNPAGED_NESTED_MAX or not heavy(spec):
        return
    raise QueryError(
        _(
            "paging=false with nested fields answers at most %(max)s objects, and this list "
            "has %(total)s: ask for it page by page (pageSize up to %(size)s), or for fewer fields."
        )
        % {"max": UNPAGED_NESTED_MAX, "total": total, "size": MAX_PAGE_SIZE}
    )
