"""/api/v1/exchange as a county office's script uses it: people and secondments listed,
read, recorded and changed (a start and an end), refusals by field."""

from __future__ import annotations

import json

import pytest

from xiezuo.personal.models import PersonalDataView

from .factories import DEBAO, IDENTITY, NANSHAN, person, secondment, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(api_for):
    """A clerk of Baise (4510), with an API token."""
    return api_for("clerk", scope=["4510"])


def send(client, method, path, body):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


SECONDMENT = {"direction": "to_helped", "kind": "secondment", "origin": NANSHAN, "host": DEBAO,
              "planned_start": "2021-03-01", "planned_end": "2023-02-28"}  # fmt: skip


def test_a_person_is_registered_and_read_back_in_full_by_a_clerk_in_scope(clerk):
    body = {"name": "覃新人", "category": "teacher", "home": DEBAO, "identity": IDENTITY}
    response = send(clerk, "post", "/api/v1/exchange/people", body)
    assert response.status_code == 201, response.content
    uid = response.json()["uid"]
    read = clerk.get(f"/api/v1/exchange/people/{uid}").json()
    assert (read["identity"], read["home"], read["category"]) == (IDENTITY, DEBAO, "teacher")
    assert PersonalDataView.objects.filter(model="exchange.Person").exists()


def test_the_list_of_people_is_paginated_and_masked(clerk, recorder):
    person(recorder, identity=IDENTITY, name="唯一测试名")
    listed = clerk.get("/api/v1/exchange/people?name=唯一测试名&limit=5").json()
    assert listed["count"] == 1
    assert listed["items"][0]["identity"] == "4501**********1231"


def test_a_number_on_record_is_refused_naming_the_person(clerk, recorder):
    person(recorder, identity=IDENTITY, name="李已有")
    body = {"name": "王新来", "category": "cadre", "home": DEBAO, "identity": IDENTITY}
    refused = send(clerk, "post", "/api/v1/exchange/people", body)
    assert refused.status_code == 422
    assert "李已有" in refused.json()["errors"]["identity"][0]


def test_a_secondment_is_recorded_started_and_ended_moving_the_figure(clerk, recorder):
    who = person(recorder)
    created = send(clerk, "post", "/api/v1/exchange/secondments", {**SECONDMENT, "person": who.uid})
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    key = "direction=to_helped;origin=other"
    assert stored("cadres_seconded", DEBAO, "2021", key) is None  # planned only
    started = send(
        clerk, "patch", f"/api/v1/exchange/secondments/{uid}", {"started_on": "2021-03-01"}
    )
    assert started.status_code == 200 and started.json()["started_on"] == "2021-03-01"
    assert stored("cadres_seconded", DEBAO, "2021", key)[0] == 1
    ended = send(clerk, "patch", f"/api/v1/exchange/secondments/{uid}", {"ended_on": "2021-03-31"})
    assert ended.json()["ended_on"] == "2021-03-31"
    assert stored("secondment_person_days", DEBAO, "2021", "direction=to_helped")[0] == 31
    assert clerk.get(f"/api/v1/exchange/secondments/{uid}").json() == ended.json()


def test_an_end_before_the_start_is_refused_by_field(clerk, recorder):
    s = secondment(recorder)
    refused = send(
        clerk, "patch", f"/api/v1/exchange/secondments/{s.uid}", {"ended_on": "2020-01-01"}
    )
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["ended_on"]


def test_the_list_of_secondments_filters_as_the_page_does(clerk, recorder):
    s = secondment(recorder)
    listed = clerk.get("/api/v1/exchange/secondments?place=451024&year=2021&in_post=true").json()
    assert [item["uid"] for item in listed["items"]] == [s.uid]
    assert clerk.get("/api/v1/exchange/secondments?year=2017&limit=1").json()["count"] == 325


def test_a_clerk_outside_both_sides_is_refused(api_for, recorder):
    other = api_for("clerk", scope=["4512"])
    s = secondment(recorder)
    refused = send(other, "patch", f"/api/v1/exchange/secondments/{s.uid}", {"post": "x"})
    assert refused.status_code == 403


def test_a_place_sent_empty_in_a_patch_is_refused_by_field(clerk, recorder):
    s = secondment(recorder)
    refused = send(clerk, "patch", f"/api/v1/exchange/secondments/{s.uid}", {"host": None})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["host"]
