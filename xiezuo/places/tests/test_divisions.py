from datetime import UTC, datetime

import pytest
from django.utils import timezone

from xiezuo.places.divisions import load_divisions
from xiezuo.places.models import Place, PlaceRename

pytestmark = pytest.mark.django_db


def test_guangdong_and_guangxi_are_loaded_with_all_five_levels():
    counts = {
        level: Place.objects.within("45").filter(level=level).count() for level in range(1, 6)
    }
    # Guangxi in the 2023 division codes: 14 prefectures, 111 counties, 1284 townships
    assert counts == {1: 1, 2: 14, 3: 111, 4: 1284, 5: 16681}
    debao = Place.objects.get(code="451024")
    assert debao.name == "德保县"
    assert debao.parent.code == "4510"
    assert debao.level == 3


def test_loading_again_changes_nothing():
    before = Place.objects.count()
    result = load_divisions(provinces={"44", "45"}, progress=False)
    assert result.created == 0
    assert result.renamed == 0
    assert Place.objects.count() == before


def test_another_province_can_be_added():
    result = load_divisions(provinces={"46"}, progress=False)
    assert result.created == Place.objects.within("46").count()
    assert Place.objects.get(code="46").name == "海南省"
    assert result.per_level[5] == Place.objects.within("46").filter(level=5).count() > 1000


def test_a_renamed_place_keeps_its_identity_and_history():
    debao = Place.objects.get(code="451024")
    Place.objects.filter(pk=debao.pk).update(name="德保县（旧名）")
    result = load_divisions(provinces={"45"}, progress=False)
    assert result.renamed == 1
    debao.refresh_from_db()
    assert debao.name == "德保县"
    rename = PlaceRename.objects.get(place=debao)
    assert (rename.old_name, rename.new_name) == ("德保县（旧名）", "德保县")


def test_a_subtree_is_selected_by_code_range():
    baise = Place.objects.within("4510")
    assert baise.filter(level=3).count() == 12
    assert not baise.filter(code__startswith="4511").exists()


def test_the_progress_bar_stays_quiet_when_not_on_a_terminal(capsys):
    from django.core.management import call_command

    call_command("places", "load", "--provinces", "45")
    captured = capsys.readouterr()
    assert "places: 0 created" in captured.out
    assert captured.err == ""  # no bar: stderr is not a terminal here


def test_the_progress_bar_shows_on_a_terminal(capsys):
    load_divisions(provinces={"46"}, progress=True)
    assert "level 5" in capsys.readouterr().err


def test_a_renamed_place_gets_its_new_english_name():
    debao = Place.objects.get(code="451024")
    Place.objects.filter(pk=debao.pk).update(name="德宝县", name_en="Debao County (old)")
    load_divisions(provinces={"45"}, progress=False)
    debao.refresh_from_db()
    assert (debao.name, debao.name_en) == ("德保县", "Debao County")


def test_a_reload_fills_the_english_names_that_are_missing():
    Place.objects.within("4510").update(name_en="")
    result = load_divisions(provinces={"45"}, progress=False)
    assert result.created == 0
    assert not Place.objects.filter(name_en="").exists()
    assert Place.objects.get(code="451024").name_en == "Debao County"


def test_loaded_places_carry_the_loads_time_and_a_rename_moves_last_updated():
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    Place.objects.filter(code="451024").update(name="德保县（旧名）", updated_at=long_ago)
    Place.objects.filter(code="451026").update(updated_at=long_ago)
    debao = Place.objects.get(code="451024")
    before = timezone.now()
    load_divisions(provinces={"45", "46"}, progress=False)
    after = timezone.now()
    hainan = Place.objects.get(code="46")
    assert before <= hainan.created_at == hainan.updated_at <= after
    renamed = Place.objects.get(code="451024")
    assert before <= renamed.updated_at <= after
    assert renamed.created_at == debao.created_at
    # a place the load did not change keeps its time
    assert Place.objects.get(code="451026").updated_at == long_ago
