"""Checking one data value before it is written, for single entry and bulk import alike.

A `ValueChecker` holds what checking needs (data elements, their data sets'
period types, dimensions, places, approval locks) and turns raw input into a
`CleanValue` or a `Conflict` that says, in the user's language, what is wrong.
Every path that writes a value asks it: the entry grid, `value_set` and
`value_delete` (and through them `/api/dataValues`), and every import. An
element owned by an indicator source (`sources`) is refused whatever the value:
its figure comes from a registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from xiezuo import periods
from xiezuo.language import period_label
from xiezuo.numbers import is_number
from xiezuo.periods import Period
from xiezuo.places.selectors import place_keys
from xiezuo.texts import MAX_COMMENT, MAX_TEXT, has_control, text_problem

from . import expressions, sources
from .models import Approval, DataElement, DataSet, ValueType, period_type_label

MAX_VALUE = Decimal("1e15")


@dataclass(frozen=True)
class CleanValue:
    element: DataElement
    place_id: int
    place_code: str
    period: Period
    disaggregation: str
    value: Decimal | None
    text: str
    comment: str = ""
    stored_by: str = ""  # storedBy as a payload gives it (else the writer's username is kept)


@dataclass(frozen=True)
class Conflict:
    field: str  # dataElement, orgUnit, period, categoryOptionCombo, value
    value: str
    message: str
    code: str = ""  # DHIS2's ErrorCode (E7610 …): see imports.summary.CONFLICT_KINDS

    def __str__(self) -> str:
        return f"{self.field} {self.value}: {self.message}"


class ValueChecker:
    """Checks raw values against the catalogue, the places and the approval locks."""

    def __init__(self) -> None:
        self.elements: dict[str, DataElement] = {}
        for element in DataElement.objects.prefetch_related("dimensions__options", "data_sets"):
            self.elements[element.code] = element
            self.elements[element.uid] = element
        self.period_types: dict[int, set[str]] = {}
        self.data_sets_of: dict[int, list[int]] = {}
        for data_set in DataSet.objects.prefetch_related("data_elements"):
            for element in data_set.data_elements.all():
                self.period_types.setdefault(element.pk, set()).add(data_set.period_type)
                self.data_sets_of.setdefault(element.pk, []).append(data_set.pk)
        self.options: dict[int, dict[str, set[str]]] = {
            element.pk: {
                dimension.code: {option.code for option in dimension.options.all()}
                for dimension in element.dimensions.all()
            }
            for element in self.elements.values()
        }
        self._places: dict[str, tuple[int, str] | None] = {}
        self._locks: set[tuple[int, str, int, int]] | None = None

    # --- lookups, cached
    def place(self, key: str) -> tuple[int, str] | None:
        """(id, code) of a place given by its division code or UID."""
        if key not in self._places:
            self.prefetch_places({key})
        return self._places[key]

    def prefetch_places(self, keys: set[str]) -> None:
        wanted = [k for k in keys if k not in self._places]
        found = place_keys(wanted)
        for key in wanted:
            self._places[key] = found.get(key.strip())

    def locks(self) -> set[tuple[int, str, int, int]]:
        """(data set, place code, first month, last month) of every approved report."""
        if self._locks is None:
            self._locks = set()
            for data_set_id, code, period_id in Approval.objects.filter(
                state=Approval.State.APPROVED
            ).values_list("data_set_id", "place__code", "period"):
                period = periods.parse(period_id)
                self._locks.add((data_set_id, code, period.start, period.end))
        return self._locks

    def locked(self, element: DataElement, place_code: str, period: Period) -> bool:
        """Whether an approval of a data set holding the element covers this place and period."""
        return self._lock_of(element, place_code, period) is not None

    def locking_data_set(self, element: DataElement, place_code: str, period: Period) -> str | None:
        """The UID of the approved data set that locks this value (None: it is not locked)."""
        found = self._lock_of(element, place_code, period)
        if found is None:
            return None
        return DataSet.objects.filter(pk=found).values_list("uid", flat=True).first()

    def _lock_of(self, element: DataElement, place_code: str, period: Period) -> int | None:
        locks = self.locks()
        if not locks:
            return None
        data_sets = set(self.data_sets_of.get(element.pk, []))
        for data_set, code, start, end in locks:
            if (
                data_set in data_sets
                and place_code.startswith(code)
                and start <= period.start
                and period.end <= end
            ):
                return data_set
        return None

    # --- the check
    def check(
        self,
        *,
        element: str,
        place: str,
        period: str,
        disaggregation: str = "",
        value: str | None = None,
        comment: str = "",
        deleting: bool = False,
    ) -> CleanValue | Conflict:
        data_element = self.elements.get(element)
        if data_element is None:
            return Conflict(
                "dataElement",
                element,
                _("no data element has the code or id “%s”") % element,
                "E7610",
            )
        owner = sources.owner_of(data_element.code)
        if owner is not None:
            # DHIS2: "not found or not accessible"
            return Conflict("dataElement", element, owned_message(data_element, owner), "E7610")
        found = self.place(place)
        if found is None:
            return Conflict(
                "orgUnit", place, _("no place has the code or id “%s”") % place, "E7612"
            )
        try:
            period_obj = periods.parse(period)
        except ValueError:
            return Conflict(
                "period",
                period,
                _("“%s” is not a period (e.g. 2018, 2018S1, 2018Q2, 201805)") % period,
                "E7611",
            )
        allowed = self.period_types.get(data_element.pk, set())
        if allowed and period_obj.type.dhis2_name not in allowed:
            return Conflict(
                "period",
                period,
                _("%(element)s is reported %(types)s; “%(period)s” is a %(type)s period")
                % {
                    "element": data_element.name,
                    "types": _(", ").join(sorted(period_type_label(t) for t in allowed)),
                    "period": period,
                    "type": period_type_label(period_obj.type),
                },
                "E7632",
            )
        try:
            pairs = expressions.parse_key(disaggregation)
        except ValueError as exc:
            return Conflict("categoryOptionCombo", disaggregation, str(exc), "E7613")
        wanted = self.options.get(data_element.pk, {})
        if set(pairs) != set(wanted):
            return Conflict(
                "categoryOptionCombo",
                disaggregation,
                _("%(element)s is broken down by: %(dims)s")
                % {"element": data_element.name, "dims": ", ".join(sorted(wanted)) or _("nothing")},
                "E7634",
            )
        for dimension, option in pairs.items():
            if option not in wanted[dimension]:
                return Conflict(
                    "categoryOptionCombo",
                    disaggregation,
                    _("“%(option)s” is not an option of %(dimension)s (one of: %(options)s)")
                    % {
                        "option": option,
                        "dimension": dimension,
                        "options": ", ".join(sorted(wanted[dimension])),
                    },
                    "E7634",
                )
        place_id, place_code = found
        if self.locked(data_element, place_code, period_obj):
            return Conflict(
                "period",
                period,
                _("the report for %(period)s is approved and locked")
                % {"period": period_label(period_obj)},
                "E7642",
            )
        number: Decimal | None = None
        text = ""
        if comment and (problem := comment_problem(comment)):
            return Conflict("comment", comment[:50], problem, "E7620")
        if not deleting:
            parsed = parse_value(data_element.value_type, value)
            if isinstance(parsed, str) and data_element.value_type != ValueType.TEXT:
                return Conflict(
                    "value", value or "", parsed, "E7619" if (value or "").strip() else "E7618"
                )
            if data_element.value_type == ValueType.TEXT:
                text = value or ""
                problem = text_problem(text, label=_("Value"), lines=True, max_length=MAX_TEXT)
                if problem:
                    return Conflict("value", text[:50], problem, "E7619")
            else:
                number = parsed  # type: ignore[assignment]
        return CleanValue(
            element=data_element,
            place_id=place_id,
            place_code=place_code,
            period=period_obj,
            disaggregation=expressions.format_key(pairs),
            value=number,
            text=text,
            comment=comment,
        )


def comment_problem(comment: str) -> str | None:
    """What is wrong with a value's comment (one line, at most MAX_COMMENT characters)."""
    return text_problem(comment, label=_("Value comment"), max_length=MAX_COMMENT)


def suspect(comment: str) -> bool:
    """Whether a comment must be checked (the import's fast path skips the check)."""
    return len(comment) > MAX_COMMENT or has_control(comment)


def suspect_text(text: str) -> bool:
    """Whether a text value must be checked (the import's fast path skips the check)."""
    return len(text) > MAX_TEXT or has_control(text, lines=True)


def owned_message(element: DataElement, owner: sources.Source) -> str:
    """Why a value of an owned element cannot be written: where its figure comes from."""
    return _(
        "%(element)s is counted from %(source)s: it cannot be entered, imported or deleted "
        "directly; change the records there."
    ) % {"element": element.name, "source": owner.label}


def parse_value(value_type: str, raw: str | None) -> Decimal | str:
    """The value as a Decimal, or a message (a str) saying why it is not one."""
    raw = (raw or "").strip()  # no separator is taken out: "1,5" is no number
    if value_type == ValueType.TEXT:
        return raw
    if value_type == ValueType.BOOLEAN:
        if raw.lower() in {"true", "1", "yes", "是"}:
            return Decimal(1)
        if raw.lower() in {"false", "0", "no", "否"}:
            return Decimal(0)
        return _("“%s” is not yes or no (true/false)") % raw
    if not raw:
        return _("a number is required")
    if not is_number(raw):
        return _("“%s” is not a number") % raw
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return _("“%s” is not a number") % raw
    if not number.is_finite() or abs(number) >= MAX_VALUE:
        return _("“%s” is not a number") % raw
    if value_type == ValueType.INTEGER and number != number.to_integral_value():
        return _("“%s” is not a whole number") % raw
    if value_type in (ValueType.INTEGER, ValueType.MONEY) and number < 0:
        return _("“%s” is negative") % raw
    if value_type == ValueType.PERCENTAGE and not Decimal(0) <= number <= Decimal(100):
        return _("“%s” is not a percentage between 0 and 100") % raw
    return number
