"""/api/analytics: DHIS2's analytics request and response over Xiezuo's live figures."""

from decimal import Decimal

import pytest

from xiezuo.indicators.combos import combo_uid
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
