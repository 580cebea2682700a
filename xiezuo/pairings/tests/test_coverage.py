"""Coverage: the seed's 33 counties, 82 townships and 106 villages, and how it moves."""

import html
import re
from datetime import date

import pytest

from xiezuo.numbers import percent
from xiezuo.pairings.selectors import coverage
from xiezuo.pairings.services import pairing_end

from .factories import nanshan_debao, pairing

pytestmark = pytest.mark.django_db


def test_the_api_answers_the_seeds_paired_counts_for_guangxi(client_for):
    response = client_for("viewer").get("/api/v1/pairings/coverage?place=45")
    assert response.status_code == 200
    body = response.json()
    assert body["place"] == "45"
    assert [body[level]["paired"] for level in ("county", "township", "village")] == [33, 82, 106]
    assert body["county"]["designated"] == 33
    assert body["county"]["unpaired"] == []
    assert len(body["township"]["unpaired"]) == body["township"]["designated"] - 82
    assert all(code.startswith("45") and len(code) == 12 for code in body["village"]["unpaired"])


def test_the_coverage_page_shows_the_seeds_figures(client_for):
    page = client_for("viewer").get("/coverage/?place=45").content.decode()
    assert 'id="paired-county">33 ' in page
    assert 'id="paired-township">82 ' in page
    assert 'id="paired-village">106 ' in page


def test_the_network_chart_has_the_table_of_its_links_and_the_bars_their_share(client_for):
    """The Sankey's text alternative: every link it draws, in a table it points to; each
    coverage bar's share in words (the bar itself is hidden from screen readers)."""
    response = client_for("viewer").get("/coverage/?place=45")
    page = response.content.decode()
    links = response.context["network"]["links"]
    assert links
    assert 'aria-describedby="network-table"' in page
    table = page[page.index('<table id="network-table">') : page.index("</table>", page.index(
        '<table id="network-table">'))]  # fmt: skip
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td class=\"num\">(\d+)</td></tr>", table)
    assert [(html.unescape(a), html.unescape(b), int(n)) for a, b, n in rows] == [
        (link["source"], link["target"], link["value"]) for link in links
    ]
    county = response.context["coverage"].levels["county"]
    assert f'<span class="coverage-share">已结对 {percent(county.share)}</span>' in page
    assert '<div class="bar" aria-hidden="true">' in page


def test_a_bad_day_or_year_is_named_on_the_page_which_shows_today(client_for):
    from django.utils import timezone

    page = client_for("viewer").get("/coverage/?place=45&on=2018-02-30&poor_in=soon")
    assert page.status_code == 200
    html = page.content.decode()
    assert "“2018-02-30”不是日期（应为 YYYY-MM-DD）。" in html
    assert "“soon”不是年份（应为 YYYY）。" in html
    assert page.context["coverage"].on == timezone.localdate()
    assert page.context["coverage"].poor_in is None
    assert 'id="paired-county">33 ' in html


def test_the_page_shows_coverage_as_on_the_day_asked_for(client_for):
    # no pairing had started by mid-2015; 32 of the 33 poor counties were still poor in 2018
    response = client_for("viewer").get("/coverage/?place=45&on=2015-06-30&poor_in=2018")
    page = response.content.decode()
    assert 'id="paired-county">0 <small>/ 32 已结对</small>' in page
    assert 'id="paired-township">0 <small>/ 83 已结对</small>' in page
    assert 'id="paired-village">0 <small>/ 117 已结对</small>' in page
    assert "不是日期" not in page


def test_the_api_refuses_a_bad_day_naming_it(client_for):
    response = client_for("viewer").get("/api/v1/pairings/coverage?place=45&on=2018-13-01")
    assert response.status_code == 422
    assert response.json()["errors"] == {"on": ["“2018-13-01”不是日期（应为 YYYY-MM-DD）。"]}
    network = client_for("viewer").get("/api/v1/pairings/network?place=45&on=tomorrow")
    assert network.status_code == 422
    assert network.json()["errors"] == {"on": ["“tomorrow”不是日期（应为 YYYY-MM-DD）。"]}


def test_the_api_answers_coverage_as_on_the_day_asked_for(client_for):
    body = client_for("viewer").get("/api/v1/pairings/coverage?place=45&on=2015-06-30").json()
    assert body["on"] == "2015-06-30"
    # no pairing had started by mid-2015: every designated place is unpaired
    for level, designated in (("county", 33), ("township", 86), ("village", 120)):
        assert body[level]["designated"] == designated
        assert body[level]["paired"] == 0 and len(body[level]["unpaired"]) == designated


def test_pairing_an_unpaired_village_raises_coverage_by_one(place):
    before = coverage(place("45")).levels["village"]
    village = before.unpaired[0]
    pairing("village", village)
    after = coverage(place("45")).levels["village"]
    assert after.paired == before.paired + 1
    assert village not in after.unpaired


def test_ending_a_pairing_uncovers_the_place_from_that_day(place):
    pairing_end(pairing=nanshan_debao(), ended_on=date(2021, 1, 1))
    assert coverage(place("45"), on=date(2020, 6, 1)).levels["county"].paired == 33
    later = coverage(place("45"), on=date(2021, 6, 1)).levels["county"]
    assert later.paired == 32
    assert [p.code for p in later.unpaired] == ["451024"]


def test_coverage_of_a_prefecture_counts_only_its_own_places(place):
    baise = coverage(place("4510")).levels
    assert baise["county"].designated == 10  # Baise has 10 of the 33
    assert baise["county"].paired == 10


def test_poor_in_counts_only_places_still_poor_that_year(place):
    # Longzhou exited in 2017; in 2018 32 of the 33 were still poor.
    assert coverage(place("45"), poor_in=2018).levels["county"].designated == 32
    assert coverage(place("45"), poor_in=2021).levels["county"].designated == 0


def test_the_unpaired_places_export_to_excel(client_for):
    import io

    from openpyxl import load_workbook

    response = client_for("viewer").get("/coverage/unpaired.xlsx?place=45")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook.worksheets[0]
    rows = list(summary.iter_rows(min_row=5, values_only=True))
    assert [(r[1], r[2], r[3]) for r in rows] == [(33, 33, 0), (86, 82, 4), (120, 106, 14)]
    villages = workbook.worksheets[3]
    codes = [row[0] for row in villages.iter_rows(min_row=2, values_only=True)]
    assert len(codes) == 14 and all(c.startswith("45") for c in codes)


def test_the_network_flows_from_shenzhen_to_baise(client_for):
    body = client_for("viewer").get("/api/v1/pairings/network?place=45").json()
    names = {n["name"] for n in body["nodes"]}
    assert {"深圳市", "南山区", "德保县", "百色市"} <= names
    assert {"source": "南山区", "target": "德保县"} in [
        {"source": link["source"], "target": link["target"]} for link in body["links"]
    ]


def _cycle_free(network: dict) -> bool:
    """Whether the links can be ordered so each goes forward (Kahn's algorithm)."""
    names = {n["name"] for n in network["nodes"]}
    incoming = {n: 0 for n in names}
    for link in network["links"]:
        incoming[link["target"]] += 1
    ready = [n for n, k in incoming.items() if k == 0]
    seen = 0
    while ready:
        name = ready.pop()
        seen += 1
        for link in network["links"]:
            if link["source"] == name:
                incoming[link["target"]] -= 1
                if incoming[link["target"]] == 0:
                    ready.append(link["target"])
    return seen == len(names)


def test_a_pairing_within_one_county_keeps_the_network_acyclic(client_for):
    # Two townships of Debao, the helper and the helped side in the same county.
    pairing("township", "451024105", helper="451024102")
    network = client_for("viewer").get("/api/v1/pairings/network?place=45").json()
    assert _cycle_free(network)
    depth = {n["name"]: n["depth"] for n in network["nodes"]}
    assert all(depth[link["target"]] == depth[link["source"]] + 1 for link in network["links"])
    # Debao stands as a helper county and as a helped county, named by its side.
    assert {"source": "德保县", "target": "德保县（受援县）", "value": 1} in network["links"]
    assert {"source": "南山区", "target": "德保县（受援县）"} in [
        {"source": link["source"], "target": link["target"]} for link in network["links"]
    ]


def test_the_coverage_page_gives_its_chart_an_acyclic_network(client_for):
    import json
    import re

    pairing("township", "451024105", helper="451024102")
    for region in ("45", "4510", "451024"):
        page = client_for("viewer").get(f"/coverage/?place={region}").content.decode()
        found = re.search(r'<script id="network-data" type="application/json">(.*?)</script>', page)
        assert found, region
        network = json.loads(found.group(1))
        assert network["links"] and _cycle_free(network), region
