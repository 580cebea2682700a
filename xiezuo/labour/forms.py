"""The forms that register a worker, post a job, record a placement and its follow-ups on a
page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.occupations.forms import OccupationField
from xiezuo.personal.forms import IdentityNumberField, PhoneField
from xiezuo.places.forms import PlaceCodeField
from xiezuo.places.models import Organisation

from .models import Channel, Education, FollowUp, PovertyStatus, Wish

DAY = forms.DateInput(attrs={"type": "date"})


class WorkerForm(forms.Form):
    identity = IdentityNumberField(label=_("Identity number"))
    name = forms.CharField(label=_("Name"), max_length=100)
    home = PlaceCodeField(label=_("Household registration"))
    poverty_status = forms.ChoiceField(label=_("Poverty status"), choices=PovertyStatus.choices)
    education = forms.TypedChoiceField(
        label=_("Education"), choices=Education.choices, coerce=int, initial=Education.JUNIOR
    )
    phone = PhoneField(label=_("Phone"), required=False)
    skills = forms.CharField(label=_("Skills"), required=False, max_length=500)
    certificates = forms.CharField(
        label=_("Certificates"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    wish_occupation = OccupationField(label=_("Occupation wished"), required=False)
    wish_destination = forms.ChoiceField(
        label=_("Where the worker wants to work"), choices=Wish.choices, initial=Wish.ANY
    )
    wish_place = PlaceCodeField(label=_("Wished place"), required=False)
    expected_wage = forms.IntegerField(
        label=_("Expected monthly wage (yuan)"), required=False, min_value=0
    )
    available_from = forms.DateField(label=_("Available from"), required=False, widget=DAY)


class PlacementForm(forms.Form):
    started_on = forms.DateField(label=_("Started on"), widget=DAY)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    posting = forms.CharField(
        label=_("Posting (number)"), required=False, max_length=11,
        help_text=_("or describe the job below"),
    )  # fmt: skip
    place_of_work = PlaceCodeField(label=_("Place of work"), required=False)
    employer_name = forms.CharField(label=_("Employer"), required=False, max_length=200)
    occupation = OccupationField(label=_("Occupation"), required=False)
    monthly_income = forms.IntegerField(
        label=_("Monthly income (yuan)"), required=False, min_value=0
    )
    fair = forms.CharField(
        label=_("Agreed at the job fair (number)"), required=False, max_length=11
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Follow-up"), choices=FollowUp.Months.choices, coerce=int
    )
    checked_on = forms.DateField(label=_("Checked on"), widget=DAY)
    employed = forms.TypedChoiceField(
        label=_("Still employed"), choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda v: v == "yes",
    )  # fmt: skip
    out_of_poverty = forms.BooleanField(
        label=_("The household has left poverty through this job"), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PostingForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    occupation = OccupationField(label=_("Occupation"))
    place_of_work = PlaceCodeField(label=_("Place of work"))
    openings = forms.IntegerField(label=_("Openings"), min_value=1)
    wage_min = forms.IntegerField(label=_("Lowest monthly wage (yuan)"), min_value=0)
    wage_max = forms.IntegerField(label=_("Highest monthly wage (yuan)"), min_value=0)
    hours = forms.CharField(label=_("Working hours"), max_length=100, required=False)
    meals = forms.BooleanField(label=_("Meals provided"), required=False)
    housing = forms.BooleanField(label=_("Housing provided"), required=False)
    age_min = forms.IntegerField(label=_("Youngest age"), min_value=16, required=False)
    age_max = forms.IntegerField(label=_("Oldest age"), min_value=16, required=False)
    education_min = forms.TypedChoiceField(
        label=_("Lowest education"), choices=Education.choices, coerce=int, initial=Education.NONE
    )
    certificates = forms.CharField(
        label=_("Certificates required"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("one a line"),
    )  # fmt: skip
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    offered_to = PlaceCodeField(
        label=_("Offered to (helped place)"), required=False,
        help_text=_("the county or city whose workers it is offered to"),
    )  # fmt: skip
    for_school_leavers = forms.BooleanField(label=_("Suits school leavers"), required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DAY)
    valid_to = forms.DateField(label=_("Valid to"), widget=DAY)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(kind=Organisation.Kind.ENTERPRISE).order_by(
            "name"
        )
