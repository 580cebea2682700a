"""`xiezuo maps load`: a deployer's outlines matched to places by division code."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from xiezuo.reports.maps import division_code
from xiezuo.reports.models import Boundary

pytestmark = pytest.mark.django_db

BAISE_THREE = Path(__file__).parent / "data" / "baise_three_counties.geojson"


def load(path, key):
    out = StringIO()
    call_command("maps", "load", str(path), "--key", key, stdout=out)
    return out.getvalue()


def test_features_are_matched_to_counties_by_their_code():
    output = load(BAISE_THREE, "adcode")
    assert set(Boundary.objects.values_list("place__code", flat=True)) == {
        "451024",
        "451026",
        "451027",
    }
    assert Boundary.objects.get(place__code="451024").source == str(BAISE_THREE)
    assert "3" in output.splitlines()[-1]


def test_twelve_digit_codes_are_matched_too():
    load(BAISE_THREE, "adcode12")
    assert Boundary.objects.filter(place__code__in=["451024", "451026", "451027"]).count() == 3


def test_unmatched_features_and_places_left_without_are_reported():
    output = load(BAISE_THREE, "adcode")
    assert "#4 (adcode = 459999)" in output
    # Baise's other counties have no outline yet: named in the report
    without = next(line for line in output.splitlines() if "右江区" in line)
    assert "德保县" not in without


def test_a_broken_feature_refuses_the_whole_file(tmp_path):
    document = json.loads(BAISE_THREE.read_text())
    document["features"][2]["geometry"] = None
    broken = tmp_path / "broken.geojson"
    broken.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="3"):
        load(broken, "adcode")
    assert not Boundary.objects.exists()


def test_a_missing_key_property_is_named(tmp_path):
    with pytest.raises(CommandError, match="code_x"):
        load(BAISE_THREE, "code_x")
    assert not Boundary.objects.exists()


def test_a_file_that_is_not_geojson_is_refused(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("not json")
    with pytest.raises(CommandError, match="GeoJSON"):
        load(bad, "adcode")
    with pytest.raises(CommandError):
        load(tmp_path / "missing.geojson", "adcode")


def test_loading_again_replaces_the_outline():
    load(BAISE_THREE, "adcode")
    load(BAISE_THREE, "adcode12")
    assert Boundary.objects.count() == 3


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("450000", "45"),
        ("451000", "4510"),
        ("451024", "451024"),
        (451024, "451024"),
        ("451024000000", "451024"),
        ("451024100000", "451024100"),
        ("450000000000", "45"),
        ("abc", None),
        ("4510241", None),
    ],
)
def test_division_codes_are_read_in_xiezuos_form(given, code):
    assert division_code(given) == code
