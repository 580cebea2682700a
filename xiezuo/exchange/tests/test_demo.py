"""The demo's talent exchange: the seed's 2017 figures come out of illustrative records."""

from __future__ import annotations

import pytest

from xiezuo.demo.exchange import load_exchange
from xiezuo.exchange.models import Person, Secondment
from xiezuo.indicators.models import DataValue

from .factories import figure

pytestmark = pytest.mark.django_db


def test_the_seeds_secondments_of_2017_are_illustrative_records():
    started = Secondment.objects.filter(started_on__year=2017, illustrative=True)
    assert started.filter(direction="to_helped", category="cadre").count() == 71
    assert started.filter(direction="to_helped").exclude(category="cadre").count() == 162
    assert started.filter(direction="to_helper", category="cadre").count() == 92
    assert not Person.objects.filter(illustrative=False, secondments__illustrative=True).exists()


def test_the_seeds_figures_come_out_of_them():
    assert figure("cadres_seconded[direction=to_helped]", "45", "2017") == 71
    assert figure("professionals_sent[direction=to_helped]", "45", "2017") == 162
    assert figure("cadres_seconded[direction=to_helper]", "45", "2017") == 92
    assert figure("cadres_seconded[direction=to_helper;origin=poor_county]", "45", "2017") == 33


def test_no_typed_value_of_the_registrys_elements_is_left():
    owned = DataValue.objects.filter(
        data_element__code__in=["cadres_seconded", "professionals_sent"]
    )
    assert set(owned.values_list("source", flat=True)) == {"derived:exchange"}


def test_loading_again_writes_nothing(recorder):
    assert load_exchange(recorder) == 0
