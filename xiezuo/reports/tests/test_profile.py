"""The county profile (一县一档): one place's records from every registry and its figures by
year, on one page and in one PDF."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from xiezuo.indicators.analytics import value_of
from xiezuo.periods import parse

pytestmark = pytest.mark.django_db

QUIET = "450102"  # Nanning's Xingning district: no demo records of the registries there


@pytest.fixture
def xingning(make_user):
    """Xingning with a record in each registry, made through the apps' services."""
    from xiezuo.consumption.tests.factories import certified_product, supplier
    from xiezuo.exchange.tests.factories import secondment
    from xiezuo.investment.tests.factories import project as investment_project
    from xiezuo.pairings.tests.factories import pairing
    from xiezuo.places.models import Place
    from xiezuo.plans.tests.factories import document, target, work_item
    from xiezuo.projects.tests.factories import project

    actor = make_user("administrator")
    investment_project(actor, place=QUIET, name="兴宁测试签约项目")  # 2019, 1.2亿
    secondment(actor, host=Place.objects.get(code=QUIET), post="兴宁区副区长")
    certified_product(actor, supplier(actor, place=QUIET, name="兴宁测试合作社"), name="兴宁沃柑")
    pairing("county", QUIET, started_on=date(2019, 1, 1))
    project("兴宁区帮扶车间项目", locations=(QUIET,))
    item = work_item(document(), title="兴宁区劳务培训", where=(QUIET,))
    target(item, place=Place.objects.get(code=QUIET), period="2019", value=800)
    return Place.objects.get(code=QUIET)


def test_the_profile_shows_each_registrys_records_and_the_figures(client_for, xingning):
    page = client_for("viewer", scope=["45"]).get(f"/places/{QUIET}/profile/?year=2019")
    html = page.content.decode()
    assert page.status_code == 200
    assert "兴宁区" in html
    for section, record in [
        ("profile-investment", "兴宁测试签约项目"),
        ("profile-exchange", "张测试"),
        ("profile-products", "兴宁沃柑"),
        ("profile-pairings", "南山区"),
        ("profile-projects", "兴宁区帮扶车间项目"),
        ("profile-plan-items", "兴宁区劳务培训"),
    ]:
        start = html.index(f'id="{section}"')
        assert record in html[start : html.index("</section>", start)], section
    figures = html[html.index('id="profile-figures"') :]
    signed = figures[figures.index('data-item="planned_investment"') :].split("</tr>")[0]
    assert "1.2亿" in signed
    assert value_of("projects_signed", place=xingning, periods=[parse("2019")]) == 1
    # the plan's target for Xingning beside the figure it is about
    trained = figures[figures.index('data-item="people_trained"') :].split("</tr>")[0]
    assert "目标 800" in trained


def test_the_figures_are_the_last_five_years(client_for, xingning):
    html = client_for("viewer").get(f"/places/{QUIET}/profile/?year=2019").content.decode()
    head = html[html.index('id="profile-figures"') :].split("</thead>")[0]
    assert [str(y) in head for y in range(2015, 2020)] == [True] * 5
    assert "2014" not in head and "2020" not in head


def test_a_designated_county_shows_its_exit_year(client_for):
    html = client_for("viewer").get("/places/451024/profile/").content.decode()
    assert 'id="profile-exit-year"' in html
    assert "德保县" in html


def test_a_section_follows_its_apps_view_rule(client_for, xingning, monkeypatch):
    from xiezuo.accounts import policy

    original = policy.can
    monkeypatch.setattr(
        policy,
        "can",
        lambda user, action, obj=None: action != "labour.view" and original(user, action, obj),
    )
    html = client_for("viewer").get(f"/places/{QUIET}/profile/?year=2019").content.decode()
    assert 'data-item="workers_placed"' not in html
    assert 'data-item="planned_investment"' in html


def test_the_profile_reads_in_a_bounded_number_of_queries(client_for, xingning):
    client = client_for("viewer")
    client.get(f"/places/{QUIET}/profile/?year=2019")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/places/{QUIET}/profile/?year=2019")
    with CaptureQueriesContext(connection) as many:
        client.get("/places/451024/profile/?year=2018")  # Debao: many demo records
    assert len(many) <= len(few) + 5
    assert len(many) < 80


def test_the_pdf_has_the_countys_name_and_a_figure(client_for, xingning):
    response = client_for("viewer").get(f"/places/{QUIET}/profile.pdf?year=2019")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "兴宁区" in text
    assert "1.2亿" in text


def test_the_print_mode_is_the_same_profile_without_the_sites_frame(client_for, xingning):
    html = client_for("viewer").get(f"/places/{QUIET}/profile/?print=1&year=2019").content.decode()
    assert "兴宁测试签约项目" in html and "<nav" not in html


def test_the_place_page_links_to_its_profile(client_for):
    html = client_for("viewer").get("/places/451024/").content.decode()
    assert 'href="/places/451024/profile/"' in html


def test_an_unknown_place_has_no_profile(client_for):
    assert client_for("viewer").get("/places/459999/profile/").status_code == 404


def test_the_profile_opens_on_the_last_years_with_activity(client_for):
    # the villages paired (a stock) run on to this year; the flows of the demo do not
    html = client_for("viewer").get("/places/451024/profile/").content.decode()
    table = html[html.index('id="profile-figures"') :].split("</table>")[0]
    rows = table.split("<tr data-item=")[1:]
    flows = [r for r in rows if not r.startswith('"paired_villages"')]
    assert any(">—<" not in cell for r in flows for cell in r.split("<td")[2:])


def test_the_cadres_seconded_each_way_are_two_rows_as_the_seed_gives_them(client_for):
    html = client_for("viewer", scope=["45"]).get("/places/45/profile/?year=2017").content.decode()
    table = html[html.index('id="profile-figures"') :].split("</table>")[0]

    def last_cell(item: str) -> str:
        row = table[table.index(f'data-item="{item}"') :].split("</tr>")[0]
        return row.split('<td class="num">')[-1].split("<")[0]

    assert "派往受援方的挂职干部" in table and "派往帮扶方的挂职干部" in table
    assert last_cell("cadres_seconded[direction=to_helped]") == "71"
    assert last_cell("cadres_seconded[direction=to_helper]") == "92"
    assert last_cell("professionals_sent[direction=to_helped]") == "162"
