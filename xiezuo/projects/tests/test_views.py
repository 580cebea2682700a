"""The project pages: the list and its filters, the form, the project's page and its forms.
A refused form answers 422 with each message beside its field."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages

from xiezuo.projects.models import Project

from .factories import DEBAO_OFFICE, SHENZHEN_OFFICE, org, project

pytestmark = pytest.mark.django_db

FORM = {
    "name": "德保县芒果产业园",
    "kind": "industry",
    "locations": "451024 451024105",
    "planned_start_on": "2018-03-01",
    "planned_end_on": "2018-12-31",
    "benefit_mechanism": "土地流转、务工就业",
}


def test_the_navigation_leads_to_the_project_library(debao_clerk):
    response = debao_clerk.get("/")
    assert 'href="/projects/"' in response.content.decode()


def test_a_clerk_creates_a_project_in_his_county(debao_clerk):
    form = {**FORM, "implementing_organisation": org(DEBAO_OFFICE).pk,
            "partners": [org(SHENZHEN_OFFICE).pk]}  # fmt: skip
    response = debao_clerk.post("/projects/new/", form)
    made = Project.objects.get(name="德保县芒果产业园")
    assert response.status_code == 302 and response["Location"] == f"/projects/{made.pk}/"
    assert [p.code for p in made.locations.order_by("code")] == ["451024", "451024105"]
    assert made.steps.get().by == debao_clerk.user


def test_an_unknown_location_is_refused_beside_the_locations(debao_clerk, errors_beside):
    response = debao_clerk.post("/projects/new/", {**FORM, "locations": "451024 999999"})
    assert response.status_code == 422
    assert errors_beside(response, "id_locations") == ["没有区划代码为 999999 的地区。"]


def test_an_end_before_the_start_is_refused_beside_the_end(debao_clerk, errors_beside):
    response = debao_clerk.post("/projects/new/", {**FORM, "planned_end_on": "2018-01-01"})
    assert response.status_code == 422
    assert errors_beside(response, "id_planned_end_on") == ["结束日期早于开始日期。"]
    assert not Project.objects.filter(name=FORM["name"]).exists()


def test_a_clerk_may_not_create_a_project_outside_his_county(debao_clerk):
    response = debao_clerk.post("/projects/new/", {**FORM, "locations": "451228"})
    assert response.status_code == 403


def test_the_project_page_shows_the_budget_in_wan_and_what_publishing_lacks(debao_clerk):
    made = project(
        benefit_mechanism="", budget=(("helper_fiscal", "3000000"), ("social", "450000"))
    )
    page = debao_clerk.get(f"/projects/{made.pk}/").content.decode()
    assert '<th class="num" id="budget-total">345万</th>' in page
    assert '<td>东西部协作财政帮扶资金</td><td class="num">300万</td>' in page
    assert '<ul id="publish-missing"><li>带贫机制</li></ul>' in page


def test_a_bad_amount_is_refused_beside_the_amount(debao_clerk, errors_beside):
    made = project()
    response = debao_clerk.post(
        f"/projects/{made.pk}/budget/", {"source": "social", "amount": "12.345"}
    )
    assert response.status_code == 422
    assert errors_beside(response, "budget_amount") == ["“12.345”：以元计的金额最多两位小数。"]
    assert made.budget_lines.count() == 1


def test_a_budget_line_is_added(debao_clerk):
    made = project()
    debao_clerk.post(f"/projects/{made.pk}/budget/", {"source": "social", "amount": "50,000.5"})
    assert [(b.source, str(b.amount)) for b in made.budget_lines.order_by("id")] == [
        ("helper_fiscal", "3000000.00"),
        ("social", "50000.50"),
    ]


def test_a_step_off_the_path_is_refused_beside_the_status(debao_clerk, errors_beside):
    made = project()
    response = debao_clerk.post(
        f"/projects/{made.pk}/step/", {"status": "completed", "on": "2018-02-01"}
    )
    assert response.status_code == 422
    assert errors_beside(response, "step_status")[0].startswith("选择一个有效的选项")


def test_a_step_before_the_previous_is_refused_beside_the_date(debao_clerk, errors_beside):
    made = project()
    response = debao_clerk.post(
        f"/projects/{made.pk}/step/", {"status": "approved", "on": "2017-12-31"}
    )
    assert response.status_code == 422
    assert errors_beside(response, "step_on") == ["日期早于上一步（“已提出”，2018-01-10）。"]


def test_a_step_is_recorded_in_the_history(debao_clerk):
    made = project()
    debao_clerk.post(f"/projects/{made.pk}/step/", {"status": "approved", "on": "2018-02-01"})
    page = debao_clerk.get(f"/projects/{made.pk}/").content.decode()
    assert '<span class="tag approved" id="project-status">已批准</span>' in page
    assert "<td>2018-02-01</td><td>已批准</td>" in page


def test_publishing_an_incomplete_project_is_refused_above_the_button(
    coordinator_client, errors_above
):
    made = project(partners=())
    response = coordinator_client.post(f"/projects/{made.pk}/publish/")
    assert response.status_code == 422
    assert errors_above(response) == ["发布前请填写：帮扶方合作单位。"]


def test_a_coordinator_publishes_and_withdraws(coordinator_client):
    made = project()
    coordinator_client.post(f"/projects/{made.pk}/publish/")
    made.refresh_from_db()
    assert made.published_at is not None
    response = coordinator_client.post(f"/projects/{made.pk}/unpublish/", follow=True)
    made.refresh_from_db()
    assert made.published_at is None
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == "项目已撤回发布。"


def test_the_list_filters_by_place_and_year(debao_clerk):
    project("德保项目")
    project("都安项目", locations=("451228",), planned_start_on=date(2019, 1, 1),
            planned_end_on=date(2019, 12, 31))  # fmt: skip
    page = debao_clerk.get("/projects/?place=4510&year=2018").content.decode()
    assert "德保项目" in page and "都安项目" not in page


def test_a_year_that_is_not_one_is_named_and_the_list_shown_whole(debao_clerk):
    project("德保项目")
    response = debao_clerk.get("/projects/?year=18")
    assert response.status_code == 200
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["“18”不是年份（应为 YYYY）。"]
    assert "德保项目" in response.content.decode()


def test_a_photo_is_stored_and_served_to_a_reader(debao_clerk, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    made = project()
    photo = SimpleUploadedFile("车间.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    debao_clerk.post(f"/projects/{made.pk}/files/", {"file": photo})
    stored = made.files.get()
    assert stored.name == "车间.png" and stored.is_image
    response = client_for("viewer").get(f"/projects/files/{stored.uid}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\n"


def test_a_file_of_a_kind_not_accepted_is_refused_beside_the_file(debao_clerk, errors_beside):
    from django.core.files.uploadedfile import SimpleUploadedFile

    made = project()
    script = SimpleUploadedFile("run.exe", b"MZ")
    response = debao_clerk.post(f"/projects/{made.pk}/files/", {"file": script})
    assert response.status_code == 422
    assert errors_beside(response, "upload_file") == [
        "“run.exe”：不接受此类文件（可上传照片、PDF、Office 文件）。"
    ]


def test_a_target_is_added_and_shown(debao_clerk):
    made = project()
    form = {"figure": "people_trained", "options": "poverty=poor", "place": "451024",
            "period": "2018", "value": "300"}  # fmt: skip
    debao_clerk.post(f"/projects/{made.pk}/targets/", form)
    page = debao_clerk.get(f"/projects/{made.pk}/").content.decode()
    assert made.targets.get().value == 300
    assert "<td>451024</td>" not in page and "<td>德保县</td><td>2018</td>" in page


def test_an_unknown_figure_is_refused_beside_the_figure(debao_clerk, errors_beside):
    made = project()
    form = {"figure": "nothing", "place": "451024", "period": "2018", "value": "300"}
    response = debao_clerk.post(f"/projects/{made.pk}/targets/", form)
    assert response.status_code == 422
    assert errors_beside(response, "target_figure") == ["没有代码为“nothing”的数据元或指标。"]


def test_a_project_without_a_location_is_refused_beside_the_locations(debao_clerk, errors_beside):
    response = debao_clerk.post("/projects/new/", {**FORM, "locations": ""})
    assert response.status_code == 422
    assert errors_beside(response, "id_locations") == ["此字段为必填项。"]


def test_the_list_page_asks_the_same_number_of_queries_for_more_projects(
    debao_clerk, django_assert_max_num_queries
):
    project("一个项目")
    with django_assert_max_num_queries(30) as few:
        debao_clerk.get("/projects/")
    for number in range(5):
        project(f"又一个项目{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        debao_clerk.get("/projects/")


def test_publishing_and_withdrawing_are_kept_with_who_did_them(coordinator_client):
    from auditlog.models import LogEntry

    made = project()
    coordinator_client.post(f"/projects/{made.pk}/publish/")
    coordinator_client.post(f"/projects/{made.pk}/unpublish/")
    changes = [
        (entry.actor, entry.changes_dict["published_at"][1] == "None")
        for entry in LogEntry.objects.get_for_object(made).order_by("timestamp", "pk")
        if "published_at" in entry.changes_dict and entry.actor is not None
    ]
    assert changes == [(coordinator_client.user, False), (coordinator_client.user, True)]


def test_a_county_page_shows_the_projects_located_in_its_area(debao_clerk):
    from xiezuo.places.models import Place

    project("德保县村级项目", locations=("451024105",))
    project("都安项目", locations=("451228",))
    page = debao_clerk.get(Place.objects.get(code="451024").get_absolute_url()).content.decode()
    panel = page[page.index('id="projects-panel"') :]
    assert "德保县村级项目" in panel and "都安项目" not in panel
    assert '<td class="num budget">300万</td>' in panel


def test_an_organisation_page_shows_the_projects_it_takes_part_in(debao_clerk):
    project("深圳帮扶的项目")
    project("无深圳参与的项目", partners=())
    page = debao_clerk.get(org(SHENZHEN_OFFICE).get_absolute_url()).content.decode()
    panel = page[page.index('id="projects-panel"') :]
    assert "深圳帮扶的项目" in panel and "无深圳参与的项目" not in panel


def test_the_change_history_shows_the_budget_lines_added(client_for, debao_clerk):
    made = project()
    debao_clerk.post(f"/projects/{made.pk}/budget/", {"source": "social", "amount": "80000"})
    approver = client_for("approver", scope=["4510"])
    history = approver.get(f"/projects/{made.pk}/").content.decode()
    history = history[history.index('id="audit"') :]
    assert "社会帮扶资金及捐赠 80000.00" in history


def test_the_projects_panel_asks_the_same_number_of_queries_for_more_projects(
    debao_clerk, django_assert_max_num_queries
):
    parent = project("母项目", budget=())
    project("子项目", parent=parent)
    with django_assert_max_num_queries(40) as few:
        debao_clerk.get("/places/451024/")
    for number in range(4):
        project(f"又一个子项目{number}", parent=parent)
    with django_assert_max_num_queries(len(few.captured_queries)):
        debao_clerk.get("/places/451024/")
