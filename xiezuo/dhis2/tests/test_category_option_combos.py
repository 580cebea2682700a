"""/api/categoryOptionCombos: DHIS2's option combinations for Xiezuo's dimension=option keys."""

import pytest

from xiezuo.indicators.combos import DEFAULT_UID, combo_uid

pytestmark = pytest.mark.django_db

URL = "/api/categoryOptionCombos"


def test_the_default_combo_has_dhis2s_uid(api):
    body = api().get(URL, {"filter": "code:eq:default", "fields": "id,name"}).json()
    assert body["categoryOptionCombos"] == [{"id": DEFAULT_UID, "name": "default"}]


def test_a_combo_is_named_by_its_options_and_coded_by_its_key(api):
    uid = combo_uid("poverty=poor")
    combo = api().get(f"{URL}/{uid}", {"fields": "code,name,categoryCombo[name]"}).json()
    assert combo == {
        "code": "poverty=poor",
        "name": "建档立卡贫困人口",
        "categoryCombo": {"name": "贫困状况"},
    }


def test_two_dimensions_make_one_combo_per_pair_of_options(api):
    body = api().get(URL, {"filter": "code:like:donor_kind=", "paging": "false", "fields": "code"})
    assert len(body.json()["categoryOptionCombos"]) == 3 * 2
