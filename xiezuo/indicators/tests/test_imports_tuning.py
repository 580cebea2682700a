"""A large import runs with the interpreter settings of `imports.tuning` and puts them
back when it ends, whether it succeeded or failed; a small one never changes them. It
reads ahead, to look the places it names up together."""

from __future__ import annotations

import gc
import io
import json
import sys

import pytest

from xiezuo.indicators.imports import ImportOptions, pipeline, tuning, values_import

pytestmark = pytest.mark.django_db

TUNED = (tuning.GC_THRESHOLD, tuning.SWITCH_INTERVAL)


def settings_now():
    return gc.get_threshold(), sys.getswitchinterval()


def values(count):
    return [
        {
            "dataElement": "job_fairs",
            "period": f"2019{month:02d}",
            "orgUnit": "451024",
            "value": "1",
        }
        for month in range(1, count + 1)
    ]


def run(clerk, body, progress):
    return values_import(
        source=io.BytesIO(body), fmt="json", actor=clerk, options=ImportOptions(), progress=progress
    )


@pytest.fixture
def batch_of_four(monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH", 4)


@pytest.fixture
def untuned():
    """Settings unlike both Python's defaults and the tuned ones, so that a wrong value shows."""
    before = settings_now()
    gc.set_threshold(1234, 11, 12)
    sys.setswitchinterval(0.0042)
    yield settings_now()
    gc.set_threshold(*before[0])
    sys.setswitchinterval(before[1])


def test_a_large_import_runs_tuned_and_puts_the_settings_back(clerk, batch_of_four, untuned):
    seen = []
    summary = run(
        clerk,
        json.dumps({"dataValues": values(10)}).encode(),
        lambda *_: seen.append(settings_now()),
    )
    assert summary.status == "SUCCESS" and summary.imported == 10
    assert seen and all(during == TUNED for during in seen)
    assert settings_now() == untuned


def test_a_small_import_never_changes_them(clerk, batch_of_four, untuned):
    seen = []
    summary = run(
        clerk,
        json.dumps({"dataValues": values(3)}).encode(),
        lambda *_: seen.append(settings_now()),
    )
    assert summary.imported == 3
    assert seen == [untuned]
    assert settings_now() == untuned


def test_a_file_that_breaks_after_the_first_batches_puts_them_back(clerk, batch_of_four, untuned):
    seen = []
    broken = json.dumps({"dataValues": values(10)}).encode()[:-40]
    summary = run(clerk, broken, lambda *_: seen.append(settings_now()))
    assert summary.status == "ERROR" and summary.error
    assert seen and seen[0] == TUNED  # it had been tuned when the break was found
    assert settings_now() == untuned


def test_an_import_that_fails_with_an_error_puts_them_back(clerk, batch_of_four, untuned):
    def fail(*_):
        raise RuntimeError("the worker is stopping")

    with pytest.raises(RuntimeError):
        run(clerk, json.dumps({"dataValues": values(10)}).encode(), fail)
    assert settings_now() == untuned


def test_imports_at_the_same_time_are_counted_and_the_last_to_end_puts_them_back(untuned):
    first, second = tuning.Tuning(), tuning.Tuning()
    with first:
        first.engage()
        with second:
            second.engage()
            second.engage()  # asking twice is one claim
            assert settings_now() == TUNED
        assert settings_now() == TUNED  # the first import still runs
    assert settings_now() == untuned


def test_the_places_of_an_import_are_looked_up_together_not_one_by_one(clerk, monkeypatch):
    """An import naming many places looks them up a read-ahead at a time (one query for
    each), not with a query each; every value is stored at its own place all the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xiezuo.indicators.models import DataValue
    from xiezuo.places.models import Place

    monkeypatch.setattr(pipeline, "READ_AHEAD", 8)
    places = list(
        Place.objects.filter(code__startswith="451024", level__gt=3)
        .order_by("code")
        .values_list("code", flat=True)[:20]
    )
    assert len(places) == 20
    body = json.dumps(
        {"dataValues": [
            {"dataElement": "job_fairs", "period": "201903", "orgUnit": code, "value": "2"}
            for code in places
        ]}
    ).encode()  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        summary = run(clerk, body, None)
    assert summary.status == "SUCCESS" and summary.imported == 20
    by_key = 'SELECT "places_place"."id" AS "pk", "places_place"."code" AS "code" FROM'
    lookups = [q["sql"] for q in queries if q["sql"].startswith(by_key)]
    assert len(lookups) == 3  # 20 places in reads of 8; one by one, it was 20
    stored = DataValue.objects.filter(period="201903", data_element__code="job_fairs")
    assert sorted(stored.values_list("place_code", flat=True)) == places
