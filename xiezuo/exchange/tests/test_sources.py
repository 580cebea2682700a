"""The registry's figures: counted from the secondments that started, moving at once."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.exchange import services
from xiezuo.indicators import sources
from xiezuo.indicators.checking import CleanValue, ValueChecker
from xiezuo.indicators.models import DataValue
from xiezuo.places.models import Place

from .factories import DEBAO, NANSHAN, person, secondment, stored

pytestmark = pytest.mark.django_db
OURS = "derived:exchange"


def test_a_started_secondment_counts_at_the_host_county_in_its_year(recorder):
    secondment(recorder)
    key = "direction=to_helped;origin=other"
    assert stored("cadres_seconded", DEBAO, "2021", key) == (1, OURS)


def test_a_planned_secondment_does_not_count_until_it_starts(recorder):
    s = secondment(recorder, started_on=None)
    assert stored("cadres_seconded", DEBAO, "2021", "direction=to_helped;origin=other") is None
    services.secondment_start(secondment=s, on=date(2021, 4, 1))
    assert stored("cadres_seconded", DEBAO, "2021", "direction=to_helped;origin=other") == (
        1, OURS,
    )  # fmt: skip


def test_a_professional_counts_as_sent_by_direction(recorder):
    doctor = person(recorder, category="doctor", name="刘医生")
    secondment(recorder, who=doctor, kind="professional_support")
    assert stored("professionals_sent", DEBAO, "2021", "direction=to_helped") == (1, OURS)


def test_a_cadre_from_a_poor_county_counts_at_his_county_as_from_a_poor_county(recorder):
    cadre = person(recorder, home=Place.objects.get(code=DEBAO))
    secondment(
        recorder, who=cadre, direction="to_helper", origin=Place.objects.get(code=DEBAO),
        host=Place.objects.get(code=NANSHAN), planned_start=date(2018, 3, 1),
        planned_end=date(2018, 8, 31), started_on=date(2018, 3, 1), ended_on=date(2018, 8, 31),
    )  # fmt: skip
    key = "direction=to_helper;origin=poor_county"  # Debao was poor until 2019
    assert stored("cadres_seconded", DEBAO, "2018", key) == (1, OURS)
    assert stored("secondment_person_days", DEBAO, "2018", "direction=to_helper") == (184, OURS)


def test_person_days_count_in_each_year_to_the_end(recorder):
    s = secondment(recorder, ended_on=date(2022, 1, 31))
    assert stored("secondment_person_days", DEBAO, "2021", "direction=to_helped") == (306, OURS)
    assert stored("secondment_person_days", DEBAO, "2022", "direction=to_helped") == (31, OURS)
    services.secondment_end(secondment=s, on=date(2021, 12, 31))
    assert stored("secondment_person_days", DEBAO, "2022", "direction=to_helped") is None


def test_a_township_host_counts_at_its_county(recorder):
    township = Place.objects.filter(code__startswith=DEBAO, level=4).order_by("code").first()
    secondment(recorder, host=township)
    assert stored("cadres_seconded", DEBAO, "2021", "direction=to_helped;origin=other") == (
        1, OURS,
    )  # fmt: skip


def test_an_edit_moves_the_figure_from_the_old_place_to_the_new(recorder):
    s = secondment(recorder)
    services.secondment_update(secondment=s, host=Place.objects.get(code="451022"))
    key = "direction=to_helped;origin=other"
    assert stored("cadres_seconded", DEBAO, "2021", key) is None
    assert stored("cadres_seconded", "451022", "2021", key) == (1, OURS)


def test_a_full_sync_rebuilds_what_the_services_wrote(recorder):
    secondment(recorder)
    before = set(
        DataValue.objects.filter(source=OURS).values_list(
            "place_code", "period", "disaggregation", "value"
        )
    )
    summary = sources.sync("exchange")
    assert summary.created == summary.deleted == 0
    after = set(
        DataValue.objects.filter(source=OURS).values_list(
            "place_code", "period", "disaggregation", "value"
        )
    )
    assert before == after


@pytest.mark.parametrize(
    ("element", "key"),
    [
        ("cadres_seconded", "direction=to_helped;origin=other"),
        ("professionals_sent", "direction=to_helped"),
        ("secondment_person_days", "direction=to_helper"),
    ],
)
def test_an_owned_figure_cannot_be_typed(element, key):
    checked = ValueChecker().check(
        element=element, place=DEBAO, period="2021", disaggregation=key, value="7"
    )
    assert not isinstance(checked, CleanValue)
    assert sources.owner_of(element).name == "exchange"


def test_the_api_refuses_to_post_an_owned_figure(client_for):
    clerk = client_for("clerk", scope=[DEBAO])
    response = clerk.post("/api/dataValues?de=secondment_person_days&pe=2021&ou=451024&value=7")
    assert response.status_code == 409
