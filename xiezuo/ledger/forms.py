"""The form that records a transfer on a page."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.places.forms import PlaceCodeField

from . import selectors
from .models import Account, AccountKind, DonorKind, DonorOrigin, Transfer, TransferKind
from .models import DonationForm as GiftForm


class AccountField(forms.CharField):
    """An account by its code (or id)."""

    def clean(self, value: Any) -> Account | None:
        text = super().clean(value)
        if not text:
            return None
        account = selectors.account_get(text)
        if account is None:
            raise forms.ValidationError(
                _("No account has the id or code “%(key)s”."), params={"key": text}
            )
        return account


class TransferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in TransferKind.choices if c[0] != TransferKind.REVERSAL]
    )
    source = AccountField(label=_("From account"), help_text=_("the account's code"))
    target = AccountField(label=_("To account"), help_text=_("the account's code"))
    # checked by the service, which says exactly what is wrong with it
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=40, help_text=_("e.g. 1250.50"))
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    pledge = forms.IntegerField(
        label=_("Pledge it posts"),
        required=False,
        help_text=_("for a receipt: the pledge's number"),
    )
    voucher = forms.CharField(label=_("Voucher number"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)
    # a second submission of the same form (a double click, a reload) records nothing more
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        kwargs["initial"].setdefault("idempotency_key", f"page:{uuid.uuid4()}")
        super().__init__(*args, **kwargs)

    def clean_pledge(self) -> Transfer | None:
        number = self.cleaned_data.get("pledge")
        if number is None:
            return None
        pledge = Transfer.objects.filter(pk=number).first()
        if pledge is None:
            raise forms.ValidationError(_("No transfer has the id %(id)s."), params={"id": number})
        return pledge


class DonationForm(forms.Form):
    donor_name = forms.CharField(label=_("Donor"), max_length=200)
    donor_kind = forms.ChoiceField(label=_("Donor's kind"), choices=DonorKind.choices)
    donor_origin = forms.ChoiceField(label=_("Donor from"), choices=DonorOrigin.choices)
    anonymous = forms.BooleanField(label=_("The donor asks not to be named"), required=False)
    form = forms.ChoiceField(label=_("Form"), choices=GiftForm.choices)
    amount = forms.CharField(label=_("Amount or value (yuan)"), max_length=40)
    goods = forms.CharField(label=_("Goods"), max_length=300, required=False)
    place = PlaceCodeField(
        label=_("For the place"), required=False,
        help_text=_("division code; left empty, the project's place"),
    )  # fmt: skip
    project_account = forms.ModelChoiceField(
        label=_("For the project"),
        queryset=Account.objects.filter(kind=AccountKind.PROJECT, closed_on__isnull=True),
        required=False,
        to_field_name="code",
    )
    pledged_on = forms.DateField(
        label=_("Pledged on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("a gift promised and not yet received: give only this day"),
    )  # fmt: skip
    received_on = forms.DateField(
        label=_("Received on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DonationReceiveForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=100, required=False)
