import pytest
from django.utils import translation

from xiezuo.places import codes


@pytest.mark.parametrize(
    ("code", "level"),
    [("45", 1), ("4510", 2), ("451024", 3), ("451024101", 4), ("451024101200", 5)],
)
def test_level_follows_from_the_length_of_the_code(code, level):
    assert codes.level_of(code) == level


@pytest.mark.parametrize("bad", ["", "4", "45a0", "4510241", "4510241012001"])
def test_a_malformed_code_is_refused(bad):
    with translation.override("zh-hans"), pytest.raises(ValueError, match="不是行政区划代码"):
        codes.level_of(bad)
    with translation.override("en"), pytest.raises(ValueError, match="not a division code"):
        codes.level_of(bad)


def test_parent_and_ancestors_are_prefixes():
    assert codes.parent_code("451024101200") == "451024101"
    assert codes.parent_code("45") is None
    assert codes.ancestor_codes("451024101") == ["45", "4510", "451024"]


@pytest.mark.parametrize(
    ("code", "inside", "outside"),
    [
        ("45", ["45", "4510", "451024101200"], ["44", "46", "4", "46000"]),
        ("4509", ["4509", "450921"], ["4510", "4508", "451024"]),
        ("451099", ["451099001"], ["451100", "451098999"]),
    ],
)
def test_subtree_range_holds_exactly_the_subtree(code, inside, outside):
    lo, hi = codes.subtree_range(code)
    for c in inside:
        assert lo <= c < hi
    for c in outside:
        assert not lo <= c < hi
