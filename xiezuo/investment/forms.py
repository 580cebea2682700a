"""The forms of the investment registry's pages; the services check what they are given."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get

from .models import InvestmentEvent, ParkKind, ProjectStatus, Sector

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


def helper_enterprises() -> Any:
    return Organisation.objects.filter(
        kind=Organisation.Kind.ENTERPRISE, side=Organisation.Side.HELPER
    ).order_by("name")


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=Organisation.objects.none(),
        help_text=_("a helper-side enterprise on record"),
    )  # fmt: skip
    place = PlaceField(label=_("Place"), max_length=12, help_text=_("division code"))
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=DAY)
    event = forms.ModelChoiceField(
        label=_("Signed at"), queryset=InvestmentEvent.objects.all(), required=False
    )
    # checked by the service, which says exactly what is wrong with it
    planned_investment = forms.CharField(
        label=_("Planned investment (yuan)"), max_length=40, help_text=_("e.g. 1250.50")
    )
    jobs_expected = forms.IntegerField(label=_("Jobs expected"), min_value=0, initial=0)
    benefit_mechanism = forms.CharField(
        label=_("Benefit to the poor"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ProjectStatus.choices, initial=ProjectStatus.SIGNED
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = helper_enterprises()


class InPlaceForm(forms.Form):
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=40, help_text=_("e.g. 1250.50"))
    on = forms.DateField(label=_("Date"), widget=DAY)
    voucher = forms.CharField(label=_("Voucher or evidence"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    # a second submission of the same form (a double click, a reload) records nothing more
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        kwargs["initial"].setdefault("idempotency_key", f"page:{uuid.uuid4()}")
        super().__init__(*args, **kwargs)


class JobReportForm(forms.Form):
    on = forms.DateField(label=_("As of"), widget=DAY)
    jobs = forms.IntegerField(label=_("Jobs created"), min_value=0)
    poor = forms.IntegerField(label=_("Of them poor people"), min_value=0)


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("Enterprise"), max_length=200)
    entered_on = forms.DateField(label=_("Entered on"), widget=DAY)


class WorkshopReportForm(forms.Form):
    on = forms.DateField(label=_("As of"), widget=DAY)
    employed = forms.IntegerField(label=_("People employed"), min_value=0)
    poor = forms.IntegerField(label=_("Of them poor people"), min_value=0)


class EventForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DAY)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    place = PlaceField(
        label=_("Organised for"), max_length=12, help_text=_("the helped place's division code")
    )
    organisers = forms.CharField(label=_("Organisers"), max_length=300, required=False)


class ParkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ParkKind.choices)
    place = PlaceField(label=_("Place"), max_length=12, help_text=_("division code"))
    partner = PlaceField(
        label=_("Helper-side partner place"), max_length=12, required=False,
        help_text=_("division code"),
    )  # fmt: skip
    established_on = forms.DateField(label=_("Established on"), widget=DAY)


class WorkshopForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    place = PlaceField(
        label=_("Place"), max_length=12, help_text=_("a township's or village's division code")
    )
    enterprise_name = forms.CharField(label=_("Run by"), max_length=200)
    opened_on = forms.DateField(label=_("Opened on"), widget=DAY)
