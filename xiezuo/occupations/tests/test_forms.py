"""The occupation picker the labour forms reuse: a code, validated to an occupation."""

import pytest
from django import forms

from xiezuo.occupations.forms import DATALIST_ID, OccupationField
from xiezuo.occupations.models import Occupation

pytestmark = pytest.mark.django_db


class WishForm(forms.Form):
    occupation = OccupationField(label="职业")
    other = OccupationField(label="其他职业", required=False)


def test_a_code_of_an_occupation_is_accepted_as_the_occupation():
    form = WishForm({"occupation": "6-05-01-03"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occupation"] == Occupation.objects.get(code="6-05-01-03")
    assert form.cleaned_data["other"] is None


def test_a_suggestion_as_the_browser_fills_it_in_is_read_by_its_code():
    form = WishForm({"occupation": " 6-05-01-03 缝纫工 "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occupation"].code == "6-05-01-03"


def test_an_unknown_code_is_refused():
    form = WishForm({"occupation": "缝纫工"})
    assert not form.is_valid()
    assert form.errors["occupation"] == ["没有职业代码为“缝纫工”的职业。"]


def test_a_group_is_refused_with_a_hint():
    form = WishForm({"occupation": "6-05-01-00"})
    assert not form.is_valid()
    assert form.errors["occupation"] == [
        "6-05-01-00 纺织品和服装剪裁缝纫人员 是职业类别，请选择其下的具体职业。"
    ]


def test_the_input_is_tied_to_the_suggestions_and_shows_the_code():
    sewing = Occupation.objects.get(code="6-05-01-03")
    html = str(WishForm(initial={"occupation": sewing})["occupation"])
    assert f'list="{DATALIST_ID}"' in html and 'autocomplete="off"' in html
    assert 'value="6-05-01-03"' in html


def test_the_datalist_asks_the_suggestions_as_a_title_is_typed():
    from django.template.loader import render_to_string

    html = render_to_string("occupations/_occupation_datalist.html")
    # static/web/xiezuo.js fills the datalist from this address as a title is typed
    assert f'<datalist id="{DATALIST_ID}" data-search-url="/occupations/options/">' in html
