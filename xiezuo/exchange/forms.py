"""The forms of the exchange registry's pages; the services check what they are given."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get

from .models import Category, Direction, Kind

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


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("place").order_by("place__code", "name")


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    # checked by the service, which says exactly what is wrong with them
    identity = forms.CharField(
        label=_("Identity number"), max_length=24, required=False, help_text=_("optional")
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    rank = forms.CharField(label=_("Rank or professional title"), max_length=100, required=False)
    home = PlaceField(label=_("Place of work"), max_length=12, help_text=_("division code"))
    organisation = forms.ModelChoiceField(
        label=_("Works for"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations()


class SecondmentForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("as the person's")), *Category.choices],
        required=False,
    )  # fmt: skip
    origin = PlaceField(label=_("Sending place"), max_length=12, help_text=_("division code"))
    origin_organisation = forms.ModelChoiceField(
        label=_("Sending organisation"), queryset=Organisation.objects.none(), required=False
    )
    host = PlaceField(label=_("Host place"), max_length=12, help_text=_("division code"))
    host_organisation = forms.ModelChoiceField(
        label=_("Host organisation"), queryset=Organisation.objects.none(), required=False
    )
    post = forms.CharField(label=_("Post held"), max_length=200, required=False)
    planned_start = forms.DateField(label=_("Planned start"), widget=DAY)
    planned_end = forms.DateField(label=_("Planned end"), widget=DAY)
    started_on = forms.DateField(label=_("Started on"), widget=DAY, required=False)
    ended_on = forms.DateField(label=_("Ended on"), widget=DAY, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("origin_organisation", "host_organisation"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organisations()


class SecondmentReportForm(forms.Form):
    """A report or a piece of evidence for a secondment (the service checks the date and
    the file)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    on = forms.DateField(label=_("Date"), widget=DAY)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(
        label=_("File"), required=False,
        help_text=_("Photos, PDF or Office files, up to 20 MB each."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "report_%s")
        super().__init__(*args, **kwargs)
