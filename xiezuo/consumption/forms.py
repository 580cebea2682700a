"""The forms of consumption assistance's pages; the services check what they are given
(a price or a capacity is read exactly by them, and said wrong beside its field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Place
from xiezuo.places.selectors import place_get

from .models import Objection, ProductCategory, SupplierKind

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


class SupplierForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SupplierKind.choices)
    place = PlaceField(
        label=_("Place"), max_length=12, help_text=_("the helped place's division code")
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, required=False
    )
    contact = forms.CharField(label=_("Contact"), max_length=100, required=False)
    households_linked = forms.CharField(
        label=_("Registered poor households linked"), max_length=12, initial="0"
    )
    linkage = forms.CharField(
        label=_("How it links to poor households"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. land rented, jobs, dividends, purchase by contract"),
    )  # fmt: skip


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=ProductCategory.choices)
    specification = forms.CharField(label=_("Specification"), max_length=200, required=False)
    unit = forms.CharField(
        label=_("Unit"), max_length=20, required=False, help_text=_("e.g. jin, box, piece")
    )
    price = forms.CharField(
        label=_("Price (yuan per unit)"), max_length=40, required=False,
        help_text=_("e.g. 68.50"),
    )  # fmt: skip
    capacity_value = forms.CharField(
        label=_("Annual supply capacity (yuan)"), max_length=40, required=False
    )
    capacity_quantity = forms.CharField(
        label=_("Annual supply capacity (quantity, in units)"), max_length=40, required=False
    )
    place = PlaceField(
        label=_("Place of origin"), max_length=12, required=False,
        help_text=_("division code; empty: the supplier's place"),
    )  # fmt: skip
    households_benefiting = forms.CharField(
        label=_("Poor households benefiting"), max_length=12, initial="0"
    )


class ApplyForm(ProductForm):
    on = forms.DateField(label=_("Applied on"), widget=DAY, required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


class StepForm(forms.Form):
    """A certification step: the day it was taken (not in the future, not before the
    previous step) and a comment — the reasons, where the step needs them."""

    on = forms.DateField(
        label=_("Date of the step"), widget=DAY, required=False, help_text=_("empty: today")
    )
    comment = forms.CharField(
        label=_("Comment or reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


class NoticeForm(StepForm):
    days = forms.IntegerField(label=_("Days of public notice"), min_value=1, initial=7)


class CertifyForm(StepForm):
    valid_until = forms.DateField(
        label=_("Valid until"), widget=DAY, required=False,
        help_text=_("empty: three years from the day of certification"),
    )  # fmt: skip
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=40, required=False,
        help_text=_("empty: numbered by the county and year"),
    )  # fmt: skip


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DAY, required=False)
    raised_by = forms.CharField(label=_("Raised by"), max_length=200, required=False)
    content = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)


THEN_CHOICES = [("reject", _("reject the product")), ("return", _("return it to the supplier"))]


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in Objection.Outcome.choices if c[0] != Objection.Outcome.OPEN],
    )
    then = forms.ChoiceField(label=_("If upheld"), choices=THEN_CHOICES, initial="reject")
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("Answered on"), widget=DAY, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
