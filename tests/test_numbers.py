import pytest

from xiezuo.numbers import format_cn
from xiezuo.uids import generate_uid, is_uid, stable_uid


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (949, "949"),
        (18000, "1.8万"),
        (55900, "5.59万"),
        (27_650_000_000, "276.5亿"),
        (18_300_000, "1830万"),
        (183_000_000, "1.83亿"),
        (-12000, "-1.2万"),
        (None, ""),
    ],
)
def test_figures_are_shown_in_wan_and_yi(value, shown):
    assert format_cn(value) == shown


def test_uids_look_like_dhis2_uids():
    uid = generate_uid()
    assert is_uid(uid)
    assert not is_uid("1abcdefghij")
    assert not is_uid("abc")


def test_stable_uids_are_stable_and_distinct():
    assert stable_uid("place", "45") == stable_uid("place", "45")
    assert stable_uid("place", "45") != stable_uid("place", "44")
    assert is_uid(stable_uid("place", "451024101200"))
