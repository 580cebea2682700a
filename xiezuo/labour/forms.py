"""The forms that register a worker, post a job, record a placement and its follow-ups, job
fairs, training classes (with their trainees) and school leavers on a page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.occupations.forms import OccupationField
from xiezuo.personal.forms import IdentityNumberField, PhoneField
from xiezuo.places.forms import PlaceCodeField
from xiezuo.places.models import Organisation

from .matching import open_postings
from .models import Channel, Education, FollowUp, Posting, PovertyStatus, TrainingKind, Wish

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


def _enterprises() -> Any:
    return Organisation.objects.filter(kind=Organisation.Kind.ENTERPRISE).order_by("name")


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
        field.queryset = _enterprises()


# --- job fairs, training classes and school leavers


class PostingUidsField(forms.CharField):
    """Postings given by their numbers, separated by spaces, commas or 、."""

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        return [uid for uid in re.split(r"[\s,，、]+", text.strip()) if uid]


class JobFairForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DAY)
    place = PlaceCodeField(label=_("Place (county, prefecture or province code)"))
    organisers = forms.CharField(
        label=_("Organisers"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    employers = forms.ModelMultipleChoiceField(
        label=_("Employers present"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )  # fmt: skip
    open_postings = forms.ModelMultipleChoiceField(
        label=_("Open postings present"), queryset=Posting.objects.none(), required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )  # fmt: skip
    posting_uids = PostingUidsField(
        label=_("Other postings present (numbers)"), required=False, max_length=2000,
        help_text=_("separated by spaces or commas"),
    )  # fmt: skip
    attendance = forms.IntegerField(label=_("Attendance"), min_value=0, initial=0)
    agreements = forms.IntegerField(label=_("Agreements signed"), min_value=0, initial=0)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employers = self.fields["employers"]
        assert isinstance(employers, forms.ModelMultipleChoiceField)
        employers.queryset = _enterprises().select_related("place")
        postings = self.fields["open_postings"]
        assert isinstance(postings, forms.ModelMultipleChoiceField)
        postings.queryset = open_postings(on).select_related("employer").order_by("title", "id")


class TrainingClassForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    provider = forms.CharField(label=_("Provider"), required=False, max_length=200)
    place = PlaceCodeField(label=_("Place (county, prefecture or province code)"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DAY)
    ends_on = forms.DateField(label=_("Ends on"), widget=DAY)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WorkerFindForm(forms.Form):
    """A registered worker, by identity number or by worker number."""

    identity = IdentityNumberField(label=_("Identity number"), required=False)
    worker = forms.CharField(label=_("or the worker's number"), required=False, max_length=11)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("identity") and not (data.get("worker") or "").strip():
            self.add_error("identity", _("Give the identity number or the worker's number."))
        return data


class TraineeCompletionForm(forms.Form):
    certificate = forms.CharField(label=_("Certificate"), required=False, max_length=200)
    found_job_on = forms.DateField(
        label=_("Found a job on"), required=False, widget=DAY,
        help_text=_("if the trainee found a job after the class"),
    )  # fmt: skip


class SchoolLeaverForm(WorkerFindForm):
    school = forms.CharField(label=_("School"), max_length=200)
    programme = forms.CharField(label=_("Programme"), required=False, max_length=200)
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DAY)
    expected_graduation = forms.DateField(label=_("Expected graduation"), widget=DAY)


class AgreementForm(forms.Form):
    signed_on = forms.DateField(label=_("Agreement signed on"), widget=DAY)
    place_of_work = PlaceCodeField(label=_("Place of work"))
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Organisation.objects.none(), required=False
    )
    employer_name = forms.CharField(
        label=_("or the employer's name"), required=False, max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer = self.fields["employer"]
        assert isinstance(employer, forms.ModelChoiceField)
        employer.queryset = _enterprises()
