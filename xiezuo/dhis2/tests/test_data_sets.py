"""/api/dataSets: the catalogue's data sets with their period types and elements."""

import pytest

from xiezuo.indicators.models import DataSet

pytestmark = pytest.mark.django_db

URL = "/api/dataSets"


def test_a_data_set_has_its_period_type_and_elements(api):
    body = (
        api()
        .get(
            URL,
            {
                "filter": "code:eq:LABOUR",
                "fields": "id,periodType,dataSetElements[dataElement[code]]",
            },
        )
        .json()
    )
    [labour] = body["dataSets"]
    model = DataSet.objects.get(code="LABOUR")
    assert labour["id"] == model.uid
    assert labour["periodType"] == "Monthly"
    codes = {d["dataElement"]["code"] for d in labour["dataSetElements"]}
    assert codes == set(model.data_elements.values_list("code", flat=True))


def test_every_data_set_is_listed(api):
    body = api().get(URL, {"paging": "false"}).json()
    assert len(body["dataSets"]) == DataSet.objects.count()
    assert "pager" not in body


def test_the_organisation_units_are_the_places_the_set_is_assigned_to(api, place):
    data_set = DataSet.objects.get(code="LABOUR")
    data_set.places.set([place("451024")])
    body = api().get(f"{URL}/{data_set.uid}", {"fields": "organisationUnits[id,name]"}).json()
    assert body == {"organisationUnits": [{"id": place("451024").uid, "name": "德保县"}]}


def test_one_data_set_can_be_found_by_code(api):
    assert api().get(f"{URL}/ZONE?fields=periodType").json() == {"periodType": "SixMonthly"}
