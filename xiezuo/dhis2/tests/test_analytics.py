"""/api/analytics: DHIS2's analytics request and response over Xiezuo's live figures."""

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from xiezuo.indicators.combos import combo_uid, combos_of_element
from xiezuo.indicators.models import DataElement, Dimension, Indicator
from xiezuo.indicators.services import value_set

pytestmark = pytest.mark.django_db

URL = "/api/analytics"


def save(element, place, period, value, disaggregation=""):
    value_set(
        actor=None,
        element=element,
        place=place,
        period=period,
        disaggregation=disaggregation,
        value=str(value),
    )


def uid(code):
    return DataElement.objects.get(code=code).uid


@pytest.fixture
def fairs_2019():
    """Job fairs in 2019, when the demo has none: Debao 2+3, Napo 4, Du'an 7."""
    save("job_fairs", "451024", "201901", 2)
    save("job_fairs", "451024", "201902", 3)
    save("job_fairs", "451026", "201901", 4)
    save("job_fairs", "451228", "201901", 7)


def test_dimensions_become_columns_and_each_cell_a_row(api, place, fairs_2019):
    body = api().get(URL, {"dimension": ["dx:job_fairs", "pe:201901;201902", "ou:451024"]}).json()
    assert [h["name"] for h in body["headers"]] == ["dx", "pe", "ou", "value"]
    assert body["headers"][0] == {
        "name": "dx",
        "column": "数据",
        "valueType": "TEXT",
        "type": "java.lang.String",
        "hidden": False,
        "meta": True,
    }
    assert body["headers"][3]["valueType"] == "NUMBER" and body["headers"][3]["meta"] is False
    debao = place("451024").uid
    assert body["rows"] == [
        [uid("job_fairs"), "201901", debao, "2"],
        [uid("job_fairs"), "201902", debao, "3"],
    ]
    assert (body["height"], body["width"]) == (2, 4)


def test_meta_data_names_every_item_and_lists_each_dimension(api, place, fairs_2019):
    body = api().get(URL, {"dimension": ["dx:job_fairs", "pe:201901", "ou:451024"]}).json()
    items, dimensions = body["metaData"]["items"], body["metaData"]["dimensions"]
    assert items[uid("job_fairs")] == {"name": DataElement.objects.get(code="job_fairs").name_zh}
    assert items["201901"] == {"name": "2019年1月"}
    assert items[place("451024").uid] == {"name": "德保县"}
    assert dimensions["dx"] == [uid("job_fairs")]
    assert dimensions["pe"] == ["201901"]
    assert dimensions["ou"] == [place("451024").uid]


def test_skip_meta_leaves_the_meta_data_out(api, fairs_2019):
    body = (
        api()
        .get(
            URL,
            {"dimension": ["dx:job_fairs", "pe:201901"], "filter": "ou:451024", "skipMeta": "true"},
        )
        .json()
    )
    assert "metaData" not in body
    assert body["rows"] == [[uid("job_fairs"), "201901", "2"]]


def test_a_period_filter_adds_the_periods_up(api, place, fairs_2019):
    body = (
        api()
        .get(URL, {"dimension": ["dx:job_fairs", "ou:451024"], "filter": "pe:201901;201902"})
        .json()
    )
    assert [h["name"] for h in body["headers"]] == ["dx", "ou", "value"]
    assert body["rows"] == [[uid("job_fairs"), place("451024").uid, "5"]]


def test_an_organisation_unit_filter_adds_the_places_up(api, fairs_2019):
    body = (
        api()
        .get(URL, {"dimension": ["dx:job_fairs", "pe:201901"], "filter": "ou:451024;451026"})
        .json()
    )
    assert body["rows"] == [[uid("job_fairs"), "201901", "6"]]


def test_a_level_breaks_a_place_down_into_its_units_at_that_level(api, place, fairs_2019):
    body = api().get(URL, {"dimension": ["dx:job_fairs", "pe:201901", "ou:LEVEL-3;4510"]}).json()
    rows = {row[2]: row[3] for row in body["rows"]}
    assert rows == {place("451024").uid: "2", place("451026").uid: "4"}
    assert set(body["metaData"]["dimensions"]["ou"]) == set(rows)


def test_user_orgunit_stands_for_the_users_scope(api, place, fairs_2019):
    client = api("viewer", scope=["4512"])
    body = client.get(URL, {"dimension": ["dx:job_fairs", "pe:201901", "ou:USER_ORGUNIT"]}).json()
    assert body["rows"] == [[uid("job_fairs"), "201901", place("4512").uid, "7"]]


def test_relative_periods_are_counted_from_the_relative_period_date(api, fairs_2019):
    body = (
        api()
        .get(
            URL,
            {
                "dimension": ["dx:job_fairs", "pe:THIS_YEAR;LAST_12_MONTHS"],
                "filter": "ou:4510",
                "relativePeriodDate": "2019-03-10",
            },
        )
        .json()
    )
    periods = body["metaData"]["dimensions"]["pe"]
    assert periods[0] == "2019"
    assert periods[1:] == [f"2018{m:02d}" for m in range(3, 13)] + ["201901", "201902"]
    rows = {row[1]: row[2] for row in body["rows"]}
    assert rows["2019"] == "9" and rows["201902"] == "3"
    assert body["metaData"]["items"]["LAST_12_MONTHS"] == {"name": "最近12个月"}


def test_a_data_element_operand_takes_one_option_combo(api):
    save("people_trained", "451024", "201901", 30, "poverty=poor")
    save("people_trained", "451024", "201901", 10, "poverty=not_poor")
    operand = f"{uid('people_trained')}.{combo_uid('poverty=poor')}"
    body = (
        api()
        .get(
            URL, {"dimension": [f"dx:{operand};people_trained", "pe:201901"], "filter": "ou:451024"}
        )
        .json()
    )
    assert body["rows"] == [[operand, "201901", "30"], [uid("people_trained"), "201901", "40"]]
    assert body["metaData"]["items"][operand]["name"] == "培训人次 建档立卡贫困人口"


def test_an_indicator_is_computed_and_rounded(api):
    save("people_trained", "451024", "201901", 2, "poverty=poor")
    save("people_trained", "451024", "201901", 1, "poverty=not_poor")
    indicator = Indicator.objects.get(code="poor_share_trained")
    body = (
        api()
        .get(URL, {"dimension": ["dx:poor_share_trained", "pe:201901"], "filter": "ou:451024"})
        .json()
    )
    assert body["rows"] == [[indicator.uid, "201901", "66.67"]]
    full = (
        api()
        .get(
            URL,
            {
                "dimension": ["dx:poor_share_trained", "pe:201901"],
                "filter": "ou:451024",
                "skipRounding": "true",
            },
        )
        .json()
    )
    assert Decimal(full["rows"][0][2]) > Decimal("66.666")


def test_a_category_dimension_breaks_the_figure_down_by_its_options(api):
    save("people_trained", "451024", "201901", 30, "poverty=poor")
    save("people_trained", "451024", "201901", 10, "poverty=not_poor")
    poverty = Dimension.objects.get(code="poverty")
    body = (
        api()
        .get(
            URL,
            {
                "dimension": ["dx:people_trained", f"{poverty.uid}", "pe:201901"],
                "filter": "ou:451024",
            },
        )
        .json()
    )
    options = {o.code: o.uid for o in poverty.options.all()}
    assert body["headers"][1]["name"] == poverty.uid
    assert sorted(body["rows"]) == sorted(
        [
            [uid("people_trained"), options["poor"], "201901", "30"],
            [uid("people_trained"), options["not_poor"], "201901", "10"],
        ]
    )


def test_the_co_dimension_breaks_the_figure_down_by_option_combo(api):
    save("people_trained", "451024", "201901", 30, "poverty=poor")
    save("job_fairs", "451024", "201901", 2)
    body = (
        api()
        .get(
            URL,
            {
                "dimension": ["dx:people_trained;job_fairs", "co", "pe:201901"],
                "filter": "ou:451024",
            },
        )
        .json()
    )
    assert [uid("people_trained"), combo_uid("poverty=poor"), "201901", "30"] in body["rows"]
    assert [uid("job_fairs"), "HllvX50cXC0", "201901", "2"] in body["rows"]


def test_a_data_filter_adds_the_data_elements_up(api, fairs_2019):
    save("training_classes", "451024", "201901", 10)
    body = (
        api()
        .get(
            URL,
            {"dimension": ["pe:201901"], "filter": ["dx:job_fairs;training_classes", "ou:451024"]},
        )
        .json()
    )
    assert body["rows"] == [["201901", "12"]]


def test_code_output_ids_replace_uids(api, fairs_2019):
    body = (
        api()
        .get(
            URL, {"dimension": ["dx:job_fairs", "pe:201901", "ou:451024"], "outputIdScheme": "CODE"}
        )
        .json()
    )
    assert body["rows"] == [["job_fairs", "201901", "451024", "2"]]


def test_names_follow_the_locale(api, place, fairs_2019):
    body = (
        api()
        .get(
            URL,
            {
                "dimension": ["dx:job_fairs", "pe:201901"],
                "filter": "ou:451024",
                "displayProperty": "NAME",
                "locale": "en",
            },
        )
        .json()
    )
    name = DataElement.objects.get(code="job_fairs").name_en
    assert body["metaData"]["items"][uid("job_fairs")] == {"name": name}
    assert body["metaData"]["items"]["201901"] == {"name": "January 2019"}
    assert body["headers"][0]["column"] == "Data"


def test_a_value_saved_is_in_the_next_answer(api, fairs_2019):
    # a reader of all Guangxi: the unapproved values of Hechi count for him too
    reader = api("viewer", scope=["45"])
    query = {"dimension": ["dx:job_fairs", "pe:2019"], "filter": "ou:45"}
    assert reader.get(URL, query).json()["rows"] == [[uid("job_fairs"), "2019", "16"]]
    save("job_fairs", "451024", "201903", 4)
    assert reader.get(URL, query).json()["rows"] == [[uid("job_fairs"), "2019", "20"]]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"dimension": ["pe:2019", "ou:45"]}, "E7102"),
        ({"dimension": ["dx:job_fairs", "ou:45"]}, "E7104"),
        ({"dimension": ["dx:job_fairs", "pe:2019", "ou:45"], "filter": "pe:2018"}, "E7103"),
        ({"dimension": ["dx:job_fairs", "dx:workers_placed", "pe:2019"]}, "E7111"),
        ({"dimension": ["dx:nothing", "pe:2019"]}, "E7124"),
        ({"dimension": ["dx:job_fairs", "pe:NEXT_CENTURY"]}, "E7124"),
        ({"dimension": ["dx:job_fairs", "pe:2019", "ou:AAAAAAAAAAA"]}, "E7124"),
        ({"dimension": ["dx:job_fairs", "pe:2019", "colour:red"]}, "E7125"),
    ],
    ids=[
        "no data",
        "no period",
        "dimension and filter",
        "twice",
        "unknown data",
        "unknown period",
        "unknown unit",
        "unknown dimension",
    ],
)
def test_a_request_dhis2_would_refuse_is_a_conflict_with_its_error_code(api, params, code):
    response = api().get(URL, params)
    assert response.status_code == 409
    assert response.json()["errorCode"] == code
    assert response.json()["message"]


def test_analytics_need_credentials(client):
    assert client.get(URL, {"dimension": ["dx:job_fairs", "pe:2019"]}).status_code == 401


# --- co and category dimensions for data elements of several categories


@pytest.fixture
def donations_2019(monkeypatch):
    """Donations in cash (by donor kind and origin) in Debao, January 2019, typed here as an
    ordinary element rather than counted by the donations registry that owns it."""
    from xiezuo.indicators import sources

    monkeypatch.delitem(sources._owners, "donation_cash", raising=False)
    save("donation_cash", "451024", "201901", 5, "donor_kind=enterprise;donor_origin=guangdong")
    save("donation_cash", "451024", "201901", 3, "donor_kind=individual;donor_origin=guangdong")
    save("donation_cash", "451024", "201901", 2, "donor_kind=enterprise;donor_origin=other")


DONATIONS = {"dimension": ["dx:donation_cash", "co", "pe:201901"], "filter": "ou:451024"}


def test_co_breaks_an_element_of_several_categories_down_by_each_combo(api, donations_2019):
    body = api().get(URL, DONATIONS).json()
    assert sorted(body["rows"]) == sorted(
        [
            [
                uid("donation_cash"),
                combo_uid("donor_kind=enterprise;donor_origin=guangdong"),
                "201901",
                "5",
            ],
            [
                uid("donation_cash"),
                combo_uid("donor_kind=individual;donor_origin=guangdong"),
                "201901",
                "3",
            ],
            [
                uid("donation_cash"),
                combo_uid("donor_kind=enterprise;donor_origin=other"),
                "201901",
                "2",
            ],
        ]
    )


def test_co_items_keep_only_those_combos(api, donations_2019):
    enterprise_guangdong = combo_uid("donor_kind=enterprise;donor_origin=guangdong")
    query = DONATIONS | {
        "dimension": ["dx:donation_cash", f"co:{enterprise_guangdong}", "pe:201901"]
    }
    body = api().get(URL, query).json()
    assert body["rows"] == [[uid("donation_cash"), enterprise_guangdong, "201901", "5"]]


def test_co_items_of_a_default_element_do_not_add_other_combos(api, donations_2019):
    save("job_fairs", "451024", "201901", 2)
    query = {
        "dimension": ["dx:job_fairs;donation_cash", "co:HllvX50cXC0", "pe:201901"],
        "filter": "ou:451024",
    }
    body = api().get(URL, query).json()
    assert body["rows"] == [[uid("job_fairs"), "HllvX50cXC0", "201901", "2"]]


def test_several_category_dimensions_break_the_figure_down_at_once(api, donations_2019):
    kind = Dimension.objects.get(code="donor_kind")
    origin = Dimension.objects.get(code="donor_origin")
    guangdong = origin.options.get(code="guangdong").uid
    option = {o.code: o.uid for o in kind.options.all()}
    query = {
        "dimension": ["dx:donation_cash", kind.uid, f"{origin.uid}:{guangdong}", "pe:201901"],
        "filter": "ou:451024",
    }
    body = api().get(URL, query).json()
    assert [h["name"] for h in body["headers"]] == [
        "dx",
        kind.uid,
        origin.uid,
        "pe",
        "value",
    ]
    assert sorted(body["rows"]) == sorted(
        [
            [uid("donation_cash"), option["enterprise"], guangdong, "201901", "5"],
            [uid("donation_cash"), option["individual"], guangdong, "201901", "3"],
        ]
    )
    assert body["metaData"]["dimensions"][origin.uid] == [guangdong]


def test_co_and_a_category_together(api, donations_2019):
    kind = Dimension.objects.get(code="donor_kind")
    enterprise = kind.options.get(code="enterprise").uid
    query = DONATIONS | {
        "dimension": ["dx:donation_cash", "co", f"{kind.uid}:{enterprise}", "pe:201901"]
    }
    body = api().get(URL, query).json()
    assert sorted(row[1:] for row in body["rows"]) == sorted(
        [
            [combo_uid("donor_kind=enterprise;donor_origin=guangdong"), enterprise, "201901", "5"],
            [combo_uid("donor_kind=enterprise;donor_origin=other"), enterprise, "201901", "2"],
        ]
    )


def test_meta_data_lists_every_combo_of_the_data_elements_as_co(api, donations_2019):
    body = api().get(URL, DONATIONS).json()
    element = DataElement.objects.get(code="donation_cash")
    expected = {c.uid for c in combos_of_element(element)}
    assert len(expected) == 6
    assert set(body["metaData"]["dimensions"]["co"]) == expected
    enterprise_guangdong = combo_uid("donor_kind=enterprise;donor_origin=guangdong")
    assert body["metaData"]["items"][enterprise_guangdong]["name"] == "企业，广东"


# --- the other formats


def test_csv_has_a_line_of_column_names_and_a_line_per_row(api, place, fairs_2019):
    response = api().get(
        URL + ".csv",
        {"dimension": ["dx:job_fairs", "pe:201901;201902", "ou:451024"], "locale": "en"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/csv")
    debao = place("451024").uid
    assert response.content.decode().splitlines() == [
        "Data,Period,Organisation unit,Value",
        f"{uid('job_fairs')},201901,{debao},2",
        f"{uid('job_fairs')},201902,{debao},3",
    ]


def test_format_csv_answers_the_csv_too(api, fairs_2019):
    query = {"dimension": ["dx:job_fairs", "pe:201901"], "filter": "ou:451024", "format": "csv"}
    response = api().get(URL, query)
    assert response.content.decode().splitlines()[1:] == [f"{uid('job_fairs')},201901,2"]


def test_xml_is_dhis2s_grid(api, place, fairs_2019):
    response = api().get(URL + ".xml", {"dimension": ["dx:job_fairs", "pe:201901", "ou:451024"]})
    assert response.status_code == 200
    grid = ElementTree.fromstring(response.content)
    assert grid.tag == "grid" and grid.get("height") == "1" and grid.get("width") == "4"
    headers = grid.findall("./headers/header")
    assert [h.get("name") for h in headers] == ["dx", "pe", "ou", "value"]
    assert headers[3].get("type") == "java.lang.Double" and headers[0].get("meta") == "true"
    fields = [f.text for f in grid.findall("./rows/row/field")]
    assert fields == [uid("job_fairs"), "201901", place("451024").uid, "2"]


def test_json_suffix_answers_as_before(api, fairs_2019):
    query = {"dimension": ["dx:job_fairs", "pe:201901"], "filter": "ou:451024"}
    assert api().get(URL + ".json", query).json()["rows"] == api().get(URL, query).json()["rows"]


def test_data_value_set_gives_a_data_value_per_figure(api, place):
    save("people_trained", "451024", "201901", 30, "poverty=poor")
    save("people_trained", "451024", "201901", 10, "poverty=not_poor")
    operand = f"{uid('people_trained')}.{combo_uid('poverty=poor')}"
    query = {"dimension": [f"dx:people_trained;{operand}", "pe:201901", "ou:451024"]}
    body = api().get(URL + "/dataValueSet.json", query).json()
    debao = place("451024").uid
    today = date.today().isoformat()
    assert body == {
        "dataValues": [
            {
                "dataElement": uid("people_trained"),
                "period": "201901",
                "orgUnit": debao,
                "value": "40",
                "created": today,
                "lastUpdated": today,
                "comment": "[aggregated]",
            },
            {
                "dataElement": uid("people_trained"),
                "period": "201901",
                "orgUnit": debao,
                "categoryOptionCombo": combo_uid("poverty=poor"),
                "value": "30",
                "created": today,
                "lastUpdated": today,
                "comment": "[aggregated]",
            },
        ]
    }


def test_data_value_set_needs_the_organisation_units_as_a_dimension(api, fairs_2019):
    query = {"dimension": ["dx:job_fairs", "pe:201901"], "filter": "ou:451024"}
    response = api().get(URL + "/dataValueSet.json", query)
    assert response.status_code == 409
    assert response.json()["message"] == "Org unit header does not exist"


def test_raw_data_gives_the_stored_values_with_their_own_periods_and_places(api, place, fairs_2019):
    query = {"dimension": ["dx:job_fairs", "pe:2019", "ou:4510"]}
    body = api().get(URL + "/rawData.json", query).json()
    assert [h["name"] for h in body["headers"]] == [
        "dx",
        "pe",
        "ou",
        "pestartdate",
        "peenddate",
        "value",
    ]
    fairs = uid("job_fairs")
    assert sorted(body["rows"]) == sorted(
        [
            [fairs, "201901", place("451024").uid, "2019-01-01", "2019-01-31", 2.0],
            [fairs, "201902", place("451024").uid, "2019-02-01", "2019-02-28", 3.0],
            [fairs, "201901", place("451026").uid, "2019-01-01", "2019-01-31", 4.0],
        ]
    )


def test_raw_data_shows_no_unapproved_value_outside_the_readers_scope(api, fairs_2019):
    # Hechi's reader: Baise's values are unapproved, so they count nowhere for him
    reader = api("viewer", scope=["4512"])
    query = {"dimension": ["dx:job_fairs", "pe:2019", "ou:45"]}
    rows = reader.get(URL + "/rawData.json", query).json()["rows"]
    assert [row[-1] for row in rows] == [7.0]
