"""The forms of the quota, in-post and short-visit pages; the services check what they get
(counts are taken as text so that the service says exactly what is wrong with them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Place
from xiezuo.places.selectors import place_get

from .models import Direction, VisitKind

DAY = forms.DateInput(attrs={"type": "date"})


class PlaceField(forms.CharField):
    """A place by its division code."""

    def clean(self, value: Any) -> Place | None:
        text = super().clean(value)
        if not text:
            return None
        place = place_get(text.strip())
        if place is None:
            raise forms.ValidationError(
                _("No place has the code “%(code)s”."), params={"code": text.strip()}
            )
        return place


class QuotaForm(forms.Form):
    place = PlaceField(label=_("County"), max_length=12, help_text=_("division code"))
    year = forms.CharField(label=_("Year"), max_length=4)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.TO_HELPED
    )
    cadres = forms.CharField(label=_("Cadres planned"), max_length=12)
    professionals = forms.CharField(label=_("Professionals planned"), max_length=12)
    source = forms.CharField(label=_("From the document"), max_length=200, required=False)


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.TO_HELPER
    )
    origin = PlaceField(label=_("Sending place"), max_length=12, help_text=_("division code"))
    host = PlaceField(label=_("Host place"), max_length=12, help_text=_("division code"))
    people = forms.CharField(label=_("People"), max_length=12)
    from_on = forms.DateField(label=_("From"), widget=DAY)
    to_on = forms.DateField(label=_("To"), widget=DAY)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
