"""/api/categories: Xiezuo's disaggregations with their options, and DHIS2's default."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from xiezuo.indicators.models import Dimension, DimensionOption

pytestmark = pytest.mark.django_db


def test_a_category_lists_its_options(api):
    poverty = Dimension.objects.get(code="poverty")
    body = api().get(f"/api/categories/{poverty.uid}", {"fields": "name,categoryOptions[code]"})
    assert body.json() == {
        "name": "贫困状况",
        "categoryOptions": [{"code": "poor"}, {"code": "not_poor"}],
    }


def test_the_default_category_is_listed_with_dhis2s_uid_and_option(api):
    body = (
        api()
        .get(
            "/api/categories",
            {
                "filter": "id:eq:GLevLNI9wkl",
                "fields": "id,code,name,dataDimension,categoryOptions[id,name]",
            },
        )
        .json()
    )
    assert body["categories"] == [
        {
            "id": "GLevLNI9wkl",
            "code": "default",
            "name": "default",
            "dataDimension": False,
            "categoryOptions": [{"id": "xYerKDKCefk", "name": "default"}],
        }
    ]


def test_every_dimension_and_the_default_are_the_categories(api):
    body = api().get("/api/categories", {"fields": "code", "paging": "false"}).json()
    codes = {c["code"] for c in body["categories"]}
    assert codes == {"default", *Dimension.objects.values_list("code", flat=True)}


def test_a_category_and_its_options_carry_created_last_updated_and_href(api):
    poverty = Dimension.objects.get(code="poverty")
    poor = poverty.options.get(code="poor")
    changed = datetime(2030, 5, 6, 7, 8, 9, 10_000, tzinfo=ZoneInfo("Asia/Shanghai"))
    DimensionOption.objects.filter(pk=poor.pk).update(updated_at=changed)
    category = (
        api()
        .get(
            f"/api/categories/{poverty.uid}",
            {"fields": "created,lastUpdated,href,categoryOptions[id,lastUpdated,href]"},
        )
        .json()
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}", category["created"])
    # an option changed is a change of its category, which holds it
    assert category["lastUpdated"] == "2030-05-06T07:08:09.010"
    assert category["href"] == f"http://testserver/api/categories/{poverty.uid}"
    assert {
        "id": poor.uid,
        "lastUpdated": "2030-05-06T07:08:09.010",
        "href": f"http://testserver/api/categoryOptions/{poor.uid}",
    } in category["categoryOptions"]
