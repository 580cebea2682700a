"""Short visits: recording and correcting them, and the figures they count in."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from xiezuo.exchange import visits
from xiezuo.exchange.models import ShortVisit
from xiezuo.indicators.models import DataValue
from xiezuo.indicators.sources import owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["451024"])


def record(clerk, place, **changes):
    fields = {
        "kind": "medical_shadowing", "direction": "to_helper", "origin": place("451024"),
        "host": place("440307"), "people": 12, "from_on": date(2019, 4, 1),
        "to_on": date(2019, 6, 30),
    }  # fmt: skip
    return visits.visit_create(actor=clerk, **{**fields, **changes})


def figure(element, code="451024", period="2019"):
    found = DataValue.objects.filter(
        data_element__code=element, place__code=code, period=period
    ).first()
    return found and (found.value, found.source)


def test_a_visit_from_the_helped_side_counts_at_its_origin_in_the_year_it_begins(clerk, place):
    record(clerk, place)
    assert figure("medical_staff_shadowing") == (12, "derived:visits")


def test_a_visit_to_the_helped_side_counts_at_its_host(clerk, place):
    record(clerk, place, kind="medical_exchange", direction="to_helped",
           origin=place("440307"), host=place("451024"))  # fmt: skip
    assert figure("medical_staff_exchange") == (12, "derived:visits")


def test_correcting_a_visit_moves_its_figure(clerk, place):
    visit = record(clerk, place)
    visits.visit_update(
        actor=clerk, visit=visit, kind="medical_shadowing", direction="to_helper",
        origin=place("451024"), host=place("440307"), people=20,
        from_on=date(2019, 4, 1), to_on=date(2019, 6, 30),
    )  # fmt: skip
    assert figure("medical_staff_shadowing") == (20, "derived:visits")


def test_a_teachers_exchange_counts_in_no_figure(clerk, place):
    record(clerk, place, kind="teacher_exchange")
    assert not DataValue.objects.filter(place__code="451024", period="2019",
                                        source="derived:visits").exists()  # fmt: skip


@pytest.mark.parametrize("people", [0, -3, "几个"])
def test_people_must_be_a_whole_number_above_zero(clerk, place, people):
    with pytest.raises(ValidationError) as refused:
        record(clerk, place, people=people)
    assert set(refused.value.message_dict) == {"people"}
    assert not ShortVisit.objects.filter(origin__code="451024", from_on__year=2019).exists()


def test_a_visit_cannot_end_before_it_begins(clerk, place):
    with pytest.raises(ValidationError) as refused:
        record(clerk, place, from_on=date(2019, 6, 1), to_on=date(2019, 5, 1))
    assert set(refused.value.message_dict) == {"to_on"}


def test_the_helped_side_of_a_visit_must_be_a_helped_place(clerk, place):
    with pytest.raises(ValidationError) as refused:
        record(clerk, place, origin=place("440305"))
    assert set(refused.value.message_dict) == {"origin"}


def test_the_visits_own_the_health_and_university_staff_figures():
    for element in ("medical_staff_shadowing", "medical_staff_exchange",
                    "university_staff_exchange"):  # fmt: skip
        assert owner_of(element).name == "visits"


def test_the_demo_records_the_seeds_visits_instead_of_typing_them():
    def people(kind, origins):
        found = ShortVisit.objects.filter(illustrative=True, kind=kind, from_on__year=2018)
        return visits.visit_people(found.filter(origin__code__in=origins))

    from xiezuo.demo.values import BAISE, HECHI

    assert people("medical_shadowing", BAISE) == 45
    assert people("medical_shadowing", HECHI) == 45
    assert people("medical_exchange", ["451081", "451026"]) == 65
    assert people("university_staff", ["450107"]) == 6
    assert not DataValue.objects.filter(
        data_element__code__in=["medical_staff_shadowing", "medical_staff_exchange",
                                "university_staff_exchange"],
    ).exclude(source="derived:visits").exists()  # fmt: skip


def test_loading_the_demo_again_records_no_visit_or_quota():
    from xiezuo.accounts.models import User
    from xiezuo.demo.exchange_visits import load_quotas, load_visits

    admin = User.objects.get(username="admin")
    assert load_visits(admin) + load_quotas(admin) == 0
