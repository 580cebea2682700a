"""The supervision board: every item with its status as on a day, filtered, urgent first, rates."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from xiezuo.places.models import Place
from xiezuo.plans.board import Board, BoardFilters, _place_keys, parse_filters, supervision_board
from xiezuo.plans.status import Status

from .factories import BAISE, DEBAO, OFFICE, ON, org

pytestmark = pytest.mark.django_db


def numbers(board: Board) -> list[int]:
    return [row.item.number for row in board.rows]


def test_the_board_counts_every_status_zeros_included(plan):
    document, _ = plan
    board = supervision_board(document, on=ON)
    assert board.counts == {
        "overdue": 1,
        "at_risk": 2,
        "not_started": 1,
        "on_track": 1,
        "done": 1,
    }
    done_only = supervision_board(document, on=ON, filters=BoardFilters(status=Status.DONE))
    assert done_only.counts == {
        "overdue": 0,
        "at_risk": 0,
        "not_started": 0,
        "on_track": 0,
        "done": 1,
    }


def test_overdue_and_at_risk_come_first_then_the_rest_in_the_plans_order(plan):
    document, _ = plan
    board = supervision_board(document, on=ON)
    # overdue 1; at risk 2 and 6 (category 1); then 3, 4, 5 in category and number order
    assert numbers(board) == [1, 2, 6, 3, 4, 5]
    assert [row.item.number for row in board.urgent] == [1, 2, 6]
    assert [row.item.number for row in board.others] == [3, 4, 5]


def test_the_statuses_are_those_of_the_day_asked_for(plan):
    document, _ = plan
    statuses = {row.item.number: row.status for row in supervision_board(document, on=ON).rows}
    assert statuses == {
        1: Status.OVERDUE,
        2: Status.AT_RISK,
        3: Status.NOT_STARTED,
        4: Status.ON_TRACK,
        5: Status.DONE,
        6: Status.AT_RISK,
    }
    # item 6's milestone was ticked on 1 August: done by the year's end
    year_end = {
        row.item.number: row.status
        for row in supervision_board(document, on=date(2018, 12, 31)).rows
    }
    assert year_end[6] == Status.DONE


def test_the_board_is_of_today_unless_a_day_is_given(plan):
    document, _ = plan
    assert supervision_board(document).on == timezone.localdate()


def test_the_board_filters_by_category(plan):
    document, _ = plan
    filters, errors = parse_filters(document, {"category": "2"})
    assert not errors
    assert numbers(supervision_board(document, on=ON, filters=filters)) == [3, 4, 5]
    by_name, _ = parse_filters(document, {"category": "组织领导"})
    assert numbers(supervision_board(document, on=ON, filters=by_name)) == [1, 2, 6]


def test_the_board_filters_by_lead_organisation_by_id_or_name(plan):
    document, _ = plan
    by_id, _ = parse_filters(document, {"lead": str(org(DEBAO).pk)})
    assert numbers(supervision_board(document, on=ON, filters=by_id)) == [6, 3]
    by_name, _ = parse_filters(document, {"lead": OFFICE})
    assert numbers(supervision_board(document, on=ON, filters=by_name)) == [1, 5]


def test_a_place_filter_takes_the_items_of_its_whole_subtree(plan):
    document, _ = plan
    baise, _ = parse_filters(document, {"place": "4510"})
    assert numbers(supervision_board(document, on=ON, filters=baise)) == [1, 2, 6, 3, 4]
    debao, _ = parse_filters(document, {"place": "451024"})
    assert numbers(supervision_board(document, on=ON, filters=debao)) == [2, 6, 3]
    guangxi, _ = parse_filters(document, {"place": "45"})
    assert numbers(supervision_board(document, on=ON, filters=guangxi)) == [1, 2, 6, 3, 4, 5]
    shenzhen, _ = parse_filters(document, {"place": "4403"})
    assert numbers(supervision_board(document, on=ON, filters=shenzhen)) == []


def test_the_board_filters_by_due_month_and_status(plan):
    document, _ = plan
    june, _ = parse_filters(document, {"due": "2018-06"})
    assert numbers(supervision_board(document, on=ON, filters=june)) == [6, 5]
    at_risk, _ = parse_filters(document, {"status": "at_risk"})
    board = supervision_board(document, on=ON, filters=at_risk)
    assert numbers(board) == [2, 6]
    assert board.counts["at_risk"] == 2 and board.counts["overdue"] == 0


def test_filters_combine(plan):
    document, _ = plan
    filters, _ = parse_filters(
        document, {"category": "1", "place": "451024", "status": "at_risk", "lead": BAISE}
    )
    assert numbers(supervision_board(document, on=ON, filters=filters)) == [2]


def test_a_filter_not_understood_is_named_and_left_out(plan):
    document, _ = plan
    filters, errors = parse_filters(
        document,
        {"category": "9", "lead": "无此单位", "place": "99", "due": "2018-13", "status": "late"},
    )
    assert set(errors) == {"category", "lead", "place", "due", "status"}
    assert filters == BoardFilters()


def test_completion_rates_by_lead_organisation(plan):
    document, _ = plan
    leads = {t.label: t for t in supervision_board(document, on=ON).by_lead}
    office = leads[OFFICE]
    assert (office.total, office.done, office.rate) == (2, 1, 0.5)
    assert office.counts["overdue"] == 1
    assert leads[BAISE].rate == 0.0 and leads[BAISE].counts["on_track"] == 1
    assert leads[DEBAO].urgent == 1


def test_a_countys_items_count_for_its_prefecture_too(plan):
    document, _ = plan
    places = {t.key: t for t in supervision_board(document, on=ON).by_place}
    assert list(places) == ["45", "4510", "451024"]
    assert places["4510"].total == 5  # two of Baise's own, three of Debao's
    assert places["451024"].total == 3
    assert places["451024"].label == "德保县" and places["451024"].level == 3
    assert (places["45"].total, places["45"].rate) == (1, 1.0)


def test_township_places_count_for_their_county_and_prefecture():
    township = Place.objects.filter(code__startswith="451024", level=4).first()
    assert township is not None
    assert _place_keys(township) == ["4510", "451024"]


# --- the page ----------------------------------------------------------------------------


def test_the_page_says_for_which_day_the_statuses_are(plan, client_for):
    document, _ = plan
    page = client_for("viewer").get(f"/plans/{document.pk}/board/?on=2018-06-14")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2018年6月14日" in html
    assert 'id="on-today"' in html and 'id="on-end"' in html
    assert 'id="board-urgent"' in html and 'id="board-others"' in html
    first, later = plan[1][1].pk, plan[1][3].pk  # overdue, then not started
    assert html.index(f'data-item="{first}"') < html.index(f'data-item="{later}"')
    assert 'id="status-rule"' in html


def test_the_page_shows_the_import_link_to_coordinators_only(plan, client_for):
    document, _ = plan
    url = f"/plans/{document.pk}/board/?on=2018-06-14"
    assert 'id="board-import"' not in client_for("viewer").get(url).content.decode()
    assert 'id="board-import"' in client_for("coordinator").get(url).content.decode()


def test_the_page_names_a_bad_filter_and_shows_the_rest(plan, client_for):
    document, _ = plan
    page = client_for("viewer").get(
        f"/plans/{document.pk}/board/?on=2018-06-14&due=June&status=done"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="board-errors"' in html
    assert html.count("<tr data-item=") == 1


def test_an_unknown_document_has_no_board(client_for):
    assert client_for("viewer").get("/plans/999999/board/").status_code == 404


def test_the_board_is_quick_enough(plan, client_for, django_assert_max_num_queries):
    document, _ = plan
    client = client_for("viewer")
    with django_assert_max_num_queries(25):
        client.get(f"/plans/{document.pk}/board/?on=2018-06-14")


@pytest.mark.parametrize(
    ("name", "value"), [("category", "²"), ("category", "99"), ("lead", "9" * 30), ("lead", "３")]
)
def test_a_filter_that_is_no_number_or_too_big_is_named_not_a_crash(plan, name, value):
    document, _ = plan
    _filters, errors = parse_filters(document, {name: value})
    assert value in errors[name][0]


def test_the_documents_page_names_a_bad_day_and_shows_today(plan, client_for):
    page = client_for("viewer").get("/plans/?on=2018-13-01")
    assert page.status_code == 200
    assert "“2018-13-01”不是日期（应为 YYYY-MM-DD）。" in page.content.decode()
    assert page.context["on"] == timezone.localdate()
