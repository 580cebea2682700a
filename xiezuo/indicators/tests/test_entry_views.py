"""The entry pages: a cell is saved on change and answered beside itself;
bad input, locked periods and places outside the scope are refused there."""

import pytest

from xiezuo.indicators.analytics import value_of
from xiezuo.indicators.models import DataElement, DataValueChange
from xiezuo.indicators.selectors import default_period
from xiezuo.language import period_label
from xiezuo.periods import parse

from .factories import completed, data_set, labour_report, stored

pytestmark = pytest.mark.django_db

PERIOD = "201906"  # no demo values
GRID = f"/data/entry/LABOUR/451024/{PERIOD}/"
CELL = GRID + "cell/"


def test_the_grid_has_an_input_for_each_cell(debao_clerk):
    page = debao_clerk.get(GRID).content.decode()
    assert 'id="v-cell-job_fairs--total"' in page
    assert 'id="v-cell-people_trained--poverty-poor"' in page
    assert "2019年6月" in page and "2019年5月" in page  # the period and the previous one


def test_a_saved_cell_answers_itself_and_the_value_is_in_the_analytics_at_once(debao_clerk, place):
    response = debao_clerk.post(
        CELL, {"element": "people_trained", "key": "poverty=poor", "value": "12"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<td id="cell-people_trained--poverty-poor"')
    assert 'value="12"' in body and "cell-ok" in body
    assert (
        value_of("people_trained[poverty=poor]", place=place("451024"), periods=[parse("201906")])
        == 12
    )


def test_a_bad_number_is_answered_beside_the_cell_and_nothing_is_written(debao_clerk):
    response = debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": "三场"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "“三场”不是数字" in body and 'value="三场"' in body
    assert stored(PERIOD) is None


def test_the_error_is_in_english_for_an_english_reader(debao_clerk):
    response = debao_clerk.post(
        CELL, {"element": "job_fairs", "key": "", "value": "abc"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "“abc” is not a number" in response.content.decode()


def test_an_emptied_cell_deletes_the_value_and_keeps_its_history(debao_clerk):
    debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": "3"})
    response = debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": ""})
    assert response.status_code == 200
    assert stored(PERIOD) is None
    change = DataValueChange.objects.get(place__code="451024", period="201906")
    assert (change.action, change.old_value, change.changed_by) == ("delete", "3", debao_clerk.user)


def test_a_locked_period_refuses_the_value(debao_clerk):
    debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": "3"})
    completed(labour_report("451024", PERIOD), approved=True)
    response = debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": "5"})
    assert response.status_code == 422
    assert "已审核并锁定" in response.content.decode()
    assert stored(PERIOD).value == 3


def test_a_place_outside_the_scope_is_refused_in_the_users_language(debao_clerk):
    response = debao_clerk.post(
        "/data/entry/LABOUR/451228/201906/cell/", {"element": "job_fairs", "key": "", "value": "3"}
    )
    assert response.status_code == 403
    assert "您只能为权限范围内的地区填报数据" in response.content.decode()
    assert stored(PERIOD, place="451228") is None


def test_an_element_outside_the_data_set_is_not_found(debao_clerk):
    response = debao_clerk.post(CELL, {"element": "fiscal_aid", "key": "", "value": "3"})
    assert response.status_code == 404
    assert stored(PERIOD, "fiscal_aid") is None


def test_a_viewer_reads_the_grid_without_inputs(client_for):
    viewer = client_for("viewer", scope=["45"])
    page = viewer.get(GRID).content.decode()
    assert 'id="read-only-note"' in page
    assert 'name="value"' not in page


def test_a_place_outside_the_scope_cannot_be_read(debao_clerk):
    assert debao_clerk.get("/data/entry/LABOUR/451228/201906/").status_code == 403


def test_a_period_of_another_type_is_not_found(debao_clerk):
    assert debao_clerk.get("/data/entry/LABOUR/451024/2019/").status_code == 404


def test_the_history_of_a_cell_says_who_when_old_and_new(debao_clerk):
    debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": "3"})
    debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": "4"})
    page = debao_clerk.get(GRID + "history/?element=job_fairs&key=").content.decode()
    assert "<td>3</td><td>4</td>" in page
    assert debao_clerk.user.username in page


def test_a_save_updates_the_validation_panel_out_of_band(debao_clerk, fairs_within_classes):
    response = debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": "4"})
    body = response.content.decode()
    assert 'id="violations"' in body and 'hx-swap-oob="true"' in body
    assert "招聘会场次不能多于培训班期数" in body


def test_the_start_page_opens_the_chosen_report(debao_clerk):
    response = debao_clerk.get("/data/?data_set=LABOUR&place=451024&period=201906")
    assert response.status_code == 302 and response.url == GRID


def test_the_start_page_refuses_a_period_of_another_type_beside_the_period(
    debao_clerk, errors_beside
):
    response = debao_clerk.get("/data/?data_set=LABOUR&place=451024&period=2019Q2")
    assert response.status_code == 422
    [message] = errors_beside(response, "id_period")
    assert "“2019Q2”不是这样的报告期" in message


def test_the_start_page_refuses_a_place_outside_the_scope_beside_the_place(
    debao_clerk, errors_beside
):
    response = debao_clerk.get("/data/?place=4512")
    assert response.status_code == 422
    assert errors_beside(response, "id_recent_place") == ["河池市 (4512)不在您的权限范围内。"]
    assert 'id="recent-reports"' not in response.content.decode()


def test_the_start_page_asks_for_a_report_in_the_users_first_place_refusing_nothing(
    debao_clerk, errors_beside, errors_above
):
    response = debao_clerk.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="place" value="451024"' in page
    assert errors_above(response) == []
    for field in ("id_data_set", "id_place", "id_period", "id_recent_place"):
        assert errors_beside(response, field) == []


def test_the_start_page_lists_the_recent_reports_of_the_users_first_place(debao_clerk):
    latest = default_period(data_set("LABOUR"))  # the last month that has ended
    completed(labour_report("451024", latest.id))
    page = debao_clerk.get("/data/").content.decode()
    assert "<h2>德保县（451024）的报表</h2>" in page
    labour = page[page.index('<tr data-data-set="LABOUR">') :]
    labour = labour[: labour.index("</tr>")]
    grid = f"/data/entry/LABOUR/451024/{latest.id}/"
    assert (
        f'<a href="{grid}">{period_label(latest)}</a> <span class="tag complete">已完成' in labour
    )
    assert labour.count('<span class="tag open">未完成') == 3  # the three months before


def test_the_grid_has_a_query_budget(debao_clerk, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        assert debao_clerk.get("/data/entry/TALENT/451024/2017/").status_code == 200


@pytest.fixture
def yes_no_and_text():
    """A yes/no and a text element added to the labour data set."""
    labour = data_set("LABOUR")
    for code, value_type in (("fair_held", "boolean"), ("fair_note", "text")):
        element = DataElement.objects.create(
            code=code, name_zh=code, name_en=code, area="labour", value_type=value_type
        )
        labour.data_elements.add(element)


def test_a_yes_no_element_gets_a_choice_and_a_text_element_a_text_field(
    debao_clerk, yes_no_and_text
):
    page = debao_clerk.get(GRID).content.decode()
    assert '<select id="v-cell-fair_held--total"' in page
    note = page[page.index('<input id="v-cell-fair_note--total"') :]
    note = note[: note.index(">")]
    assert 'type="text"' in note and 'class="text"' in note and "inputmode" not in note


def test_yes_no_and_text_values_are_saved_as_typed(debao_clerk, yes_no_and_text):
    debao_clerk.post(CELL, {"element": "fair_held", "key": "", "value": "true"})
    debao_clerk.post(CELL, {"element": "fair_note", "key": "", "value": "与南山区联合举办"})
    assert stored(PERIOD, "fair_held").value == 1
    assert stored(PERIOD, "fair_note").text == "与南山区联合举办"
    page = debao_clerk.get(GRID).content.decode()
    assert '<option value="true" selected>' in page
    assert 'value="与南山区联合举办"' in page


def test_full_width_digits_typed_in_the_grid_are_saved_as_their_number(debao_clerk, place):
    # A Chinese input method types １２: the grid reads it as 12 (the API would refuse it).
    response = debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": "１２"})
    assert response.status_code == 200, response.content.decode()[:500]
    assert 'value="12"' in response.content.decode()
    assert value_of("job_fairs", place=place("451024"), periods=[parse(PERIOD)]) == 12


@pytest.mark.parametrize(("typed", "saved"), [("12,500", 12500), ("１２，５００", 12500)])
def test_thousands_separators_typed_in_the_grid_are_read(debao_clerk, place, typed, saved):
    response = debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": typed})
    assert f'value="{saved}"' in response.content.decode()
    assert value_of("job_fairs", place=place("451024"), periods=[parse(PERIOD)]) == saved


def test_a_comma_that_is_no_thousands_separator_is_refused_in_the_grid(debao_clerk, place):
    response = debao_clerk.post(CELL, {"element": "job_fairs", "key": "", "value": "1,5"})
    assert "“1,5”不是数字" in response.content.decode()
    assert value_of("job_fairs", place=place("451024"), periods=[parse(PERIOD)]) is None
