"""Suggestions for job titles as people write them: candidates with reasons, best first."""

import pytest

from xiezuo.occupations.suggest import match_title, normalise, occupation_suggest

pytestmark = pytest.mark.django_db


def _codes(title, limit=10):
    return [s.occupation.code for s in occupation_suggest(title, limit=limit)]


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("缝纫工", "6-05-01-03"),  # the name
        ("保安", "4-07-05-01"),  # an alias of 保安员
        ("厨师", "4-03-02-01"),  # an alias of 中式烹调师
        ("月嫂", "4-10-01-06"),  # an alias of 家政服务员
        ("叉车司机", "6-30-05-01"),  # an alias of 起重装卸机械操作工
        ("焊工", "6-18-02-04"),
        ("快递", "4-02-07-08"),  # contained in 快递员
        ("包装工", "6-31-05-00"),  # a minor group that is itself the occupation
    ],
)
def test_a_common_title_finds_its_occupation_first(title, code):
    assert _codes(title)[0] == code


def test_a_factory_title_finds_the_factorys_occupations_among_the_first():
    # 普工 is an alias of major group 6 (生产制造及有关人员): its electronics occupations lead
    found = occupation_suggest("电子厂普工", limit=5)
    assert "6-25-04-07" in [s.occupation.code for s in found]  # 电子设备装接工
    assert all(s.occupation.code.startswith("6-25-") for s in found[:3])
    assert any("普工" in reason and "6-00-00-00" in reason for reason in found[0].reasons)


def test_a_title_inside_a_longer_one_finds_the_shorter_occupation():
    assert _codes("电子厂焊工")[0] == "6-18-02-04"


def test_every_candidate_says_why():
    for suggestion in occupation_suggest("保安"):
        assert suggestion.reasons
    first = occupation_suggest("保安")[0]
    assert first.reasons == ("别称即“保安”",)
    assert occupation_suggest("缝纫工")[0].reasons == ("名称即“缝纫工”",)


def test_an_exact_name_outranks_an_alias_and_both_outrank_the_rest():
    found = occupation_suggest("缝纫工")
    assert found[0].score == 100
    assert all(s.score < 95 for s in found[1:])


def test_only_occupations_are_suggested_never_groups():
    for title in ("电子厂普工", "纺织品和服装剪裁缝纫人员", "生产制造及有关人员"):
        assert all(s.occupation.level == 4 for s in occupation_suggest(title))


def test_the_limit_is_kept_and_an_empty_title_suggests_nothing():
    assert len(occupation_suggest("工", limit=3)) <= 3
    assert len(occupation_suggest("服务员", limit=3)) == 3
    assert occupation_suggest("   ") == []
    assert occupation_suggest("ＸＹＺ") == []


def test_titles_are_compared_without_spaces_and_full_width_forms():
    assert normalise(" 保 安 ") == "保安"
    assert normalise("ＣＴＯ") == "cto"
    assert _codes("保 安")[0] == "4-07-05-01"


def test_a_single_shared_character_is_no_match():
    assert match_title("焊工", "车工", []) is None
    assert match_title("电焊工", "焊工", []).how == "in_title"
    assert match_title("缝纫", "缝纫工", []).how == "contains_title"
    overlap = match_title("电子厂普工", "电子设备装接工", [])
    assert (overlap.how, overlap.shared) == ("overlap", "电子工")


def test_a_slashed_alias_matches_by_its_parts():
    assert match_title("操作工", "某工", ["普工/操作工"]).how == "exact"
