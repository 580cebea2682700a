"""The dashboard (/dashboard/): the programme at a glance for a place and a year — each
figure from the registries through the analytics, against its target, by month, beside
last year — with the drill-down to the places below and back up, on a desk, a big
screen and paper."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from xiezuo.indicators.analytics import value_of
from xiezuo.indicators.models import DataElement
from xiezuo.indicators.services import value_set
from xiezuo.labour import services as labour
from xiezuo.numbers import format_cn
from xiezuo.periods import parse
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Place
from xiezuo.plans import services as plans
from xiezuo.plans.tests.factories import document, target, work_item
from xiezuo.reports.dashboard import ELEMENTS, dashboard

pytestmark = pytest.mark.django_db

PINGNAN = "450821"  # a county of Guigang (4508) with no demo records: the tests' own
DU_AN = "451228"  # a county of Hechi (4512), outside Baise (4510)


def placed(clerk, n: int, started_on: date) -> None:
    """A poor worker of Pingnan placed in a job in Guangdong (Zhanjiang, 4408)."""
    worker = labour.worker_register(
        actor=clerk, identity=synthetic_identity(42000 + n, date(1990, 5, 6), "female", PINGNAN),
        name="韦秀梅", home=Place.objects.get(code=PINGNAN), poverty_status="poor",
    )  # fmt: skip
    labour.placement_record(
        actor=clerk, worker=worker, started_on=started_on, channel="organised",
        job=labour.Job(place_of_work=Place.objects.get(code="4408"), employer_name="某厂"),
    )  # fmt: skip


@pytest.fixture
def pingnan(make_user):
    """Pingnan's placements: two in March 2019, one in May 2019, one in 2018."""
    clerk = make_user("clerk", scope=[PINGNAN])
    for n, day in enumerate(
        [date(2019, 3, 4), date(2019, 3, 20), date(2019, 5, 2), date(2018, 7, 1)]
    ):
        placed(clerk, n, day)
    return clerk


def figure(board, code):
    return next(f for f in board.figures if f.code == code)


def cell(page: str, code: str, css: str) -> str:
    """The text of a figure card's element of class `css`."""
    card = page[page.index(f'data-figure="{code}"') :]
    card = card[: card.index("</article>")]
    found = re.search(rf'class="{css}"[^>]*>([^<]*)<', card)
    assert found, (code, css, card)
    return found.group(1).strip()


def test_each_figure_is_the_analytics_value_of_the_place_and_year():
    guangxi = Place.objects.get(code="45")
    board = dashboard(place=guangxi, year=2017, unapproved_within=("45",))
    for code in ELEMENTS:
        expected = value_of(code, place=guangxi, periods=[parse("2017")], unapproved_within=("45",))
        assert figure(board, code).value == expected, code
    # the demo's workers placed in Guangdong in 2017, as the seed gives them
    assert figure(board, "workers_placed").value == 45_022


def test_the_people_seconded_count_each_way_on_their_own_as_the_seed_gives_them():
    board = dashboard(place=Place.objects.get(code="45"), year=2017, unapproved_within=("45",))
    to_guangxi = figure(board, "cadres_seconded[direction=to_helped]")
    assert (to_guangxi.label, to_guangxi.value) == ("派往受援方的挂职干部", 71)
    assert figure(board, "cadres_seconded[direction=to_helper]").value == 92
    assert figure(board, "professionals_sent[direction=to_helped]").value == 162
    assert "cadres_seconded" not in [f.code for f in board.figures]  # not both ways added up


def test_placements_recorded_in_the_registry_show_by_month_and_against_last_year(pingnan):
    board = dashboard(place=Place.objects.get(code=PINGNAN), year=2019, unapproved_within=None)
    workers = figure(board, "workers_placed")
    assert workers.value == 3
    assert workers.months[2] == 2 and workers.months[4] == 1 and workers.months[0] is None
    assert workers.last_year == 1
    assert workers.months_last_year[6] == 1
    assert workers.change_text == "+200.0%"


def test_the_page_shows_the_figure_its_target_and_last_year(pingnan, client_for):
    doc = document("2019年平南备忘录", ["劳务协作"], starts_on=date(2019, 1, 1),
                   ends_on=date(2019, 12, 31))  # fmt: skip
    item = work_item(doc, 1, where=[PINGNAN], starts_on=date(2019, 1, 1),
                     due_on=date(2019, 12, 31))  # fmt: skip
    target(item, figure=DataElement.objects.get(code="workers_placed"),
           place=Place.objects.get(code=PINGNAN), period="2019", value=6)  # fmt: skip
    page = client_for("viewer", scope=["45"]).get(f"/dashboard/?place={PINGNAN}&year=2019")
    assert page.status_code == 200
    html = page.content.decode()
    assert cell(html, "workers_placed", "figure-value") == "3"
    assert cell(html, "workers_placed", "figure-target") == "6"
    assert cell(html, "workers_placed", "figure-share") == "50.0%"
    assert cell(html, "workers_placed", "figure-last-year") == "1"
    assert cell(html, "workers_placed", "figure-change") == "+200.0%"


def test_each_trend_chart_has_the_table_of_what_it_draws(client_for):
    """A trend chart's text alternative: the months of the year beside last year's, as the
    page writes figures, in a table the chart points to."""
    response = client_for("viewer", scope=["45"]).get("/dashboard/?place=45&year=2017")
    page = response.content.decode()
    placed = figure(response.context["board"], "workers_placed")
    assert 'id="trend-workers_placed"' in page
    assert 'aria-describedby="trend-table-workers_placed"' in page
    start = page.index('<table id="trend-table-workers_placed">')
    table = page[start : page.index("</table>", start)]
    assert '<th scope="col" class="num">2017</th><th scope="col" class="num">2016</th>' in table
    rows = re.findall(
        r'<tr><th scope="row">(.*?)</th><td class="num">(.*?)</td><td class="num">(.*?)</td>',
        table,
    )
    assert [month for month, _, _ in rows] == [f"{m}月" for m in range(1, 13)]
    shown = [format_cn(v) if v is not None else "—" for v in placed.months]
    assert [this for _, this, _ in rows] == shown
    assert any(this != "—" for this in shown)


def test_a_large_figure_is_shown_in_wan_and_yi(client_for):
    html = client_for("viewer", scope=["45"]).get("/dashboard/?place=45&year=2017").content
    page = html.decode()
    assert cell(page, "workers_placed", "figure-value") == "4.5万"
    assert cell(page, "investment_in_place", "figure-value").endswith("亿")


def test_work_items_done_count_the_plan_items_of_the_place_due_in_the_year(make_user):
    user = make_user("coordinator", scope=[PINGNAN])
    doc = document("2019年平南备忘录", ["劳务协作"], starts_on=date(2019, 1, 1),
                   ends_on=date(2019, 12, 31))  # fmt: skip
    done = work_item(doc, 1, "开展招聘会", where=[PINGNAN], starts_on=date(2019, 1, 1),
                     due_on=date(2019, 6, 30))  # fmt: skip
    step = plans.milestone_create(item=done, title="举办", due_on=date(2019, 6, 1))
    plans.milestone_tick(milestone=step, user=user, done_on=date(2019, 5, 30))
    open_item = work_item(doc, 1, "组织培训", where=[PINGNAN], starts_on=date(2019, 1, 1),
                          due_on=date(2019, 12, 31))  # fmt: skip
    plans.milestone_create(item=open_item, title="开班", due_on=date(2019, 9, 1))
    board = dashboard(place=Place.objects.get(code=PINGNAN), year=2019, unapproved_within=None)
    items = figure(board, "work_items_done")
    assert (items.value, items.target, items.share_text) == (1, 2, "50.0%")
    assert items.months[5] == 1  # done, and due in June


def test_an_unapproved_typed_value_outside_the_viewers_scope_is_left_out(client_for):
    value_set(actor=None, element="joint_meetings", place=DU_AN, period="2019", value="2")
    inside = client_for("viewer", scope=["45"]).get("/dashboard/?place=45&year=2019")
    outside = client_for("viewer", scope=["4510"]).get("/dashboard/?place=45&year=2019")
    assert cell(inside.content.decode(), "joint_meetings", "figure-value") == "2"
    page = outside.content.decode()
    assert cell(page, "joint_meetings", "figure-value") == "—"
    assert 'id="left-out-note"' in page
    assert 'id="left-out-note"' not in inside.content.decode()


def test_the_drill_down_lists_each_prefecture_linking_to_its_dashboard(client_for):
    page = client_for("viewer", scope=["45"]).get("/dashboard/?place=45&year=2017")
    html = page.content.decode()
    prefectures = re.findall(r'<tr data-place="(\d+)">', html)
    assert len(prefectures) == Place.objects.filter(parent__code="45").count() == 14
    assert '<a href="?place=4510&amp;year=2017" class="drill-down">百色市</a>' in html
    board = dashboard(place=Place.objects.get(code="45"), year=2017, unapproved_within=("45",))
    baise = next(row for row in board.children if row.place.code == "4510")
    on_its_own = dashboard(
        place=Place.objects.get(code="4510"), year=2017, unapproved_within=("45",)
    )
    assert baise.values == [f.value for f in on_its_own.figures]


def test_a_countys_breadcrumb_links_back_up_to_its_prefecture_and_province(client_for):
    page = client_for("viewer", scope=["45"]).get("/dashboard/?place=451024&year=2017")
    crumbs = page.content.decode()
    crumbs = crumbs[crumbs.index('id="dashboard-breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert re.findall(r'href="\?place=(\d+)&amp;year=2017"', crumbs) == ["45", "4510"]
    assert '<span aria-current="page">德保县</span>' in crumbs


def test_every_number_links_to_the_pivot_with_the_same_selection(client_for):
    html = client_for("viewer", scope=["45"]).get("/dashboard/?place=4510&year=2017").content
    card = html.decode()[html.decode().index('data-figure="workers_placed"') :]
    link = re.search(r'<a href="([^"]+)" class="figure-value"', card).group(1)
    assert link == "/pivot/?dx=workers_placed&amp;pe=2017&amp;ou=4510&amp;rows=ou&amp;columns=pe"
    pivot = client_for("viewer", scope=["45"]).get(link.replace("&amp;", "&"))
    assert pivot.status_code == 200 and "pivot-chart-data" in pivot.content.decode()
    assert '<a href="/labour/placements/">' in card[: card.index("</article>")]  # the registry


def test_the_big_screen_is_dark_and_refreshes_itself(client_for):
    page = client_for("viewer", scope=["45"]).get("/dashboard/?place=45&year=2017&mode=screen")
    html = page.content.decode()
    assert '<body class="dashboard-screen">' in html
    assert 'data-refresh="300"' in html and 'http-equiv="refresh"' not in html
    assert 'class="top"' not in html  # no site navigation on the wall
    assert "?place=4510&amp;year=2017&amp;mode=screen" in html  # the drill-down stays on it


def test_the_printable_page_has_no_navigation_and_print_styles(client_for):
    page = client_for("viewer", scope=["45"]).get("/dashboard/?place=45&year=2017&mode=print")
    html = page.content.decode()
    assert '<body class="dashboard-print">' in html
    assert 'class="top"' not in html and "http-equiv" not in html
    assert 'class="dashboard-choice"' not in html
    assert "reports/dashboard.css" in html


def test_the_map_has_its_place_in_the_page(client_for):
    html = client_for("viewer", scope=["45"]).get("/dashboard/?place=4510&year=2018").content
    assert 'id="dashboard-map"' in html.decode()
    assert 'data-place="4510" data-year="2018"' in html.decode()


def test_a_pairing_shows_its_helped_place(client_for):
    from xiezuo.pairings.models import Pairing

    pairing = Pairing.objects.filter(helped_place__code="451024").first()
    assert pairing is not None
    page = client_for("viewer", scope=["45"]).get(f"/dashboard/?pairing={pairing.uid}&year=2017")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-place="451024"' in html
    alone = dashboard(place=Place.objects.get(code="451024"), year=2017, unapproved_within=None)
    assert cell(html, "workers_placed", "figure-value") == figure(alone, "workers_placed").text


def test_an_unknown_place_or_year_is_named(client_for):
    client = client_for("viewer", scope=["45"])
    page = client.get("/dashboard/?place=99&year=2017")
    assert page.status_code == 400
    assert "没有区划代码为“99”的行政区划" in page.content.decode()
    page = client.get("/dashboard/?place=45&year=二〇一七")
    assert page.status_code == 400 and "二〇一七" in page.content.decode()


def test_the_menu_links_to_the_dashboard(client_for):
    html = client_for("viewer", scope=["45"]).get("/figures/").content.decode()
    assert 'href="/dashboard/"' in html


def test_the_number_of_queries_does_not_grow_with_the_places_below(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("viewer", scope=["45"])
    client.get("/dashboard/?place=451024&year=2017")  # the session, caches

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    # 2017 has no work items: the figures alone, for 14 prefectures, 12 counties, 10 townships
    counts = {
        code: count(f"/dashboard/?place={code}&year=2017") for code in ("45", "4510", "451024")
    }
    assert max(counts.values()) - min(counts.values()) <= 1, counts
    # 2018's 38 work items add the plan's status (its targets read by place and span)
    assert count("/dashboard/?place=45&year=2018") <= 130


def test_a_new_placement_is_on_the_dashboard_at_once(pingnan):
    before = dashboard(place=Place.objects.get(code="4508"), year=2019, unapproved_within=None)
    placed(pingnan, 9, date(2019, 8, 8))
    after = dashboard(place=Place.objects.get(code="4508"), year=2019, unapproved_within=None)
    assert figure(after, "workers_placed").value == (
        figure(before, "workers_placed").value or 0
    ) + Decimal(1)
