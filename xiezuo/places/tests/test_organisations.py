import pytest

from xiezuo.places.models import Organisation
from xiezuo.plans.models import Document

from .factories import organisation

pytestmark = pytest.mark.django_db


def test_a_clerk_creates_edits_and_an_approver_cannot_delete(client_for):
    clerk = client_for("clerk", scope=["451024"])
    created = clerk.post(
        "/api/v1/organisations",
        {"name": "德保县脐橙合作社", "kind": "cooperative", "place": "451024101", "side": "helped"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["place"] == "451024101" and body["place_name"] == "足荣镇"
    patched = clerk.patch(
        f"/api/v1/organisations/{body['id']}",
        {"note": "带动贫困户 120 户"},
        content_type="application/json",
    )
    assert patched.json()["note"] == "带动贫困户 120 户"
    assert (
        client_for("approver", scope=["451024"])
        .delete(f"/api/v1/organisations/{body['id']}")
        .status_code
        == 403
    )
    assert (
        client_for("coordinator", scope=["451024"])
        .delete(f"/api/v1/organisations/{body['id']}")
        .status_code
        == 204
    )
    assert not Organisation.objects.filter(pk=body["id"]).exists()


def test_a_duplicate_name_in_the_same_place_is_refused(client_for):
    clerk = client_for("clerk", scope=["4510"])
    body = {
        "name": "德保县扶贫开发办公室",
        "kind": "government",
        "place": "451024",
        "side": "helped",
    }
    response = clerk.post("/api/v1/organisations", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"name": ["德保县已有同名单位"]}


def test_an_unknown_place_and_an_unknown_kind_are_named(client_for):
    clerk = client_for("clerk", scope=["4510"])
    response = clerk.post(
        "/api/v1/organisations",
        {"name": "某单位", "kind": "bank", "place": "451024", "side": "helped"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"kind": ["请选择允许的值之一。"]}
    response = clerk.post(
        "/api/v1/organisations",
        {"name": "某单位", "kind": "other", "place": "999999", "side": "helped"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"place": ["没有区划代码为“999999”的行政区划"]}


def test_an_organisation_with_pairings_cannot_be_deleted(client_for):
    hospital = Organisation.objects.filter(kind="hospital", helped_pairings__isnull=False).first()
    response = client_for("administrator").delete(f"/api/v1/organisations/{hospital.pk}")
    assert response.status_code == 422
    assert "该单位仍被引用（结对 1）" in response.json()["errors"]["organisation"][0]
    assert Organisation.objects.filter(pk=hospital.pk).exists()


def test_an_organisation_named_only_in_a_plan_or_a_scope_is_kept(client_for, make_user):
    party = organisation("某基金会")
    Document.objects.first().parties.add(party)
    watched = organisation("某商会")
    make_user("viewer", scope_organisations=[watched])
    admin = client_for("administrator")
    for kept, referred_by in ((party, "计划文件 1"), (watched, "用户 1")):
        response = admin.delete(f"/api/v1/organisations/{kept.pk}")
        assert response.status_code == 422, response.content
        assert response.json()["errors"] == {
            "organisation": [f"该单位仍被引用（{referred_by}），请先结束或修改这些记录。"]
        }
        assert Organisation.objects.filter(pk=kept.pk).exists()
    assert Document.objects.filter(parties=party).exists()


def test_an_organisation_nothing_refers_to_is_deleted(client_for):
    alone = organisation("某公司")
    assert (
        client_for("administrator").delete(f"/api/v1/organisations/{alone.pk}").status_code == 204
    )
    assert not Organisation.objects.filter(pk=alone.pk).exists()


def test_the_list_filters_by_kind_side_and_place(client_for):
    client = client_for("viewer")
    body = client.get("/api/v1/organisations?kind=hospital&side=helped&place=4510").json()
    assert body["count"] == len(body["items"]) == 7  # the demo's hospitals helped in Baise
    assert all(o["kind"] == "hospital" and o["place"].startswith("4510") for o in body["items"])


def test_the_form_creates_an_organisation_in_a_place(client_for):
    clerk = client_for("clerk", scope=["451024"])
    response = clerk.post(
        "/organisations/new/",
        {"name": "德保县职业技术学校", "kind": "school", "place": "451024", "side": "helped"},
    )
    assert response.status_code == 302
    school = Organisation.objects.get(name="德保县职业技术学校")
    page = clerk.get("/places/451024/").content.decode()
    assert school.name in page


def _create_in_debao(client_for, **fields):
    """A Debao clerk submits the new-organisation form."""
    body = {"name": "某单位", "kind": "school", "place": "451024", "side": "helped", **fields}
    return client_for("clerk", scope=["451024"]).post("/organisations/new/", body)


def test_the_form_names_a_bad_place_code_beside_the_place(client_for, errors_beside):
    response = _create_in_debao(client_for, place="12345")
    assert response.status_code == 422
    assert errors_beside(response, "id_place") == ["没有区划代码为“12345”的行政区划。"]
    assert not Organisation.objects.filter(name="某单位").exists()


def test_the_form_refuses_a_name_taken_in_the_place_beside_the_name(client_for, errors_beside):
    response = _create_in_debao(client_for, name="德保县扶贫开发办公室")
    assert response.status_code == 422
    assert errors_beside(response, "id_name") == ["德保县已有同名单位"]
    assert Organisation.objects.filter(name="德保县扶贫开发办公室").count() == 1


def test_the_edit_form_refuses_a_name_taken_in_the_place_beside_the_name(client_for, errors_beside):
    school = organisation("某学校")
    response = client_for("administrator").post(
        f"/organisations/{school.pk}/edit/",
        {
            "name": "深圳市腾讯计算机系统有限公司",
            "kind": "enterprise",
            "place": "440305",
            "side": "helper",
        },
    )
    assert response.status_code == 422
    assert errors_beside(response, "id_name") == ["南山区已有同名单位"]
    school.refresh_from_db()
    assert school.name == "某学校"


def test_the_page_refuses_to_delete_an_organisation_with_pairings_above_the_button(
    client_for, errors_above
):
    hospital = Organisation.objects.filter(kind="hospital", helped_pairings__isnull=False).first()
    response = client_for("administrator").post(f"/organisations/{hospital.pk}/delete/")
    assert response.status_code == 422
    [message] = errors_above(response)
    assert "该单位仍被引用（结对 1）" in message
    assert Organisation.objects.filter(pk=hospital.pk).exists()


def test_the_page_deletes_an_organisation_nothing_refers_to(client_for):
    alone = organisation("某公司")
    response = client_for("administrator").post(f"/organisations/{alone.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/organisations/"
    assert not Organisation.objects.filter(pk=alone.pk).exists()
