"""GET /api/v1/reports/dashboard: the dashboard's figures as JSON."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xiezuo.indicators.analytics import value_of
from xiezuo.periods import parse
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/dashboard"


def by_code(body):
    return {f["code"]: f for f in body["figures"]}


def test_the_figures_are_the_analytics_values_with_target_last_year_and_months(api_for):
    response = api_for("viewer", scope=["45"]).get(URL, {"place": "45", "year": "2018"})
    assert response.status_code == 200
    body = response.json()
    assert (body["place"], body["year"], body["left_out"]) == ("45", 2018, False)
    figures = by_code(body)
    guangxi = Place.objects.get(code="45")
    for code in ("workers_placed", "fiscal_aid_in_place", "paired_villages"):
        expected = value_of(code, place=guangxi, periods=[parse("2018")], unapproved_within=("45",))
        assert figures[code]["value"] == (None if expected is None else str(expected)), code
    workers = figures["workers_placed"]
    assert Decimal(workers["last_year"]) == 45_022
    assert len(workers["months"]) == 12 and Decimal(workers["months"][0]) > 0
    assert workers["source"] == "/pivot/?dx=workers_placed&pe=2018&ou=45&rows=ou&columns=pe"
    assert set(workers) >= {"label", "unit", "target", "share_of_target", "registry"}


def test_a_figure_with_a_target_gives_its_share(api_for):
    body = api_for("viewer", scope=["45"]).get(URL, {"place": "45", "year": "2018"}).json()
    funds = by_code(body)["fiscal_aid_in_place"]
    assert funds["target"] is not None
    share = Decimal(funds["share_of_target"])
    assert share == Decimal(funds["value"]) / Decimal(funds["target"])


def test_the_children_link_to_their_own_dashboard(api_for):
    body = api_for("viewer", scope=["45"]).get(URL, {"place": "4510", "year": "2017"}).json()
    debao = next(c for c in body["children"] if c["place"] == "451024")
    assert debao["url"] == "/dashboard/?place=451024&year=2017"
    assert set(debao["values"]) == {f["code"] for f in body["figures"]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"place": "99", "year": "2018"}, "place"),
        ({"place": "45", "year": "1066"}, "year"),
        ({"place": "45", "year": "later"}, "year"),
        ({"pairing": "nosuchthing", "year": "2018"}, "pairing"),
    ],
)
def test_an_unknown_place_year_or_pairing_answers_the_one_error_shape(api_for, params, field):
    response = api_for("viewer", scope=["45"]).get(URL, params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and list(body["errors"]) == [field]


def test_a_stranger_is_asked_to_sign_in(client):
    response = client.get(URL, {"place": "45", "year": "2018"})
    assert response.status_code == 401
    assert "detail" in response.json()
