"""The method editor's pages: the tree with its sums, editing, copying, refusals."""

from __future__ import annotations

import pytest

from xiezuo.reports.assessment import methods
from xiezuo.reports.assessment.models import Assessment, Criterion, Grade, Method, Status

pytestmark = pytest.mark.django_db
BASE = "/assessments/methods/"


def _copy(code: str = "gx-2019") -> Method:
    original = Method.objects.get(code="east-west-2017")
    return methods.method_copy(method=original, code=code, year_from=2019, name_zh="广西办法")


def _criterion(method: Method, code: str) -> Criterion:
    return Criterion.objects.get(item__area__method=method, code=code)


def test_the_list_shows_both_shipped_methods(client_for):
    page = client_for("viewer").get(BASE).content.decode()
    assert 'id="method-east-west-2017"' in page and 'id="method-east-west-2021"' in page


def test_a_methods_page_shows_its_tree_with_the_sums_grades_and_groups(client_for):
    page = client_for("viewer").get(f"{BASE}east-west-2021/").content.decode()
    assert "基础工作" in page and "加强消费帮扶" in page
    assert 'id="weights-total">100<' in page
    assert 'id="grade-good"' in page and "较差" in page
    assert "国家乡村振兴重点帮扶县" in page and "德保县" in page
    assert 'id="edit-weights"' not in page  # a viewer only reads


def test_a_methods_page_takes_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("viewer")
    with django_assert_max_num_queries(25):
        assert client.get(f"{BASE}east-west-2021/").status_code == 200


def test_a_coordinator_copies_a_method(client_for):
    client = client_for("coordinator")
    answer = client.post(f"{BASE}east-west-2017/copy/", {"code": "gx-2019", "year_from": "2019",
                                                         "name_zh": "广西2019年办法"})  # fmt: skip
    assert answer.status_code == 302 and answer["Location"] == f"{BASE}gx-2019/"
    copy = Method.objects.get(code="gx-2019")
    assert Criterion.objects.filter(item__area__method=copy).count() == 20


def test_a_copy_to_a_code_in_use_is_refused(client_for, errors_beside):
    answer = client_for("coordinator").post(f"{BASE}east-west-2017/copy/", {
        "code": "east-west-2021", "year_from": "2019", "name_zh": "重复"})  # fmt: skip
    assert answer.status_code == 422
    assert errors_beside(answer, "id_code") == ["已有其他办法使用代码“east-west-2021”。"]


def test_weights_that_no_longer_add_up_are_refused_with_the_sum(client_for, errors_above):
    method = _copy()
    weights = {
        f"w{c.pk}": str(c.weight) for c in Criterion.objects.filter(item__area__method=method)
    }
    first = _criterion(method, "joint_meetings")
    weights[f"w{first.pk}"] = "8"
    answer = client_for("coordinator").post(f"{BASE}gx-2019/weights/", weights)
    assert answer.status_code == 422
    assert errors_above(answer) == ["权重合计为103，不等于满分100。"]
    first.refresh_from_db()
    assert first.weight == 5


def test_weights_moved_between_criteria_are_saved(client_for):
    method = _copy()
    weights = {
        f"w{c.pk}": str(c.weight) for c in Criterion.objects.filter(item__area__method=method)
    }
    meetings, visits = _criterion(method, "joint_meetings"), _criterion(method, "leader_visits")
    weights[f"w{meetings.pk}"], weights[f"w{visits.pk}"] = "7", "3"
    answer = client_for("coordinator").post(f"{BASE}gx-2019/weights/", weights)
    assert answer.status_code == 302
    meetings.refresh_from_db()
    assert meetings.weight == 7


def test_a_criterion_with_an_unknown_data_item_is_refused_beside_the_field(
    client_for, errors_beside
):
    method = _copy()
    criterion = _criterion(method, "joint_meetings")
    answer = client_for("coordinator").post(
        f"{BASE}gx-2019/criterion/{criterion.pk}/edit/",
        {"code": "joint_meetings", "label_zh": "召开联席会议", "weight": "5", "rule": "ratio",
         "data": "joint_meeting", "target_value": "2", "cap": "1"},
    )  # fmt: skip
    assert answer.status_code == 422
    assert errors_beside(answer, "id_data") == ["“joint_meeting”不是指标目录中的数据元或指标。"]


def test_a_criterion_is_changed_to_levels_reached(client_for):
    method = _copy()
    criterion = _criterion(method, "joint_meetings")
    answer = client_for("coordinator").post(
        f"{BASE}gx-2019/criterion/{criterion.pk}/edit/",
        {"code": "joint_meetings", "label_zh": "召开联席会议", "weight": "5",
         "rule": "thresholds", "data": "joint_meetings", "thresholds": "3:1; 2:0.6; 1:0.3"},
    )  # fmt: skip
    assert answer.status_code == 302
    criterion.refresh_from_db()
    assert criterion.rule == "thresholds" and criterion.thresholds == [[3, 1], [2, 0.6], [1, 0.3]]


def test_levels_that_go_up_are_refused(client_for, errors_beside):
    method = _copy()
    criterion = _criterion(method, "leader_visits")
    answer = client_for("coordinator").post(
        f"{BASE}gx-2019/criterion/{criterion.pk}/edit/",
        {"code": "leader_visits", "label_zh": "党政领导互访", "weight": "5",
         "rule": "thresholds", "data": "leader_visits", "thresholds": "1:0.3; 4:1"},
    )  # fmt: skip
    assert answer.status_code == 422
    assert errors_beside(answer, "id_thresholds")


def test_a_new_criterion_with_weight_zero_is_added_to_its_item(client_for):
    method = _copy()
    item = method.areas.get(code="leadership").items.get(code="planning")
    answer = client_for("coordinator").post(
        f"{BASE}gx-2019/criterion/new/?in={item.pk}",
        {"code": "ledger_kept", "label_zh": "建立工作台账", "weight": "0", "rule": "yes_no",
         "evidence_required": "on", "position": "1"},
    )  # fmt: skip
    assert answer.status_code == 302
    assert [c.code for c in item.criteria.order_by("sort_order")] == ["ledger_kept", "year_plan"]


def test_an_area_is_removed_only_when_the_weights_still_add_up(client_for, errors_above):
    method = _copy()
    area = method.areas.get(code="leadership")
    answer = client_for("coordinator").post(f"{BASE}gx-2019/area/{area.pk}/remove/")
    assert answer.status_code == 422
    assert any("85" in m for m in errors_above(answer))
    assert method.areas.filter(code="leadership").exists()


def test_a_grade_added_goes_in_its_place_by_score(client_for):
    _copy()
    answer = client_for("coordinator").post(
        f"{BASE}gx-2019/grade/new/", {"code": "middle", "label_zh": "中", "min_score": "75"}
    )
    assert answer.status_code == 302
    grades = Grade.objects.filter(method__code="gx-2019").order_by("sort_order")
    assert [g.code for g in grades] == ["good", "fairly_good", "middle", "fair", "poor"]


def test_a_group_with_a_prefecture_is_refused(client_for, errors_beside):
    method = Method.objects.get(code="east-west-2021")
    copy = methods.method_copy(method=method, code="gx-2022", year_from=2022, name_zh="复制")
    group = copy.groups.get(code="provincial_key")
    answer = client_for("coordinator").post(
        f"{BASE}gx-2022/group/{group.pk}/edit/",
        {"code": "provincial_key", "label_zh": "自治区重点帮扶县", "places": "4510 451022"},
    )
    assert answer.status_code == 422
    assert errors_beside(answer, "id_places")


def test_the_method_is_edited(client_for):
    _copy()
    answer = client_for("coordinator").post(f"{BASE}gx-2019/edit/", {
        "code": "gx-2019", "name_zh": "广西2019年考核办法", "year_from": "2019",
        "year_to": "2020", "unit_level": "3", "full_score": "100"})  # fmt: skip
    assert answer.status_code == 302
    assert Method.objects.get(code="gx-2019").year_to == 2020


def test_a_full_score_the_weights_do_not_reach_is_refused(client_for, errors_above):
    _copy()
    answer = client_for("coordinator").post(f"{BASE}gx-2019/edit/", {
        "code": "gx-2019", "name_zh": "广西办法", "year_from": "2019", "unit_level": "3",
        "full_score": "120"})  # fmt: skip
    assert answer.status_code == 422


def test_a_method_with_a_submitted_assessment_shows_no_editing_and_refuses_it(client_for, place):
    method = _copy()
    Assessment.objects.create(
        method=method, year=2019, place=place("451024"), status=Status.SUBMITTED
    )
    client = client_for("coordinator")
    page = client.get(f"{BASE}gx-2019/").content.decode()
    assert 'id="method-locked"' in page and 'id="edit-weights"' not in page
    assert 'id="copy-method"' in page
    answer = client.post(f"{BASE}gx-2019/edit/", {
        "code": "gx-2019", "name_zh": "改名", "year_from": "2019", "unit_level": "3",
        "full_score": "100"})  # fmt: skip
    assert answer.status_code == 422
    assert Method.objects.get(code="gx-2019").name_zh == "广西办法"


def test_a_clerk_cannot_edit_a_method(client_for):
    _copy()
    assert client_for("clerk").get(f"{BASE}gx-2019/weights/").status_code == 403
