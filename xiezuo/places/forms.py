from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Place
from .selectors import place_get


class PlaceCodeField(forms.CharField):
    """A place given by its division code (the form shows a search helper)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Place | None:
        code = super().clean(value)
        if not code:
            return None
        place = place_get(code)
        if place is None:
            raise forms.ValidationError(gettext("No place has the code “%s”.") % code)
        return place


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    place = PlaceCodeField(
        label=_("Place (division code)"),
        widget=forms.TextInput(attrs={"list": "place-options", "autocomplete": "off"}),
    )
    side = forms.ChoiceField(label=_("Side"), choices=Organisation.Side.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
