"""The work plan over the API: documents, items, milestones and updates, with their shapes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from xiezuo.places.models import Place
from xiezuo.plans import services
from xiezuo.plans.models import Document, WorkItem
from xiezuo.plans.status import Status

from . import factories
from .factories import BAISE, GUANGDONG, GUANGXI, org, work_item_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def api(api_for):
    """A client speaking to the API as a coordinator of both sides."""
    return api_for("coordinator", scope=["44", "45"])


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def patch(client, path, body):
    return client.patch(path, body, content_type="application/json")


@pytest.fixture
def document() -> Document:
    return factories.document(
        "2018年重点工作备忘录（测试）",
        signed_on=date(2018, 3, 28),
        parties=[org(GUANGDONG), org(GUANGXI)],
    )


# --- documents ------------------------------------------------------------------------------


def test_the_documents_list_has_id_kind_title_and_year(api, document):
    body = api.get("/api/v1/plans/documents").json()
    assert body["count"] == Document.objects.count()
    mine = next(d for d in body["items"] if d["id"] == document.pk)
    assert {k: mine[k] for k in ("id", "kind", "title", "year")} == {
        "id": document.pk,
        "kind": "memorandum",
        "title": "2018年重点工作备忘录（测试）",
        "year": 2018,
    }
    assert mine["uid"] == document.uid
    assert (mine["starts_on"], mine["ends_on"], mine["signed_on"]) == (
        "2018-01-01",
        "2018-12-31",
        "2018-03-28",
    )
    assert [p["name"] for p in mine["parties"]] == [
        "广东省扶贫开发领导小组办公室",
        "广西壮族自治区扶贫开发领导小组办公室",
    ]


def test_a_viewer_reads_a_document_with_its_categories(api_for, make_user, document):
    body = api_for(make_user("viewer")).get(f"/api/v1/plans/documents/{document.pk}")
    assert body.status_code == 200
    assert [(c["number"], c["name"]) for c in body.json()["categories"]] == [
        (1, "组织领导"),
        (2, "劳务协作"),
    ]


def test_a_coordinator_records_a_document(api):
    response = post(
        api,
        "/api/v1/plans/documents",
        {
            "kind": "action_plan",
            "title": "三年行动方案",
            "starts_on": "2018-01-01",
            "ends_on": "2020-12-31",
            "parties": [org(GUANGDONG).pk],
            "categories": ["产业合作", "劳务协作"],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["year"], body["kind_name"]) == ("action_plan", 2018, "行动方案")
    assert [c["name"] for c in body["categories"]] == ["产业合作", "劳务协作"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_on": "2017-01-01"}, "ends_on"),
        ({"kind": "letter"}, "kind"),
        ({"parties": [999999]}, "parties"),
    ],
)
def test_a_bad_document_is_refused_with_field_errors(api, fields, field):
    body = {
        "kind": "plan",
        "title": "规划",
        "parties": [org(GUANGDONG).pk],
        "starts_on": "2018-01-01",
        "ends_on": "2020-12-31",
    }
    response = post(api, "/api/v1/plans/documents", {**body, **fields})
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Document.objects.filter(title="规划").exists()


# --- items --------------------------------------------------------------------------------------


def test_items_of_a_document_come_with_their_status(api, make_user, document):
    work_item_in("451024", document)
    done = work_item_in("451024", document, title="已完成")
    services.update_create(
        item=done, user=make_user("clerk"), text="完成", percent=100, reported_on=date(2018, 9, 1)
    )
    page = api.get(f"/api/v1/plans/items?document={document.pk}").json()
    assert page["count"] == 2
    body = page["items"]
    assert [i["title"] for i in body] == ["组织贫困劳动力技能培训", "已完成"]
    first = body[0]
    assert first["category"] == {
        "id": document.categories.get(number=2).pk,
        "number": 2,
        "name": "劳务协作",
    }
    assert first["lead"]["name"] == "百色市扶贫开发办公室"
    assert first["places"] == [{"code": "451024", "name": "德保县"}]
    assert first["status"] == Status.OVERDUE  # due at the end of 2018, nothing done
    assert body[1]["status"] == "done"
    as_then = api.get(f"/api/v1/plans/items?document={document.pk}&on=2018-02-01").json()
    assert as_then["items"][0]["status"] == "not_started"


def test_the_items_come_a_page_at_a_time_with_their_count(api, document):
    items = [work_item_in("451024", document, title=f"任务{n}") for n in range(1, 6)]
    page = api.get(f"/api/v1/plans/items?document={document.pk}&limit=2&offset=2").json()
    assert page["count"] == 5
    assert [i["id"] for i in page["items"]] == [items[2].pk, items[3].pk]
    assert all(i["status"] == "overdue" for i in page["items"])


def test_only_the_statuses_of_the_page_asked_for_are_computed(api, document, monkeypatch):
    from xiezuo.plans import selectors

    items = [work_item_in("451024", document, title=f"任务{n}") for n in range(1, 6)]
    assessed: list[list[int]] = []
    real = selectors.item_assessments

    def counting(page, **kwargs):
        assessed.append([item.pk for item in page])
        return real(page, **kwargs)

    monkeypatch.setattr(selectors, "item_assessments", counting)
    api.get(f"/api/v1/plans/items?document={document.pk}&limit=1&offset=4")
    assert assessed == [[items[4].pk]]


@pytest.mark.parametrize(
    "path", ["/api/v1/plans/items?document={doc}&", "/api/v1/plans/items/{item}?"]
)
def test_a_bad_day_is_refused_naming_it(api, document, path):
    item = work_item_in("451024", document)
    response = api.get(path.format(doc=document.pk, item=item.pk) + "on=2018-6-1")
    assert response.status_code == 422
    assert response.json()["errors"] == {"on": ["“2018-6-1”不是日期（应为 YYYY-MM-DD）。"]}


def test_a_coordinator_adds_an_item_and_gets_it_in_full(api, document):
    response = post(
        api,
        "/api/v1/plans/items",
        {
            "document": document.pk,
            "category": document.categories.get(number=1).pk,
            "title": "召开联席会议",
            "lead": org(GUANGXI).pk,
            "supporting": [org(BAISE).pk],
            "places": ["4510", "4512"],
            "starts_on": "2018-01-01",
            "due_on": "2018-06-30",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["number"], body["status"]) == (1, "overdue")  # due mid-2018, nothing done
    assert [p["code"] for p in body["places"]] == ["4510", "4512"]
    assert [o["name"] for o in body["supporting"]] == ["百色市扶贫开发办公室"]
    assert (body["milestones"], body["targets"], body["updates"]) == ([], [], [])


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"places": ["451024", "999999"]}, "places", "999999"),
        ({"due_on": "2017-12-31"}, "due_on", "早于"),
        ({"lead": 999999}, "lead", "999999"),
    ],
)
def test_a_bad_item_is_refused_with_field_errors(api, document, fields, field, text):
    body = {
        "document": document.pk,
        "category": document.categories.get(number=1).pk,
        "title": "坏任务",
        "lead": org(BAISE).pk,
        "starts_on": "2018-01-01",
        "due_on": "2018-06-30",
    }
    response = post(api, "/api/v1/plans/items", {**body, **fields})
    assert response.status_code == 422
    assert text in response.json()["errors"][field][0]
    assert not WorkItem.objects.filter(title="坏任务").exists()


def test_a_category_of_another_document_is_refused(api, document):
    other = factories.document("另一份", ["产业合作"])
    response = post(
        api,
        "/api/v1/plans/items",
        {
            "document": document.pk,
            "category": other.categories.get().pk,
            "title": "坏任务",
            "lead": org(BAISE).pk,
            "starts_on": "2018-01-01",
            "due_on": "2018-06-30",
        },
    )
    assert response.status_code == 422 and "category" in response.json()["errors"]


def test_an_item_is_patched(api, document):
    item = work_item_in("451024", document)
    response = patch(api, f"/api/v1/plans/items/{item.pk}", {"title": "改名", "places": ["451228"]})
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "改名"
    assert [p["code"] for p in response.json()["places"]] == ["451228"]
    assert patch(api, f"/api/v1/plans/items/{item.pk}", {"due_on": "2017-01-01"}).status_code == 422


# --- milestones and updates ----------------------------------------------------------------------


def test_a_milestone_is_added_and_ticked_by_the_clerk_of_the_place(
    api, api_for, make_user, document
):
    item = work_item_in(
        "451024", document, starts_on=TODAY - timedelta(days=10), due_on=TODAY + timedelta(days=10)
    )
    response = post(
        api, f"/api/v1/plans/items/{item.pk}/milestones", {"title": "开班", "due_on": str(TODAY)}
    )
    assert response.status_code == 201
    milestone = response.json()
    assert (milestone["title"], milestone["done_on"]) == ("开班", None)
    clerk = api_for(make_user("clerk", scope=["451024"], username="debao-clerk"))
    ticked = post(clerk, f"/api/v1/plans/milestones/{milestone['id']}/tick", {"note": "已开班"})
    assert ticked.status_code == 200, ticked.json()
    assert ticked.json()["done_on"] == str(TODAY)
    assert ticked.json()["done_by"] == "debao-clerk"
    full = clerk.get(f"/api/v1/plans/items/{item.pk}").json()
    assert full["status"] == "done"
    assert full["completed_on"] == str(TODAY)


def test_a_clerk_posts_updates_and_reads_them_newest_first(api_for, make_user, document):
    item = work_item_in("451024", document)
    clerk = api_for(make_user("clerk", scope=["451024"]))
    first = post(
        clerk,
        f"/api/v1/plans/items/{item.pk}/updates",
        {"text": "开班", "percent": 20, "reported_on": "2018-03-01"},
    )
    assert first.status_code == 201, first.json()
    assert first.json()["percent"] == 20 and first.json()["evidence"] == []
    post(clerk, f"/api/v1/plans/items/{item.pk}/updates", {"text": "结业", "percent": 60})
    body = clerk.get(f"/api/v1/plans/items/{item.pk}/updates").json()
    assert body["count"] == 2
    assert [u["text"] for u in body["items"]] == ["结业", "开班"]
    assert body["items"][0]["reported_on"] == str(TODAY)


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"percent": 101}, "percent"), ({"text": " "}, "text"), ({"percent": "多"}, "percent")],
)
def test_a_bad_update_is_refused_with_field_errors(api, document, fields, field):
    item = work_item_in("451024", document)
    response = post(api, f"/api/v1/plans/items/{item.pk}/updates", {"text": "进展", **fields})
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not item.updates.exists()


def test_a_clerk_of_debao_may_not_post_on_a_duan_item(api_for, make_user, document):
    item = work_item_in("451228", document)
    clerk = api_for(make_user("clerk", scope=["451024"]))
    response = post(clerk, f"/api/v1/plans/items/{item.pk}/updates", {"text": "进展"})
    assert response.status_code == 403
    assert "牵头单位" in response.json()["detail"]


def test_the_item_in_full_shows_targets_with_their_live_value(api, document):
    from xiezuo.indicators.models import DataElement

    item = work_item_in("451024", document)
    services.target_create(
        item=item,
        figure=DataElement.objects.get(code="people_trained"),
        options="poverty=poor",
        place=Place.objects.get(code="451024"),
        period="2017",
        value=100,
    )
    (target,) = api.get(f"/api/v1/plans/items/{item.pk}").json()["targets"]
    assert target["figure"] == "people_trained" and target["figure_type"] == "data_element"
    assert target["expression"] == "people_trained[poverty=poor]"
    assert target["place"] == {"code": "451024", "name": "德保县"}
    assert (target["value"], target["actual"]) == (100, 308)  # the demo's poor trained in 2017
