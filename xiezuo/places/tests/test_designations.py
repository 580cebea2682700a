"""Designations load from CSV, all rows or none, with a message per bad row and column."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xiezuo.importing import ImportRefused
from xiezuo.places.models import Designation
from xiezuo.places.services import designations_import_text

pytestmark = pytest.mark.django_db

HEADER = "code,kind,year_designated,year_exited\n"


def refusal(text):
    with pytest.raises(ImportRefused) as exc:
        designations_import_text(text=text)
    return {(e.row, e.column): e.message for e in exc.value.errors}


def test_a_good_file_creates_and_then_updates(place):
    result = designations_import_text(text=HEADER + "451024105,poor_township,2015,\n")
    assert (result.created, result.updated) == (1, 0)
    result = designations_import_text(text=HEADER + "451024105,poor_township,2015,2019\n")
    assert (result.created, result.updated) == (0, 1)
    assert (
        Designation.objects.get(place=place("451024105"), kind="poor_township").year_exited == 2019
    )
    result = designations_import_text(text=HEADER + "451024105,poor_township,2015,2019\n")
    assert result.unchanged == 1


def test_a_file_without_the_optional_columns_keeps_the_source_recorded(place):
    designations_import_text(
        text="code,kind,year_designated,year_exited,source,illustrative\n"
        "451024105,poor_township,2015,,自治区扶贫办文件,1\n"
    )
    result = designations_import_text(text=HEADER + "451024105,poor_township,2015,2019\n")
    assert result.updated == 1
    designation = Designation.objects.get(place=place("451024105"), kind="poor_township")
    assert (designation.year_exited, designation.source, designation.illustrative) == (
        2019,
        "自治区扶贫办文件",
        True,
    )


def test_every_bad_row_is_named_and_nothing_is_written():
    before = Designation.objects.count()
    errors = refusal(
        HEADER
        + "451024105,poor_township,2015,\n"  # row 2: good
        + "999999,poor_county,2015,\n"  # row 3: unknown code
        + "451024106,poor_township,20x5,\n"  # row 4: bad year
        + "451024200,poor_township,2016,2014\n"  # row 5: exit before designation
        + "451024105,poor_township,2015,\n"  # row 6: duplicate of row 2
        + "451024,poor_village,2015,\n"  # row 7: kind does not fit the level
        + "451024,rich_county,2015,\n"  # row 8: unknown kind
    )
    assert set(errors) == {
        (3, "code"),
        (4, "year_designated"),
        (5, "year_exited"),
        (6, "code"),
        (7, "kind"),
        (8, "kind"),
    }
    assert "999999" in errors[(3, "code")]
    assert "第 2 行" in errors[(6, "code")]
    assert Designation.objects.count() == before


def test_a_missing_column_refuses_the_file():
    errors = refusal("code,kind,year_designated\n451024105,poor_township,2015\n")
    assert (1, "year_exited") in errors


def test_the_command_loads_a_file_and_reports(tmp_path: Path):
    path = tmp_path / "designations.csv"
    path.write_text(HEADER + "451024105,poor_township,2015,\n", encoding="utf-8")
    out = StringIO()
    call_command("places", "designate", str(path), stdout=out)
    assert "1 created" in out.getvalue()


def test_the_command_refuses_a_bad_file_with_row_and_column(tmp_path: Path):
    path = tmp_path / "designations.csv"
    path.write_text(HEADER + "999999,poor_county,2015,\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("places", "designate", str(path), stderr=err)
    assert "第 2 行" in err.getvalue() and "code" in err.getvalue()


def test_a_file_that_is_not_text_is_refused(tmp_path: Path):
    path = tmp_path / "designations.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    with pytest.raises(CommandError, match="not a UTF-8 text file"):
        call_command("places", "designate", str(path))
