"""/api/dataElements: the catalogue's data elements with DHIS2's value and aggregation types."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from xiezuo.indicators.catalogue import catalogue_load
from xiezuo.indicators.models import DataElement, DataSet, DataValue

pytestmark = pytest.mark.django_db

URL = "/api/dataElements"
FIELDS = "id,code,name,displayName,valueType,aggregationType,domainType,categoryCombo[id]"


def one(api, code, fields=FIELDS, **params):
    body = api().get(URL, {"filter": f"code:eq:{code}", "fields": fields, **params}).json()
    [element] = body["dataElements"]
    return element


def test_a_data_element_has_its_uid_code_and_names(api):
    element = one(api, "job_fairs")
    model = DataElement.objects.get(code="job_fairs")
    assert element["id"] == model.uid and len(element["id"]) == 11
    assert element["name"] == model.name_zh == element["displayName"]
    assert element["domainType"] == "AGGREGATE"


def test_a_zero_is_significant_as_it_is_stored(api):
    # a zero reported is a figure ("no job fair this month"): kept, and said so
    assert one(api, "job_fairs", fields="zeroIsSignificant")["zeroIsSignificant"] is True
    clerk = api("clerk", scope=["451024"])
    response = clerk.post("/api/dataValues?de=job_fairs&pe=201901&ou=451024&value=0")
    assert response.status_code in (200, 201, 204), response.content
    stored = DataValue.objects.get(
        data_element__code="job_fairs", place__code="451024", period="201901"
    )
    assert stored.value == 0


def test_money_is_a_number_in_dhis2(api):
    assert one(api, "fiscal_aid")["valueType"] == "NUMBER"


def test_whole_numbers_are_dhis2s_zero_or_positive_integers(api):
    assert one(api, "job_fairs")["valueType"] == "INTEGER_ZERO_OR_POSITIVE"


def test_a_stock_is_aggregated_with_last(api):
    assert one(api, "zone_enterprises")["aggregationType"] == "LAST"
    assert one(api, "job_fairs")["aggregationType"] == "SUM"


def test_an_element_without_disaggregation_has_the_default_category_combo(api):
    assert one(api, "job_fairs")["categoryCombo"] == {"id": "bjDvmb4bfuf"}


def test_an_elements_category_combo_lists_its_option_combos(api):
    element = one(api, "people_trained", fields="categoryCombo[name,categoryOptionCombos[code]]")
    assert element["categoryCombo"]["name"] == "贫困状况"
    codes = {c["code"] for c in element["categoryCombo"]["categoryOptionCombos"]}
    assert codes == {"poverty=poor", "poverty=not_poor"}


def test_elements_sharing_dimensions_share_one_category_combo(api):
    first = one(api, "projects_signed")["categoryCombo"]
    assert one(api, "planned_investment")["categoryCombo"] == first


def test_the_display_name_follows_the_locale_and_translations_carry_the_english(api):
    element = one(api, "job_fairs", fields="name,displayName,translations", locale="en")
    assert element["displayName"] == DataElement.objects.get(code="job_fairs").name_en
    assert element["name"] == DataElement.objects.get(code="job_fairs").name_zh
    assert {"property": "NAME", "locale": "en", "value": element["displayName"]} in element[
        "translations"
    ]


def test_accept_language_chooses_english_too(api):
    body = api().get(URL, {"filter": "code:eq:job_fairs"}, HTTP_ACCEPT_LANGUAGE="en")
    assert body.json()["dataElements"][0]["displayName"] == "Job fairs"


def test_data_set_elements_name_the_data_sets(api):
    element = one(api, "job_fairs", fields="dataSetElements[dataSet[code,periodType]]")
    assert element["dataSetElements"] == [{"dataSet": {"code": "LABOUR", "periodType": "Monthly"}}]


def test_a_filter_through_the_data_set_lists_its_elements(api):
    body = (
        api()
        .get(
            URL,
            {
                "filter": "dataSetElements.dataSet.code:eq:LABOUR",
                "paging": "false",
                "fields": "code",
            },
        )
        .json()
    )
    codes = {e["code"] for e in body["dataElements"]}
    assert codes == set(
        DataElement.objects.filter(data_sets__code="LABOUR").values_list("code", flat=True)
    )


def test_the_list_is_paged(api):
    body = api().get(URL, {"pageSize": 10, "page": 2}).json()
    assert body["pager"]["total"] == DataElement.objects.count()
    assert len(body["dataElements"]) == 10


def test_one_element_by_uid_has_every_field(api):
    model = DataElement.objects.get(code="people_trained")
    element = api().get(f"{URL}/{model.uid}").json()
    assert element["code"] == "people_trained"
    assert element["categoryCombo"]["id"] != "bjDvmb4bfuf"
    assert {"valueType", "aggregationType", "domainType", "dataSetElements"} <= set(element)


def test_an_unknown_element_is_404(api):
    assert api().get(f"{URL}/AAAAAAAAAAA").status_code == 404


# --- created, lastUpdated, href; filters through data sets; sizes

LOCAL = ZoneInfo("Asia/Shanghai")


def test_a_data_element_carries_created_last_updated_and_href(api):
    model = DataElement.objects.get(code="job_fairs")
    DataElement.objects.filter(pk=model.pk).update(
        updated_at=datetime(2030, 1, 2, 3, 4, 5, 6000, tzinfo=LOCAL)
    )
    element = one(api, "job_fairs", fields="created,lastUpdated,href")
    assert element["lastUpdated"] == "2030-01-02T03:04:05.006"
    assert (
        element["created"]
        == model.created_at.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
    )
    assert element["href"] == f"http://testserver/api/dataElements/{model.uid}"


def test_last_updated_filter_gives_the_elements_changed_since(api):
    DataElement.objects.filter(code__in=["job_fairs", "fiscal_aid"]).update(
        updated_at=datetime(2030, 1, 1, 12, tzinfo=LOCAL)
    )
    body = (
        api()
        .get(URL, {"filter": "lastUpdated:gt:2030-01-01", "fields": "code", "order": "code"})
        .json()
    )
    assert body["dataElements"] == [{"code": "fiscal_aid"}, {"code": "job_fairs"}]


def test_order_by_last_updated_puts_the_latest_first(api):
    DataElement.objects.filter(code="fiscal_aid").update(
        updated_at=datetime(2031, 1, 1, tzinfo=LOCAL)
    )
    DataElement.objects.filter(code="job_fairs").update(
        updated_at=datetime(2030, 1, 1, tzinfo=LOCAL)
    )
    body = api().get(URL, {"order": "lastUpdated:desc", "fields": "code", "pageSize": 2}).json()
    assert body["dataElements"] == [{"code": "fiscal_aid"}, {"code": "job_fairs"}]


@pytest.mark.parametrize("path", ["dataSets.id", "dataSetElements.dataSet.id"])
def test_a_data_sets_elements_are_filtered_by_its_uid(api, path):
    labour = DataSet.objects.get(code="LABOUR")
    body = (
        api()
        .get(URL, {"filter": f"{path}:eq:{labour.uid}", "fields": "code", "paging": "false"})
        .json()
    )
    assert {e["code"] for e in body["dataElements"]} == set(
        labour.data_elements.values_list("code", flat=True)
    )
    assert body["dataElements"]


def test_the_elements_a_place_reports_are_filtered_by_organisation_unit(api, place):
    debao = place("451024")
    body = (
        api()
        .get(
            URL,
            {"filter": f"organisationUnits.id:eq:{debao.uid}", "fields": "code", "paging": "false"},
        )
        .json()
    )
    reported = DataElement.objects.filter(data_sets__places=debao).distinct()
    assert {e["code"] for e in body["dataElements"]} == set(reported.values_list("code", flat=True))
    assert body["dataElements"]


def test_data_set_elements_can_be_counted(api):
    element = one(api, "job_fairs", fields="code,dataSetElements::size")
    model = DataElement.objects.get(code="job_fairs")
    assert element == {"code": "job_fairs", "dataSetElements": model.data_sets.count()}


def test_reloading_the_catalogue_leaves_last_updated_alone_unless_something_changed():
    untouched = DataElement.objects.get(code="job_fairs")
    renamed = DataElement.objects.get(code="fiscal_aid")
    DataElement.objects.filter(pk=renamed.pk).update(name_en="Old name")
    catalogue_load()
    assert DataElement.objects.get(pk=untouched.pk).updated_at == untouched.updated_at
    reloaded = DataElement.objects.get(pk=renamed.pk)
    assert reloaded.name_en == renamed.name_en
    assert reloaded.updated_at > renamed.updated_at
    assert reloaded.created_at == renamed.created_at
