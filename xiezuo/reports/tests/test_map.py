"""The map's data: each place at its centre with the figure of the year, and outlines once a
deployer has loaded them."""

from pathlib import Path

import pytest

from xiezuo.indicators.analytics import value_of
from xiezuo.numbers import format_cn
from xiezuo.periods import parse
from xiezuo.reports.maps import boundary_load, centres

pytestmark = pytest.mark.django_db

BAISE_THREE = Path(__file__).parent / "data" / "baise_three_counties.geojson"


def map_json(client, **params):
    response = client.get("/dashboard/map.json", params)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_guangxi_shows_each_prefecture_with_its_figure_from_the_analytics(client_for, place):
    data = map_json(
        client_for("viewer", scope=["45"]), place="45", year="2017", figure="workers_placed"
    )
    points = {p["code"]: p for p in data["points"]}
    assert set(points) == {p.code for p in place("45").children.all()}
    assert data["figure"]["name"] and data["year"] == 2017
    with_values = 0
    for code, point in points.items():
        expected = value_of("workers_placed", place=place(code), periods=[parse("2017")])
        assert point["value"] == (float(expected) if expected is not None else None), code
        assert point["text"] == (format_cn(expected) if expected is not None else "—")
        with_values += expected is not None
    assert with_values > 0
    assert points["4510"]["name"] == "百色市"
    assert points["4510"]["url"] == "/dashboard/?place=4510&year=2017"


def test_each_place_sits_at_its_centre_from_the_file(client_for):
    data = map_json(client_for("viewer"), place="4510", year="2017", figure="workers_placed")
    debao = next(p for p in data["points"] if p["code"] == "451024")
    assert debao["centre"] == list(centres()["451024"])
    assert debao["borrowed"] is False


def test_a_county_renamed_since_2020_sits_at_its_prefecture_and_the_map_says_so(client_for):
    # 平果市 (451082) became a city in 2019: the 2020 file has no row for its new code
    data = map_json(client_for("viewer"), place="4510", year="2017", figure="workers_placed")
    pingguo = next(p for p in data["points"] if p["code"] == "451082")
    assert pingguo["centre"] == list(centres()["4510"])
    assert pingguo["borrowed"] is True
    assert "平果市" in data["note"]


def test_an_unknown_figure_or_year_is_refused_with_a_message(client_for):
    client = client_for("viewer")
    response = client.get("/dashboard/map.json", {"place": "45", "figure": "no_such"})
    assert response.status_code == 400
    assert "no_such" in response.json()["error"]
    response = client.get("/dashboard/map.json", {"place": "45", "year": "17"})
    assert response.status_code == 400
    assert "17" in response.json()["error"]


def test_without_a_boundary_the_map_has_none(client_for):
    data = map_json(client_for("viewer"), place="4510", year="2017", figure="workers_placed")
    assert data["boundaries"] is None


def test_loaded_boundaries_come_with_the_map(client_for):
    boundary_load(data=BAISE_THREE.read_bytes(), key="adcode", source="test")
    data = map_json(client_for("viewer"), place="4510", year="2017", figure="workers_placed")
    features = data["boundaries"]["features"]
    assert {f["properties"]["name"] for f in features} == {"451024", "451026", "451027"}
    assert {f["properties"]["label"] for f in features} == {"德保县", "那坡县", "凌云县"}
    assert all(f["geometry"]["type"] == "Polygon" for f in features)
    # a map of another prefecture has no outlines
    assert map_json(client_for("viewer"), place="4512", year="2017")["boundaries"] is None


def test_the_map_needs_a_signed_in_reader(client):
    response = client.get("/dashboard/map.json", {"place": "45"})
    assert response.status_code in (302, 403)


def test_the_map_page_offers_the_figures_and_draws_the_map(client_for):
    page = client_for("viewer").get(
        "/dashboard/map/", {"place": "45", "year": "2017", "figure": "workers_placed"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    url = "/dashboard/map.json?place=45&amp;year=2017&amp;figure=workers_placed"
    assert f'data-xz-map="{url}"' in html
    assert '<option value="workers_placed" selected>' in html
    assert "reports/map.js" in html


def test_every_county_of_a_province_on_one_map(client_for, place):
    data = map_json(client_for("viewer"), place="45", year="2017", level="3")
    codes = {p["code"] for p in data["points"]}
    assert {"451024", "451082", "450102"} <= codes
    assert all(len(code) == 6 for code in codes)
    assert len(codes) == place("45").__class__.objects.within("45").filter(level=3).count()


def test_a_level_other_than_prefectures_or_counties_is_refused(client_for):
    response = client_for("viewer").get("/dashboard/map.json", {"place": "45", "level": "5"})
    assert response.status_code == 400
    assert "5" in response.json()["error"]


def test_the_map_reads_in_the_same_queries_for_14_places_or_111(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("viewer", scope=["45"])
    map_json(client, place="45", year="2017")
    with CaptureQueriesContext(connection) as prefectures:
        map_json(client, place="45", year="2017")
    with CaptureQueriesContext(connection) as counties:
        map_json(client, place="45", year="2017", level="3")
    assert len(counties) == len(prefectures)
