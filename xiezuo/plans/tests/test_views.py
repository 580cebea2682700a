"""The work plan's pages: they speak Chinese, show errors beside fields and follow the policy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xiezuo.indicators.models import DataElement
from xiezuo.places.models import Place
from xiezuo.plans import services
from xiezuo.plans.models import Document, Evidence, Milestone, WorkItem
from xiezuo.plans.status import PROGRESS_LAG, TARGET_TOLERANCE

from .factories import BAISE, DEBAO, GUANGDONG, GUANGXI, PNG, document, org, png, work_item_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def memorandum(**fields) -> Document:
    """A memorandum of this year, so that its items are due around today."""
    values = {
        "title": "重点工作备忘录（测试）",
        "starts_on": TODAY.replace(month=1, day=1),
        "ends_on": TODAY.replace(month=12, day=31),
    }
    return document(**{**values, **fields})


def current_item(where: str = "451024", doc: Document | None = None, **fields) -> WorkItem:
    """An item begun a month ago and due in a month that Debao (451024) or Du'an (451228)
    answers for."""
    values = {
        "title": f"劳务培训（{where}）",
        "starts_on": TODAY - timedelta(days=30),
        "due_on": TODAY + timedelta(days=30),
    }
    return work_item_in(where, doc or memorandum(), **{**values, **fields})


# --- the list of documents ------------------------------------------------------------------


def test_the_list_shows_each_document_with_its_items_per_status(client_for):
    document = memorandum(parties=[org(GUANGDONG)])
    current_item(doc=document, starts_on=TODAY - timedelta(days=5))  # early on: not started
    done = current_item(doc=document, title="已完成的任务")
    services.update_create(item=done, user=client_for("clerk").user, text="完成", percent=100)
    response = client_for("viewer").get(reverse("plan_document_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>工作计划</h1>" in html
    assert "重点工作备忘录（测试）" in html and "年度重点工作备忘录" in html
    assert "广东省扶贫开发领导小组办公室" in html
    row = next(r for r in response.context["rows"] if r.document == document)
    assert dict((s.value, n) for s, n in row.counts) == {
        "overdue": 0,
        "at_risk": 0,
        "not_started": 1,
        "on_track": 0,
        "done": 1,
    }
    assert reverse("plan_document_detail", args=[document.pk]) in html
    assert reverse("plan_board", args=[document.pk]) in html
    assert reverse("plan_report", args=[document.pk]) in html


def test_on_the_english_board_the_chinese_titles_are_marked_as_chinese(client_for):
    """A screen reader reads a Chinese title on an English page with a Chinese voice
    (WCAG 3.1.2): the title is in <span lang="zh-Hans">; the place is named in pinyin."""
    document = memorandum(parties=[org(GUANGDONG)])
    current_item(doc=document, title="组织<劳务>培训")
    client = client_for("viewer")
    english = client.get(
        reverse("plan_board", args=[document.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Supervision board" in english
    assert '<span lang="zh-Hans">组织&lt;劳务&gt;培训</span>' in english  # escaped, then marked
    chinese = client.get(reverse("plan_board", args=[document.pk])).content.decode()
    assert "组织&lt;劳务&gt;培训</a>" in chinese and 'lang="zh-Hans">组织' not in chinese


def test_only_a_coordinator_is_offered_a_new_document(client_for):
    assert 'id="new-document"' not in client_for("clerk").get("/plans/").content.decode()
    assert 'id="new-document"' in client_for("coordinator").get("/plans/").content.decode()


def test_the_list_counts_as_on_a_past_day(client_for):
    document = memorandum(starts_on=date(2018, 1, 1), ends_on=date(2018, 12, 31))
    current_item(doc=document, starts_on=date(2018, 1, 1), due_on=date(2018, 3, 31))
    response = client_for("viewer").get("/plans/?on=2018-02-01")
    row = next(r for r in response.context["rows"] if r.document == document)
    assert dict((s.value, n) for s, n in row.counts)["not_started"] == 1
    row = next(
        r for r in client_for("viewer").get("/plans/").context["rows"] if r.document == document
    )
    assert dict((s.value, n) for s, n in row.counts)["overdue"] == 1


# --- documents ---------------------------------------------------------------------------------


def test_a_coordinator_records_a_document_with_its_categories_and_file(client_for):
    # the provinces' agreement: a coordinator of both provinces records it
    client = client_for("coordinator", scope=["44", "45"])
    response = client.post(
        reverse("plan_document_create"),
        {
            "kind": "framework_agreement",
            "title": "粤桂扶贫协作框架协议",
            "parties": [
                org(GUANGDONG).pk,
                org(GUANGXI).pk,
            ],
            "signed_on": "2016-11-30",
            "starts_on": "2016-01-01",
            "ends_on": "2020-12-31",
            "summary": "十个方面的合作",
            "categories": "产业合作\n\n劳务协作\n  人才支援  \n",
            "file": SimpleUploadedFile("框架协议.pdf", b"%PDF-1.4", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="粤桂扶贫协作框架协议")
    assert response["Location"] == reverse("plan_document_detail", args=[document.pk])
    assert [c.name for c in document.categories.all()] == ["产业合作", "劳务协作", "人才支援"]
    assert document.parties.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "1. 产业合作" in page and "3. 人才支援" in page and "2016年11月30日" in page
    download = client_for("viewer").get(reverse("plan_document_file", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4"
    assert "attachment" in download["Content-Disposition"]


def test_a_document_ending_before_it_starts_is_shown_again_with_the_error_beside_the_field(
    client_for, errors_beside
):
    response = client_for("coordinator").post(
        reverse("plan_document_create"),
        {
            "kind": "plan",
            "title": "规划",
            "parties": [org(BAISE).pk],
            "starts_on": "2020-01-01",
            "ends_on": "2016-12-31",
        },
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["ends_on"]
    assert errors_beside(response, "id_ends_on") == ["截止日期早于起始日期。"]
    assert not Document.objects.filter(title="规划").exists()


def test_an_edited_document_ending_before_it_starts_is_refused_beside_the_end(
    client_for, errors_beside
):
    document = memorandum()
    response = client_for("coordinator").post(
        reverse("plan_document_edit", args=[document.pk]),
        {
            "kind": "memorandum",
            "title": "改名",
            "parties": [org(BAISE).pk],
            "starts_on": "2018-06-01",
            "ends_on": "2018-01-01",
        },
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_ends_on") == ["截止日期早于起始日期。"]
    document.refresh_from_db()
    assert document.title == "重点工作备忘录（测试）"


def test_a_category_listed_twice_is_refused_beside_the_categories(client_for):
    response = client_for("coordinator").post(
        reverse("plan_document_create"),
        {
            "kind": "plan",
            "title": "规划",
            "starts_on": "2016-01-01",
            "ends_on": "2020-12-31",
            "categories": "产业合作\n产业合作",
        },
    )
    assert response.status_code == 422
    assert "产业合作" in response.context["form"].errors["categories"][0]


def test_a_document_file_is_replaced_or_removed_on_the_edit_page(client_for):
    document = memorandum(file=SimpleUploadedFile("旧.pdf", b"%PDF-old"))
    client = client_for("coordinator")
    url = reverse("plan_document_edit", args=[document.pk])
    page = client.get(url).content.decode()
    assert "旧.pdf" in page and "/media/" not in page  # named, never linked past the policy
    body = {
        "kind": "memorandum",
        "title": "备忘录",
        "parties": [org(BAISE).pk],
        "starts_on": "2018-01-01",
        "ends_on": "2018-12-31",
    }
    client.post(url, {**body, "file": SimpleUploadedFile("新.pdf", b"%PDF-new")})
    document.refresh_from_db()
    assert document.file.read() == b"%PDF-new"
    client.post(url, {**body, "remove_file": "on"})
    document.refresh_from_db()
    assert not document.file


def test_a_document_file_of_an_unaccepted_kind_is_refused_beside_the_field(client_for):
    response = client_for("coordinator").post(
        reverse("plan_document_create"),
        {
            "kind": "plan",
            "title": "规划",
            "starts_on": "2016-01-01",
            "ends_on": "2020-12-31",
            "file": SimpleUploadedFile("规划.html", b"<script>"),
        },
    )
    assert response.status_code == 422
    assert "规划.html" in response.context["form"].errors["file"][0]


def test_a_document_is_edited_and_a_category_added_on_its_page(client_for):
    document = memorandum()
    client = client_for("coordinator")
    response = client.post(
        reverse("plan_document_edit", args=[document.pk]),
        {
            "kind": "memorandum",
            "title": "改名的备忘录",
            "parties": [org(BAISE).pk],
            "starts_on": "2018-01-01",
            "ends_on": "2018-12-31",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "改名的备忘录"
    added = client.post(reverse("plan_category_create", args=[document.pk]), {"name": "消费扶贫"})
    assert added.status_code == 302
    assert document.categories.get(number=3).name == "消费扶贫"


def test_a_category_named_twice_is_refused_beside_the_name(client_for, errors_beside):
    document = memorandum()
    client = client_for("coordinator")
    url = reverse("plan_category_create", args=[document.pk])
    client.post(url, {"name": "消费扶贫"})
    again = client.post(url, {"name": "消费扶贫"})
    assert again.status_code == 422
    assert len(errors_beside(again, "id_name")) == 1  # the constraint's message, not above
    assert document.categories.filter(name="消费扶贫").count() == 1


def test_the_document_page_lists_categories_with_items_status_and_offers_new_item(client_for):
    item = current_item()
    url = reverse("plan_document_detail", args=[item.document_id])
    html = client_for("viewer").get(url).content.decode()
    assert "2. 劳务协作" in html and item.title in html and "百色市扶贫开发办公室" in html
    assert 'data-status="not_started"' in html and "未开始" in html
    assert 'id="new-item"' not in html
    assert 'id="new-item"' in client_for("coordinator").get(url).content.decode()


# --- work items ----------------------------------------------------------------------------------


def item_form(document: Document, **fields) -> dict:
    return {
        "category": document.categories.get(number=1).pk,
        "title": "选派挂职干部",
        "description": "互派干部挂职",
        "lead": org(BAISE).pk,
        "supporting": [org(DEBAO).pk],
        "places": "4510, 451024",
        "starts_on": "2018-01-01",
        "due_on": "2018-06-30",
        **fields,
    }


def test_a_coordinator_adds_an_item_with_its_places_given_by_code(client_for):
    document = memorandum()
    response = client_for("coordinator").post(
        reverse("plan_item_create", args=[document.pk]), item_form(document)
    )
    assert response.status_code == 302
    item = WorkItem.objects.get(title="选派挂职干部")
    assert response["Location"] == reverse("plan_item_detail", args=[item.pk])
    assert [p.code for p in item.places.all()] == ["4510", "451024"]
    assert [o.name for o in item.supporting.all()] == ["德保县扶贫开发办公室"]


def test_an_unknown_place_code_is_named_beside_the_places(client_for, errors_beside):
    document = memorandum()
    response = client_for("coordinator").post(
        reverse("plan_item_create", args=[document.pk]),
        item_form(document, places="451024 999999"),
    )
    assert response.status_code == 422
    assert "999999" in errors_beside(response, "id_places")[0]
    assert not WorkItem.objects.filter(title="选派挂职干部").exists()


def test_an_item_due_before_its_start_is_refused_beside_the_due_date(client_for, errors_beside):
    document = memorandum()
    response = client_for("coordinator").post(
        reverse("plan_item_create", args=[document.pk]),
        item_form(document, due_on="2017-12-31"),
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["due_on"]
    assert errors_beside(response, "id_due_on") == ["完成时限早于开始日期。"]
    assert not WorkItem.objects.filter(title="选派挂职干部").exists()


def test_an_edited_item_due_before_its_start_is_refused_beside_the_due_date(
    client_for, errors_beside
):
    item = current_item()
    response = client_for("coordinator").post(
        reverse("plan_item_edit", args=[item.pk]),
        item_form(item.document, title="改了的任务", due_on="2017-12-31"),
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_due_on") == ["完成时限早于开始日期。"]
    item.refresh_from_db()
    assert item.title != "改了的任务"


def test_an_item_is_edited(client_for):
    item = current_item()
    response = client_for("coordinator").post(
        reverse("plan_item_edit", args=[item.pk]),
        item_form(item.document, places="451228", title="改了的任务"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "改了的任务"
    assert [p.code for p in item.places.all()] == ["451228"]


def test_the_edit_form_shows_the_places_as_codes(client_for):
    item = current_item()
    html = client_for("coordinator").get(reverse("plan_item_edit", args=[item.pk])).content.decode()
    assert 'value="451024"' in html


# --- the item's page -----------------------------------------------------------------------


def test_the_item_page_shows_status_reasons_rule_milestones_targets_and_updates(client_for):
    item = current_item(starts_on=TODAY - timedelta(days=60), due_on=TODAY + timedelta(days=10))
    services.milestone_create(item=item, title="召开动员会", due_on=TODAY - timedelta(days=5))
    services.target_create(
        item=item,
        figure=DataElement.objects.get(code="people_trained"),
        options="poverty=poor",
        place=Place.objects.get(code="451024"),
        period="2017",
        value=100,
    )
    author = client_for("clerk").user
    services.update_create(
        item=item, user=author, text="第一次进展", percent=10, reported_on=TODAY - timedelta(days=9)
    )
    services.update_create(item=item, user=author, text="第二次进展", percent=20, files=[png()])
    response = client_for("viewer").get(reverse("plan_item_detail", args=[item.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["assessment"].status == "at_risk"
    assert 'data-status="at_risk">有风险</span>' in html
    assert "召开动员会" in html  # the milestone, and the late milestone as a reason
    assert any("召开动员会" in r for r in response.context["assessment"].reasons)
    assert f"{int(TARGET_TOLERANCE * 100)} %" in html and f"{PROGRESS_LAG}" in html  # the rule
    (row,) = response.context["targets"]
    assert (row.actual, row.share) == (308, 1.0)  # the demo's 308 poor trained in Debao in 2017
    assert html.index("第二次进展") < html.index("第一次进展")  # newest first
    evidence = Evidence.objects.get(update__item=item)
    assert f'src="{reverse("plan_evidence", args=[evidence.uid])}"' in html  # a thumbnail
    assert 'id="update-form"' not in html  # a viewer may not post
    assert 'id="audit"' not in html


def test_the_item_page_offers_the_update_form_to_a_clerk_of_the_place(debao_clerk):
    html = debao_clerk.get(reverse("plan_item_detail", args=[current_item().pk])).content.decode()
    assert 'id="update-form"' in html and 'enctype="multipart/form-data"' in html
    assert 'id="milestone-form"' not in html  # milestones are the coordinator's


def test_the_audit_trail_is_shown_to_an_approver_in_scope(client_for):
    item = current_item()
    html = client_for("approver").get(reverse("plan_item_detail", args=[item.pk])).content.decode()
    assert 'id="audit"' in html


def test_a_debao_clerk_posts_an_update_with_files_on_a_debao_item(debao_clerk):
    item = current_item()
    response = debao_clerk.post(
        reverse("plan_update_post", args=[item.pk]),
        {
            "text": "完成培训 120 人",
            "percent": "100",
            "reported_on": TODAY.isoformat(),
            "files": [
                png(),
                SimpleUploadedFile("名单.pdf", b"%PDF", content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    update = item.updates.get()
    assert (update.author, update.percent) == (debao_clerk.user, 100)
    assert sorted(e.name for e in update.evidence.all()) == ["名单.pdf", "现场.png"]
    page = debao_clerk.get(response["Location"])
    assert page.context["assessment"].status == "done"
    assert "名单.pdf" in page.content.decode()


def test_a_debao_clerk_may_not_post_on_a_duan_item(debao_clerk):
    item = current_item("451228")
    response = debao_clerk.post(
        reverse("plan_update_post", args=[item.pk]), {"text": "进展", "reported_on": TODAY}
    )
    assert response.status_code == 403
    assert not item.updates.exists()
    html = debao_clerk.get(reverse("plan_item_detail", args=[item.pk])).content.decode()
    assert 'id="update-form"' not in html


def test_an_update_with_a_bad_file_and_percent_shows_the_errors_beside_the_fields(
    debao_clerk, errors_beside
):
    item = current_item()
    response = debao_clerk.post(
        reverse("plan_update_post", args=[item.pk]),
        {
            "text": "进展",
            "percent": "120",
            "reported_on": TODAY.isoformat(),
            "files": [SimpleUploadedFile("宏.exe", b"MZ")],
        },
    )
    assert response.status_code == 422
    form = response.context["update_form"]
    assert set(form.errors) == {"percent", "files"}
    assert "宏.exe" in form.errors["files"][0]
    assert errors_beside(response, "id_percent") == ["百分比必须在 0 到 100 之间。"]
    assert "宏.exe" in errors_beside(response, "id_files")[0]
    assert not item.updates.exists() and not Evidence.objects.exists()


def test_a_milestone_is_ticked_with_evidence_and_unticked_by_the_clerk(debao_clerk, media):
    item = current_item()
    milestone = services.milestone_create(item=item, title="签订协议", due_on=TODAY)
    response = debao_clerk.post(
        reverse("plan_milestone_tick", args=[milestone.pk]),
        {"done_on": TODAY.isoformat(), "note": "双方签字", "files": [png("协议.png")]},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == TODAY and milestone.done_by == debao_clerk.user
    assert [e.name for e in milestone.evidence.all()] == ["协议.png"]
    response = debao_clerk.post(reverse("plan_milestone_untick", args=[milestone.pk]))
    assert response.status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).done_on is None


def test_a_milestone_ticked_in_the_future_is_refused_beside_the_date(debao_clerk, errors_beside):
    milestone = services.milestone_create(item=current_item(), title="签订协议", due_on=TODAY)
    response = debao_clerk.post(
        reverse("plan_milestone_tick", args=[milestone.pk]),
        {"done_on": (TODAY + timedelta(days=2)).isoformat()},
    )
    assert response.status_code == 422
    assert "done_on" in response.context["milestones"][0][1].errors
    beside = errors_beside(response, f"id_m{milestone.pk}_done_on")
    assert beside == ["节点的完成日期不能晚于今天。"]
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_a_milestone_without_a_title_is_refused_beside_the_title(client_for, errors_beside):
    item = current_item()
    response = client_for("coordinator").post(
        reverse("plan_milestone_create", args=[item.pk]), {"title": "", "due_on": "2018-03-01"}
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_title") == ["此字段为必填项。"]
    assert not item.milestones.exists()


def test_a_coordinator_adds_a_milestone_and_targets_and_removes_one(client_for):
    item = current_item()
    client = client_for("coordinator")
    url = reverse("plan_item_detail", args=[item.pk])
    assert client.post(
        reverse("plan_milestone_create", args=[item.pk]),
        {"title": "开班", "due_on": "2018-03-01"},
    )["Location"].startswith(url)
    body = {"figure": "people_trained", "place": "451024", "period": "2018", "value": "500"}
    assert client.post(reverse("plan_target_create", args=[item.pk]), body).status_code == 302
    target = item.targets.get()
    assert client.post(reverse("plan_target_delete", args=[target.pk])).status_code == 302
    assert not item.targets.exists()
    assert item.milestones.get().title == "开班"


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"options": "poverty=rich"}, "options", "poverty=rich"),
        ({"figure": "no_such_code"}, "figure", "no_such_code"),
        ({"place": "999999"}, "place", "999999"),
        ({"period": "明年"}, "period", "明年"),
    ],
)
def test_a_bad_target_is_refused_beside_its_field(client_for, errors_beside, fields, field, text):
    item = current_item()
    body = {"figure": "people_trained", "place": "451024", "period": "2018", "value": "500"}
    response = client_for("coordinator").post(
        reverse("plan_target_create", args=[item.pk]), {**body, **fields}
    )
    assert response.status_code == 422
    errors = response.context["target_form"].errors
    assert list(errors) == [field] and text in errors[field][0]
    assert text in errors_beside(response, f"id_{field}")[0]
    assert not item.targets.exists()


# --- files -------------------------------------------------------------------------------------


def test_evidence_is_served_under_its_original_name_photos_inline(client_for, debao_clerk):
    update = services.update_create(
        item=current_item(),
        user=debao_clerk.user,
        text="进展",
        files=[png("现场照片.png"), SimpleUploadedFile("名单.xlsx", b"PK")],
    )
    photo, sheet = update.evidence.all()
    viewer = client_for("viewer")
    shown = viewer.get(reverse("plan_evidence", args=[photo.uid]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"].startswith("inline")
    assert b"".join(shown.streaming_content) == PNG
    sent = viewer.get(reverse("plan_evidence", args=[sheet.uid]))
    assert sent["Content-Disposition"].startswith("attachment")
    assert "%E5%90%8D%E5%8D%95.xlsx" in sent["Content-Disposition"]  # 名单.xlsx


def test_evidence_needs_a_signed_in_user(client, debao_clerk):
    update = services.update_create(
        item=current_item(), user=debao_clerk.user, text="进展", files=[png()]
    )
    url = reverse("plan_evidence", args=[update.evidence.get().uid])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


# --- queries -----------------------------------------------------------------------------------


def test_the_document_page_queries_do_not_grow_with_its_items(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("viewer")

    def queries(n: int) -> int:
        document = memorandum(title=f"备忘录{n}")
        for _ in range(n):
            item = current_item(doc=document)
            services.milestone_create(item=item, title="节点", due_on=TODAY)
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("plan_document_detail", args=[document.pk]))
        return len(captured.captured_queries)

    assert queries(2) == queries(8)


def test_a_coordinator_edits_only_the_documents_his_side_signs(client_for, errors_beside):
    """Baise's coordinator: not the provinces' agreement (Guangdong and Guangxi signed it),
    neither its items; nor may he record one that only they sign."""
    provinces = memorandum(parties=[org(GUANGDONG), org(GUANGXI)])
    item = work_item_in("451024", provinces)
    baise = client_for("coordinator", scope=["4510"])
    page = baise.get(reverse("plan_document_detail", args=[provinces.pk])).content.decode()
    assert reverse("plan_document_edit", args=[provinces.pk]) not in page
    assert baise.post(reverse("plan_document_edit", args=[provinces.pk]), {}).status_code == 403
    edit = reverse("plan_item_edit", args=[item.pk])
    assert baise.post(edit, {"title": "改"}).status_code == 403
    refused = baise.post(
        reverse("plan_document_create"),
        {
            "kind": "memorandum",
            "title": "两省备忘录",
            "parties": [org(GUANGDONG).pk, org(GUANGXI).pk],
            "starts_on": "2019-01-01",
            "ends_on": "2019-12-31",
        },
    )
    assert refused.status_code == 403
    assert errors_beside(refused, "id_parties") == [
        "请至少选择一个您辖区内的签署方：您只能编辑本方签署的文件。"
    ]
    assert not Document.objects.filter(title="两省备忘录").exists()
    # a document Baise's office signs is his
    own = memorandum(title="百色市备忘录（测试）", parties=[org(BAISE)])
    page = baise.get(reverse("plan_document_detail", args=[own.pk])).content.decode()
    assert reverse("plan_document_edit", args=[own.pk]) in page
