"""Occupation codes: a group's code is its members' with the lower segments zeroed."""

import pytest

from xiezuo.occupations import codes


@pytest.mark.parametrize(
    ("code", "level"),
    [("6-00-00-00", 1), ("6-25-00-00", 2), ("6-25-04-00", 3), ("6-25-04-01", 4), ("1-01-00-01", 4)],
)
def test_the_level_is_the_last_segment_that_names_a_group(code, level):
    assert codes.level_of(code) == level


@pytest.mark.parametrize(
    "bad", ["", "6", "6-25-04", "6250401", "0-01-00-00", "6-25-4-01", "x-25-04-01"]
)
def test_a_malformed_code_is_refused(bad):
    assert not codes.is_code(bad)
    with pytest.raises(ValueError, match="not an occupation code"):
        codes.level_of(bad)


def test_the_parent_zeroes_the_last_named_segment():
    assert codes.parent_code("6-25-04-01") == "6-25-04-00"
    assert codes.parent_code("6-25-04-00") == "6-25-00-00"
    assert codes.parent_code("6-25-00-00") == "6-00-00-00"
    assert codes.parent_code("6-00-00-00") is None


def test_an_occupation_without_a_minor_group_belongs_to_its_sub_major_group():
    assert codes.parent_code("1-01-00-01") == "1-01-00-00"
    assert codes.ancestor_codes("1-01-00-01") == ["1-00-00-00", "1-01-00-00"]


def test_ancestors_run_from_the_major_group_down():
    assert codes.ancestor_codes("6-25-04-01") == ["6-00-00-00", "6-25-00-00", "6-25-04-00"]
    assert codes.ancestor_codes("6-00-00-00") == []


def test_a_groups_path_is_a_prefix_of_its_members_paths():
    assert codes.path_of("6-00-00-00") == "6"
    assert codes.path_of("6-25-00-00") == "625"
    assert codes.path_of("6-25-04-00") == "62504"
    assert codes.path_of("6-25-04-01") == "6250401"
    assert codes.path_of("1-01-00-01") == "1010001"
    for member in ("6-25-04-01", "6-25-04-09"):
        for group in codes.ancestor_codes(member):
            assert codes.path_of(member).startswith(codes.path_of(group))
    assert not codes.path_of("6-26-01-01").startswith(codes.path_of("6-25-00-00"))


@pytest.mark.parametrize(
    ("a", "b", "fit"),
    [
        ("6-25-04-07", "6-25-04-07", 4),  # the same occupation
        ("6-25-04-07", "6-25-04-08", 3),  # the same minor group
        ("6-25-04-07", "6-25-01-12", 2),  # the same sub-major group
        ("6-25-04-07", "6-05-01-03", 1),  # the same major group
        ("6-25-04-07", "4-07-05-01", 0),  # nothing shared
        ("1-01-00-01", "1-01-00-02", 2),  # no minor group between them
        ("2-01-01-00", "2-01-01-00", 4),  # a minor group that is itself the occupation
        ("2-01-01-00", "2-01-02-00", 2),
    ],
)
def test_fit_is_the_deepest_level_two_occupations_share(a, b, fit):
    assert codes.fit(a, b) == fit
    assert codes.fit(b, a) == fit


def test_fit_refuses_what_is_not_a_code():
    with pytest.raises(ValueError):
        codes.fit("6-25-04-07", "缝纫工")
