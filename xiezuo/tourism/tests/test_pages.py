"""The pages: the spots with their totals, a spot's page and its forms (422 with each
message beside its field), the county's month, the projects and routes."""

from __future__ import annotations

import pytest

from xiezuo.tourism.models import Discount, VisitorReport

from .factories import FROM, QUIET, figure, spot

pytestmark = pytest.mark.django_db


def test_the_spot_list_shows_the_demo_totals_for_2017(client_for):
    page = client_for("viewer", scope=["45"]).get("/tourism/?year=2017&discounted=1")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="total-spots">83<' in html
    assert "4929.12万" in html


def test_a_clerk_adds_a_discount_on_the_spots_page(client_for, recorder):
    scenic = spot(recorder, place="451024")
    clerk = client_for("clerk", scope=["451024"])
    answer = clerk.post(f"/tourism/spots/{scenic.uid}/discounts/",
                        {"audience": "helper_province", "kind": "half_price",
                         "valid_from": "2019-01-01"})  # fmt: skip
    assert answer.status_code == 302
    assert Discount.objects.filter(spot=scenic, kind="half_price").exists()
    assert figure("discount_scenic_spots", "451024", "2019") >= 1


def test_a_discount_in_the_wrong_order_is_refused_beside_its_field(
    client_for, recorder, errors_beside
):
    scenic = spot(recorder, place="451024")
    clerk = client_for("clerk", scope=["451024"])
    answer = clerk.post(f"/tourism/spots/{scenic.uid}/discounts/",
                        {"audience": "everyone", "kind": "free", "valid_from": "2019-05-01",
                         "valid_to": "2019-04-01"})  # fmt: skip
    assert answer.status_code == 422
    assert errors_beside(answer, "id_valid_to") == ["折扣的结束日期早于开始日期。"]
    assert not Discount.objects.filter(spot=scenic).exists()


def test_a_negative_count_is_refused_beside_its_field(client_for, recorder, errors_beside):
    scenic = spot(recorder, place="451024")
    clerk = client_for("clerk", scope=["451024"])
    answer = clerk.post(f"/tourism/spots/{scenic.uid}/visitors/",
                        {"period": "2019-05", "visitors": "-3",
                         "helper_visitors": "0"})  # fmt: skip
    assert answer.status_code == 422
    assert errors_beside(answer, "id_visitors")
    assert not VisitorReport.objects.filter(spot=scenic).exists()


def test_a_countys_month_is_entered_on_one_form_all_or_nothing(client_for, recorder):
    first = spot(recorder, name="甲景区")
    second = spot(recorder, name="乙景区")
    coordinator = client_for("coordinator", scope=["45"])
    refused = coordinator.post("/tourism/visitors/month/", {
        "place": QUIET, "period": "201906", f"visitors-{first.uid}": "500",
        f"helper-{first.uid}": "100", f"visitors-{second.uid}": "10",
        f"helper-{second.uid}": "11"})  # fmt: skip
    assert refused.status_code == 422
    assert not VisitorReport.objects.filter(spot__in=[first, second]).exists()
    done = coordinator.post("/tourism/visitors/month/", {
        "place": QUIET, "period": "201906", f"visitors-{first.uid}": "500",
        f"helper-{first.uid}": "100", f"visitors-{second.uid}": "20",
        f"helper-{second.uid}": "11"})  # fmt: skip
    assert done.status_code == 302
    assert figure("guangdong_visitors", QUIET, "2019") == 111


def test_the_month_form_shows_a_month_already_reported_without_inputs(client_for, recorder):
    from xiezuo.tourism import services

    scenic = spot(recorder)
    services.visitor_report_record(actor=recorder, spot=scenic, period="201906", visitors=70,
                                   helper_visitors=7)  # fmt: skip
    page = client_for("coordinator", scope=["45"]).get(
        f"/tourism/visitors/month/?place={QUIET}&period=2019-06"
    )
    html = page.content.decode()
    assert f'name="visitors-{scenic.uid}"' not in html
    assert "已填报" in html


@pytest.mark.parametrize("path", ["/tourism/projects/?year=2017", "/tourism/routes/",
                                  "/tourism/visitors/?period=2017-05"])  # fmt: skip
def test_the_lists_open_for_a_viewer(client_for, path):
    assert client_for("viewer", scope=["45"]).get(path).status_code == 200


def test_the_projects_of_2017_number_28(client_for):
    page = client_for("viewer", scope=["45"]).get("/tourism/projects/?year=2017")
    assert 'id="total-projects">28<' in page.content.decode()


def test_a_project_of_the_library_is_linked_from_the_list(client_for, recorder):
    from xiezuo.places.models import Place
    from xiezuo.projects.models import Project
    from xiezuo.tourism import services

    library = Project.objects.first()
    assert library is not None
    services.project_create(
        actor=recorder, name="链接项目", kind="promotion", place=Place.objects.get(code=QUIET),
        agreed_on=FROM, library_project=library,
    )  # fmt: skip
    page = client_for("viewer", scope=["45"]).get(f"/tourism/projects/?place={QUIET}")
    assert f'href="/projects/{library.pk}/"' in page.content.decode()


def test_a_places_page_shows_its_spots_and_visitors(client_for):
    page = client_for("viewer", scope=["45"]).get("/places/451024/")
    html = page.content.decode()
    assert 'id="tourism-panel"' in html
