"""Form fields give the services checked, normalised values."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms

from xiezuo.personal.forms import IdentityNumberField, PhoneField


class WorkerForm(forms.Form):
    identity = IdentityNumberField()
    phone = PhoneField(required=False)


def test_a_form_cleans_an_identity_number_and_a_phone():
    form = WorkerForm({"identity": "11010519491231002x", "phone": "+86 138 1234 5678"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["identity"] == "11010519491231002X"
    assert form.cleaned_data["identity"].birth_date == date(1949, 12, 31)
    assert form.cleaned_data["phone"] == "13812345678"


@pytest.mark.parametrize(("identity", "phone"), [("110105194912310021", ""), ("123", "")])
def test_a_form_names_a_wrong_identity_number_beside_its_field(identity, phone):
    form = WorkerForm({"identity": identity, "phone": phone})
    assert not form.is_valid() and list(form.errors) == ["identity"]


def test_an_empty_optional_phone_stays_empty():
    form = WorkerForm({"identity": "11010519491231002X", "phone": ""})
    assert form.is_valid() and form.cleaned_data["phone"] == ""
