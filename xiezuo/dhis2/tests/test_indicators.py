"""/api/indicators: formulas over data elements in DHIS2's expression syntax."""

import pytest

from xiezuo.indicators.models import DataElement, Indicator

pytestmark = pytest.mark.django_db

URL = "/api/indicators"


def indicator(api, code):
    body = api().get(
        URL,
        {
            "filter": f"code:eq:{code}",
            "fields": "id,name,numerator,denominator,indicatorType[factor]",
        },
    )
    [found] = body.json()["indicators"]
    return found


def test_an_indicator_names_its_data_elements_by_uid(api):
    found = indicator(api, "placements_per_fair")
    assert found["id"] == Indicator.objects.get(code="placements_per_fair").uid
    assert found["numerator"] == "#{" + DataElement.objects.get(code="workers_placed").uid + "}"
    assert found["denominator"] == "#{" + DataElement.objects.get(code="job_fairs").uid + "}"
    assert found["indicatorType"] == {"factor": 1}


def test_a_term_restricted_to_an_option_is_a_data_element_operand(api):
    from xiezuo.indicators.combos import combo_uid

    found = indicator(api, "poor_share_trained")
    element = DataElement.objects.get(code="people_trained").uid
    assert found["numerator"] == f"#{{{element}.{combo_uid('poverty=poor')}}}"
    assert found["indicatorType"] == {"factor": 100}


def test_every_indicator_is_listed(api):
    body = api().get(URL, {"paging": "false"}).json()
    assert len(body["indicators"]) == Indicator.objects.count()
