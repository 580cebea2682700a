"""The forms of the tourism registry's pages; the services check what they are given
(counts, months, dates in order, the helped side), and say so beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get
from xiezuo.projects.models import Project

from .models import Audience, DiscountKind, Grade, ProjectKind, SpotKind

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


class PlacesField(forms.CharField):
    """Places by their division codes, separated by spaces or commas."""

    def clean(self, value: Any) -> list[Place]:
        text = super().clean(value) or ""
        found = []
        for code in text.replace(",", " ").replace("，", " ").split():
            place = place_get(code)
            if place is None:
                raise forms.ValidationError(
                    _("No place has the code “%(code)s”."), params={"code": code}
                )
            found.append(place)
        return found


def _helper_organisations() -> Any:
    return Organisation.objects.filter(side=Organisation.Side.HELPER).order_by("name")


class SpotForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    place = PlaceField(
        label=_("Place"), max_length=12, help_text=_("division code of a helped county or below")
    )
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=SpotKind.choices, initial=SpotKind.OTHER)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DiscountForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("For whom"), choices=Audience.choices, initial=Audience.HELPER_PROVINCE
    )
    kind = forms.ChoiceField(label=_("Discount"), choices=DiscountKind.choices)
    # checked by the service: a percentage below 100, or an amount in yuan
    value = forms.CharField(
        label=_("Percentage or amount"), max_length=20, required=False,
        help_text=_("the percentage off, or the amount off in yuan; empty for free or half price"),
    )  # fmt: skip
    valid_from = forms.DateField(label=_("Valid from"), widget=DAY)
    valid_to = forms.DateField(
        label=_("Valid until"),
        widget=DAY,
        required=False,
        help_text=_("empty: until further notice"),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class VisitorReportForm(forms.Form):
    # the month and the counts are checked by the service, which says what is wrong
    period = forms.CharField(
        label=_("Month"), max_length=10, help_text=_("e.g. 2018-05"),
        widget=forms.TextInput(attrs={"type": "month"}),
    )  # fmt: skip
    visitors = forms.CharField(label=_("Visitors (person-times)"), max_length=20)
    helper_visitors = forms.CharField(label=_("Of them from the helper province"), max_length=20)
    revenue = forms.CharField(
        label=_("Tourism revenue (yuan)"), max_length=40, required=False,
        help_text=_("optional"),
    )  # fmt: skip


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectKind.choices)
    place = PlaceField(label=_("Helped place"), max_length=12, help_text=_("division code"))
    helper = forms.ModelChoiceField(
        label=_("Helper organisation"), queryset=Organisation.objects.none(), required=False
    )
    helper_place = PlaceField(
        label=_("Helper place"), max_length=12, required=False, help_text=_("division code")
    )
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DAY)
    library_project = forms.ModelChoiceField(
        label=_("Project in the project library"), required=False,
        queryset=Project.objects.filter(kind="tourism").order_by("name"),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["helper"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _helper_organisations()


class RouteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    places = PlacesField(
        label=_("Places it passes"), max_length=500,
        help_text=_("division codes, separated by spaces"),
    )  # fmt: skip
    promoted_by = forms.ModelChoiceField(
        label=_("Promoted by"), queryset=Organisation.objects.none(), required=False
    )
    since = forms.DateField(label=_("Promoted since"), widget=DAY)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["promoted_by"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.order_by("name")
