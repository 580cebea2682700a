"""The map as a reader meets it, in a real Chromium against gunicorn on the demo: Guangxi's
prefectures drawn at their centres with 2017's figures; once a deployer has loaded outlines
(`xiezuo maps load`), Baise's counties drawn as areas, and a click opens a county's
dashboard."""

import subprocess
from pathlib import Path

import pytest

from tests.live_server import BIN

from .conftest import sign_in

pytestmark = pytest.mark.browser

BAISE_THREE = (
    Path(__file__).resolve().parents[2] / "xiezuo/reports/tests/data/baise_three_counties.geojson"
)
OPTION = "echarts.getInstanceByDom(document.querySelector('[data-xz-map]')).getOption()"


def test_guangxi_2017_is_drawn_as_points_with_their_figures(page, screenshot):
    sign_in(page, "viewer")
    page.goto("/dashboard/map/?place=45&year=2017&figure=workers_placed")
    page.wait_for_selector("[data-xz-map][data-drawn='points']")
    series = page.evaluate(f"{OPTION}.series[0]")
    assert series["type"] == "scatter"
    names = {d["label_name"] for d in series["data"]}
    assert {"百色市", "河池市", "南宁市"} <= names
    assert any(d["value"][2] > 0 for d in series["data"])
    assert page.evaluate(f"[].concat({OPTION}.aria)[0].enabled") is True
    # the text alternative: the same figures as a table
    page.click("[data-xz-map-table] summary")
    baise = page.locator("[data-xz-map-table] tr[data-code='4510']")
    assert baise.locator("td").nth(0).inner_text() == "百色市"
    assert baise.locator("td").nth(1).inner_text() not in ("", "—")
    screenshot(page, "map-points")


def test_loaded_outlines_are_drawn_as_areas_and_a_click_opens_the_place(page, live, screenshot):
    subprocess.run(
        [str(BIN / "xiezuo"), "maps", "load", str(BAISE_THREE), "--key", "adcode12"],
        env=live.env, cwd=live.var, check=True, capture_output=True,
    )  # fmt: skip
    sign_in(page, "viewer")
    page.goto("/dashboard/map/?place=4510&year=2017&figure=workers_placed")
    page.wait_for_selector("[data-xz-map][data-drawn='areas']")
    series = page.evaluate(f"{OPTION}.series[0]")
    assert series["type"] == "map"
    assert {d["code"] for d in series["data"]} == {"451024", "451026", "451027"}
    screenshot(page, "map-areas")

    # click in the middle of Debao's square
    x, y = page.evaluate(
        "(() => { const chart = echarts.getInstanceByDom(document.querySelector('[data-xz-map]'));"
        " return chart.convertToPixel({seriesIndex: 0}, [106.6154, 23.3235]); })()"
    )
    box = page.locator("[data-xz-map]").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)
    assert page.url.endswith("/dashboard/?place=451024&year=2017")
