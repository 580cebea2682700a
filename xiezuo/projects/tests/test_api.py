"""/api/v1/projects: shapes, filters, writes and their refusals in the one error shape."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.projects.models import Project

from .factories import DEBAO_OFFICE, SHENZHEN_OFFICE, org, project

pytestmark = pytest.mark.django_db

BODY = {
    "name": "德保县易地扶贫搬迁安置点配套",
    "kind": "relocation",
    "locations": ["451024"],
    "planned_start_on": "2018-04-01",
    "planned_end_on": "2019-06-30",
    "households_expected": 300,
    "people_expected": 1200,
    "benefit_mechanism": "安置点配套产业，搬迁户就近就业",
}


def post(client, path, body=None):
    return client.post(path, body or {}, content_type="application/json")


def patch(client, path, body):
    return client.patch(path, body, content_type="application/json")


def test_a_project_reads_in_full(debao_clerk):
    made = project()
    body = debao_clerk.get(f"/api/v1/projects/{made.pk}").json()
    assert body["uid"] == made.uid
    assert body["kind"] == "industry" and body["kind_name"] == "产业协作"
    assert body["status"] == "proposed" and body["status_name"] == "已提出"
    assert body["locations"] == [{"code": "451024", "name": "德保县"}]
    assert body["implementing_organisation"] == {"id": org(DEBAO_OFFICE).pk, "name": DEBAO_OFFICE}
    assert body["budget"] == [
        {"source": "helper_fiscal", "source_name": "东西部协作财政帮扶资金", "amount": "3000000"}
    ]
    assert body["budget_total"] == "3000000"
    assert body["beneficiaries"] == {
        "households_expected": 120,
        "people_expected": 480,
        "households_reached": None,
        "people_reached": None,
    }
    assert body["steps"] == [{"status": "proposed", "on": "2018-01-10", "by": None, "note": ""}]
    assert body["missing_for_publishing"] == []
    assert body["published_at"] is None
    assert body["targets"] == []


def test_the_list_is_paged_and_filtered(debao_clerk):
    project("德保项目")
    project("都安项目", locations=("451228",), budget=(("credit", "800000"),))
    body = debao_clerk.get("/api/v1/projects?source=credit").json()
    assert body["count"] == 1 and [p["name"] for p in body["items"]] == ["都安项目"]
    body = debao_clerk.get("/api/v1/projects?place=451024&year=2018&limit=1").json()
    assert body["count"] == 1 and body["items"][0]["name"] == "德保项目"


def test_a_bad_year_is_named(debao_clerk):
    response = debao_clerk.get("/api/v1/projects?year=二〇一八")
    assert response.status_code == 422
    assert response.json()["errors"] == {"year": ["“二〇一八”不是年份（应为 YYYY）。"]}


def test_a_clerk_creates_a_project_with_its_budget(api_for):
    client = api_for("clerk", scope=["451024"])
    body = {
        **BODY,
        "partners": [org(SHENZHEN_OFFICE).pk],
        "implementing_organisation": org(DEBAO_OFFICE).pk,
        "budget_lines": [
            {"source": "helper_fiscal", "amount": "5000000"},
            {"source": "helped_fiscal", "amount": 1200000.5},
        ],
    }
    response = post(client, "/api/v1/projects", body)
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["budget_total"] == "6200000.5"
    assert made["missing_for_publishing"] == []
    assert made["steps"][0]["by"] == client.user.username


def test_a_bad_amount_is_refused_by_its_line_and_nothing_is_written(api_for):
    client = api_for("clerk", scope=["451024"])
    body = {**BODY, "budget_lines": [{"source": "social", "amount": "10.001"}]}
    response = post(client, "/api/v1/projects", body)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "部分字段填写有误。",
        "errors": {"budget_lines.0.amount": ["“10.001”：以元计的金额最多两位小数。"]},
    }
    assert not Project.objects.filter(name=BODY["name"]).exists()


def test_unknown_places_and_organisations_are_refused_by_field(api_for):
    client = api_for("clerk", scope=["451024"])
    body = {**BODY, "locations": ["451024", "000000"], "implementing_organisation": 999999}
    response = post(client, "/api/v1/projects", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "locations": ["没有区划代码为“000000”的行政区划"],
        "implementing_organisation": ["没有 ID 为 999999 的单位"],
    }


def test_a_clerk_may_not_create_a_project_outside_his_scope(api_for):
    client = api_for("clerk", scope=["451024"])
    response = post(client, "/api/v1/projects", {**BODY, "locations": ["451228"]})
    assert response.status_code == 403
    assert response.json() == {"detail": "您只能管理位于您权限范围内地点的项目。"}


def test_a_patch_changes_only_what_it_names(api_for):
    client = api_for("clerk", scope=["451024"])
    made = project()
    response = patch(client, f"/api/v1/projects/{made.pk}", {"people_reached": 350})
    assert response.status_code == 200
    assert response.json()["beneficiaries"]["people_reached"] == 350
    assert response.json()["name"] == made.name


def test_a_step_through_the_api(api_for):
    client = api_for("clerk", scope=["451024"])
    made = project()
    response = post(client, f"/api/v1/projects/{made.pk}/steps",
                    {"status": "approved", "on": "2018-02-01"})  # fmt: skip
    assert response.json()["status"] == "approved"
    response = post(client, f"/api/v1/projects/{made.pk}/steps", {"status": "accepted"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"status": ["项目从“已批准”只能转为：实施中、已取消。"]}


def test_publishing_names_what_is_missing(api_for):
    client = api_for("coordinator", scope=["45"])
    made = project(planned_end_on=None, households_expected=None, people_expected=None)
    response = post(client, f"/api/v1/projects/{made.pk}/publish")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "published_at": ["发布前请填写：计划起止日期、预期受益人数。"]
    }
    made.planned_end_on, made.people_expected = date(2018, 12, 31), 10
    made.save()
    response = post(client, f"/api/v1/projects/{made.pk}/publish")
    assert response.status_code == 200 and response.json()["published_at"]


def test_a_clerk_may_not_publish(api_for):
    response = post(api_for("clerk", scope=["451024"]), f"/api/v1/projects/{project().pk}/publish")
    assert response.status_code == 403
    assert response.json() == {"detail": "只有协调员可以发布项目。"}


def test_an_unknown_project_is_404(debao_clerk):
    response = debao_clerk.get("/api/v1/projects/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "没有此编号的项目。"}


def test_iati_xml_is_not_taken_for_a_project_id(debao_clerk):
    response = debao_clerk.get("/api/v1/projects/iati.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert b"<iati-activities" in response.content


def test_a_project_without_a_location_is_refused_by_field(api_for):
    body = {key: value for key, value in BODY.items() if key != "locations"}
    response = post(api_for("clerk", scope=["451024"]), "/api/v1/projects", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"locations": ["请至少填写一个项目地点。"]}


def test_the_list_asks_the_same_number_of_queries_for_more_projects(
    debao_clerk, django_assert_max_num_queries
):
    parent = project("母项目", budget=())
    for number in range(3):
        project(f"子项目{number}", parent=parent)
    with django_assert_max_num_queries(16) as few:
        debao_clerk.get("/api/v1/projects")
    for number in range(6):
        project(f"又一个项目{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert debao_clerk.get("/api/v1/projects").json()["count"] == 10


def test_an_amount_sent_as_a_json_number_is_kept_exactly(api_for):
    client = api_for("clerk", scope=["451024"])
    body = {**BODY, "budget_lines": [{"source": "social", "amount": 9999999999999.99}]}
    response = client.post("/api/v1/projects", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["budget_total"] == "9999999999999.99"


def test_an_amount_that_is_not_a_number_is_named_in_words(api_for):
    client = api_for("clerk", scope=["451024"])
    body = {**BODY, "budget_lines": [{"source": "social", "amount": "十万"}]}
    response = client.post("/api/v1/projects", body, content_type="application/json")
    assert response.json()["errors"] == {"budget_lines.0.amount": ["“十万”不是以元计的金额。"]}
