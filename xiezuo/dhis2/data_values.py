"""`/api/dataValues`: one value read, saved or deleted, as DHIS2 clients send it.

Parameters come as DHIS2 sends them: in the query string or a form (`de`,
`pe`, `ou`, `co`, `value`, `comment`), or as a JSON body with the long names
(`dataElement`, `period`, `orgUnit`, `categoryOptionCombo`, …). Data elements,
places and option combos may be given by UID or by code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from xiezuo import periods
from xiezuo.bodies import refuse_deep_json
from xiezuo.indicators import combos as combo_module
from xiezuo.indicators.models import DataElement, DataValue
from xiezuo.places.models import Place
from xiezuo.places.selectors import place_get

from .webmessages import Conflict

LONG_NAMES = {
    "dataElement": "de",
    "period": "pe",
    "orgUnit": "ou",
    "categoryOptionCombo": "co",
    "attributeOptionCombo": "ao",
    "dataSet": "ds",
}


def params_of(request: HttpRequest) -> dict[str, str]:
    """The request's parameters: query string, then form or JSON body (which win)."""
    params = {key: request.GET.get(key, "") for key in request.GET}
    if request.method != "POST":
        return params
    if request.content_type == "application/json":
        refuse_deep_json(request.body)
        try:
            body = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise Conflict(_("The request body is not valid JSON.")) from exc
        if not isinstance(body, dict):
            raise Conflict(_("The request body must be a JSON object."))
        for key, value in body.items():
            if value is not None and not isinstance(value, dict | list):
                shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
                params[LONG_NAMES.get(str(key), str(key))] = shown
    else:
        params.update({key: request.POST.get(key, "") for key in request.POST})
    return params


@dataclass(frozen=True)
class Cell:
    """Which value: data element (UID or code), period, place, disaggregation key."""

    element: str
    period: str
    place: Place
    disaggregation: str


def cell_of(params: dict[str, str]) -> Cell:
    """The cell named by de, pe, ou and co; Conflict (409) if one is missing or unknown."""
    for name in ("de", "pe", "ou"):
        if not params.get(name, "").strip():
            raise Conflict(_("The parameter %s is required.") % name)
    identifier = params["ou"].strip()
    place = place_get(identifier)
    if place is None:
        raise Conflict(_("no place has the code or id “%s”") % identifier)
    combo = params.get("co", "").strip()
    key = combo_module.key_of(combo)
    if key is None:
        raise Conflict(_("No category option combo has the id or code “%s”.") % combo)
    attribute = params.get("ao", "").strip()
    if params.get("cc") or params.get("cp") or attribute not in ("", combo_module.DEFAULT_UID):
        raise Conflict(
            _(
                "Attribute option combos are not used here: leave out cc, cp and ao (or send "
                "the default, %s)."
            )
            % combo_module.DEFAULT_UID
        )
    return Cell(params["de"].strip(), params["pe"].strip(), place, key)


def element_of(identifier: str) -> DataElement:
    element = DataElement.objects.filter(uid=identifier).first()
    element = element or DataElement.objects.filter(code=identifier).first()
    if element is None:
        raise Conflict(_("no data element has the code or id “%s”") % identifier)
    return element


def value_get(cell: Cell) -> str:
    """The stored value of a cell as text; Conflict when there is none (as DHIS2 answers)."""
    element = element_of(cell.element)
    try:
        period = periods.parse(cell.period)
    except ValueError as exc:
        raise Conflict(
            _("“%s” is not a period (e.g. 2018, 2018S1, 2018Q2, 201805)") % cell.period
        ) from exc
    stored = (
        DataValue.objects.at(cell.place)
        .filter(
            data_element=element,
            period=period.id,
            disaggregation=cell.disaggregation,
        )
        .values_list("value", "text")
        .first()
    )
    if stored is None:
        raise Conflict(_("Data value does not exist"), "E2032")
    return element.typed(*stored)


def value_or_stored(cell: Cell, params: dict[str, Any]) -> str:
    """The value sent, or, when only a comment is sent, the value already stored."""
    if "value" in params:
        return str(params["value"])
    try:
        return value_get(cell)
    except Conflict:
        return ""
