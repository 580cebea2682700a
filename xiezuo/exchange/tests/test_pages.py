"""The registry's pages as a clerk and a viewer use them: the list and its filters, a
person's history, recording and changing (a refusal shown beside its field, 422), and
personal information masked on lists, in full only where allowed, each showing recorded."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from xiezuo.exchange.models import Person, Secondment
from xiezuo.personal.models import PersonalDataView
from xiezuo.places.models import Place

from .factories import DEBAO, IDENTITY, NANSHAN, person, secondment

pytestmark = pytest.mark.django_db
MASKED = "4501**********1231"


@pytest.fixture
def viewer(client_for):
    return client_for("viewer", scope=["45"])


@pytest.fixture
def clerk(client_for):
    """A clerk of Baise (4510), where Debao is."""
    return client_for("clerk", scope=["4510"])


def test_the_list_shows_the_demos_secondments_of_2017(viewer):
    page = viewer.get("/exchange/?year=2017&direction=to_helper&category=cadre").content.decode()
    assert 'id="secondment-count">共92条' in page


def test_the_list_filters_by_place_with_its_area_kind_and_in_post(viewer, recorder):
    s = secondment(recorder)
    page = viewer.get("/exchange/?place=4510&year=2021&kind=secondment&in_post=1").content
    assert f'id="secondment-{s.uid}"'.encode() in page
    assert (
        f'id="secondment-{s.uid}"'.encode()
        not in viewer.get("/exchange/?place=4512&year=2021").content
    )
    assert (
        f'id="secondment-{s.uid}"'.encode()
        not in viewer.get("/exchange/?year=2021&kind=training_visit").content
    )


def test_a_bad_year_is_named_and_left_out(viewer):
    page = viewer.get("/exchange/?year=20x8").content.decode()
    assert "“20x8”不是年份" in page


def test_a_persons_page_lists_every_secondment_of_his(viewer, recorder):
    first = secondment(recorder, ended_on=date(2021, 12, 31))
    second = secondment(
        recorder, who=first.person, planned_start=date(2022, 6, 1), planned_end=date(2023, 6, 1),
        started_on=date(2022, 6, 1),
    )  # fmt: skip
    page = viewer.get(f"/exchange/people/{first.person.uid}/").content.decode()
    assert f'id="secondment-{first.uid}"' in page and f'id="secondment-{second.uid}"' in page


def test_a_clerk_registers_a_person_and_records_his_secondment(clerk):
    response = clerk.post(
        "/exchange/people/new/", {"name": "黄新任", "category": "doctor", "home": DEBAO}
    )
    assert response.status_code == 302
    who = Person.objects.get(name="黄新任")
    response = clerk.post(
        f"/exchange/people/{who.uid}/secondments/new/",
        {"direction": "to_helper", "kind": "training_visit", "origin": DEBAO, "host": NANSHAN,
         "planned_start": "2021-05-01", "planned_end": "2021-07-31", "started_on": "2021-05-01"},
    )  # fmt: skip
    assert response.status_code == 302
    s = who.secondments.get()
    assert (s.kind, s.category, s.started_on) == ("training_visit", "doctor", date(2021, 5, 1))


def test_a_refused_secondment_is_answered_422_with_the_message_beside_its_field(
    clerk, recorder, errors_beside
):
    who = person(recorder)
    response = clerk.post(
        f"/exchange/people/{who.uid}/secondments/new/",
        {"direction": "to_helped", "kind": "secondment", "origin": NANSHAN, "host": DEBAO,
         "planned_start": "2021-05-01", "planned_end": "2021-04-30"},
    )  # fmt: skip
    assert response.status_code == 422
    assert errors_beside(response, "id_planned_end") == ["计划结束日期早于计划开始日期。"]
    assert not who.secondments.exists()


def test_an_end_is_recorded_on_the_edit_page(clerk, recorder):
    s = secondment(recorder)
    form = clerk.get(f"/exchange/secondments/{s.uid}/edit/")
    assert form.status_code == 200
    response = clerk.post(
        f"/exchange/secondments/{s.uid}/edit/",
        {"direction": "to_helped", "kind": "secondment", "origin": NANSHAN, "host": DEBAO,
         "post": "德保县副县长", "planned_start": "2021-03-01", "planned_end": "2023-02-28",
         "started_on": "2021-03-01", "ended_on": "2022-08-31"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Secondment.objects.get(pk=s.pk).ended_on == date(2022, 8, 31)
    page = clerk.get(f"/exchange/secondments/{s.uid}/").content.decode()
    assert 'id="ended-on">2022-08-31<' in page


def test_a_person_is_changed_and_a_bad_phone_shown_beside_its_field(clerk, recorder, errors_beside):
    who = person(recorder, home=Place.objects.get(code=DEBAO))
    fields = {"name": who.name, "category": "cadre", "home": DEBAO, "rank": "正处级"}
    refused = clerk.post(f"/exchange/people/{who.uid}/edit/", {**fields, "phone": "12"})
    assert refused.status_code == 422 and errors_beside(refused, "id_phone")
    assert clerk.post(f"/exchange/people/{who.uid}/edit/", fields).status_code == 302
    assert Person.objects.get(pk=who.pk).rank == "正处级"


def test_identity_numbers_are_masked_on_the_list_and_nothing_is_recorded(viewer, recorder):
    who = person(recorder, identity=IDENTITY, phone="13812345678")
    page = viewer.get(f"/exchange/people/?name={who.name}").content.decode()
    assert MASKED in page and IDENTITY not in page and "138****5678" in page
    assert not PersonalDataView.objects.filter(model="exchange.Person").exists()


def test_a_viewer_sees_a_person_masked(viewer, recorder):
    who = person(recorder, identity=IDENTITY, home=Place.objects.get(code=DEBAO))
    page = viewer.get(f"/exchange/people/{who.uid}/").content.decode()
    assert MASKED in page and IDENTITY not in page
    assert not PersonalDataView.objects.filter(model="exchange.Person").exists()


def test_a_clerk_in_scope_sees_the_number_in_full_and_the_showing_is_recorded(clerk, recorder):
    who = person(recorder, identity=IDENTITY, home=Place.objects.get(code=DEBAO))
    page = clerk.get(f"/exchange/people/{who.uid}/").content.decode()
    assert IDENTITY in page
    [logged] = PersonalDataView.objects.filter(model="exchange.Person")
    assert (logged.user, logged.object_ids) == (clerk.user, [who.pk])


def test_the_export_masks_identity_numbers_and_follows_the_filters(viewer, recorder):
    who = person(recorder, identity=IDENTITY)
    s = secondment(recorder, who=who)
    response = viewer.get("/exchange/secondments.xlsx?place=451024&year=2021")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [s.uid]
    assert MASKED in rows[1] and IDENTITY not in rows[1]
