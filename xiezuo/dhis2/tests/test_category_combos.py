"""/api/categoryCombos: one per set of disaggregations (and DHIS2's default)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from xiezuo.dhis2.metadata import DEFAULT_CATEGORY_COMBO_UID, category_combo_uid
from xiezuo.indicators.models import Dimension

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


def test_the_default_category_combo_holds_dhis2s_default_category(api):
    combo = (
        api()
        .get(
            f"/api/categoryCombos/{DEFAULT_CATEGORY_COMBO_UID}",
            {"fields": "categories[id,name,categoryOptions]"},
        )
        .json()
    )
    assert combo == {
        "categories": [
            {"id": "GLevLNI9wkl", "name": "default", "categoryOptions": [{"id": "xYerKDKCefk"}]}
        ]
    }


def test_the_default_option_combo_is_made_of_the_default_option(api):
    option_combo = (
        api()
        .get("/api/categoryOptionCombos/HllvX50cXC0", {"fields": "categoryCombo,categoryOptions"})
        .json()
    )
    assert option_combo == {
        "categoryCombo": {"id": DEFAULT_CATEGORY_COMBO_UID},
        "categoryOptions": [{"id": "xYerKDKCefk"}],
    }


@pytest.mark.parametrize("size", ["categories::size", "categories|size", "categories~size"])
def test_a_combos_collections_can_be_counted(api, size):
    uid = category_combo_uid(["origin", "direction"])
    combo = api().get(
        f"/api/categoryCombos/{uid}", {"fields": f"{size},categoryOptionCombos::size"}
    )
    expected = Dimension.objects.get(code="origin").options.count() * (
        Dimension.objects.get(code="direction").options.count()
    )
    assert combo.json() == {"categories": 2, "categoryOptionCombos": expected}


def test_a_combo_is_updated_when_one_of_its_dimensions_is(api):
    uid = category_combo_uid(["origin", "direction"])
    changed = datetime(2030, 1, 2, 3, 4, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    Dimension.objects.filter(code="origin").update(updated_at=changed)
    combo = api().get(f"/api/categoryCombos/{uid}", {"fields": "lastUpdated,href"}).json()
    assert combo == {
        "lastUpdated": "2030-01-02T03:04:05.000",
        "href": f"http://testserver/api/categoryCombos/{uid}",
    }
    since = (
        api()
        .get("/api/categoryCombos", {"filter": "lastUpdated:ge:2030-01-01", "fields": "id"})
        .json()
    )
    assert {"id": uid} in since["categoryCombos"]
    assert {"id": DEFAULT_CATEGORY_COMBO_UID} not in since["categoryCombos"]
