"""The template language of the progress report: Jinja2, sandboxed, with the figures as
variables.

A section's body is text; a blank line starts a new paragraph. In it:

- `{{ place.name }}`, `{{ place.code }}`, `{{ scope.name }}` (the place or the pairing),
  `{{ period.label }}` (2018年 / 截至2018年6月);
- `{{ fig("funds_in_place") }}`: a data element or indicator over the scope and the
  report's period, in 万/亿 (English: million/billion), linked to its source. Options:
  `options="poverty=poor"` (a disaggregation), `place="4510"` or `place="4510,4512"`,
  `period="2017"` / `"201701:201803"` / `":201806"` / `"2016,2017"`, `digits=1` (decimals
  shown, -2 to hundreds), `down=true` (cut, not rounded: for "1.8万多"), `unit="亿"` (the
  number in 亿, the text writing the unit: for "20多亿元");
- `{{ growth("guangdong_visitors") }}`: the change against the same span just before, in %;
- `{{ value("x") }}`: the bare number, for conditions (`{% if value("x") %}`);
- `{{ table(["projects_signed", "planned_investment"], by="place") }}`: a table of the items
  by the places one level down (or `by="year"`), on its own paragraph.

Errors are found before anything is computed where they can be (`check`): a syntax error
or an unknown figure name comes back with its line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from xiezuo import periods
from xiezuo.indicators import expressions
from xiezuo.indicators.analytics import Query, analytics
from xiezuo.indicators.models import DataElement, DimensionOption, Indicator
from xiezuo.language import in_english, pick
from xiezuo.numbers import format_cn, format_en, plain
from xiezuo.periods import Period
from xiezuo.places import codes
from xiezuo.places.models import Place

from .scope import ReportPeriod, Scope, ScopeError, parse_period

UNITS_ZH = [("亿", Decimal(100_000_000)), ("万", Decimal(10_000))]
UNITS_EN = [("billion", Decimal(1_000_000_000)), ("million", Decimal(1_000_000))]
FIGURE_FUNCTIONS = ("fig", "growth", "value", "table")
TABLE_MARK = "\u27e6table {}\u27e7"  # ⟦table N⟧: where a table goes among the paragraphs
_TABLE_MARK = re.compile("^\u27e6table (\\d+)\u27e7$")


@dataclass(frozen=True)
class TemplateProblem:
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class TemplateFailed(Exception):
    def __init__(self, problem: TemplateProblem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class TableCell:
    text: str
    href: str = ""
    number: bool = False


@dataclass
class Table:
    headers: list[str]
    rows: list[list[TableCell]]


@dataclass
class Paragraph:
    html: Markup

    @property
    def text(self) -> str:
        return _plain_text(self.html)


Block = Paragraph | Table


def _plain_text(html: str) -> str:
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))


def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False
    )


def known_items() -> set[str]:
    return set(DataElement.objects.values_list("code", flat=True)) | set(
        Indicator.objects.values_list("code", flat=True)
    )


def check(source: str, known: set[str] | None = None) -> list[TemplateProblem]:
    """The problems found without computing anything: syntax, and the figure names."""
    env = environment()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [TemplateProblem(exc.lineno, exc.message or str(exc))]
    known = known_items() if known is None else known
    problems = []
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in FIGURE_FUNCTIONS:
            continue
        names: list[str] = []
        if call.args and isinstance(call.args[0], nodes.Const):
            names = [call.args[0].value] if isinstance(call.args[0].value, str) else []
        elif call.args and isinstance(call.args[0], nodes.List | nodes.Tuple):
            names = [i.value for i in call.args[0].items if isinstance(i, nodes.Const)]
        for name in names:
            base = str(name).split("[")[0]
            if base not in known:
                problems.append(
                    TemplateProblem(
                        call.lineno, _("“%s” is not a data element or indicator.") % base
                    )
                )
        for keyword in call.kwargs:
            if keyword.key == "period" and isinstance(keyword.value, nodes.Const):
                try:
                    parse_period(str(keyword.value.value).replace(",", ";").split(";")[0])
                except ScopeError as exc:
                    problems.append(TemplateProblem(call.lineno, exc.message))
    return problems


def _template_line() -> int | None:
    """The line of the template being rendered when an exception is raised (Jinja maps
    its frames onto the template's lines)."""
    tb = sys.exc_info()[2]
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class Figures:
    """The functions a template calls, computing each figure from the analytics."""

    def __init__(
        self,
        scope: Scope,
        period: ReportPeriod,
        *,
        unapproved_within: tuple[str, ...] | None,
        links: bool = True,
    ):
        self.scope = scope
        self.period = period
        self.unapproved_within = unapproved_within
        self.links = links
        self.tables: list[Table] = []
        self.known = known_items()
        self.english = in_english()
        self.computed: list[tuple[str, Decimal | None]] = []  # (item, value), as computed

    # --- arguments
    def _item(self, item: str, options: str | None) -> str:
        if not isinstance(item, str) or item.split("[")[0] not in self.known:
            raise ValueError(_("“%s” is not a data element or indicator.") % item)
        if options:
            item = f"{item}[{options}]"
        return item

    def _periods(self, period: str | None) -> tuple[Period, ...]:
        if period is None:
            return self.period.periods
        found: list[Period] = []
        for part in str(period).replace(",", ";").split(";"):
            if part.strip():
                found += parse_period(part).periods
        return tuple(found)

    def _places(self, place: str | None) -> dict[str, Any]:
        if place is None:
            return self.scope.query_places()
        codes_asked = [c.strip() for c in str(place).split(",") if c.strip()]
        found = list(Place.objects.filter(code__in=codes_asked))
        missing = set(codes_asked) - {p.code for p in found}
        if missing:
            raise ValueError(_("No place has the code “%s”.") % ", ".join(sorted(missing)))
        return {"places": found}

    def _link_place(self, place: str | None) -> str:
        if place is None:
            return self.scope.place.code
        codes_asked = [c.strip() for c in str(place).split(",") if c.strip()]
        if len(codes_asked) == 1:
            return codes_asked[0]
        common = set(codes.ancestor_codes(codes_asked[0]))
        for code in codes_asked[1:]:
            common &= set(codes.ancestor_codes(code))
        return max(common, key=len) if common else codes_asked[0]

    def source_link(self, item: str, chosen: Sequence[Period], place: str | None) -> str:
        params = {
            "dx": item,
            "pe": ";".join(p.id for p in chosen),
            "ou": self._link_place(place),
            "rows": "dx",
            "columns": "pe",
        }
        return reverse("pivot") + "?" + urlencode(params)

    # --- numbers
    def _number(self, item: str, chosen: Sequence[Period], place: str | None) -> Decimal | None:
        result = analytics(
            Query(
                items=[item],
                periods=list(chosen),
                periods_as_filter=True,
                places_as_filter=True,
                unapproved_within=self.unapproved_within,
                **self._places(place),
            )
        )
        value = result.get(item)
        self.computed.append((item, value))
        return value

    def format(
        self, value: Decimal | None, digits: int = 2, down: bool = False, unit: str | None = None
    ) -> str:
        """A figure in 万/亿 (English: million/billion). With `unit` ("万", "亿", "million",
        "billion", "" for none) the number in that unit, the unit left to the text; `down`
        cuts rather than rounds (for "1.8万多"); `digits` may be negative (-2: hundreds)."""
        if value is None:
            return "—"
        if unit is None and not down:
            return (
                format_en(value, places=digits) if self.english else format_cn(value, places=digits)
            )
        scales = UNITS_EN if self.english else UNITS_ZH
        suffix = ""
        if unit is None:  # the unit the figure would be shown in, written after it
            unit = next((name for name, size in scales if abs(value) >= size), "")
            suffix = f" {unit}" if self.english and unit else unit
        if unit not in dict(UNITS_ZH) | dict(UNITS_EN) | {"": 1}:
            raise ValueError(_("“%s” is not a unit of this language.") % unit)
        size = (dict(UNITS_ZH) | dict(UNITS_EN)).get(unit, Decimal(1))
        number = (value / size).quantize(
            Decimal(1).scaleb(-digits), rounding=ROUND_DOWN if down else ROUND_HALF_UP
        )
        text = plain(number)
        if self.english and abs(number) >= 1000:
            whole_part, _sep, fraction = text.partition(".")
            text = f"{int(whole_part):,}" + (f".{fraction}" if fraction else "")
        return text + suffix

    def _linked(self, text: str, href: str) -> Markup:
        if not self.links:
            return Markup('<span class="fig">{}</span>').format(text)
        return Markup('<a class="fig" href="{}">{}</a>').format(href, text)

    # --- the template's functions
    def fig(
        self,
        item: str,
        options: str | None = None,
        place: str | None = None,
        period: str | None = None,
        digits: int = 2,
        down: bool = False,
        unit: str | None = None,
    ) -> Markup:
        item = self._item(item, options)
        chosen = self._periods(period)
        value = self._number(item, chosen, place)
        return self._linked(
            self.format(value, digits, down, unit), self.source_link(item, chosen, place)
        )

    def value(
        self,
        item: str,
        options: str | None = None,
        place: str | None = None,
        period: str | None = None,
    ) -> Decimal | None:
        item = self._item(item, options)
        return self._number(item, self._periods(period), place)

    def growth(
        self,
        item: str,
        options: str | None = None,
        place: str | None = None,
        period: str | None = None,
        digits: int = 2,
    ) -> Markup:
        """The change in % against the same span just before the periods."""
        item = self._item(item, options)
        chosen = self._periods(period)
        now = self._number(item, chosen, place)
        span = max(p.end for p in chosen) - min(p.start for p in chosen) + 1
        before = [p.shift(-(span // p.type.months)) for p in chosen]
        previous = self._number(item, before, place)
        text = "—"
        if now is not None and previous:
            change = (now / previous - 1) * 100
            text = f"{change.quantize(Decimal(1).scaleb(-digits)).normalize():f}%"
        return self._linked(text, self.source_link(item, [*before, *chosen], place))

    def item_label(self, item: str) -> str:
        base = item.split("[")[0]
        element = (
            DataElement.objects.filter(code=base).first()
            or Indicator.objects.filter(code=base).first()
        )
        label = element.name if element is not None else base
        if "[" in item:
            wanted = expressions.parse_expression(item)[0].wanted
            names = [
                o.name
                for o in DimensionOption.objects.filter(code__in=list(wanted.values())).filter(
                    dimension__code__in=list(wanted)
                )
            ]
            label += pick(f"（{'、'.join(names)}）", f" ({', '.join(names)})")
        return label

    def table(
        self,
        items: Sequence[str],
        by: str = "place",
        place: str | None = None,
        period: str | None = None,
    ) -> Markup:
        """A table of the items by the places one level down, or by year."""
        if isinstance(items, str):
            items = [items]
        chosen_items = [self._item(i, None) for i in items]
        chosen = self._periods(period)
        headers = [self.item_label(i) for i in chosen_items]
        rows: list[list[TableCell]] = []
        if by == "place":
            where = self._places(place)
            roots = where["places"] or [p for _k, group in where.get("groups", []) for p in group]
            level = min(r.level for r in roots) + 1 if roots else None
            result = analytics(
                Query(
                    items=chosen_items,
                    periods=list(chosen),
                    places=roots,
                    level=level,
                    periods_as_filter=True,
                    unapproved_within=self.unapproved_within,
                )
            )
            keys = sorted({c.place for c in result.values if c.place})
            for key in keys:
                link_place = key
                rows.append(
                    [TableCell(result.place_names.get(key, key))]
                    + [
                        self._cell(result.get(i, None, key), i, chosen, link_place)
                        for i in chosen_items
                    ]
                )
            headers = [_("Place"), *headers]
        elif by == "year":
            years = periods.between(chosen[0], chosen[-1], periods.PeriodType.YEARLY)
            result = analytics(
                Query(
                    items=chosen_items,
                    periods=years,
                    places_as_filter=True,
                    unapproved_within=self.unapproved_within,
                    **self._places(place),
                )
            )
            for year in years:
                rows.append(
                    [TableCell(pick(year.label_zh, year.label_en))]
                    + [self._cell(result.get(i, year.id), i, [year], place) for i in chosen_items]
                )
            headers = [_("Year"), *headers]
        else:
            raise ValueError(_("A table is by “place” or by “year”, not “%s”.") % by)
        self.tables.append(Table(headers=headers, rows=rows))
        return Markup("\n\n" + TABLE_MARK.format(len(self.tables) - 1) + "\n\n")

    def _cell(
        self, value: Decimal | None, item: str, chosen: Sequence[Period], place: str | None
    ) -> TableCell:
        return TableCell(
            self.format(value), self.source_link(item, chosen, place) if self.links else "", True
        )

    def variables(self) -> dict[str, Callable[..., Any] | Any]:
        place = self.scope.place
        return {
            "place": {
                "name": pick(place.name, place.name_en or place.name),
                "code": place.code,
            },
            "scope": {"name": self.scope.name},
            "period": {"label": self.period.label, "id": self.period.id},
            "fig": self.fig,
            "growth": self.growth,
            "value": self.value,
            "table": self.table,
        }


def render(source: str, figures: Figures) -> list[Block]:
    """A section's body rendered into paragraphs and tables. TemplateFailed with the line
    of the first problem."""
    problems = check(source, figures.known)
    if problems:
        raise TemplateFailed(problems[0])
    env = environment()
    try:
        text = env.from_string(source).render(**figures.variables())
    except SecurityError as exc:
        raise TemplateFailed(
            TemplateProblem(_template_line(), _("This is not allowed in a template: %s") % exc)
        ) from exc
    except UndefinedError as exc:
        raise TemplateFailed(
            TemplateProblem(_template_line(), _("Unknown name: %s") % exc.message)
        ) from exc
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise TemplateFailed(TemplateProblem(_template_line(), str(exc))) from exc
    return blocks(text, figures.tables)


def blocks(text: str, tables: list[Table]) -> list[Block]:
    found: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        mark = _TABLE_MARK.match(chunk)
        if mark:
            found.append(tables[int(mark.group(1))])
        else:
            found.append(Paragraph(Markup(_join(line.strip() for line in chunk.splitlines()))))
    return found


def _join(lines: Iterable[str]) -> str:
    """Lines of a paragraph as one: a space between two words, none between Chinese."""
    text = ""
    for line in lines:
        if text and line and text[-1].isascii() and line[0].isascii():
            text += " "
        text += line
    return text


def render_line(source: str, figures: Figures) -> str:
    """A one-line template (a title) rendered as plain text."""
    env = environment()
    try:
        return _plain_text(env.from_string(source).render(**figures.variables()))
    except Exception as exc:  # a title is short: its problem is the whole title's
        raise TemplateFailed(TemplateProblem(1, str(exc))) from exc
