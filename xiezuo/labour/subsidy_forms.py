"""The forms of the subsidies' pages: a rule, and the reasons a list is returned or a
payment cancelled."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.ledger.models import HOLDING_KINDS, Account
from xiezuo.places.forms import PlaceCodeField

from .models import PovertyStatus, SubsidyDestination, SubsidyKind, SubsidyOnce
from .subsidies import MAX_MONTHS

DAY = forms.DateInput(attrs={"type": "date"})


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Account) -> str:
        place = obj.place.name if obj.place is not None else ""
        return f"{place} · {obj.name} ({obj.code})"


class SubsidyRuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SubsidyKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=18, decimal_places=2, min_value=0
    )
    account = AccountChoiceField(
        label=_("Paying account"),
        queryset=Account.objects.filter(
            kind__in=sorted(HOLDING_KINDS), place__isnull=False, closed_on__isnull=True
        ).select_related("place").order_by("place__code", "code"),
        help_text=_("An account of the paying place (county or city) that holds money."),
    )  # fmt: skip
    home_area = PlaceCodeField(
        label=_("Workers from"), required=False,
        help_text=_("Workers whose home lies in this area; blank: the paying place's."),
    )  # fmt: skip
    poverty_statuses = forms.MultipleChoiceField(
        label=_("Poverty statuses counted"), choices=PovertyStatus.choices,
        widget=forms.CheckboxSelectMultiple, initial=[PovertyStatus.POOR, PovertyStatus.EXITED],
    )  # fmt: skip
    destination = forms.ChoiceField(
        label=_("Where the job is"), choices=SubsidyDestination.choices,
        initial=SubsidyDestination.HELPER,
    )  # fmt: skip
    months_employed = forms.IntegerField(
        label=_("Months employed at least"), min_value=0, max_value=MAX_MONTHS, initial=3,
        help_text=_("Proved by a 3- or 6-month follow-up that found the worker employed."),
    )  # fmt: skip
    spell_counts = forms.BooleanField(
        label=_("The job's own length proves it (without a follow-up)"), required=False
    )
    started_from = forms.DateField(label=_("Placements started from"), required=False, widget=DAY)
    started_to = forms.DateField(label=_("Placements started until"), required=False, widget=DAY)
    once = forms.ChoiceField(
        label=_("Paid"), choices=SubsidyOnce.choices, initial=SubsidyOnce.WORKER
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DAY)
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DAY)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)
