"""Methods as data: the shipped files, the one check, loading, copying and the lock."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from xiezuo.places.models import Place
from xiezuo.reports.assessment import methods
from xiezuo.reports.assessment.methods import MethodInvalid, method_problems
from xiezuo.reports.assessment.models import Assessment, Criterion, Method, Status

pytestmark = pytest.mark.django_db


def _file(name: str) -> dict:
    return json.loads((methods.METHOD_FILES / name).read_text(encoding="utf-8"))


def _messages(data: dict) -> list[str]:
    return [str(p) for p in method_problems(data)]


@pytest.mark.parametrize("name", methods.SHIPPED)
def test_the_shipped_methods_have_no_problems(name):
    assert _messages(_file(name)) == []


@pytest.mark.parametrize("name", methods.SHIPPED)
def test_the_shipped_weights_add_up_to_the_full_score(name):
    data = _file(name)
    weights = [c["weight"] for a in data["areas"] for i in a["items"] for c in i["criteria"]]
    assert sum(weights) == data["full_score"] == 100


def test_the_2017_method_has_the_six_areas():
    labels = [a["label_zh"] for a in _file("2017.json")["areas"]]
    assert labels == ["组织领导", "人才交流", "资金使用", "产业合作", "劳务协作", "携手奔小康"]


def test_the_2021_method_has_two_parts_eight_items_and_three_county_classes():
    data = _file("2021.json")
    assert [a["label_zh"] for a in data["areas"]] == ["基础工作", "工作创新"]
    assert sum(len(a["items"]) for a in data["areas"]) == 8
    groups = {g["code"]: g for g in data["groups"]}
    assert (
        len(groups["national_key"]["places"]) == 20 and "451024" in groups["national_key"]["places"]
    )
    assert [g["is_default"] for g in data["groups"]] == [False, False, True]


def test_the_shipped_methods_say_their_weights_are_illustrative():
    assert all(_file(name)["illustrative"] for name in methods.SHIPPED)


def test_the_demo_has_both_methods_with_their_trees():
    method = Method.objects.get(code="east-west-2021")
    assert method.areas.count() == 2
    assert Criterion.objects.filter(item__area__method=method).count() == 19
    national = method.groups.get(code="national_key")
    assert national.places.filter(code="451228").exists()


def test_loading_a_method_again_changes_nothing():
    methods.shipped_methods_load()
    before = methods.method_dump(Method.objects.get(code="east-west-2017"), ids=True)
    outcomes = [outcome for _m, outcome in methods.shipped_methods_load()]
    assert outcomes == ["unchanged", "unchanged"]
    assert methods.method_dump(Method.objects.get(code="east-west-2017"), ids=True) == before


def test_a_method_dumps_back_to_what_its_file_says():
    method, _outcome = methods.method_file_load(methods.METHOD_FILES / "2021.json")
    dumped, file = methods.method_dump(method), _file("2021.json")

    def criteria(data: dict) -> list[tuple]:
        return [(a["code"], i["code"], c["code"], c["weight"], c["rule"], c.get("data", ""))
                for a in data["areas"] for i in a["items"] for c in i["criteria"]]  # fmt: skip

    assert criteria(dumped) == criteria(file)
    assert dumped["groups"] == file["groups"] and dumped["grades"] == file["grades"]
    assert methods.method_load(data=dumped)[1] == "unchanged"


def _unused_copy(code: str = "unassessed-2017") -> dict:
    """The 2017 file under a code no assessment uses (the demo's assessments lock 2017)."""
    data = copy.deepcopy(_file("2017.json")) | {"code": code}
    methods.method_load(data=copy.deepcopy(data))
    return data


def test_a_changed_file_updates_the_method_in_place():
    data = _unused_copy()
    criterion = Criterion.objects.get(
        item__area__method__code="unassessed-2017", code="joint_meetings"
    )
    data["areas"][0]["items"][0]["criteria"][0]["weight"] = 4
    data["areas"][0]["items"][0]["criteria"][1]["weight"] = 6
    _method, outcome = methods.method_load(data=data)
    assert outcome == "updated"
    criterion.refresh_from_db()
    assert criterion.weight == Decimal(4)


def test_weights_that_do_not_add_up_are_refused_with_the_sums():
    data = _file("2017.json")
    data["areas"][0]["items"][0]["criteria"][0]["weight"] = 7
    assert _messages(data) == ["权重合计为102，不等于满分100。"]


def test_nothing_is_written_when_a_file_is_refused():
    data = _file("2017.json")
    data["name_zh"] = "改过的名称"
    data["areas"][0]["items"][0]["criteria"][0]["weight"] = 7
    with pytest.raises(MethodInvalid):
        methods.method_load(data=data)
    assert Method.objects.get(code="east-west-2017").name_zh != "改过的名称"


def _criterion(data: dict) -> dict:
    return data["areas"][0]["items"][0]["criteria"][0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"data": "no_such_element"}, "data"),
        ({"data": "workers_placed[poverty=rich]"}, "data"),
        ({"data": "joint_meetings +"}, "data"),
        ({"target_data": "nothing_here"}, "target_data"),
        ({"cap": 0.5}, "cap"),
        ({"rule": "guess"}, "rule"),
        ({"weight": "many"}, "weight"),
        ({"rule": "thresholds", "thresholds": [[1, 0.5], [2, 1]]}, "thresholds"),
        ({"rule": "thresholds", "thresholds": [[2, 1.5], [1, 0.5]]}, "thresholds"),
        ({"rule": "thresholds", "thresholds": []}, "thresholds"),
        ({"code": "joint meetings!"}, "code"),
        ({"code": "leader_visits"}, "code"),
    ],
)
def test_a_bad_criterion_is_named_with_its_area_and_item(change, field):
    data = _file("2017.json")
    _criterion(data).update(change)
    problems = [p for p in method_problems(data) if p.ref[0] == "criterion"]
    assert problems and problems[0].field == field
    assert str(problems[0]).startswith("组织领导 › 高层互访与联席会议 › ")


def test_a_ratio_without_a_target_is_refused():
    data = _file("2017.json")
    del _criterion(data)["target_value"]
    assert any(p.field == "target_value" for p in method_problems(data))


def test_grades_must_go_down_and_end_at_zero():
    data = _file("2017.json")
    data["grades"][1]["min_score"] = 95
    data["grades"][3]["min_score"] = 10
    fields = [(p.ref, p.field) for p in method_problems(data)]
    assert (("grade", 1), "min_score") in fields and (("grade", 3), "min_score") in fields


def test_a_place_in_two_groups_and_an_unknown_place_are_refused():
    data = _file("2021.json")
    data["groups"][1]["places"] += ["451024", "999999"]
    messages = _messages(data)
    assert any("451024" in m for m in messages) and any("999999" in m for m in messages)


def test_two_default_groups_are_refused():
    data = _file("2021.json")
    data["groups"][1]["is_default"] = True
    data["groups"][1]["places"] = []
    assert any(p.field == "groups" for p in method_problems(data))


def test_a_copy_is_a_new_method_with_the_same_tree():
    original = Method.objects.get(code="east-west-2017")
    new = methods.method_copy(
        method=original, code="gx-2019", year_from=2019, name_zh="广西2019年办法"
    )
    assert new.pk != original.pk and new.year_to is None
    assert (
        Criterion.objects.filter(item__area__method=new).count()
        == Criterion.objects.filter(item__area__method=original).count()
    )
    dumped = methods.method_dump(new)
    assert dumped["areas"] == methods.method_dump(original)["areas"]


def test_a_copy_needs_a_free_code():
    original = Method.objects.get(code="east-west-2017")
    with pytest.raises(MethodInvalid, match="east-west-2021"):
        methods.method_copy(method=original, code="east-west-2021", year_from=2019, name_zh="重复")


def _assess(method: Method, status: str) -> Assessment:
    return Assessment.objects.create(
        method=method, year=2018, place=Place.objects.get(code="451024"), status=status
    )


def test_a_method_with_a_submitted_assessment_cannot_be_changed_but_loads_unchanged():
    method = Method.objects.get(code="east-west-2017")
    _assess(method, Status.SUBMITTED)
    assert methods.method_locked(method)
    assert methods.method_load(data=_file("2017.json"))[1] == "unchanged"
    data = _file("2017.json")
    data["name_zh"] = "改过的名称"
    with pytest.raises(MethodInvalid, match="复制"):
        methods.method_load(data=data)


def test_a_draft_assessment_does_not_lock_its_method():
    _unused_copy()
    method = Method.objects.get(code="unassessed-2017")
    _assess(method, Status.DRAFT)
    assert not methods.method_locked(method)


def test_the_command_loads_a_file_and_names_what_it_did(tmp_path):
    data = copy.deepcopy(_file("2017.json")) | {"code": "from-a-file"}
    path = tmp_path / "method.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("assessment", "load-method", str(path), stdout=out)
    call_command("assessment", "load-method", str(path), stdout=out)
    assert out.getvalue().splitlines() == ["from-a-file: created", "from-a-file: unchanged"]


def test_the_command_refuses_a_bad_file_with_its_problems(tmp_path):
    data = _file("2017.json") | {"code": "bad-file", "full_score": 90}
    path = tmp_path / "method.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="90"):
        call_command("assessment", "load-method", str(path))
    assert not Method.objects.filter(code="bad-file").exists()


def test_the_demo_loaded_again_leaves_an_edited_method_as_it_is():
    from xiezuo.demo.assessment_methods import load_assessment_methods

    Method.objects.filter(code="east-west-2017").update(name_zh="协调员改过的名称")
    assert load_assessment_methods() == 0
    assert Method.objects.get(code="east-west-2017").name_zh == "协调员改过的名称"
