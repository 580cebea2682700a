"""/api/categoryCombos: one per set of disaggregations (and DHIS2's default)."""

import pytest

from xiezuo.dhis2.metadata import DEFAULT_CATEGORY_COMBO_UID, category_combo_uid

pytestmark = pytest.mark.django_db


def test_the_default_category_combo_has_dhis2s_uid_and_the_default_option_combo(api):
    combo = (
        api()
        .get(
            f"/api/categoryCombos/{DEFAULT_CATEGORY_COMBO_UID}",
            {"fields": "name,isDefault,categoryOptionCombos[id]"},
        )
        .json()
    )
    assert combo == {
        "name": "default",
        "isDefault": True,
        "categoryOptionCombos": [{"id": "HllvX50cXC0"}],
    }


def test_a_category_combos_uid_is_stable_for_its_dimensions(api):
    uid = category_combo_uid(["origin", "direction"])
    combo = api().get(f"/api/categoryCombos/{uid}", {"fields": "code,categories[code]"}).json()
    assert combo == {
        "code": "direction;origin",
        "categories": [{"code": "direction"}, {"code": "origin"}],
    }
