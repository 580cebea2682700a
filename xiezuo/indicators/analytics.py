"""Analytics straight from the stored values: no analytics tables, so a value
saved is in the next answer.

A query names items (data elements, optionally restricted to options —
`people_trained[poverty=poor]` — and indicators), periods, places and an
optional dimension to split by. Each data element is aggregated its own way:

- sum: the values in the period and the places' subtrees added up;
- average: the mean of those values;
- last: for each reporting place and disaggregation, its latest value in
  the period; those are then added across places (a stock, like the
  number of enterprises in a zone, is not added across time).

A query may impose one way on every element instead (`aggregation`), or a
count, minimum or maximum of the values, and may keep only the values that
meet conditions (`value_criteria`) before aggregating.

Places are selected by division-code range and grouped by code prefix;
periods are rolled up by integer division of month ordinals, in SQL.

Sums, averages and counts read the value summary (`ValueSummary`: the values
added up by province, prefecture and county code prefix, kept by triggers in
the transaction of every write) where it gives the same answer as the raw
rows (`Engine._summary_level`), the raw rows otherwise.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import F, Q, QuerySet

from xiezuo.periods import Period, PeriodType
from xiezuo.places import codes
from xiezuo.places.models import Place

from . import expressions
from .models import (
    Aggregation,
    Approval,
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    Target,
    ValueSummary,
    provinces_named,
)
from .sources import DERIVED

TOTAL = None  # the option of a cell that is not split
Split = str | tuple[str, ...] | None


class Cell(NamedTuple):
    """A figure's coordinates. A named tuple: a large answer has tens of thousands."""

    item: str
    period: str | None  # None when the periods are a filter
    place: str | None  # None when the places are a filter
    option: str | None = TOTAL


Key = tuple[str | None, str | None, str | None]  # (period key, place key, option)
_ZERO = Decimal(0)


class _Accs:
    """Partial aggregates by answer key, that merge: sums and counts, and the smallest and
    largest value where values are added one by one. Dicts, not an object per key: a large
    answer has tens of thousands of keys."""

    def __init__(self) -> None:
        self.totals: dict[Key, Decimal] = {}
        self.counts: dict[Key, int] = {}
        self.lows: dict[Key, Decimal] = {}
        self.highs: dict[Key, Decimal] = {}

    def add_sums(self, keyed: Iterable[tuple[Key, Decimal, int]]) -> None:
        """Add (key, sum, count) of a group of values each: a grouped SQL sum's rows."""
        totals, counts = self.totals, self.counts
        get_total, get_count = totals.get, counts.get
        for key, total, count in keyed:
            totals[key] = get_total(key, _ZERO) + total
            counts[key] = get_count(key, 0) + count

    def add_one(self, key: Key, value: Decimal) -> None:
        """Add one stored value."""
        self.counts[key] = self.counts.get(key, 0) + 1
        self.totals[key] = self.totals.get(key, _ZERO) + value
        self.lows[key] = min(self.lows.get(key, value), value)
        self.highs[key] = max(self.highs.get(key, value), value)

    def values(self, aggregation: str) -> dict[Key, Decimal]:
        """The figure of each key under `aggregation`."""
        if aggregation == Aggregation.AVERAGE:
            counts = self.counts
            return {key: total / counts[key] for key, total in self.totals.items()}
        if aggregation == "count":
            return {key: Decimal(count) for key, count in self.counts.items()}
        if aggregation in ("min", "max"):
            return self.lows if aggregation == "min" else self.highs
        return self.totals


@dataclass(frozen=True)
class Query:
    items: Sequence[str]
    periods: Sequence[Period]
    places: Sequence[Place]
    level: int | None = None  # group by places of this level under each place
    # a dimension code; or several, the cells' options then keys of their pairs
    # ("poverty=poor;sex=female", "" for values without them)
    split: Split = None
    periods_as_filter: bool = False
    places_as_filter: bool = False
    # named groups of places whose values count together, e.g. the helped
    # places of a pairing: ("pairing:UID", [places]); answered beside `places`
    groups: Sequence[tuple[str, Sequence[Place]]] = ()
    approved_only: bool = False
    # Where unapproved reported values count: None everywhere (administrators, the
    # engine's own checks); else the division codes whose subtrees they count in, and
    # outside them a reported value counts only once approved. Derived values (a
    # registry's, open to all) always count. Ask `policy.unapproved_scope(user)`.
    unapproved_within: tuple[str, ...] | None = None
    # with `approved_only`: count only approvals at places of this level or above
    approval_level: int | None = None
    # how every data element is aggregated, overriding its own way: one of AGGREGATIONS
    aggregation: str | None = None
    # conditions on each stored value before aggregation: (operator, number), e.g. ("GE", 10)
    value_criteria: Sequence[tuple[str, Decimal]] = ()


# the aggregations a query may impose on every data element: the elements' own
# ways, and a count, minimum and maximum of the values
AGGREGATIONS = (*Aggregation.values, "count", "min", "max")
_SQL_OPERATORS = {"EQ": "=", "GT": ">", "GE": ">=", "LT": "<", "LE": "<="}


@dataclass
class Result:
    values: dict[Cell, Decimal] = field(default_factory=dict)
    targets: dict[Cell, Decimal] = field(default_factory=dict)
    place_names: dict[str, str] = field(default_factory=dict)
    # how many unapproved values outside `unapproved_within` were left out
    hidden: int = 0
    # an indicator's cells: (numerator, denominator, factor)
    fractions: dict[Cell, tuple[Decimal, Decimal, Decimal]] = field(default_factory=dict)

    def target(
        self, item: str, period: str | None = None, place: str | None = None
    ) -> Decimal | None:
        return self.targets.get(Cell(item, period, place))

    def get(
        self,
        item: str,
        period: str | None = None,
        place: str | None = None,
        option: str | None = None,
    ) -> Decimal | None:
        return self.values.get(Cell(item, period, place, option))


_STORED = Decimal("0.0001")  # the stored precision of a value


def _decimal(value: object) -> Decimal:
    """A database sum as a Decimal of the stored precision (SQLite sums as an int or a float)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value).quantize(_STORED)
    return Decimal(str(value)).quantize(_STORED)


# the place code prefix lengths the value summary is kept at: province, prefecture, county
SUMMARY_LEVELS = (2, 4, 6)


def provinces_sql(roots: Sequence[str]) -> tuple[str, list[str]]:
    """("AND province IN (…) ", the provinces) for the subtrees of these codes, or ("", [])
    past PROVINCES_NAMED_UP_TO (models.provinces_named)."""
    provinces = provinces_named(roots)
    if provinces is None:
        return "", []
    return f"AND province IN ({', '.join(['%s'] * len(provinces))}) ", provinces


class Engine:
    # False: every sum from the raw values (the tests compare both ways)
    use_summary = True

    def __init__(self, query: Query):
        if query.aggregation is not None and query.aggregation not in AGGREGATIONS:
            raise ValueError(f"unknown aggregation: {query.aggregation}")
        self.query = query
        # only the indicators and data elements the query names, directly or through an
        # indicator's expressions: not the whole catalogue on every request
        self.indicators = {i.code: i for i in Indicator.objects.filter(code__in=query.items)}
        texts = [item for item in query.items if item not in self.indicators]
        for indicator in self.indicators.values():
            texts += [indicator.numerator, indicator.denominator]
        named: set[str] = set()
        for text in texts:
            if not expressions.is_constant(text):
                with contextlib.suppress(ValueError):  # a bad expression is refused by run()
                    named |= {term.element for term in expressions.parse_expression(text)}
        self.elements = {e.code: e for e in DataElement.objects.filter(code__in=named)}
        # element id -> approved place code -> the (first, last) months approved there
        self._approvals: dict[int, dict[str, list[tuple[int, int]]]] | None = None
        self.hidden = 0

    # --- places
    def _place_groups(self) -> list[tuple[Place, int | None, str]]:
        """(root, length of the grouping code prefix or None, the key of the root's answers)."""
        groups: list[tuple[Place, int | None, str]] = []
        for root in self.query.places:
            if self.query.level is not None and self.query.level > root.level:
                groups.append((root, codes.CODE_LENGTHS[self.query.level], root.code))
            else:
                groups.append((root, None, root.code))
        for key, places in self.query.groups:
            groups += [(place, None, key) for place in places]
        return groups

    def _place_key(self, key: str, prefix: str | None) -> str | None:
        if self.query.places_as_filter:
            return None
        return prefix if prefix is not None else key

    def _period_key(self, period: Period) -> str | None:
        return None if self.query.periods_as_filter else period.id

    # --- approval
    def _approved(self, element: DataElement, place_code: str, start: int, end: int) -> bool:
        """Whether an approved report of a data set holding `element` covers the value: at
        its place or above, for a period containing the value's."""
        if self._approvals is None:
            from xiezuo import periods as period_module

            element_sets: dict[int, set[int]] = defaultdict(set)
            for data_set in DataSet.objects.prefetch_related("data_elements"):
                for e in data_set.data_elements.all():
                    element_sets[data_set.pk].add(e.pk)
            approvals: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(
                lambda: defaultdict(list)
            )
            for data_set_id, code, period_id in Approval.objects.filter(
                state=Approval.State.APPROVED
            ).values_list("data_set_id", "place__code", "period"):
                p = period_module.parse(period_id)
                for element_id in element_sets[data_set_id]:
                    approvals[element_id][code].append((p.start, p.end))
            self._approvals = approvals
        by_code = self._approvals.get(element.pk)
        if not by_code:
            return False
        highest = self.query.approval_level
        for level, length in codes.CODE_LENGTHS.items():
            if length > len(place_code) or (highest is not None and level > highest):
                break
            for first, last in by_code.get(place_code[:length], ()):
                if first <= start and end <= last:
                    return True
        return False

    def _counts(
        self, element: DataElement, place_code: str, source: str, start: int, end: int
    ) -> bool:
        """Whether a stored value counts in this answer (approved-only, or the reader's scope)."""
        if self.query.approved_only and not self._approved(element, place_code, start, end):
            return False
        within = self.query.unapproved_within
        if (
            within is None
            or source.startswith(DERIVED)
            or any(place_code.startswith(code) for code in within)
            or self._approved(element, place_code, start, end)
        ):
            return True
        self.hidden += 1
        return False

    def _outside_q(self) -> Q:
        """The reported values the reader may see only once approved (outside his scope)."""
        within = self.query.unapproved_within or ()
        inside = Q(source__startswith=DERIVED)
        for code in within:
            lo, hi = codes.subtree_range(code)
            inside |= Q(place_code__gte=lo, place_code__lt=hi)
        return ~inside

    # --- data elements
    def _aggregation(self, element: DataElement) -> str:
        return self.query.aggregation or element.aggregation

    def _criteria_sql(self) -> tuple[str, list[Decimal]]:
        sql = "".join(f"AND value {_SQL_OPERATORS[op]} %s " for op, _n in self.query.value_criteria)
        return sql, [number for _op, number in self.query.value_criteria]

    def _criteria_q(self) -> Q:
        lookups = {"EQ": "exact", "GT": "gt", "GE": "gte", "LT": "lt", "LE": "lte"}
        q = Q()
        for op, number in self.query.value_criteria:
            q &= Q(**{f"value__{lookups[op]}": number})
        return q

    def element_values(
        self, element: DataElement, wanted: dict[str, str], split: Split
    ) -> dict[Key, Decimal]:
        """(period key, place key, option) -> value for one data element."""
        accs = _Accs()
        by_type: dict[PeriodType, list[Period]] = defaultdict(list)
        for period in self.query.periods:
            by_type[period.type].append(period)
        aggregation = self._aggregation(element)
        if aggregation in (Aggregation.SUM, Aggregation.AVERAGE, "count") and not (
            self.query.approved_only
        ):
            for batch in self._root_batches():
                for period_type, type_periods in by_type.items():
                    self._summed(element, batch, period_type, type_periods, wanted, split, accs)
            if self.query.unapproved_within is not None:
                # what the sums above left out: reported values outside the reader's
                # scope, each counted when approved
                self._leaves(element, by_type, wanted, split, accs, self._outside_q())
        else:
            self._leaves(element, by_type, wanted, split, accs, Q())
        return accs.values(aggregation)

    def _leaves(
        self,
        element: DataElement,
        by_type: dict[PeriodType, list[Period]],
        wanted: dict[str, str],
        split: Split,
        accs: _Accs,
        condition: Q,
    ) -> None:
        """Aggregate the values that `condition` selects one by one, root by root."""
        for root, prefix_len, group_key in self._place_groups():
            lo, hi = codes.subtree_range(root.code)
            base = DataValue.objects.filter(
                condition,
                self._criteria_q(),
                data_element=element,
                province=root.code[:2],
                place_code__gte=lo,
                place_code__lt=hi,
                value__isnull=False,
            )
            for period_type, type_periods in by_type.items():
                months = period_type.months
                buckets = {p.start // months: p for p in type_periods}
                qs = base.annotate(b=F("start_month") / months, e=F("end_month") / months).filter(
                    b=F("e"),
                    b__in=list(buckets),
                    start_month__gte=min(p.start for p in type_periods),
                    start_month__lte=max(p.end for p in type_periods),
                )
                self._leaf_rows(element, qs, buckets, group_key, prefix_len, wanted, split, accs)

    def _root_batches(self) -> list[list[tuple[Place, int | None, str]]]:
        """The place groups, those of one level and grouping answered by one SQL statement.

        Many roots of one level (the country's 31 provinces) cost one scan of
        their code span grouped by code prefix, rather than one statement each.
        """
        batches: dict[tuple[int, int | None], list[tuple[Place, int | None, str]]] = defaultdict(
            list
        )
        singles: list[list[tuple[Place, int | None, str]]] = []
        for entry in self._place_groups():
            root, prefix_len, group_key = entry
            if group_key == root.code:
                batches[(root.level, prefix_len)].append(entry)
            else:
                singles.append([entry])  # a named group: its roots each on their own
        result = singles
        for entries in batches.values():
            if len(entries) > 3:
                result.append(entries)
            else:
                result += [[entry] for entry in entries]
        return result

    def _summary_level(self, prefix_len: int) -> int | None:
        """The prefix length of the value summary that answers a sum grouped by place code
        prefixes of `prefix_len` digits (or by roots of that length) exactly as the raw
        values would, or None: then the raw values.

        A level L does when the query keeps all values (no `value_criteria`, which the
        summary cannot apply), when L >= prefix_len (each summary row lies in one group),
        and when L is at least as long as every code of `unapproved_within` (each row lies
        wholly inside or outside the reader's scope). The shortest such L has the fewest
        rows to add up.
        """
        if not self.use_summary or self.query.value_criteria:
            return None
        longest = max([prefix_len, *(len(code) for code in self.query.unapproved_within or ())])
        return next((level for level in SUMMARY_LEVELS if level >= longest), None)

    def _summed(
        self,
        element: DataElement,
        batch: list[tuple[Place, int | None, str]],
        period_type: PeriodType,
        type_periods: list[Period],
        wanted: dict[str, str],
        split: Split,
        accs: _Accs,
    ) -> None:
        """Sums and counts by period bucket and place prefix, in one SQL statement."""
        months = period_type.months
        period_keys = {p.start // months: self._period_key(p) for p in type_periods}
        root_length = len(batch[0][0].code)
        prefix_len = batch[0][1] or root_length
        spans = [codes.subtree_range(root.code) for root, _, _ in batch]
        lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
        group_keys = {root.code: group_key for root, _, group_key in batch}
        by_option = bool(wanted) or split is not None
        level = self._summary_level(prefix_len)
        # the summary: its rows of one prefix length, the codes their prefixes, the sums
        # of their units and counts (rows emptied by deletes count 0, and are left out);
        # else the values themselves
        code = "place_code" if level is None else "place_prefix"
        visible, visible_params = "", []
        if self.query.unapproved_within is not None:
            # only what the reader sees whether approved or not: derived values and his
            # scope's; the rest is counted value by value (`_leaves`)
            inside = ["source LIKE %s" if level is None else "derived"]
            visible_params = [DERIVED + "%"] if level is None else []
            for within in self.query.unapproved_within:
                inside.append(f"({code} >= %s AND {code} < %s)")
                visible_params += list(codes.subtree_range(within))
            visible = f"AND ({' OR '.join(inside)}) "
        criteria, criteria_params = self._criteria_sql()
        provinces, province_params = provinces_sql([root.code for root, _, _ in batch])
        if level is None:
            table = DataValue._meta.db_table
            sums, kept, having = "SUM(value), COUNT(*)", "AND value IS NOT NULL ", ""
        else:
            table = ValueSummary._meta.db_table
            # the count an int (PostgreSQL sums a bigint as a numeric, a Decimal in Python)
            sums = "SUM(total_units), CAST(SUM(value_count) AS BIGINT)"
            kept = f"AND prefix_len = {level} "
            having = "HAVING SUM(value_count) > 0"
        # plain columns where they are the groups already (months; codes no longer than the
        # prefixes asked): SQLite then groups in the index's order, without a sort.
        # The rows come ordered by period and place, as the answer lists them.
        bucket_sql, end_sql = "start_month", "end_month"
        if months > 1:
            bucket_sql, end_sql = f"start_month / {months}", f"end_month / {months}"
        longest = level or max(codes.CODE_LENGTHS.values())  # the column's longest code
        prefix_sql = code if prefix_len >= longest else f"SUBSTR({code}, 1, {prefix_len})"
        sql = (
            f"SELECT {bucket_sql}, {prefix_sql}, "
            f"{'disaggregation' if by_option else chr(39) * 2}, {sums} "
            f"FROM {table} WHERE data_element_id = %s {kept}AND {code} >= %s AND {code} < %s "
            f"AND start_month >= %s AND start_month <= %s "
            f"AND {bucket_sql} = {end_sql} "
            f"{provinces}{visible}{criteria}"
            f"GROUP BY 1, 2{', 3' if by_option else ''} {having} ORDER BY 1, 2"
        )
        first = min(p.start for p in type_periods)
        last = max(p.end for p in type_periods)
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    element.pk,
                    lo,
                    hi,
                    first,
                    last,
                    *province_params,
                    *visible_params,
                    *criteria_params,
                ],
            )
            rows = cursor.fetchall()
        if level is None:
            figures = [_decimal(row[3]) for row in rows]
        else:
            # the exact sum of the values × 10,000, back to 4 decimals as SUM(value) gives
            figures = [Decimal(row[3]).scaleb(-4) for row in rows]
        grouped = batch[0][1] is not None
        place_key = self._place_key

        def keyed() -> Iterator[tuple[Key, Decimal, int]]:
            for (bucket, prefix, key, _, count), total in zip(rows, figures, strict=True):
                if bucket not in period_keys:
                    continue
                period_key = period_keys[bucket]
                group_key = group_keys.get(prefix[:root_length])
                if group_key is None:
                    continue  # in the span but under no root asked for
                option = TOTAL
                if by_option:
                    keep, option = self._option(key, wanted, split)
                    if not keep:
                        continue
                yield (
                    (period_key, place_key(group_key, prefix if grouped else None), option),
                    total,
                    count,
                )

        accs.add_sums(keyed())

    def _leaf_rows(
        self,
        element: DataElement,
        qs: QuerySet[DataValue],
        buckets: dict[int, Period],
        group_key: str,
        prefix_len: int | None,
        wanted: dict[str, str],
        split: Split,
        accs: _Accs,
    ) -> None:
        """Aggregate value by value: for 'last' (latest per place), for approved-only data
        and for what the reader may see only once approved."""
        latest: dict[tuple[str | None, str, str], tuple[int, Decimal]] = {}
        last = self._aggregation(element) == Aggregation.LAST
        rows = qs.values_list(  # type: ignore[misc]  # "b" is an annotation
            "b", "place_code", "disaggregation", "start_month", "end_month", "value", "source"
        )
        for bucket, place_code, key, start, end, value, source in rows:
            if not self._counts(element, place_code, source, start, end):
                continue
            keep, option = self._option(key, wanted, split)
            if not keep:
                continue
            period_key = self._period_key(buckets[bucket])
            if last:
                leaf = (period_key, place_code, key)
                if leaf not in latest or latest[leaf][0] < start:
                    latest[leaf] = (start, value)
                continue
            place_key = self._place_key(group_key, place_code[:prefix_len] if prefix_len else None)
            accs.add_one((period_key, place_key, option), value)
        for (period_key, place_code, key), (_, value) in latest.items():
            _, option = self._option(key, wanted, split)
            place_key = self._place_key(group_key, place_code[:prefix_len] if prefix_len else None)
            accs.add_one((period_key, place_key, option), value)

    @staticmethod
    def _option(key: str, wanted: dict[str, str], split: Split) -> tuple[bool, str | None]:
        """(whether the value counts, its option of the split dimension or TOTAL)."""
        if wanted and not expressions.matches(key, wanted):
            return False, None
        if split is None:
            return True, TOTAL
        pairs = expressions.parse_key(key)
        if isinstance(split, tuple):
            if any(d not in pairs for d in split):
                return False, None
            return True, expressions.format_key({d: pairs[d] for d in split})
        option = pairs.get(split)
        return option is not None, option

    # --- items
    def term_values(self, text: str, split: Split) -> dict[Key, Decimal]:
        """The figures of an expression: its terms' added up."""
        terms = []
        for term in expressions.parse_expression(text):
            element = self.elements.get(term.element)
            if element is None:
                raise ValueError(f"unknown data element: {term.element}")
            terms.append(self.element_values(element, term.wanted, split))
        if len(terms) == 1:
            return terms[0]
        total: dict[Key, Decimal] = defaultdict(Decimal)
        for values in terms:
            for key, value in values.items():
                total[key] += value
        return dict(total)

    def run(self) -> Result:
        result = Result()
        for item in self.query.items:
            indicator = self.indicators.get(item)
            if indicator is not None:
                numerator = self.term_values(indicator.numerator, self.query.split)
                if expressions.is_constant(indicator.denominator):
                    constant = Decimal(indicator.denominator)
                    denominator = {key: constant for key in numerator}
                else:
                    denominator = self.term_values(indicator.denominator, self.query.split)
                for key, den in denominator.items():
                    if den:
                        num = numerator.get(key, Decimal(0))
                        result.values[Cell(item, *key)] = num / den * indicator.factor
                        result.fractions[Cell(item, *key)] = (num, den, indicator.factor)
                continue
            values = self.term_values(item, self.query.split)
            result.values.update({Cell(item, *key): value for key, value in values.items()})
        self._targets(result)
        result.hidden = self.hidden
        wanted_codes = {cell.place for cell in result.values if cell.place}
        wanted_codes |= {p.code for p in self.query.places}
        result.place_names = dict(
            Place.objects.filter(code__in=wanted_codes).values_list("code", "name")
        )
        return result

    def _target_places(self, code: str) -> list[str | None]:
        """The answer keys a target set for the place `code` counts towards."""
        if self.query.places_as_filter:
            roots = [p.code for p in self.query.places] + [
                p.code for _, places in self.query.groups for p in places
            ]
            return [None] if code in roots else []
        keys: list[str | None] = []
        for root, prefix_len, group_key in self._place_groups():
            if prefix_len is None and code == root.code:
                keys.append(group_key)
            elif prefix_len is not None and len(code) == prefix_len and code.startswith(root.code):
                keys.append(code)
        return keys

    def _targets(self, result: Result) -> None:
        """Targets set for the items, places and periods asked, beside the values."""
        period_ids = {p.id for p in self.query.periods}
        items = {i for i in self.query.items if "[" not in i}
        if not items:
            return
        targets = Target.objects.filter(
            Q(data_element__code__in=items) | Q(indicator__code__in=items),
            period__in=period_ids,
            disaggregation="",
        ).values_list("data_element__code", "indicator__code", "place__code", "period", "value")
        for element_code, indicator_code, place_code, period_id, value in targets:
            item = element_code or indicator_code
            period_key = None if self.query.periods_as_filter else period_id
            for place_key in self._target_places(place_code):
                cell = Cell(item, period_key, place_key)
                result.targets[cell] = result.targets.get(cell, Decimal(0)) + value


def analytics(query: Query) -> Result:
    return Engine(query).run()


@dataclass(frozen=True)
class RawValue:
    """A stored value as it is, for DHIS2's raw data."""

    item: str
    period: str
    place: str  # the division code of the place that reported it
    disaggregation: str
    value: Decimal


def raw_values(query: Query) -> list[RawValue]:
    """The stored values of the query's data elements (`code` or `code[dim=option]`) within
    the periods' span and the places' subtrees, not aggregated; the reader's view of the
    unapproved values, the approval and value conditions apply as to the figures."""
    engine = Engine(query)
    first = min(p.start for p in query.periods)
    last = max(p.end for p in query.periods)
    found: list[RawValue] = []
    codes_asked = {p.code for p in query.places}
    # a place under another one asked for is in that one's subtree already
    roots = [p for p in query.places if not set(codes.ancestor_codes(p.code)) & codes_asked]
    for item in query.items:
        (term,) = expressions.parse_expression(item)
        element = engine.elements.get(term.element)
        if element is None:
            raise ValueError(f"not a data element: {item}")
        for root in dict.fromkeys(roots):
            lo, hi = codes.subtree_range(root.code)
            rows = (
                DataValue.objects.filter(
                    engine._criteria_q(),
                    data_element=element,
                    province=root.code[:2],
                    place_code__gte=lo,
                    place_code__lt=hi,
                    start_month__gte=first,
                    end_month__lte=last,
                    value__isnull=False,
                )
                .order_by("start_month", "end_month", "place_code", "disaggregation")
                .values_list(
                    "period",
                    "place_code",
                    "disaggregation",
                    "start_month",
                    "end_month",
                    "value",
                    "source",
                )
            )
            for period, place_code, key, start, end, value, source in rows:
                if term.wanted and not expressions.matches(key, term.wanted):
                    continue
                if value is None or not engine._counts(element, place_code, source, start, end):
                    continue
                found.append(RawValue(item, period, place_code, key, value))
    return found


def value_of(
    item: str,
    *,
    place: Place,
    periods: Sequence[Period],
    approved_only: bool = False,
    unapproved_within: tuple[str, ...] | None = None,
) -> Decimal | None:
    """One figure: an item over a place's subtree and a set of periods taken together."""
    result = analytics(
        Query(
            items=[item],
            periods=periods,
            places=[place],
            periods_as_filter=True,
            places_as_filter=True,
            approved_only=approved_only,
            unapproved_within=unapproved_within,
        )
    )
    return result.get(item)
