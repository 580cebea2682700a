"""The occupation picker that forms reuse: a code typed or chosen from suggestions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Occupation
from .selectors import occupation_get

DATALIST_ID = "occupation-options"


class OccupationInput(forms.TextInput):
    """A text input tied to the suggestion datalist: include
    `occupations/_occupation_datalist.html` once on the page."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "list": DATALIST_ID,
            "autocomplete": "off",
            "placeholder": _("a job title or code, e.g. 缝纫工 or 6-05-01-03"),
            "size": 24,
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Occupation):
            return value.code
        return super().format_value(value)


class OccupationField(forms.CharField):
    """An occupation (unit group) given by its code; what follows the code is ignored, so
    "6-05-01-03 缝纫工" (a suggestion as the browser fills it in) is read as 6-05-01-03."""

    widget = OccupationInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Occupation | None:
        text = super().clean(value)
        if not text:
            return None
        code = text.split()[0]
        occupation = occupation_get(code)
        if occupation is None:
            raise forms.ValidationError(
                gettext("No occupation has the code “%s”.") % code, code="unknown"
            )
        if not occupation.is_unit:
            raise forms.ValidationError(
                gettext("%(code)s %(name)s is a group: choose an occupation within it.")
                % {"code": occupation.code, "name": occupation.name},
                code="group",
            )
        return occupation
