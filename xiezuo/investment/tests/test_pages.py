"""The registry's pages as a clerk and a viewer use them."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from xiezuo.investment import services
from xiezuo.investment.models import InPlaceRecord, InvestmentProject

from .factories import QUIET, enterprise, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client_for):
    return client_for("viewer", scope=["45"])


@pytest.fixture
def clerk(client_for):
    """A clerk of Nanning (4501), where the test projects are signed."""
    return client_for("clerk", scope=["4501"])


def test_the_list_totals_the_seeds_figures_in_yi(viewer):
    everything = viewer.get("/investment/?place=45").content.decode()
    assert 'id="total-projects">67<' in everything
    assert "333.2亿" in everything  # 276.5亿 to the end of 2017 and 56.7亿 in 2018
    assert "91.2亿" in everything


def test_the_list_filters_by_place_with_its_area(viewer):
    baise_and_hechi = [
        viewer.get(f"/investment/?place={city}&year=2018&sector=agriculture").content.decode()
        for city in ("4510", "4512")
    ]
    counts = [int(p.split('id="total-projects">')[1].split("<")[0]) for p in baise_and_hechi]
    assert sum(counts) == 6 and all(counts)
    assert 'id="total-projects">0<' in viewer.get("/investment/?place=4505").content.decode()


def test_the_list_filters_by_year_sector_and_enterprise(viewer, recorder):
    signed = project(recorder)
    page = viewer.get(
        f"/investment/?year=2019&sector=agriculture&enterprise={signed.enterprise_id}"
    ).content.decode()
    assert f'id="project-{signed.uid}"' in page
    assert 'id="total-projects">1<' in page
    other = viewer.get("/investment/?year=2019&sector=other").content.decode()
    assert 'id="total-projects">0<' in other


def test_a_bad_year_is_named_and_left_out(viewer):
    page = viewer.get("/investment/?year=20x8").content.decode()
    assert "“20x8”不是年份" in page


def test_the_export_has_a_row_per_project_and_the_totals(viewer, recorder):
    signed = project(recorder, planned_investment="1000000.50")
    services.in_place_record(actor=recorder, project=signed, amount="250000", on=date(2019, 6, 1))
    project(recorder, name="第二个", planned_investment="2000000")
    response = viewer.get(f"/investment/projects.xlsx?place={QUIET}&year=2019")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    planned, in_place = (
        rows[0].index("计划总投资（元） (planned)"),
        rows[0].index("实际到位资金（元） (in_place)"),
    )
    assert len(rows) == 1 + 2 + 1
    assert rows[-1][1] == "合计"
    assert Decimal(str(rows[-1][planned])) == Decimal("3000000.50")
    assert Decimal(str(rows[-1][in_place])) == Decimal("250000")
    assert sorted(Decimal(str(r[planned])) for r in rows[1:-1]) == [
        Decimal("1000000.50"),
        Decimal("2000000"),
    ]


def test_the_whole_list_exports_the_seeds_figures(viewer):
    response = viewer.get("/investment/projects.xlsx?place=45&year=2017")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[-1][1] == "合计"
    column = rows[0].index("计划总投资（元） (planned)")
    planned = sum(Decimal(str(r[column])) for r in rows[1:-1])
    assert planned == Decimal(str(rows[-1][column]))
    assert 0 < planned < Decimal("27650000000")  # 2017's share of the 276.5亿


def test_a_clerk_records_a_project_and_investment_in_place_on_its_page(clerk):
    response = clerk.post(
        "/investment/projects/new/",
        {"name": "南宁蔬菜加工项目", "enterprise": enterprise().pk, "place": QUIET,
         "sector": "agriculture", "signed_on": "2019-03-01", "planned_investment": "5000000",
         "jobs_expected": "40", "status": "signed"},
    )  # fmt: skip
    assert response.status_code == 302
    created = InvestmentProject.objects.get(name="南宁蔬菜加工项目")
    response = clerk.post(
        f"/investment/projects/{created.uid}/in-place/",
        {"amount": "1200000.50", "on": "2019-04-01", "voucher": "银行回单",
         "idempotency_key": "page:1"},
    )  # fmt: skip
    assert response.status_code == 302
    page = clerk.get(f"/investment/projects/{created.uid}/").content.decode()
    assert "1,200,000.50" in page and "银行回单" in page


def test_a_refused_amount_is_shown_beside_its_field(clerk, recorder):
    signed = project(recorder)
    response = clerk.post(
        f"/investment/projects/{signed.uid}/in-place/",
        {"amount": "12.345", "on": "2019-04-01", "idempotency_key": "page:2"},
    )
    assert response.status_code == 422
    assert "最多两位小数" in response.content.decode()
    assert not InPlaceRecord.objects.filter(project=signed).exists()


def test_a_clerk_outside_the_projects_place_may_not_record(client_for, recorder):
    signed = project(recorder)
    debao = client_for("clerk", scope=["451024"])
    response = debao.post(
        f"/investment/projects/{signed.uid}/jobs/", {"on": "2019-06-30", "jobs": "9", "poor": "3"}
    )
    assert response.status_code == 403


def test_a_helper_side_clerk_records_on_his_enterprises_project(client_for, recorder):
    signed = project(recorder)
    shenzhen = client_for("clerk", scope=["4403"])
    response = shenzhen.post(
        f"/investment/projects/{signed.uid}/jobs/", {"on": "2019-06-30", "jobs": "9", "poor": "3"}
    )
    assert response.status_code == 302
    assert signed.job_reports.get().jobs == 9


def test_a_viewer_sees_no_forms(viewer, recorder):
    signed = project(recorder)
    page = viewer.get(f"/investment/projects/{signed.uid}/").content.decode()
    assert 'id="in-place-form"' not in page and 'id="job-form"' not in page


def test_the_zone_page_shows_its_returns_in_yi(viewer):
    from xiezuo.investment.models import IndustrialPark

    zone = IndustrialPark.objects.get(name="粤桂合作特别试验区")
    page = viewer.get(f"/investment/parks/{zone.uid}/").content.decode()
    assert 'id="returns-2018S1"' in page
    row = page[page.index('id="returns-2018S1"') :]
    row = row[: row.index("</tr>")]
    assert "320" in row and "171.83亿" in row and "78.05亿" in row


def test_the_parks_events_and_workshops_pages_list_the_demo(viewer):
    parks = viewer.get("/investment/parks/").content.decode()
    assert "德保静脉产业园" in parks and "深圳靖西越南高平跨境产业园" in parks
    events = viewer.get("/investment/events/").content.decode()
    assert "百色、河池投资合作推介会" in events
    workshops = viewer.get("/investment/workshops/").content.decode()
    assert "德保县扶贫车间（示意）一号" in workshops
    assert "80人，其中贫困人口46人" in workshops


def test_the_nav_leads_to_the_registry(viewer):
    assert 'href="/investment/"' in viewer.get("/").content.decode()


def test_a_project_moves_on_but_not_back(clerk, recorder):
    signed = project(recorder)
    path = f"/investment/projects/{signed.uid}/status/"
    assert clerk.post(path, {"status": "under_construction"}).status_code == 302
    assert clerk.post(path, {"status": "signed"}).status_code == 302
    signed.refresh_from_db()
    assert signed.status == "under_construction"
    page = clerk.get(f"/investment/projects/{signed.uid}/").content.decode()
    assert 'id="project-status">在建<' in page
    assert '<option value="in_production">' in page and '<option value="signed">' not in page


def test_the_list_page_costs_few_queries(viewer, django_assert_max_num_queries):
    # a page of 50 of the demo's 67 projects: the session, the user, the totals, the page,
    # the enterprises to filter by — never a query per row
    with django_assert_max_num_queries(8):
        viewer.get("/investment/?place=45")


def test_a_clerk_records_an_event_a_park_and_a_workshop_and_they_count(clerk):
    from xiezuo.investment.models import IndustrialPark, InvestmentEvent, Workshop
    from xiezuo.places.models import Place

    from .factories import figure

    event = {"name": "南宁推介会", "held_on": "2019-05-01", "place": QUIET}
    response = clerk.post("/investment/events/new/", event)
    assert response.status_code == 302 and InvestmentEvent.objects.filter(name="南宁推介会")
    response = clerk.post(
        "/investment/parks/new/",
        {"name": "南宁园区", "kind": "industrial", "place": QUIET, "partner": "440305",
         "established_on": "2019-05-01"},
    )  # fmt: skip
    assert response.status_code == 302
    park = IndustrialPark.objects.get(name="南宁园区")
    assert [p.code for p in park.partner_places.all()] == ["440305"]
    township = Place.objects.filter(parent__code=QUIET).order_by("code").first()
    response = clerk.post(
        "/investment/workshops/new/",
        {"name": "南宁车间", "place": township.code, "enterprise_name": "某企业",
         "opened_on": "2019-05-01"},
    )  # fmt: skip
    assert response.status_code == 302 and Workshop.objects.filter(name="南宁车间")
    assert figure("industry_events", QUIET, "2019") == 1
    assert figure("industrial_parks", QUIET, "2019") == 1
    assert figure("workshops", QUIET, "2019") == 1


def test_a_park_partnered_with_a_helped_place_is_refused_beside_the_field(clerk):
    response = clerk.post(
        "/investment/parks/new/",
        {"name": "南宁园区", "kind": "industrial", "place": QUIET, "partner": "450103",
         "established_on": "2019-05-01"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "不是帮扶方地区" in response.content.decode()
