from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.places.forms import PlaceCodeField
from xiezuo.places.models import Organisation

from .models import Kind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_CODE = forms.TextInput(
    attrs={"list": "place-options", "autocomplete": "off", "class": "code-input"}
)


class PairingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    helper_place = PlaceCodeField(
        label=_("Helper place (division code)"), required=False, widget=_CODE
    )
    helper_organisation = forms.ModelChoiceField(
        label=_("or helper organisation"),
        queryset=Organisation.objects.select_related("place").order_by("name"),
        required=False,
    )
    helped_place = PlaceCodeField(
        label=_("Helped place (division code)"), required=False, widget=_CODE
    )
    helped_organisation = forms.ModelChoiceField(
        label=_("or helped organisation"),
        queryset=Organisation.objects.select_related("place").order_by("name"),
        required=False,
    )
    started_on = forms.DateField(label=_("Start date"), widget=_DATE)
    ended_on = forms.DateField(label=_("End date"), widget=_DATE, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        for side in ("helper", "helped"):
            place, organisation = data.get(f"{side}_place"), data.get(f"{side}_organisation")
            if self.has_error(f"{side}_place"):
                continue
            if place and organisation:
                self.add_error(
                    f"{side}_place", gettext("Give a place or an organisation, not both.")
                )
            elif not place and not organisation:
                self.add_error(f"{side}_place", gettext("Give a place or an organisation."))
            else:
                data[side] = place or organisation
        return data

    def service_fields(self) -> dict[str, str]:
        """Where the services' messages about a side go: beside the field it was given in."""
        return {
            side: f"{side}_organisation"
            if self.cleaned_data.get(f"{side}_organisation")
            else f"{side}_place"
            for side in ("helper", "helped")
        }


class PairingEndForm(forms.Form):
    ended_on = forms.DateField(label=_("End date"), widget=_DATE)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
