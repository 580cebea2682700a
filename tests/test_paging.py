"""Long lists: paged with one pager that keeps the filters, or capped saying "the first N of M"."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from xiezuo.paging import capped, page_of
from xiezuo.places.models import Organisation, Place

pytestmark = pytest.mark.django_db


def test_a_short_list_is_whole_and_not_counted_twice(django_assert_num_queries):
    with django_assert_num_queries(1):
        found = capped(Place.objects.filter(code__in=["45", "4510"]).order_by("code"), 5)
    assert ([p.code for p in found], found.total, found.truncated) == (["45", "4510"], 2, False)


def test_a_long_list_keeps_its_first_items_and_says_how_many_there_are():
    counties = Place.objects.filter(parent__code="4510").order_by("code")
    found = capped(counties, 3)
    assert [p.code for p in found] == [p.code for p in counties[:3]]
    assert (len(found), found.total, found.truncated) == (3, counties.count(), True)


def test_a_list_exactly_as_long_as_the_cap_is_whole():
    counties = Place.objects.filter(parent__code="4510")
    found = capped(counties.order_by("code"), counties.count())
    assert not found.truncated


@pytest.mark.parametrize(("asked", "shown"), [("2", 2), ("", 1), ("x", 1), ("999", 3)])
def test_the_page_asked_for_is_shown_or_the_nearest_one(asked, shown):
    request = RequestFactory().get("/", {"page": asked})
    page = page_of(request, Organisation.objects.order_by("pk")[:25], per_page=10)
    assert page.number == shown


def test_the_pager_keeps_every_filter_of_the_page(client_for):
    page = client_for("viewer").get("/pairings/?kind=village&place=45")
    html = page.content.decode()
    assert "第 1 / 2 页（共 80 条）" in html
    assert 'href="?kind=village&amp;place=45&amp;page=2">' in html
    second = client_for("viewer").get("/pairings/?kind=village&place=45&page=2").content.decode()
    assert 'href="?kind=village&amp;place=45&amp;page=1">' in second


def test_the_search_page_says_it_shows_the_first_100_of_all_it_found(client_for):
    page = client_for("viewer").get("/places/search/?q=4510")
    results = page.context["results"]
    assert (len(results), results.truncated) == (100, True)
    assert f"仅显示前 100 条，共 {results.total} 条。" in page.content.decode()


def test_a_search_that_finds_few_says_nothing_of_a_cap(client_for):
    page = client_for("viewer").get("/places/search/?q=德保")
    assert not page.context["results"].truncated
    assert "仅显示前" not in page.content.decode()
