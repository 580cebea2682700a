"""The metadata paths the DHIS2 Android SDK reads beyond the catalogue (sdk_metadata.py)."""

import pytest

from xiezuo.indicators.models import DataElement, DataSet, Dimension

pytestmark = pytest.mark.django_db


def test_category_options_are_the_disaggregations_options_and_the_default(api):
    poverty = Dimension.objects.get(code="poverty")
    body = api().get("/api/categoryOptions", {"paging": "false", "fields": "id,code,categories"})
    options = {o["id"]: o for o in body.json()["categoryOptions"]}
    assert options["xYerKDKCefk"] == {
        "id": "xYerKDKCefk",
        "code": "default",
        "categories": [{"id": "GLevLNI9wkl"}],
    }
    for option in poverty.options.all():
        assert options[option.uid]["categories"] == [{"id": poverty.uid}]
    assert "pager" not in body.json()


def test_category_options_filter_by_category_as_the_sdk_asks(api):
    poverty = Dimension.objects.get(code="poverty")
    body = (
        api()
        .get(
            "/api/categoryOptions",
            {
                "fields": "code,access[data[read,write]]",
                "filter": [f"categories.id:in:[{poverty.uid}]", "access.data.read:eq:true"],
                "paging": "false",
            },
        )
        .json()
    )
    assert sorted(o["code"] for o in body["categoryOptions"]) == ["not_poor", "poor"]


def test_a_category_option_is_found_by_its_uid(api):
    option = Dimension.objects.get(code="poverty").options.get(code="poor")
    body = api().get(f"/api/categoryOptions/{option.uid}", {"fields": "name,code"}).json()
    assert body == {"name": option.name_zh, "code": "poor"}


def test_an_unknown_category_option_is_a_404_web_message(api):
    response = api().get("/api/categoryOptions/nonexistent1")
    assert response.status_code == 404
    assert response.json()["httpStatusCode"] == 404


@pytest.mark.parametrize(
    ("role", "writes"), [("clerk", True), ("viewer", False), ("administrator", True)]
)
def test_data_write_access_follows_whether_the_caller_may_enter_data(api, role, writes):
    client = api(role)
    for collection in ("dataSets", "categoryOptions"):
        body = client.get(f"/api/{collection}", {"fields": "access", "pageSize": 1}).json()
        assert body[collection][0]["access"]["data"] == {"read": True, "write": writes}
        assert body[collection][0]["access"]["write"] is False  # metadata is read-only


def test_data_elements_and_sets_filter_on_access_as_the_sdk_asks(api):
    data_set = DataSet.objects.order_by("code")[0]
    client = api("clerk")
    sets = client.get(
        "/api/dataSets",
        {"filter": [f"id:in:[{data_set.uid}]", "access.data.read:eq:true"], "paging": "false"},
    ).json()["dataSets"]
    assert [s["id"] for s in sets] == [data_set.uid]
    elements = client.get(
        "/api/dataElements", {"filter": "access.read:eq:true", "paging": "false"}
    ).json()["dataElements"]
    assert len(elements) == DataElement.objects.count()


def test_category_option_places_list_no_restriction_for_known_options(api):
    option = Dimension.objects.get(code="poverty").options.get(code="poor")
    body = (
        api()
        .get(
            "/api/categoryOptions/orgUnits",
            {"categoryOptions": f"{option.uid},xYerKDKCefk,unknownUid01"},
        )
        .json()
    )
    assert body == {option.uid: [], "xYerKDKCefk": []}


def test_an_option_set_per_disaggregation_with_its_options(api):
    poverty = Dimension.objects.get(code="poverty")
    body = (
        api()
        .get(
            "/api/optionSets",
            {"filter": "code:eq:poverty", "fields": "code,valueType,options[code,sortOrder]"},
        )
        .json()
    )
    assert body["optionSets"] == [
        {
            "code": "poverty",
            "valueType": "TEXT",
            "options": [
                {"code": o.code, "sortOrder": n}
                for n, o in enumerate(poverty.options.order_by("sort_order", "code"), start=1)
            ],
        }
    ]
    assert body["pager"]["total"] == 1


def test_options_filter_by_their_option_set_as_the_sdk_asks(api):
    client = api()
    option_set = client.get("/api/optionSets", {"filter": "code:eq:poverty"}).json()
    uid = option_set["optionSets"][0]["id"]
    body = client.get(
        "/api/options",
        {"filter": f"optionSet.id:in:[{uid}]", "fields": "code,optionSet", "page": 1},
    ).json()
    assert {o["code"] for o in body["options"]} == {"poor", "not_poor"}
    assert all(o["optionSet"] == {"id": uid} for o in body["options"])


def test_indicator_types_are_those_the_indicators_use(api):
    client = api()
    types = client.get("/api/indicatorTypes", {"fields": "id,factor,number"}).json()
    used = client.get("/api/indicators", {"fields": "indicatorType[id]", "paging": "false"}).json()
    assert {t["id"] for t in types["indicatorTypes"]} == {
        i["indicatorType"]["id"] for i in used["indicators"]
    }
    for kind in types["indicatorTypes"]:
        assert kind["number"] is (kind["factor"] == 1)


def test_data_element_groups_are_the_assessment_areas(api):
    body = (
        api()
        .get("/api/dataElementGroups", {"fields": "code,dataElements", "paging": "false"})
        .json()
    )
    groups = {g["code"]: {e["id"] for e in g["dataElements"]} for g in body["dataElementGroups"]}
    for element in DataElement.objects.all():
        assert element.uid in groups[element.area]


@pytest.mark.parametrize(
    "collection",
    [
        "programs",
        "programStages",
        "programIndicators",
        "programRules",
        "programRuleVariables",
        "trackedEntityTypes",
        "trackedEntityAttributes",
        "relationshipTypes",
        "constants",
        "legendSets",
        "attributes",
        "optionGroups",
        "organisationUnitGroups",
        "visualizations",
        "dashboards",
        "externalMapLayers",
    ],
)
def test_what_xiezuo_does_not_hold_is_an_empty_list_with_a_pager(api, collection):
    body = api().get(f"/api/{collection}", {"fields": "id,name"}).json()
    assert body == {
        "pager": {"page": 1, "total": 0, "pageSize": 50, "pageCount": 1},
        collection: [],
    }


def test_the_installed_apps_are_none(api):
    response = api().get("/api/apps")
    assert (response.status_code, response.json()) == (200, [])


def test_an_object_of_an_empty_collection_is_a_404(api):
    response = api().get("/api/programs/IpHINAT79UW")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/api/trackedEntityInstances", "trackedEntityInstances"),
        ("/api/events", "events"),
        ("/api/tracker/trackedEntities", "instances"),
        ("/api/tracker/events", "instances"),
    ],
)
def test_tracker_data_is_empty(api, path, key):
    body = api().get(path, {"paging": "false"}).json()
    assert body[key] == []


def test_organisation_units_name_their_data_sets(api, place):
    data_set = DataSet.objects.filter(places__isnull=False).order_by("code")[0]
    unit = data_set.places.order_by("code")[0]
    body = (
        api()
        .get(
            f"/api/organisationUnits/{unit.uid}",
            {"fields": "dataSets[id],programs,organisationUnitGroups"},
        )
        .json()
    )
    assert {"id": data_set.uid} in body["dataSets"]
    assert body["programs"] == [] and body["organisationUnitGroups"] == []


def test_schemas_describe_the_served_collections(api):
    body = api().get("/api/schemas", {"fields": "plural,relativeApiEndpoint,properties[name]"})
    schemas = {s["plural"]: s for s in body.json()["schemas"]}
    assert schemas["categoryOptions"]["relativeApiEndpoint"] == "/categoryOptions"
    names = {p["name"] for p in schemas["dataElements"]["properties"]}
    assert {"id", "valueType", "categoryCombo", "access"} <= names


def test_a_schema_is_found_by_its_name(api):
    body = api().get("/api/schemas/dataElement", {"fields": "name,klass"}).json()
    assert body == {"name": "dataElement", "klass": "org.hisp.dhis.dataelement.DataElement"}


def test_the_sdk_metadata_needs_a_signed_in_caller(client):
    assert client.get("/api/categoryOptions").status_code == 401
