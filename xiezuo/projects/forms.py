from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get

from .models import FundingSource, Kind, Project

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _organisations() -> Any:
    return Organisation.objects.select_related("place").order_by("name")


class PlaceCodesField(forms.CharField):
    """Places given by their division codes, separated by spaces, commas or 、."""

    def clean(self, value: Any) -> list[Place]:
        text = super().clean(value) or ""
        found, unknown = [], []
        for code in _SEPARATORS.split(text.strip()):
            if not code:
                continue
            place = place_get(code)
            if place is None:
                unknown.append(code)
            elif place not in found:
                found.append(place)
        if unknown:
            raise forms.ValidationError(
                gettext("No place has the code %(codes)s.") % {"codes": "、".join(unknown)}
            )
        return found


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    sector = forms.CharField(label=_("Sector"), max_length=100, required=False)
    locations = PlaceCodesField(
        label=_("Locations (division codes)"),
        widget=forms.TextInput(
            attrs={"list": "place-options", "autocomplete": "off", "data-place-multiple": "1"}
        ),
    )
    planned_start_on = forms.DateField(label=_("Planned start"), widget=_DATE, required=False)
    planned_end_on = forms.DateField(label=_("Planned end"), widget=_DATE, required=False)
    implementing_organisation = forms.ModelChoiceField(
        label=_("Implementing organisation"), queryset=_organisations(), required=False
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=_organisations(), required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Helper-side partners"),
        queryset=_organisations().filter(side=Organisation.Side.HELPER),
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    parent = forms.ModelChoiceField(
        label=_("Parent project"), queryset=Project.objects.order_by("name"), required=False
    )
    households_expected = forms.IntegerField(
        label=_("Poor households expected to benefit"), min_value=0, required=False
    )
    people_expected = forms.IntegerField(
        label=_("Poor people expected to benefit"), min_value=0, required=False
    )
    households_reached = forms.IntegerField(
        label=_("Poor households reached"), min_value=0, required=False
    )
    people_reached = forms.IntegerField(label=_("Poor people reached"), min_value=0, required=False)
    benefit_mechanism = forms.CharField(
        label=_("Benefit mechanism"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    @staticmethod
    def initial_of(project: Project) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(project, name)
            for name in ProjectForm.base_fields
            if name not in ("locations", "partners")
        }
        initial["locations"] = " ".join(p.code for p in project.locations.all())
        initial["partners"] = list(project.partners.all())
        return initial


class StepForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    on = forms.DateField(label=_("Date"), widget=_DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        kwargs.setdefault("auto_id", "step_%s")  # several forms share the project's page
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]


class BudgetLineForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "budget_%s")  # several forms share the project's page
        super().__init__(*args, **kwargs)

    source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    # text, so that the service names an amount it cannot read in its own words
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=40)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ProjectFileForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "upload_%s")
        super().__init__(*args, **kwargs)

    file = forms.FileField(label=_("Photo or document"))
