"""Places as DHIS2 organisation units, fast on a whole country's 665,000 of them.

The id is the place's UID, the code its division code, the level 1–5, the
path the UIDs from the province down ("/uidProvince/uidPrefecture/uidCounty"),
computed from the code's ancestors (so `order=path` is the code's order: the tree
depth first, as DHIS2's, though siblings come by code and not by UID). A list's
filters become one SQL query, sliced to the page, and every field asked for a page
(path, parent, children, ancestors, leaf) costs one more query for the whole page,
never one a place.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from xiezuo.places import codes
from xiezuo.places.models import Place

from .fields import ID_ONLY, Filter, Order, QueryError, Spec, parse_time, render

FIELDS = (
    "id",
    "code",
    "created",
    "lastUpdated",
    "href",
    "name",
    "shortName",
    "displayName",
    "displayShortName",
    "level",
    "path",
    "leaf",
    "parent",
    "children",
    "ancestors",
)
_ROW = ("pk", "code", "uid", "name", "level", "parent_id", "created_at", "updated_at")


@dataclass(frozen=True)
class Row:
    pk: int
    code: str
    uid: str
    name: str
    level: int
    parent_id: int | None
    created_at: datetime
    updated_at: datetime


def rows_of(qs: QuerySet[Place]) -> list[Row]:
    return [Row(*values) for values in qs.values_list(*_ROW)]


def records(rows: Sequence[Row], spec: Spec, api: str = "") -> list[dict[str, Any]]:
    """Records of the places with the fields the spec selects (nested ones included);
    `href` is under `api`, the API's absolute base as the request used it."""
    selected = {f.name: f.sub for f in spec.select(FIELDS)}
    out: list[dict[str, Any]] = []
    for row in rows:
        record: dict[str, Any] = {
            "id": row.uid,
            "code": row.code,
            "created": row.created_at,
            "lastUpdated": row.updated_at,
            "href": f"{api}/organisationUnits/{row.uid}",
            "name": row.name,
            "shortName": row.name,
            "displayName": row.name,
            "displayShortName": row.name,
            "level": row.level,
        }
        out.append({k: v for k, v in record.items() if k in selected})
    if not rows:
        return out
    if "path" in selected:
        wanted = {c for row in rows for c in codes.ancestor_codes(row.code)}
        uid_of = dict(Place.objects.filter(code__in=wanted).values_list("code", "uid"))
        uid_of.update({row.code: row.uid for row in rows})
        for row, record in zip(rows, out, strict=True):
            chain = [*codes.ancestor_codes(row.code), row.code]
            record["path"] = "/" + "/".join(uid_of.get(c, "") for c in chain)
    if "leaf" in selected:
        inner = [row.pk for row in rows if row.level < max(codes.CODE_LENGTHS)]
        with_children = set(
            Place.objects.filter(parent_id__in=inner).values_list("parent_id", flat=True)
        )
        for row, record in zip(rows, out, strict=True):
            record["leaf"] = row.pk not in with_children
    if "parent" in selected:
        parent_ids = {row.parent_id for row in rows if row.parent_id}
        parents = rows_of(Place.objects.filter(pk__in=parent_ids))
        parent_records = records(parents, _nested(selected["parent"]), api)
        by_pk = dict(zip((r.pk for r in parents), parent_records, strict=True))
        for row, record in zip(rows, out, strict=True):
            record["parent"] = by_pk.get(row.parent_id) if row.parent_id else None
    if "children" in selected:
        children = rows_of(
            Place.objects.filter(parent_id__in=[row.pk for row in rows]).order_by("code")
        )
        grouped: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
        for child, child_record in zip(
            children, records(children, _nested(selected["children"]), api), strict=True
        ):
            grouped[child.parent_id].append(child_record)
        for row, record in zip(rows, out, strict=True):
            record["children"] = grouped.get(row.pk, [])
    if "ancestors" in selected:
        wanted = {c for row in rows for c in codes.ancestor_codes(row.code)}
        ancestors = rows_of(Place.objects.filter(code__in=wanted))
        by_code = dict(
            zip(
                (a.code for a in ancestors),
                records(ancestors, _nested(selected["ancestors"]), api),
                strict=True,
            )
        )
        for row, record in zip(rows, out, strict=True):
            record["ancestors"] = [
                by_code[c] for c in codes.ancestor_codes(row.code) if c in by_code
            ]
    return out


def _nested(sub: Spec | None) -> Spec:
    """A reference named without sub-fields needs only its id."""
    return sub if sub is not None else ID_ONLY


def rendered(rows: Sequence[Row], spec: Spec, api: str = "") -> list[dict[str, Any]]:
    return [render(record, spec) for record in records(rows, spec, api)]


def stream_json(qs: QuerySet[Place], spec: Spec, api: str = "", chunk: int = 2000) -> Iterator[str]:
    """`{"organisationUnits":[…]}` written chunk by chunk (paging=false on a big tree)."""
    yield '{"organisationUnits":['
    first = True
    iterator = qs.values_list(*_ROW).iterator(chunk_size=chunk)
    while True:
        batch = [Row(*values) for values in islice(iterator, chunk)]
        if not batch:
            break
        text = ",".join(json.dumps(r, ensure_ascii=False) for r in rendered(batch, spec, api))
        yield text if first else "," + text
        first = False
    yield "]}"


# --- filters, as SQL

_COLUMNS = {
    "id": "uid",
    "code": "code",
    "name": "name",
    "displayName": "name",
    "shortName": "name",
    "displayShortName": "name",
    "level": "level",
    "parent.id": "parent__uid",
    "parent.code": "parent__code",
    "parent.name": "parent__name",
    "parent.displayName": "parent__name",
    "parent.level": "parent__level",
}
_LOOKUPS = {
    "eq": "exact",
    "ieq": "iexact",
    "like": "contains",
    "$like": "startswith",
    "like$": "endswith",
    "ilike": "icontains",
    "$ilike": "istartswith",
    "ilike$": "iendswith",
    "gt": "gt",
    "ge": "gte",
    "lt": "lt",
    "le": "lte",
    "in": "in",
}
_INTEGER_COLUMNS = {"level", "parent__level"}
_TIME_COLUMNS = {"created": "created_at", "lastUpdated": "updated_at"}
_MILLISECOND = timedelta(milliseconds=1)


def _time_q(prop: str, operator: str, value: str) -> Q:
    """A time filter as DHIS2 compares its times, to the millisecond (a time stored with
    microseconds is compared as it is shown)."""
    column = _TIME_COLUMNS[prop]
    if operator == "null":
        return Q(**{f"{column}__isnull": True})
    if operator == "in":
        q = Q(pk__in=[])
        for one in Filter((), "in", value).values:
            q |= _time_q(prop, "eq", one)
        return q
    moment = parse_time(value)
    following = moment + _MILLISECOND
    bounds = {
        "eq": {"gte": moment, "lt": following},
        "ieq": {"gte": moment, "lt": following},
        "gt": {"gte": following},
        "ge": {"gte": moment},
        "lt": {"lt": moment},
        "le": {"lt": following},
    }.get(operator)
    if bounds is None:
        raise QueryError(
            _("The operator %(operator)s cannot be used on %(property)s.")
            % {"operator": operator, "property": prop}
        )
    return Q(**{f"{column}__{lookup}": bound for lookup, bound in bounds.items()})


def _subtree(uid_path: str, *, include_root: bool) -> Q:
    """Places under the last UID of a path ("/uidA/uidB" or "uidB")."""
    segments = [s for s in uid_path.split("/") if s.strip()]
    if not segments:
        return Q(pk__in=[])
    code = Place.objects.filter(uid=segments[-1].strip()).values_list("code", flat=True).first()
    if code is None or set(code) == {"9"}:
        return Q(pk__in=[])
    lo, hi = codes.subtree_range(code)
    q = Q(code__gte=lo, code__lt=hi)
    return q if include_root else q & ~Q(code=code)


def filter_q(flt: Filter) -> Q:
    """One DHIS2 filter as a Q over Place."""
    op = flt.positive
    if flt.path == ("identifiable",) or op == "token":
        q = Q()
        for token in flt.value.split():
            q &= Q(uid=token) | Q(code__icontains=token) | Q(name__icontains=token)
    elif flt.dotted in ("path", "ancestors.id"):
        if op not in ("eq", "like", "ilike", "$like", "$ilike"):
            raise QueryError(_("The operator %s cannot be used on path.") % flt.operator)
        if flt.dotted == "ancestors.id":
            q = _subtree(flt.value, include_root=False)
        elif op == "eq":
            segments = [s for s in flt.value.split("/") if s]
            q = Q(uid=segments[-1]) if segments else Q(pk__in=[])
        else:
            q = _subtree(flt.value, include_root=True)
    elif flt.dotted == "leaf":
        if op != "eq" or flt.value.lower() not in ("true", "false"):
            raise QueryError(_("leaf is filtered with leaf:eq:true or leaf:eq:false."))
        has_children = Exists(Place.objects.filter(parent_id=OuterRef("pk")))
        q = ~Q(has_children) if flt.value.lower() == "true" else Q(has_children)
    elif flt.dotted == "parent" and op == "null":
        q = Q(parent__isnull=True)
    elif flt.dotted in _TIME_COLUMNS:
        q = _time_q(flt.dotted, op, flt.value)
    else:
        column = _COLUMNS.get(flt.dotted)
        if column is None:
            raise QueryError(_("Organisation units cannot be filtered by %s.") % flt.dotted)
        if op == "null":
            q = Q(**{f"{column}__isnull": True})
        elif op in _LOOKUPS:
            value: Any = flt.values if op == "in" else flt.value
            if column in _INTEGER_COLUMNS:
                value = _integers(value)
            q = Q(**{f"{column}__{_LOOKUPS[op]}": value})
        else:
            raise QueryError(
                _("The operator %(operator)s cannot be used on %(property)s.")
                % {"operator": flt.operator, "property": flt.dotted}
            )
    return ~q if flt.negated else q


def _integers(value: str | list[str]) -> int | list[int]:
    try:
        return [int(v) for v in value] if isinstance(value, list) else int(value)
    except ValueError as exc:
        raise QueryError(_("“%s” is not a whole number.") % value) from exc


_ORDER_COLUMNS = {
    "id": "uid",
    "code": "code",
    "name": "name",
    "displayName": "name",
    "shortName": "name",
    "displayShortName": "name",
    "level": "level",
    "created": "created_at",
    "lastUpdated": "updated_at",
    # the path is the UIDs from the province down: the tree depth first, which the code's
    # order is too (siblings by code, where DHIS2 has them by UID)
    "path": "code",
}


def place_queryset(
    *,
    filters: Sequence[Filter] = (),
    junction: str = "AND",
    orders: Sequence[Order] = (),
    level: int | None = None,
    max_level: int | None = None,
    within_codes: Sequence[str] | None = None,
) -> QuerySet[Place]:
    qs = Place.objects.all()
    if filters:
        conditions = [filter_q(f) for f in filters]
        combined = conditions[0]
        for condition in conditions[1:]:
            combined = (combined | condition) if junction == "OR" else (combined & condition)
        qs = qs.filter(combined)
    if level is not None:
        qs = qs.filter(level=level)
    if max_level is not None:
        qs = qs.filter(level__lte=max_level)
    if within_codes is not None:
        qs = qs.filter(code__in=list(within_codes))
    ordering: list[Any] = []
    for order in orders:
        column = _ORDER_COLUMNS.get(order.property)
        if column is None:
            raise QueryError(_("Organisation units cannot be ordered by %s.") % order.property)
        expression: Any = Lower(column) if order.ignore_case and column == "name" else column
        if not isinstance(expression, str):
            ordering.append(expression.desc() if order.descending else expression.asc())
        else:
            ordering.append(f"-{expression}" if order.descending else expression)
    return qs.order_by(*ordering, "code")
