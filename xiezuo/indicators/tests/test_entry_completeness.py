"""Completeness: the reports expected of a data set's places against those received
(marked complete), place by place; the counties stand in for unassigned data sets."""

import pytest

from xiezuo.demo.data_sets import assign_demo_data_sets
from xiezuo.indicators.selectors import completeness
from xiezuo.periods import parse
from xiezuo.places.models import Organisation, Place

from .factories import completed, data_set, labour_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def labour():
    return data_set("LABOUR")


def test_a_data_set_assigned_nowhere_expects_every_county_below(labour, place):
    labour.places.clear()
    baise = place("4510")
    completed(labour_report("451024", "201803"))
    result = completeness(data_set=labour, place=baise, period=parse("201803"))
    counties = Place.objects.within("4510").filter(level=3).count()
    assert not result.assigned
    assert (result.expected, result.received) == (counties, 1)
    assert [r.place.code for r in result.rows if r.received] == ["451024"]


def test_an_assigned_data_set_expects_its_places_only(labour, place):
    assign_demo_data_sets()
    result = completeness(data_set=labour, place=place("4510"), period=parse("201803"))
    assert result.assigned
    assert result.expected == 10  # Baise's poor counties
    assert "451002" not in [r.place.code for r in result.rows]  # Youjiang is not one


def test_guangxi_expects_labour_reports_from_its_33_poor_counties(labour, place):
    assign_demo_data_sets()
    result = completeness(data_set=labour, place=place("45"), period=parse("201803"))
    assert result.expected == 33


def test_places_with_values_are_told_from_places_that_completed(labour, place):
    assign_demo_data_sets()
    completed(labour_report("451024", "201803"))
    result = completeness(data_set=labour, place=place("4510"), period=parse("201803"))
    assert result.with_values == 10  # the demo's values reach every poor county
    assert result.received == 1 and result.rate == pytest.approx(0.1)


def test_an_approved_report_counts_as_approved(labour, place):
    labour.places.clear()
    completed(labour_report("451024", "201906"), approved=True)
    result = completeness(data_set=labour, place=place("451024"), period=parse("201906"))
    assert (result.expected, result.received, result.approved) == (1, 1, 1)


def test_the_completeness_page_shows_received_of_expected(client_for, labour):
    labour.places.clear()
    completed(labour_report("451024", "201906"))
    viewer = client_for("viewer", scope=["45"])
    page = viewer.get(
        "/data/completeness/?data_set=LABOUR&place=4510&period=201906"
    ).content.decode()
    counties = Place.objects.within("4510").filter(level=3).count()
    assert f'id="received">1<small> / {counties}</small>' in page
    assert 'data-code="451024" class="received"' in page


def test_the_completeness_page_refuses_a_place_outside_the_scope_beside_it(
    debao_clerk, errors_beside
):
    response = debao_clerk.get("/data/completeness/?data_set=LABOUR&place=4512&period=201906")
    assert response.status_code == 422
    assert errors_beside(response, "id_place") == ["河池市 (4512)不在您的权限范围内。"]
    assert 'id="completeness"' not in response.content.decode()


def test_the_completeness_page_has_a_query_budget(client_for, django_assert_max_num_queries):
    viewer = client_for("viewer", scope=["45"])
    with django_assert_max_num_queries(16):
        response = viewer.get("/data/completeness/?data_set=LABOUR&place=45&period=201803")
    assert response.status_code == 200
    assert response.content.decode().count('<tr data-code="') == 33  # a row per poor county


def test_a_data_set_may_be_assigned_to_organisations_too():
    consumption = data_set("CONSUMPTION")
    tencent = Organisation.objects.get(name="深圳市腾讯计算机系统有限公司")
    consumption.organisations.add(tencent)
    assert list(tencent.data_sets.all()) == [consumption]
