"""The API: lists paged, records read, created and patched; refusals keyed by field."""

from __future__ import annotations

import pytest

from xiezuo.tourism.models import VisitorReport

from .factories import QUIET, figure, spot

pytestmark = pytest.mark.django_db


def _post(client, path, body):
    return client.post(f"/api/v1/tourism{path}", body, content_type="application/json")


def _patch(client, path, body):
    return client.patch(f"/api/v1/tourism{path}", body, content_type="application/json")


def test_a_clerk_records_a_spot_with_a_discount(api_for):
    clerk = api_for("clerk", scope=["451024"])
    made = _post(clerk, "/spots", {"name": "API景区", "place": "451024", "grade": "AAA"})
    assert made.status_code == 201, made.content
    uid = made.json()["uid"]
    body = {"audience": "helper_province", "kind": "free", "valid_from": "2019-01-01"}
    discount = _post(clerk, f"/spots/{uid}/discounts", body)
    assert discount.status_code == 201, discount.content
    read = clerk.get(f"/api/v1/tourism/spots/{uid}").json()
    assert [d["kind"] for d in read["discounts"]] == ["free"]


def test_the_spot_list_is_paged_and_filtered_by_place(api_for):
    answer = api_for("viewer", scope=["45"]).get("/api/v1/tourism/spots?place=4510&limit=5")
    assert answer.status_code == 200
    body = answer.json()
    assert len(body["items"]) == 5
    assert body["count"] > 5
    assert all(item["place"].startswith("4510") for item in body["items"])


def test_a_discount_ending_before_it_begins_is_refused_by_field(api_for, recorder):
    scenic = spot(recorder, place="451024")
    clerk = api_for("clerk", scope=["451024"])
    answer = _post(clerk, f"/spots/{scenic.uid}/discounts",
                   {"audience": "everyone", "kind": "half_price", "valid_from": "2019-05-01",
                    "valid_to": "2019-04-30"})  # fmt: skip
    assert answer.status_code == 422
    assert "valid_to" in str(answer.json())


def test_a_visitor_report_posted_moves_the_figure_and_a_patch_corrects_it(api_for, recorder):
    scenic = spot(recorder)
    admin = api_for("administrator", scope=["45"])
    made = _post(admin, "/visitor-reports", {"spot": scenic.uid, "period": "2019-05",
                                             "visitors": 1000, "helper_visitors": 300})  # fmt: skip
    assert made.status_code == 201, made.content
    assert figure("guangdong_visitors", QUIET, "2019") == 300
    patched = _patch(admin, f"/visitor-reports/{made.json()['id']}", {"helper_visitors": 350})
    assert patched.status_code == 200 and patched.json()["helper_visitors"] == 350
    assert figure("guangdong_visitors", QUIET, "2019") == 350


def test_a_second_report_of_the_month_is_refused_naming_the_first(api_for, recorder):
    scenic = spot(recorder)
    admin = api_for("administrator", scope=["45"])
    body = {"spot": scenic.uid, "period": "201905", "visitors": 1000, "helper_visitors": 300}
    assert _post(admin, "/visitor-reports", body).status_code == 201
    again = _post(admin, "/visitor-reports", body)
    assert again.status_code == 422
    assert "已填报" in str(again.json())
    assert VisitorReport.objects.filter(spot=scenic).count() == 1


def test_more_helper_visitors_than_all_is_refused(api_for, recorder):
    scenic = spot(recorder)
    answer = _post(api_for("administrator", scope=["45"]), "/visitor-reports",
                   {"spot": scenic.uid, "period": "201905", "visitors": 10,
                    "helper_visitors": 11})  # fmt: skip
    assert answer.status_code == 422
    assert "helper_visitors" in str(answer.json())


def test_a_spot_on_the_helper_side_is_refused(api_for):
    answer = _post(api_for("administrator", scope=["44", "45"]), "/spots",
                   {"name": "深圳景区", "place": "440305"})  # fmt: skip
    assert answer.status_code == 422
    assert "place" in str(answer.json())


def test_a_project_links_to_the_project_library(api_for):
    from xiezuo.projects.models import Project

    library = Project.objects.first()
    assert library is not None
    answer = _post(api_for("administrator", scope=["45"]), "/projects",
                   {"name": "API旅游项目", "kind": "brand", "place": "451024",
                    "agreed_on": "2019-03-01", "library_project": library.uid})  # fmt: skip
    assert answer.status_code == 201, answer.content
    assert answer.json()["library_project"] == library.uid


def test_a_route_lists_the_places_it_passes(api_for):
    clerk = api_for("clerk", scope=["4510"])
    made = _post(clerk, "/routes", {"name": "百色红色之旅", "places": ["451024", "451081"],
                                    "since": "2019-03-01"})  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["places"] == ["451024", "451081"]
