"""/api/v1/labour as an office's script uses it: workers registered once, identity numbers
masked unless the policy allows (and each full showing recorded), placements and their
follow-ups moving the figures at once."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import translation

from xiezuo.indicators.models import DataValue
from xiezuo.personal.identity import synthetic_identity
from xiezuo.personal.models import PersonalDataView

pytestmark = pytest.mark.django_db

HOME = "450821"  # Pingnan: no demo placements, so the figures are this test's alone


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def send(client, method, path, body):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def number(n):
    return synthetic_identity(46000 + n, date(1995, 8, 8), "male", "45")


def test_a_worker_is_registered_placed_and_followed_up(client_for, make_user):
    clerk = client_for("clerk", scope=["4508"])
    body = {"identity": number(1), "name": "覃志强", "home": HOME, "poverty_status": "poor",
            "phone": "139 0000 1111", "wish_destination": "helper", "expected_wage": 4000,
            "wish_occupations": ["6-25-04-07"]}  # fmt: skip
    made = send(clerk, "post", "/api/v1/labour/workers", body)
    assert made.status_code == 201, made.content
    worker = made.json()
    assert worker["identity"] == number(1) and worker["phone"] == "13900001111"
    assert worker["sex"] == "male" and worker["birth_date"] == "1995-08-08"
    assert worker["wish_occupations"] == ["6-25-04-07"]
    again = send(clerk, "post", "/api/v1/labour/workers", {**body, "name": "另一人"})
    assert again.status_code == 422
    assert "此人已在" in json.dumps(again.json(), ensure_ascii=False)
    viewer = client_for("viewer", scope=["45"])
    seen = viewer.get(f"/api/v1/labour/workers/{worker['uid']}").json()
    assert seen["identity"] == number(1)[:4] + "*" * 10 + number(1)[-4:]
    assert seen["phone"] == "139****1111"
    listed = clerk.get(f"/api/v1/labour/workers?place={HOME}").json()
    assert [w["identity"] for w in listed["items"]] == [seen["identity"]]  # lists: masked
    # the clerk saw the number in full (answered on registering), the viewer did not
    from xiezuo.labour.models import Worker

    pk = Worker.objects.get(uid=worker["uid"]).pk
    shown = [v for v in PersonalDataView.objects.filter(model="labour.Worker")
             if pk in v.object_ids]  # fmt: skip
    assert len(shown) == 1 and shown[0].where == "/api/v1/labour/workers"

    placed = send(clerk, "post", "/api/v1/labour/placements", {
        "worker": worker["uid"], "started_on": "2019-03-04", "channel": "organised",
        "place_of_work": "4419", "employer_name": "东莞某电子厂",
    })  # fmt: skip
    assert placed.status_code == 201, placed.content
    placement = placed.json()
    assert (placement["destination"], placement["county"]) == ("helper", HOME)
    figure = DataValue.objects.get(
        data_element__code="workers_placed", place__code=HOME, period="201903",
        disaggregation="poverty=poor",
    )  # fmt: skip
    assert figure.value == 1
    early = send(clerk, "post", f"/api/v1/labour/placements/{placement['uid']}/follow-ups",
                 {"months": 3, "checked_on": "2019-05-01", "employed": True})  # fmt: skip
    assert early.status_code == 422 and "2019-06-04" in early.content.decode()
    done = send(clerk, "post", f"/api/v1/labour/placements/{placement['uid']}/follow-ups",
                {"months": 3, "checked_on": "2019-06-05", "employed": True})  # fmt: skip
    assert done.status_code == 201
    assert done.json()["follow_ups"] == [
        {"months": 3, "checked_on": "2019-06-05", "employed": True, "note": ""}
    ]
    outside = client_for("clerk", scope=["4510"])
    refused = send(outside, "patch", f"/api/v1/labour/workers/{worker['uid']}", {"skills": "x"})
    assert refused.status_code == 403


def test_bad_input_is_refused_by_field(client_for):
    clerk = client_for("clerk", scope=["4508"])
    bad = send(clerk, "post", "/api/v1/labour/workers", {
        "identity": "12345", "name": "某", "home": HOME, "poverty_status": "poor",
    })  # fmt: skip
    assert bad.status_code == 422 and "identity" in bad.json()["errors"]
    unknown = send(clerk, "post", "/api/v1/labour/workers", {
        "identity": number(2), "name": "某", "home": HOME, "poverty_status": "poor",
        "wish_occupations": ["9-99-99-99"],
    })  # fmt: skip
    assert unknown.status_code == 422 and "wish_occupations" in unknown.json()["errors"]


def test_a_worker_s_home_cannot_be_empty(client_for):
    """Found by the fuzzer (tests/test_fuzz_api.py): `"home": ""` answered a 500, on
    registering and on changing a worker."""
    clerk = client_for("clerk", scope=["4508"])
    body = {"identity": number(90), "name": "韦小梅", "home": HOME, "poverty_status": "poor"}
    refused = send(clerk, "post", "/api/v1/labour/workers", {**body, "home": ""})
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"] == {"home": ["此字段为必填项。"]}
    uid = send(clerk, "post", "/api/v1/labour/workers", body).json()["uid"]
    for home in ("", None):
        response = send(clerk, "patch", f"/api/v1/labour/workers/{uid}", {"home": home})
        assert response.status_code == 422, response.content
        assert response.json()["errors"] == {"home": ["此字段为必填项。"]}


@pytest.mark.parametrize("path", ["fairs", "training-classes", "school-leavers"])
def test_a_year_no_date_can_have_is_refused(client_for, path):
    """Found by the fuzzer: `?year=105551688300` overflowed the date filter (a 500)."""
    response = client_for("viewer", scope=["45"]).get(f"/api/v1/labour/{path}?year=105551688300")
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {"year": ["请输入不大于 9999 的数。"]}


def test_a_home_holding_a_nul_is_named_as_no_place(client_for):
    """Found by the fuzzer on PostgreSQL, which refuses a NUL in a query (a 500)."""
    body = {
        "identity": number(91),
        "name": "韦小梅",
        "home": "4508\x0021",
        "poverty_status": "poor",
    }
    response = send(client_for("clerk", scope=["4508"]), "post", "/api/v1/labour/workers", body)
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == ["home"]
