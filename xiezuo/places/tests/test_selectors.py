"""One way to find a place: by its division code or its UID, alone or many at once."""

import pytest
from django.http import Http404

from xiezuo.places.models import Place
from xiezuo.places.selectors import home_place_code, place_get, place_get_or_404, place_keys

pytestmark = pytest.mark.django_db


def test_a_place_is_found_by_its_code_or_its_uid():
    debao = Place.objects.get(code="451024")
    assert place_get("451024") == debao
    assert place_get(debao.uid) == debao
    assert place_get(" 451024 ") == debao
    assert place_get("4510249") is None  # no level has 7 digits: not a code, and no UID


def test_a_key_holding_a_nul_is_no_place():
    """Found by the fuzzer (tests/test_fuzz_api.py): PostgreSQL refuses a NUL in a query,
    so `"home": "45\\x00"` in a worker's registration answered a 500."""
    assert place_get("4510\x0024") is None
    assert place_get("\x00") is None


def test_an_unknown_place_is_a_404_that_names_it():
    with pytest.raises(Http404, match="999999"):
        place_get_or_404("999999")


def test_many_places_are_found_in_one_go_by_code_or_uid():
    debao = Place.objects.get(code="451024")
    found = place_keys(["451024", debao.uid, "45", "nothing"])
    assert found == {"451024": (debao.pk, "451024"), debao.uid: (debao.pk, "451024"),
                     "45": (Place.objects.get(code="45").pk, "45")}  # fmt: skip


def test_the_home_place_is_a_setting(settings, client_for):
    assert home_place_code() == "45"
    settings.XIEZUO_HOME_PLACE = "4510"
    assert home_place_code() == "4510"
    page = client_for("administrator", scope=[]).get("/data/validation/").content.decode()
    assert 'value="4510"' in page
