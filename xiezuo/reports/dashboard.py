"""The dashboard: the programme at a glance for a place's subtree (or a pairing's helped
places) and a year — a key figure per assessment area against its target, its months, last
year's value, and the same figures for each child place (the drill-down).

Every registry figure is read through the analytics in one `Query` (all items; this year's
and last year's months and the two years; the place and its children), so the page costs
the same whatever the number of figures. The work plan's items done are counted from the
plan's computed status (`plans.selectors.item_assessments`), which has no data element.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiezuo import periods
from xiezuo.indicators.analytics import Query, Result, analytics
from xiezuo.indicators.models import DataElement
from xiezuo.indicators.sources import owner_of
from xiezuo.language import pick
from xiezuo.numbers import format_cn, percent
from xiezuo.pairings.models import Pairing
from xiezuo.pairings.selectors import pairing_place_group
from xiezuo.places import codes
from xiezuo.places.models import Place
from xiezuo.places.selectors import home_place_code, place_ancestors, place_get

# The dashboard's figures: one or more per assessment area, each a data element owned by
# a registry (funds by the ledger, investment, labour, exchange, consumption, pairings) but
# the joint meetings of the leadership area, which are reported directly. An item may be one
# disaggregation of an element (`code[dimension=option]`): the people seconded count each
# way on its own, as the seed gives them (71 cadres to Guangxi, 92 from it in 2017).
ELEMENTS: tuple[str, ...] = (
    "joint_meetings",
    "fiscal_aid_in_place",
    "fiscal_aid_disbursed",
    "investment_in_place",
    "workers_placed",
    "stable_6_months",
    "cadres_seconded[direction=to_helped]",
    "cadres_seconded[direction=to_helper]",
    "professionals_sent[direction=to_helped]",
    "products_sold",
    "paired_counties",
    "paired_villages",
)
# the label of an item that is one disaggregation of its element, in the active language
SPLIT_LABELS = {
    "cadres_seconded[direction=to_helped]": gettext_lazy("Cadres seconded to the helped side"),
    "cadres_seconded[direction=to_helper]": gettext_lazy("Cadres seconded to the helper side"),
    "professionals_sent[direction=to_helped]": gettext_lazy(
        "Professionals sent to the helped side"
    ),
}
ITEMS_DONE = "work_items_done"  # counted from the work plan, not from stored values
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a dashboard may be asked for
# the deepest level whose children the drill-down lists (a county's townships)
DEEPEST_DRILLED = 3
# the years a figure reported by year shows as its trend, the year asked for the last
YEARS_SHOWN = 5


@dataclass
class Row:
    """A child place's figures in the drill-down."""

    place: Place
    name: str
    values: list[Decimal | None]
    texts: list[str]


@dataclass
class DashboardFigure:
    code: str
    label: str
    area: str
    unit: str
    value: Decimal | None
    target: Decimal | None
    last_year: Decimal | None
    months: list[Decimal | None]  # January to December of the year
    months_last_year: list[Decimal | None]
    source_url: str  # the pivot with the same selection, or the plan's list
    registry_url: str  # the registry's list page, where the records are
    # for a figure reported by year, its trend: (year, value) up to the year asked for
    years: list[tuple[str, Decimal | None]] | None = None

    @property
    def share(self) -> Decimal | None:
        """The value as a share of the target (0.5 for half), None without a target."""
        if self.target is None or not self.target or self.value is None:
            return None
        return self.value / self.target

    @property
    def change(self) -> Decimal | None:
        """The change against last year as a share (0.1 for 10 % more), None without one."""
        if self.value is None or not self.last_year:
            return None
        return self.value / self.last_year - 1

    @property
    def text(self) -> str:
        return format_cn(self.value) if self.value is not None else "—"

    @property
    def target_text(self) -> str:
        return format_cn(self.target) if self.target is not None else ""

    @property
    def last_year_text(self) -> str:
        return format_cn(self.last_year) if self.last_year is not None else "—"

    @property
    def share_text(self) -> str:
        return percent(self.share)

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return ""
        return ("+" if change >= 0 else "") + percent(change)

    def chart(self, year: int) -> dict:
        """The trend's data for ECharts: the months of the year beside last year's (or, for
        a figure reported by year, the years up to this one)."""
        if self.years is not None:
            return {
                "code": self.code,
                "months": [y for y, _v in self.years],
                "series": [{"name": "", "data": [_number(v) for _y, v in self.years]}],
            }
        return {
            "code": self.code,
            "months": [pick(f"{m}月", date(year, m, 1).strftime("%b")) for m in range(1, 13)],
            "series": [
                {"name": str(year), "data": [_number(v) for v in self.months]},
                {"name": str(year - 1), "data": [_number(v) for v in self.months_last_year]},
            ],
        }

    def trend_table(self, year: int) -> dict:
        """The chart's text alternative: the same figures as a table, a row per month (or
        per year), a column per year drawn, each written as the page writes figures."""
        chart = self.chart(year)
        if self.years is not None:
            columns, values = [self.label], [[v] for _y, v in self.years]
        else:
            columns = [str(year), str(year - 1)]
            values = [list(pair) for pair in zip(self.months, self.months_last_year, strict=True)]
        return {
            "columns": columns,
            "rows": [
                (when, [format_cn(v) if v is not None else "—" for v in row])
                for when, row in zip(chart["months"], values, strict=True)
            ],
            "by_year": self.years is not None,
        }


@dataclass
class Dashboard:
    place: Place
    year: int
    pairing: Pairing | None
    figures: list[DashboardFigure]
    breadcrumb: list[tuple[str, str]]  # (code, name) of the places above, province first
    children: list[Row]
    # whether unapproved values outside the reader's scope were left out
    left_out: bool = False
    child_level: int | None = None
    charts: list[dict] = field(default_factory=list)
    trend_tables: dict[str, dict] = field(default_factory=dict)  # by figure code

    @property
    def name(self) -> str:
        return display_name(self.place)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def display_name(place: Place) -> str:
    return pick(place.name, place.name_en or place.name)


def default_year() -> int:
    return timezone.localdate().year


def parse_year(text: str | None) -> int:
    """The year asked for; ValidationError keyed "year" naming what was sent."""
    if not text:
        return default_year()
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": [
                    _("“%(value)s” is not a year between %(first)s and %(last)s.")
                    % {"value": text, "first": FIRST_YEAR, "last": LAST_YEAR}
                ]
            }
        )
    return year


def parse_scope(place_code: str | None, pairing_uid: str | None) -> tuple[Place, Pairing | None]:
    """The place (and pairing) asked for; ValidationError keyed by the field if unknown."""
    if pairing_uid:
        pairing = (
            Pairing.objects.select_related("helped_place", "helped_organisation__place")
            .filter(uid=pairing_uid.strip())
            .first()
        )
        helped = pairing_place_group(pairing)[1] if pairing is not None else []
        if pairing is None or not helped:
            raise ValidationError(
                {"pairing": [_("No pairing has the number “%(uid)s”.") % {"uid": pairing_uid}]}
            )
        return helped[0], pairing
    code = place_code or home_place_code()
    place = place_get(code)
    if place is None:
        raise ValidationError({"place": [_("No place has the code “%s”.") % code]})
    return place, None


def pivot_url(item: str, year: int, place: Place, *, level: int | None = None) -> str:
    """The pivot table with the same selection: the item, the year's months, the place."""
    params = {"dx": item, "pe": str(year), "ou": place.code, "rows": "ou", "columns": "pe"}
    if level is not None:
        params["level"] = str(level)
    return reverse("pivot") + "?" + urlencode(params)


def dashboard_url(code: str, year: int) -> str:
    return reverse("dashboard") + "?" + urlencode({"place": code, "year": str(year)})


def element_code(item: str) -> str:
    """The data element of a dashboard item (`code` or `code[dimension=option]`)."""
    return item.split("[")[0]


def _registry_url(item: str) -> str:
    source = owner_of(element_code(item))
    if source is None or not source.page:
        return ""
    try:
        return reverse(source.page)
    except NoReverseMatch:
        return ""


def _months(year: int) -> list[periods.Period]:
    return periods.parse(str(year)).parts(periods.PeriodType.MONTHLY)


def _targets(year: int, places: list[Place]) -> dict[tuple[str, str], Decimal]:
    """(element code, place code) -> the plans' targets for the whole year at that place."""
    from xiezuo.plans.selectors import planned_targets

    whole = [item for item in ELEMENTS if item == element_code(item)]  # no split's target
    found = planned_targets(items=whole, places=places, periods=[str(year)])
    return {(item, code): target.value for (item, code, _period), target in found.items()}


def _children(place: Place) -> list[Place]:
    if place.level > DEEPEST_DRILLED:
        return []
    return list(Place.objects.filter(parent=place).order_by("code"))


def _items_done(
    year: int, roots: list[Place], today: date
) -> dict[str, tuple[int, int, list[int], list[int], int]]:
    """root code -> (items done, items due, done by due month this year and last year, done
    last year): the work plan's items that a place in the root's subtree answers for, due in
    the year, done by its status as it stands (at the year's end for a past year)."""
    from xiezuo.plans import selectors as plan_selectors
    from xiezuo.plans.status import Status

    if not roots:
        return {}
    where = Q()
    for root in roots:
        lo, hi = codes.subtree_range(root.code)
        where |= Q(places__code__gte=lo, places__code__lt=hi)
    items = list(
        plan_selectors.item_list()
        .filter(where, due_on__year__in=[year, year - 1])
        .distinct()
        .order_by("pk")
    )
    found: dict[str, tuple[int, int, list[int], list[int], int]] = {}
    statuses = {}
    for y in (year, year - 1):
        on = min(today, date(y, 12, 31))
        chosen = [i for i in items if i.due_on.year == y]
        statuses.update(plan_selectors.item_assessments(chosen, on=on) if chosen else {})
    for root in roots:
        done = due = done_last = 0
        months = [0] * 12
        months_last = [0] * 12
        for item in items:
            if not any(p.code.startswith(root.code) for p in item.places.all()):
                continue
            is_done = statuses[item.pk].status == Status.DONE
            if item.due_on.year == year:
                due += 1
                done += is_done
                months[item.due_on.month - 1] += is_done
            else:
                done_last += is_done
                months_last[item.due_on.month - 1] += is_done
        found[root.code] = (done, due, months, months_last, done_last)
    return found


def dashboard(
    *,
    place: Place,
    year: int,
    pairing: Pairing | None = None,
    unapproved_within: tuple[str, ...] | None,
    today: date | None = None,
) -> Dashboard:
    """The dashboard of a place's subtree (or a pairing's helped places) for a year, as a
    reader whose unapproved values count within `unapproved_within` sees it
    (`policy.unapproved_scope`)."""
    today = today or timezone.localdate()
    children = _children(place)
    months, months_before = _months(year), _months(year - 1)
    this_year, last_year = periods.parse(str(year)), periods.parse(str(year - 1))
    group_key = place.code
    groups: list[tuple[str, list[Place]]] = []
    if pairing is not None:
        group_key, helped = pairing_place_group(pairing)
        groups = [(group_key, helped)]
    years = [periods.parse(str(year - n)) for n in range(YEARS_SHOWN)]
    # two questions, each answered the same way however many children there are: the
    # place (or pairing) by year and month, and its children's year grouped by code prefix
    result: Result = analytics(
        Query(
            items=list(ELEMENTS),
            periods=[*years, *months, *months_before],
            places=[] if pairing is not None else [place],
            groups=groups,
            unapproved_within=unapproved_within,
        )
    )
    by_child: Result | None = None
    if children:
        by_child = analytics(
            Query(
                items=list(ELEMENTS),
                periods=[this_year],
                places=[place],
                level=children[0].level,
                unapproved_within=unapproved_within,
            )
        )
    elements = {
        e.code: e for e in DataElement.objects.filter(code__in={element_code(i) for i in ELEMENTS})
    }
    targets = _targets(year, [place, *children])
    figures: list[DashboardFigure] = []
    for code in ELEMENTS:
        element = elements.get(element_code(code))
        if element is None:
            continue
        target = targets.get((code, place.code)) or result.target(code, this_year.id, group_key)
        months_found = [result.get(code, m.id, group_key) for m in months]
        before_found = [result.get(code, m.id, group_key) for m in months_before]
        by_year = None
        if all(v is None for v in months_found + before_found):
            # reported by year (the funds, the pairings): the trend is the years'
            by_year = [(p.id, result.get(code, p.id, group_key)) for p in reversed(years)]
        figures.append(
            DashboardFigure(
                code=code,
                label=str(SPLIT_LABELS.get(code, element.name)),
                area=element.area,
                unit=element.unit,
                value=result.get(code, this_year.id, group_key),
                target=target,
                last_year=result.get(code, last_year.id, group_key),
                months=months_found,
                months_last_year=before_found,
                years=by_year,
                source_url=pivot_url(code, year, place),
                registry_url=_registry_url(code),
            )
        )
    done = _items_done(year, [place, *children], today)
    done_here, due_here, done_months, done_months_last, done_last = done[place.code]
    figures.append(
        DashboardFigure(
            code=ITEMS_DONE,
            label=_("Work items done"),
            area="leadership",
            unit=_("items"),
            value=Decimal(done_here),
            target=Decimal(due_here) if due_here else None,
            last_year=Decimal(done_last),
            months=[Decimal(n) for n in done_months],
            months_last_year=[Decimal(n) for n in done_months_last],
            source_url=reverse("plan_document_list"),
            registry_url=reverse("plan_document_list"),
        )
    )
    rows = []
    for child in children:
        assert by_child is not None
        values: list[Decimal | None] = [
            by_child.get(code, this_year.id, child.code)
            for code in ELEMENTS
            if element_code(code) in elements
        ]
        values.append(Decimal(done[child.code][0]))
        rows.append(
            Row(
                place=child,
                name=display_name(child),
                values=values,
                texts=[format_cn(v) if v is not None else "—" for v in values],
            )
        )
    breadcrumb = [(p.code, display_name(p)) for p in place_ancestors(place)]
    board = Dashboard(
        place=place,
        year=year,
        pairing=pairing,
        figures=figures,
        breadcrumb=breadcrumb,
        children=rows,
        left_out=bool(result.hidden),
        child_level=children[0].level if children else None,
    )
    board.charts = [f.chart(year) for f in figures]
    board.trend_tables = {f.code: f.trend_table(year) for f in figures}
    return board


def dashboard_json(board: Dashboard) -> dict:
    """The dashboard's figures as the API answers them."""
    return {
        "place": board.place.code,
        "place_name": board.name,
        "pairing": board.pairing.uid if board.pairing is not None else None,
        "year": board.year,
        "left_out": board.left_out,
        "figures": [
            {
                "code": f.code,
                "label": f.label,
                "area": f.area,
                "unit": f.unit,
                "value": f.value,
                "target": f.target,
                "share_of_target": f.share,
                "last_year": f.last_year,
                "months": f.months,
                "source": f.source_url,
                "registry": f.registry_url,
            }
            for f in board.figures
        ],
        "children": [
            {
                "place": row.place.code,
                "name": row.name,
                "url": dashboard_url(row.place.code, board.year),
                "values": dict(zip([f.code for f in board.figures], row.values, strict=True)),
            }
            for row in board.children
        ],
    }
