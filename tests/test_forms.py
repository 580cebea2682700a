"""A service's refusal shown on a form: each message beside its field, the rest above;
a refused form answers 422."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from xiezuo.forms import errors_to_form, form_status


class SideForm(forms.Form):
    helper_place = forms.CharField(required=False)
    ended_on = forms.CharField(required=False)


class NameForm(forms.Form):
    name = forms.CharField()


def _validated(**data: str) -> SideForm:
    form = SideForm(data)
    assert form.is_valid()
    return form


def test_a_message_keyed_by_a_field_name_is_put_beside_that_field():
    form = _validated(ended_on="2018-01-01")
    errors_to_form(form, ValidationError({"ended_on": ["the end date is before the start date"]}))
    assert form.errors == {"ended_on": ["the end date is before the start date"]}
    assert "ended_on" not in form.cleaned_data


def test_a_key_mapped_to_a_field_is_put_beside_the_field_it_is_mapped_to():
    form = _validated(helper_place="451024")
    errors_to_form(
        form,
        ValidationError({"helper": ["not a county"]}),
        fields={"helper": "helper_place"},
    )
    assert form.errors == {"helper_place": ["not a county"]}


def test_every_message_of_a_key_is_kept_in_order():
    form = _validated()
    errors_to_form(form, ValidationError({"ended_on": ["first", "second"]}))
    assert form.errors["ended_on"] == ["first", "second"]


def test_a_key_that_is_no_field_of_the_form_is_put_above_it():
    form = _validated()
    errors_to_form(form, ValidationError({"helper": ["not a county"], "ended_on": ["too early"]}))
    assert form.non_field_errors() == ["not a county"]
    assert form.errors["ended_on"] == ["too early"]


def test_a_key_mapped_to_a_field_the_form_lacks_is_put_above_it():
    form = _validated()
    errors_to_form(form, ValidationError({"name": ["taken"]}), fields={"name": "categories"})
    assert form.non_field_errors() == ["taken"]


def test_a_message_without_a_key_is_put_above_the_form():
    form = _validated()
    errors_to_form(form, ValidationError(["the report is locked", "ask the level above"]))
    assert form.non_field_errors() == ["the report is locked", "ask the level above"]
    assert list(form.errors) == ["__all__"]


def test_a_refused_form_answers_422():
    form = _validated()
    errors_to_form(form, ValidationError("no"))
    assert form_status(form) == 422


def test_a_form_invalid_by_itself_answers_422():
    assert form_status(NameForm({})) == 422


def test_a_page_with_one_refused_form_among_several_answers_422():
    assert form_status(_validated(), NameForm({})) == 422
    assert form_status(_validated(), SideForm()) == 200


def test_a_form_not_yet_submitted_or_accepted_answers_200():
    assert form_status(SideForm()) == 200
    assert form_status(_validated(ended_on="2018-01-01")) == 200
