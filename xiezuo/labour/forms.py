"""The forms that register a worker, record a placement and its follow-ups on a page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.occupations.forms import OccupationField
from xiezuo.personal.forms import IdentityNumberField, PhoneField
from xiezuo.places.forms import PlaceCodeField

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
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
