"""The forms of the sales pages (buyers, sales, facilities); the services check what they
are given and say exactly what is wrong."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Place
from xiezuo.places.selectors import place_get

from .models import Buyer, BuyerKind, FacilityKind, Product, Supplier

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


class BuyerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BuyerKind.choices)
    place = PlaceField(label=_("Place"), max_length=12, help_text=_("division code"))


class SaleForm(forms.Form):
    buyer = forms.ModelChoiceField(label=_("Buyer"), queryset=Buyer.objects.none())
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.none(), required=False,
        help_text=_("only a product certified on the sale's day counts"),
    )  # fmt: skip
    supplier = forms.ModelChoiceField(
        label=_("Supplier"), queryset=Supplier.objects.none(), required=False,
        help_text=_("the product's, if left empty"),
    )  # fmt: skip
    sold_on = forms.DateField(label=_("Date"), widget=DAY)
    # checked by the service, which says exactly what is wrong with them
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=40, help_text=_("e.g. 1250.50"))
    quantity = forms.CharField(label=_("Quantity"), max_length=40, required=False)
    order_number = forms.CharField(label=_("Order or invoice number"), max_length=60,
                                   required=False)  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    # a second submission of the same form (a double click, a reload) records nothing more
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("sold_on", timezone.localdate())
        kwargs["initial"].setdefault("idempotency_key", f"page:{uuid.uuid4()}")
        super().__init__(*args, **kwargs)
        querysets = {
            "buyer": Buyer.objects.select_related("place").order_by("name"),
            "product": Product.objects.select_related("supplier").order_by("name", "id"),
            "supplier": Supplier.objects.order_by("name", "id"),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class ReverseForm(forms.Form):
    note = forms.CharField(label=_("Why"), max_length=500, required=False)


class FacilityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FacilityKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    serves = PlaceField(label=_("Helped place served"), max_length=12, help_text=_("division code"))
    located_in = PlaceField(
        label=_("Located in"), max_length=12, required=False, help_text=_("division code")
    )
    area_mu = forms.CharField(
        label=_("Area (mu)"), max_length=20, required=False, help_text=_("a supply base's")
    )
    rent_free = forms.BooleanField(label=_("Rent free"), required=False)
    opened_on = forms.DateField(label=_("Opened on (held on, for a fair)"), widget=DAY)
    closed_on = forms.DateField(label=_("Closed on"), widget=DAY, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
