"""The forms of the method editor. They parse what is typed; every rule of a method (codes,
weights adding up, scoring rules, data items, grades, groups) is checked by
`methods.method_problems` on the whole method, and its messages are put beside the field
they are about."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Level

from .models import Rule

WEIGHT: dict[str, Any] = {"max_digits": 7, "decimal_places": 2}


class MethodForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name_zh = forms.CharField(label=_("Chinese name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    year_from = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(
        label=_("Last year"), min_value=2000, max_value=2100, required=False
    )
    unit_level = forms.TypedChoiceField(
        label=_("Level of the assessed units"), choices=Level.choices, coerce=int
    )
    full_score = forms.DecimalField(label=_("Full score"), **WEIGHT)
    illustrative = forms.BooleanField(
        label=_("Illustrative weights"),
        required=False,
        help_text=_("The weights are the demo's, not the official figures (not public)."),
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CopyForm(forms.Form):
    code = forms.SlugField(label=_("Code of the copy"), max_length=40)
    year_from = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    name_zh = forms.CharField(label=_("Chinese name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)


class PartForm(forms.Form):
    """What every part of a method has: a code, labels and a place in the order."""

    code = forms.SlugField(label=_("Code"), max_length=40)
    label_zh = forms.CharField(label=_("Chinese label"), max_length=300)
    label_en = forms.CharField(label=_("English label"), max_length=300, required=False)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        required=False,
        help_text=_("1 for the first; empty: last (new) or where it is."),
    )


class AreaForm(PartForm):
    pass


class ItemForm(PartForm):
    pass


class CriterionForm(PartForm):
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        help_text=_(
            "Points. The weights must add up to the full score: add a criterion with 0, "
            "then share the points out on the weights page."
        ),
        **WEIGHT,
    )
    rule = forms.ChoiceField(label=_("Scoring rule"), choices=Rule.choices)
    data = forms.CharField(  # type: ignore[assignment]  # a field, taken off the class
        label=_("Data"),
        max_length=300,
        required=False,
        help_text=_("The actual: a data element or indicator, e.g. workers_placed[poverty=poor]"),
    )
    target_data = forms.CharField(
        label=_("Target data"),
        max_length=300,
        required=False,
        help_text=_("The target as another data item, e.g. planned_investment"),
    )
    target_value = forms.DecimalField(
        label=_("Target"), required=False, max_digits=20, decimal_places=4
    )
    cap = forms.DecimalField(
        label=_("Cap"),
        required=False,
        max_digits=7,
        decimal_places=4,
        help_text=_("Actual against target: the ratio counted at most (1: no credit beyond)."),
    )
    thresholds = forms.CharField(
        label=_("Levels"),
        required=False,
        help_text=_(
            "Levels reached: “level:share of the weight”, highest first, e.g. 5:1; 3:0.6; 1:0.3"
        ),
    )
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    guidance = forms.CharField(
        label=_("Guidance"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class GradeForm(PartForm):
    min_score = forms.DecimalField(label=_("Lowest score"), **WEIGHT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["position"]  # grades go by their lowest score


class GroupForm(PartForm):
    is_default = forms.BooleanField(
        label=_("Takes the others"),
        required=False,
        help_text=_("The units listed in no other group."),
    )
    places = forms.CharField(
        label=_("Places"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Division codes, separated by spaces or commas"),
    )


class WeightsForm(forms.Form):
    """One weight per criterion of the method, changed together."""

    def __init__(self, *args: Any, criteria: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"w{criterion['id']}"] = forms.DecimalField(
                label=criterion["where"], min_value=0, initial=criterion["weight"], **WEIGHT
            )
