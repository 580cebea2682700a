"""What people type is checked once, whatever the path (a page, the API, DHIS2's API, an
import): no control character or direction override in a name or a text (tabs and line
breaks only where the text has several lines), and no text longer than its field allows."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from xiezuo.indicators.models import DataValue
from xiezuo.places.models import Organisation
from xiezuo.plans import services
from xiezuo.plans.models import Milestone, ProgressUpdate, WorkItem
from xiezuo.texts import MAX_TEXT, text_problem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "lines", "code"),
    [
        ("德保\x00县", False, "U+0000"),
        ("德保\x07县", True, "U+0007"),
        ("德保\t县", False, "U+0009"),
        ("德保\n县", False, "U+000A"),
        ("德保\u202e县", True, "U+202E"),
        ("德保\u2066县", False, "U+2066"),
    ],
)
def test_a_control_character_is_refused_naming_the_field(text, lines, code):
    message = text_problem(text, label="名称", lines=lines)
    assert message is not None
    assert message.startswith("“名称”含有") and code in message and "第3个字符" in message


@pytest.mark.parametrize(
    "text", ["第一行\n第二行", "甲\t乙", "Windows 的换行\r\n也可以", "普通文字"]
)
def test_tabs_and_line_breaks_are_allowed_in_a_text_of_several_lines(text):
    assert text_problem(text, label="进展情况", lines=True) is None


# --- the write paths


def json_post(client: Client, url: str, body: dict) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def item() -> WorkItem:
    found = WorkItem.objects.filter(places__code__startswith="4510").first()
    assert found is not None
    return found


@pytest.fixture
def clerk(client_for: Callable[..., Client]) -> Client:
    return client_for("clerk", scope=["4510"])


def test_the_api_refuses_a_progress_update_with_a_control_character(clerk, item):
    before = ProgressUpdate.objects.count()
    response = json_post(
        clerk, f"/api/v1/plans/items/{item.pk}/updates", {"text": "已召开\x00推进会"}
    )
    assert response.status_code == 422
    assert response.json()["errors"]["text"][0].startswith("“进展情况”含有")
    assert ProgressUpdate.objects.count() == before
    ok = json_post(clerk, f"/api/v1/plans/items/{item.pk}/updates", {"text": "第一行\n第二行"})
    assert ok.status_code == 201, ok.json()


def test_the_page_refuses_a_progress_update_with_a_direction_override(clerk, item, errors_beside):
    page = clerk.post(
        f"/plans/items/{item.pk}/updates/",
        {"text": "完成\u202e率100%", "reported_on": "2018-05-01"},
    )
    assert page.status_code == 422
    assert errors_beside(page, "id_text")[0].startswith("“进展情况”含有")


def test_a_tick_note_with_a_control_character_is_refused(clerk, item):
    milestone = services.milestone_create(item=item, title="签约", due_on=date(2018, 6, 30))
    response = json_post(
        clerk,
        f"/api/v1/plans/milestones/{milestone.pk}/tick",
        {"done_on": "2018-06-01", "note": "已签\x1b约"},
    )
    assert response.status_code == 422
    assert "note" in response.json()["errors"]
    assert Milestone.objects.get(pk=milestone.pk).done_on is None


def test_an_organisation_name_with_a_control_character_is_refused(client_for):
    clerk = client_for("clerk", scope=["451024"])
    response = json_post(
        clerk,
        "/api/v1/organisations",
        {"name": "德保\x08合作社", "kind": "cooperative", "place": "451024101", "side": "helped"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["name"][0].startswith("“名称”含有")
    assert not Organisation.objects.filter(name__startswith="德保\x08").exists()


def test_a_value_comment_with_a_control_character_is_refused_by_dhis2s_api(
    client_for, labour_figures_typed
):
    clerk = client_for("clerk", scope=["451024"])
    response = clerk.post(
        "/api/dataValues?de=job_fairs&pe=201907&ou=451024&value=5&comment=%E6%A0%B8%01"
    )
    assert response.status_code == 409
    assert "备注" in json.dumps(response.json(), ensure_ascii=False)
    assert not DataValue.objects.filter(
        data_element__code="job_fairs", place__code="451024", period="201907"
    ).exists()


def test_an_import_refuses_a_value_whose_comment_has_a_control_character(
    client_for, labour_figures_typed
):
    clerk = client_for("clerk", scope=["451024"])
    values = [
        {"dataElement": "job_fairs", "period": "201908", "orgUnit": "451024", "value": "3",
         "comment": "核对\u202e过"},
        {"dataElement": "job_fairs", "period": "201909", "orgUnit": "451024", "value": "4",
         "comment": "核对过"},
    ]  # fmt: skip
    response = clerk.post(
        "/api/dataValueSets?atomicMode=NONE",
        json.dumps({"dataValues": values}),
        content_type="application/json",
    )
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "备注" in text and "U+202E" in text
    stored = DataValue.objects.filter(data_element__code="job_fairs", place__code="451024")
    assert not stored.filter(period="201908").exists()
    assert stored.get(period="201909").comment == "核对过"


# --- lengths


def test_a_progress_update_longer_than_10000_characters_is_refused(clerk, item):
    response = json_post(
        clerk, f"/api/v1/plans/items/{item.pk}/updates", {"text": "进" * (MAX_TEXT + 1)}
    )
    assert response.status_code == 422
    assert "10001" in response.json()["errors"]["text"][0]
    ok = json_post(clerk, f"/api/v1/plans/items/{item.pk}/updates", {"text": "进" * MAX_TEXT})
    assert ok.status_code == 201


def test_a_value_comment_longer_than_500_characters_is_refused(client_for, labour_figures_typed):
    clerk = client_for("clerk", scope=["451024"])
    response = clerk.post(
        "/api/dataValues?de=job_fairs&pe=201907&ou=451024&value=5", {"comment": "注" * 501}
    )
    assert response.status_code == 409
    assert "501" in json.dumps(response.json(), ensure_ascii=False)
