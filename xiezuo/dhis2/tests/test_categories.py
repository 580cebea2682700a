"""/api/categories: Xiezuo's disaggregations with their options."""

import pytest

from xiezuo.indicators.models import Dimension

pytestmark = pytest.mark.django_db


def test_a_category_lists_its_options(api):
    poverty = Dimension.objects.get(code="poverty")
    body = api().get(f"/api/categories/{poverty.uid}", {"fields": "name,categoryOptions[code]"})
    assert body.json() == {
        "name": "贫困状况",
        "categoryOptions": [{"code": "poor"}, {"code": "not_poor"}],
    }
