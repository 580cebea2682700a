"""Forms of data entry and approval: choosing a report, a returned report's comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.periods import Period
from xiezuo.places.forms import PlaceCodeField

from . import selectors
from .models import DataElement, DataSet, Indicator

_CODE = forms.TextInput(attrs={"list": "place-options", "autocomplete": "off", "size": 12})


class _PlaceInScope(forms.Form):
    """A place (by division code) the user may read the figures of."""

    place = PlaceCodeField(label=_("Place (division code)"), widget=_CODE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_place(self) -> Any:
        place = self.cleaned_data["place"]
        if place is not None and not policy.can(self.user, "data.view", place):
            raise forms.ValidationError(
                gettext("%(place)s is outside your scope.") % {"place": place}
            )
        return place


def _period(value: str) -> Period:
    try:
        return periods.parse(value)
    except ValueError as exc:
        raise forms.ValidationError(
            gettext("“%s” is not a period (e.g. 2018, 2018S1, 2018Q2, 201805)") % value
        ) from exc


class ReportForm(_PlaceInScope):
    """A data set, a place and a period: which report to open, or count."""

    data_set = forms.ModelChoiceField(
        label=_("Data set"), queryset=DataSet.objects.all(), to_field_name="code"
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=7,
        help_text=_("e.g. 201805, 2018Q2, 2018S1, 2018; empty: the latest ended period"),
        widget=forms.TextInput(attrs={"size": 8}),
    )
    field_order = ["data_set", "place", "period"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data_set: DataSet | None = data.get("data_set")
        if data_set is None:
            return data
        raw = (data.get("period") or "").strip()
        if not raw:
            data["period"] = selectors.default_period(data_set)
            return data
        try:
            period = _period(raw)
        except forms.ValidationError as exc:
            self.add_error("period", exc)
            return data
        if period.type is not data_set.period_type_enum:
            self.add_error(
                "period",
                gettext("%(data_set)s is reported %(type)s; “%(period)s” is not such a period")
                % {
                    "data_set": data_set.name,
                    "type": data_set.get_period_type_display(),
                    "period": raw,
                },
            )
            return data
        data["period"] = period
        return data


class PlaceForm(_PlaceInScope):
    """Only a place: the start page's choice."""


class ValidationForm(_PlaceInScope):
    """A place and a period of any type: which figures to check against the rules."""

    period = forms.CharField(
        label=_("Period"), max_length=7, widget=forms.TextInput(attrs={"size": 8})
    )

    def clean_period(self) -> Period:
        return _period(self.cleaned_data["period"].strip())


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Why is it returned?"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        max_length=2000,
        error_messages={"required": _("Say why the report is returned.")},
    )


class ApprovalFilterForm(forms.Form):
    data_set = forms.ModelChoiceField(
        label=_("Data set"),
        queryset=DataSet.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All data sets"),
    )
    period = forms.CharField(label=_("Period"), required=False, max_length=7)

    def clean_period(self) -> Period | None:
        raw = (self.cleaned_data.get("period") or "").strip()
        return _period(raw) if raw else None


class TargetForm(forms.Form):
    """A target of a work item or a project: a figure of the catalogue, options, place,
    period and value (checked by `targets.target_clean`)."""

    figure = forms.CharField(
        label=_("Data element or indicator (code)"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "figure-options", "autocomplete": "off"}),
    )
    options = forms.CharField(
        label=_("Options"),
        max_length=200,
        required=False,
        help_text=_("Restrict to options, as dimension=option;… (e.g. poverty=poor)."),
    )
    place = PlaceCodeField(
        label=_("Place (division code)"),
        widget=forms.TextInput(attrs={"list": "place-options", "autocomplete": "off"}),
    )
    period = forms.CharField(label=_("Period"), max_length=7, help_text=_("e.g. 2018 or 2018S1"))
    value = forms.DecimalField(label=_("Target value"), max_digits=20, decimal_places=4)

    def clean_figure(self) -> DataElement | Indicator:
        code = self.cleaned_data["figure"].strip()
        figure = (
            DataElement.objects.filter(code=code).first()
            or Indicator.objects.filter(code=code).first()
        )
        if figure is None:
            raise forms.ValidationError(
                gettext("No data element or indicator has the code “%(code)s”.") % {"code": code}
            )
        return figure
