"""Permission-matrix entries for the work plan's documents and items.

Editing the plan ("plan.manage") is a coordinator's, for documents one of whose
parties is in his scope: inside, a memorandum signed by Baise's poverty office;
outside, one signed by Guangxi's office alone (a new document: the parties it
names). Progress ("plan.update": updates, milestone ticks) is scoped to the
item's lead organisation and responsible places: inside, an item led by Baise's
poverty office with Debao (451024) responsible; outside, one led by Guangxi's
office with Du'an (451228) responsible.
(No files are posted here: the matrix must not write to the media store.)
"""

from __future__ import annotations

from datetime import date

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import INSIDE, OUTSIDE, TARGET_PLACE, Endpoint, json_request
from xiezuo.places.models import Organisation, Place
from xiezuo.plans import services
from xiezuo.plans.models import Document, Milestone, Target, WorkItem

from .factories import document, target, work_item

LEAD = {INSIDE: "百色市扶贫开发办公室", OUTSIDE: "广西壮族自治区扶贫开发领导小组办公室"}


def _party(where: str) -> Organisation:
    return Organisation.objects.get(name=LEAD[where])


def _document(where: str = INSIDE) -> Document:
    return document("矩阵测试备忘录", ["产业合作"], parties=[_party(where)])


def _item(where: str = INSIDE) -> WorkItem:
    return work_item(_document(where), 1, "矩阵测试任务", LEAD[where], [TARGET_PLACE[where]])


def _milestone(where: str, *, done: bool = False) -> Milestone:
    milestone = services.milestone_create(item=_item(where), title="签约", due_on=date(2018, 6, 30))
    if done:
        milestone.done_on = date(2018, 6, 1)
        milestone.save()
    return milestone


def _target(where: str) -> Target:
    return target(_item(where), place=Place.objects.get(code=TARGET_PLACE[where]), value=100)


def _item_body(where: str) -> dict:
    document = _document(where)
    return {
        "document": document.pk,
        "category": document.categories.get().pk,
        "title": "新任务",
        "lead": Organisation.objects.get(name=LEAD[where]).pk,
        "places": [TARGET_PLACE[where]],
        "starts_on": "2018-01-01",
        "due_on": "2018-12-31",
    }


def _item_form(where: str) -> dict:
    body = _item_body(where)
    body["places"] = TARGET_PLACE[where]
    return body


DOCUMENT = {
    "kind": "memorandum",
    "title": "2019年备忘录",
    "starts_on": "2019-01-01",
    "ends_on": "2019-12-31",
}


def _signed_by(where: str) -> dict:
    """A new document's fields, signed by the party inside or outside the scope."""
    return {**DOCUMENT, "parties": [_party(where).pk]}


UPDATE = {"text": "已召开推进会", "percent": 30, "reported_on": "2018-05-01"}

ENDPOINTS = [
    Endpoint("api plan document create", Role.COORDINATOR,
             call=lambda c, u, w: json_request(
                 c, "post", "/api/v1/plans/documents", _signed_by(w))),
    Endpoint("api plan item create", Role.COORDINATOR,
             call=lambda c, u, w: json_request(c, "post", "/api/v1/plans/items", _item_body(w))),
    Endpoint("api plan item update", Role.COORDINATOR,
             call=lambda c, u, w: json_request(
                 c, "patch", f"/api/v1/plans/items/{_item(w).pk}", {"title": "改"})),
    Endpoint("api plan milestone create", Role.COORDINATOR,
             call=lambda c, u, w: json_request(
                 c, "post", f"/api/v1/plans/items/{_item(w).pk}/milestones",
                 {"title": "签约", "due_on": "2018-06-30"})),
    Endpoint("api plan milestone tick", Role.CLERK,
             call=lambda c, u, w: json_request(
                 c, "post", f"/api/v1/plans/milestones/{_milestone(w).pk}/tick",
                 {"done_on": "2018-06-01"})),
    Endpoint("api plan update post", Role.CLERK,
             call=lambda c, u, w: json_request(
                 c, "post", f"/api/v1/plans/items/{_item(w).pk}/updates", UPDATE)),
    Endpoint("page plan document create", Role.COORDINATOR,
             call=lambda c, u, w: c.post("/plans/new/", {**_signed_by(w), "categories": "产业合作"})),
    Endpoint("page plan document edit", Role.COORDINATOR,
             call=lambda c, u, w: c.post(f"/plans/{_document(w).pk}/edit/", _signed_by(w))),
    Endpoint("page plan category create", Role.COORDINATOR,
             call=lambda c, u, w: c.post(f"/plans/{_document(w).pk}/categories/",
                                         {"name": "劳务协作"})),
    Endpoint("page plan item create", Role.COORDINATOR,
             call=lambda c, u, w: (lambda body: c.post(
                 f"/plans/{body['document']}/items/new/", body))(_item_form(w))),
    Endpoint("page plan item edit", Role.COORDINATOR,
             call=lambda c, u, w: (lambda item: c.post(f"/plans/items/{item.pk}/edit/", {
                 **_item_form(w), "category": item.category_id, "title": "改"}))(_item(w))),
    Endpoint("page plan milestone create", Role.COORDINATOR,
             call=lambda c, u, w: c.post(f"/plans/items/{_item(w).pk}/milestones/",
                                         {"title": "签约", "due_on": "2018-06-30"})),
    Endpoint("page plan target create", Role.COORDINATOR,
             call=lambda c, u, w: c.post(f"/plans/items/{_item(w).pk}/targets/", {
                 "figure": "people_trained", "options": "poverty=poor",
                 "place": TARGET_PLACE[w], "period": "2018", "value": "100"})),
    Endpoint("page plan target delete", Role.COORDINATOR,
             call=lambda c, u, w: c.post(f"/plans/targets/{_target(w).pk}/delete/")),
    Endpoint("page plan milestone tick", Role.CLERK,
             call=lambda c, u, w: c.post(f"/plans/milestones/{_milestone(w).pk}/tick/", {
                 "done_on": "2018-06-01", "note": "已签约"})),
    Endpoint("page plan milestone untick", Role.CLERK,
             call=lambda c, u, w: c.post(
                 f"/plans/milestones/{_milestone(w, done=True).pk}/untick/")),
    Endpoint("page plan update post", Role.CLERK,
             call=lambda c, u, w: c.post(f"/plans/items/{_item(w).pk}/updates/",
                                         UPDATE)),
]  # fmt: skip

READ_ONLY_PAGES = {
    "plan_document_list",
    "plan_document_detail",
    "plan_document_file",
    "plan_item_detail",
    "plan_evidence",
}
WRITE_PAGES = {
    "plan_document_create": "page plan document create",
    "plan_document_edit": "page plan document edit",
    "plan_category_create": "page plan category create",
    "plan_item_create": "page plan item create",
    "plan_item_edit": "page plan item edit",
    "plan_milestone_create": "page plan milestone create",
    "plan_target_create": "page plan target create",
    "plan_target_delete": "page plan target delete",
    "plan_milestone_tick": "page plan milestone tick",
    "plan_milestone_untick": "page plan milestone untick",
    "plan_update_post": "page plan update post",
}
API_WRITES = {
    ("POST", "/plans/documents"): "api plan document create",
    ("POST", "/plans/items"): "api plan item create",
    ("PATCH", "/plans/items/{item_id}"): "api plan item update",
    ("POST", "/plans/items/{item_id}/milestones"): "api plan milestone create",
    ("POST", "/plans/milestones/{milestone_id}/tick"): "api plan milestone tick",
    ("POST", "/plans/items/{item_id}/updates"): "api plan update post",
}
