"""The progress report's forms: what to generate, and a template's sections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .documents import FORMATS
from .models import Language
from .selectors import DEFAULT_TEMPLATE


class GenerateForm(forms.Form):
    place = forms.CharField(label=_("Place (division code)"), required=False, initial="45")
    pairing = forms.CharField(label=_("or a pairing (its id)"), required=False)
    period = forms.CharField(
        label=_("Period"),
        initial=":201806",
        help_text=_("2018, 2018S1, 201806, a range 201701:201803, or as of a month :201806"),
    )
    template = forms.ChoiceField(
        label=_("Template"),
        required=False,  # none chosen: the default
        initial=DEFAULT_TEMPLATE,
        help_text=_(
            "The yearly report follows the place and the period chosen; the 2018 article's "
            "record reproduces the article (Guangxi as of June 2018) whatever the place and "
            "the period."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial="zh")
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, f.upper()) for f in FORMATS], initial="html"
    )

    def __init__(self, *args: Any, codes: Sequence[str] = (), **kwargs: Any):
        """`codes`: the templates' codes, the default first; the shipped ones by name."""
        super().__init__(*args, **kwargs)
        names = {
            "yearly": _("Yearly report (follows the place and the period)"),
            "record": _("The 2018 article's record (Guangxi, June 2018)"),
        }
        self.fields["template"].choices = [(code, names.get(code, code)) for code in codes]  # type: ignore[attr-defined]


def sections_from_post(data: dict | object) -> list[tuple[str, str]]:
    """The (heading, body) pairs posted as heading_1, body_1, heading_2... in order; a
    section with neither heading nor body is dropped."""
    sections = []
    number = 1
    while f"heading_{number}" in data or f"body_{number}" in data:  # type: ignore[operator]
        heading = (data.get(f"heading_{number}") or "").strip()  # type: ignore[attr-defined]
        body = (data.get(f"body_{number}") or "").strip()  # type: ignore[attr-defined]
        if heading or body:
            sections.append((heading, body))
        number += 1
    return sections
