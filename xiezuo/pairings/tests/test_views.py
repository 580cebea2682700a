"""The pairing pages: a refused pairing answers 422 with each message beside its field,
and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.pairings.models import Pairing
from xiezuo.places.models import Organisation

from .factories import pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator", scope=["4510"])


@pytest.fixture
def township() -> Pairing:
    """Nanshan's Nantou subdistrict helping a Debao township the demo leaves unpaired."""
    return pairing("township", "451024105")


def _form(**fields: str) -> dict[str, str]:
    return {"kind": "township", "started_on": "2018-01-01", **fields}


def test_a_pairing_already_active_is_refused_beside_the_helped_place(coordinator, errors_beside):
    before = Pairing.objects.count()
    response = coordinator.post(
        "/pairings/new/",
        _form(kind="county", helper_place="440305", helped_place="451024"),
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_helped_place") == ["双方已有该类型的有效结对"]
    assert Pairing.objects.count() == before


def test_an_organisation_that_does_not_fit_the_type_is_refused_beside_the_organisation(
    coordinator, errors_beside
):
    hospital = Organisation.objects.filter(kind="hospital", place__code="440305").first()
    response = coordinator.post(
        "/pairings/new/",
        _form(kind="school", helper_organisation=str(hospital.pk), helped_place="451024"),
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_helper_organisation") == ["“校–校”结对的帮扶方必须是：学校"]
    assert errors_beside(response, "id_helper_place") == []
    assert not Pairing.objects.filter(kind="school", helper_organisation=hospital).exists()


def test_an_end_before_the_start_is_refused_beside_the_end_date(coordinator, errors_beside):
    response = coordinator.post(
        "/pairings/new/",
        _form(helper_place="440305001", helped_place="451024105", ended_on="2017-12-31"),
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_ended_on") == ["结束日期早于开始日期"]
    assert not Pairing.objects.filter(helped_place__code="451024105").exists()


def test_a_side_given_as_a_place_and_an_organisation_is_refused_beside_the_place(
    coordinator, errors_beside
):
    office = Organisation.objects.filter(place__code="451024").first()
    response = coordinator.post(
        "/pairings/new/",
        _form(helper_place="440305001", helped_place="451024105", helped_organisation=office.pk),
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_helped_place") == ["请填写行政区划或单位，不能同时填写。"]
    assert not Pairing.objects.filter(helped_place__code="451024105").exists()


def test_an_edit_pairing_a_place_with_itself_is_refused_beside_the_helped_place(
    client_for, township, errors_beside
):
    response = client_for("administrator").post(
        f"/pairings/{township.pk}/edit/",
        _form(helper_place="451024105", helped_place="451024105", note="改"),
    )
    assert response.status_code == 422
    assert "不能与自身结对" in " ".join(errors_beside(response, "id_helped_place"))
    township.refresh_from_db()
    assert township.helper_place.code == "440305001" and township.note == ""


def test_an_end_before_the_start_is_refused_beside_the_end_form_date(
    coordinator, township, errors_beside
):
    response = coordinator.post(f"/pairings/{township.pk}/end/", {"ended_on": "2000-01-01"})
    assert response.status_code == 422
    assert errors_beside(response, "id_ended_on") == ["结束日期早于开始日期"]
    township.refresh_from_db()
    assert township.ended_on is None


def test_ending_an_ended_pairing_again_says_so_beside_the_end_date(
    coordinator, township, errors_beside
):
    coordinator.post(f"/pairings/{township.pk}/end/", {"ended_on": "2021-01-01"})
    response = coordinator.post(f"/pairings/{township.pk}/end/", {"ended_on": "2022-01-01"})
    assert response.status_code == 422
    assert errors_beside(response, "id_ended_on") == ["该结对已结束"]
    township.refresh_from_db()
    assert township.ended_on == date(2021, 1, 1)
