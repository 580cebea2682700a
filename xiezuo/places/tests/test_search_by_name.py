"""A place is found by its Chinese name, its pinyin or its code, and English readers
see its pinyin name."""

import pytest
from django.utils import translation

from xiezuo.places import selectors
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db


def test_the_loaded_places_have_their_english_names():
    names = dict(
        Place.objects.filter(code__in=["45", "4510", "451024"]).values_list("code", "name_en")
    )
    assert names == {
        "45": "Guangxi Zhuang Autonomous Region",
        "4510": "Baise City",
        "451024": "Debao County",
    }


@pytest.mark.parametrize("query", ["德保", "debao", "Debao County", "DEBAO", "4510"])
def test_a_county_is_found_by_chinese_name_pinyin_or_code(query):
    codes = [p.code for p in selectors.place_search(query)[:20]]
    assert "451024" in codes


def test_the_typeahead_answers_name_code_and_parent(client_for):
    response = client_for("viewer").get("/places/search/", {"suggest": "1", "q": "debao"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first == {"code": "451024", "label": "德保县 (451024, 百色市)", "other": "Debao County"}


def test_the_typeahead_speaks_english_to_english_readers(client_for):
    client = client_for("viewer")
    client.cookies["django_language"] = "en"
    response = client.get("/places/search/", {"suggest": "1", "q": "德保"})
    first = response.json()["results"][0]
    assert first == {
        "code": "451024",
        "label": "Debao County (451024, Baise City)",
        "other": "德保县",
    }


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/places/451024/", ["Debao County", "Guangxi Zhuang Autonomous Region", "Baise City"]),
        ("/places/4510/children/", ["Youjiang District", "Debao County", "Jingxi City"]),
        ("/places/search/?q=debao", ["Debao County", "Baise City"]),
        ("/coverage/?place=4510", ["Coverage of the poor places in Baise City"]),
        ("/pairings/?place=4510", ["In the area of", "Baise City"]),
        ("/organisations/?place=451024", ["Debao County"]),
    ],
)
def test_english_pages_show_places_in_pinyin(client_for, url, shown):
    client = client_for("viewer", scope=["45"])
    client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for text in shown:
        assert text in page
    # the place's Chinese name is not shown as its name (an organisation's own name, such
    # as 德保县人民医院, stays as it is); the detail page shows both names
    assert ">德保县<" not in page or url == "/places/451024/"


def test_chinese_pages_keep_the_chinese_names(client_for):
    page = client_for("viewer", scope=["45"]).get("/places/4510/children/").content.decode()
    assert "德保县" in page and "Debao County" not in page


def test_the_display_name_follows_the_language():
    debao = Place.objects.get(code="451024")
    assert debao.display_name == "德保县"
    with translation.override("en"):
        assert debao.display_name == "Debao County"
