"""The value summary: kept equal to the stored values by the database on every way of
writing them, and read by analytics for the same answers as the values themselves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xiezuo.indicators import services, sources
from xiezuo.indicators.analytics import Engine, Query, analytics, value_of
from xiezuo.indicators.models import DataElement, DataValue, Indicator, ValueSummary
from xiezuo.indicators.services import values
from xiezuo.indicators.sources import DERIVED
from xiezuo.periods import parse
from xiezuo.places.models import Place

from .factories import run_import, save_value

pytestmark = pytest.mark.django_db

Key = tuple[int, int, str, int, int, str, bool, str]


def P(*ids: str) -> list[Any]:
    return [parse(i) for i in ids]


def summary_of_the_values() -> dict[Key, tuple[int, int]]:
    """What the summary must hold: the stored values grouped by its key, in Python."""
    expected: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    rows = DataValue.objects.filter(value__isnull=False).values_list(
        "data_element_id", "place_code", "start_month", "end_month", "disaggregation", "value",
        "source",
    )  # fmt: skip
    for element, code, start, end, key, value, source in rows:
        for length in (2, 4, 6):
            cell = expected[(element, length, code[:length], start, end, key,
                             source.startswith(DERIVED), code[:2])]  # fmt: skip
            cell[0] += int(value * 10000)
            cell[1] += 1
    return {key: (units, count) for key, (units, count) in expected.items()}


def summary_stored() -> dict[Key, tuple[int, int]]:
    """The summary's rows, but those that deletes have brought back to nothing."""
    rows = ValueSummary.objects.exclude(total_units=0, value_count=0).values_list(
        "data_element_id", "prefix_len", "place_prefix", "start_month", "end_month",
        "disaggregation", "derived", "province", "total_units", "value_count",
    )  # fmt: skip
    return {tuple(row[:8]): (row[8], row[9]) for row in rows}  # type: ignore[misc]


def assert_summary_matches_the_values() -> None:
    expected, stored = summary_of_the_values(), summary_stored()
    wrong = {k: (stored.get(k), v) for k, v in expected.items() if stored.get(k) != v}
    extra = {k: v for k, v in stored.items() if k not in expected}
    assert not wrong and not extra, (list(wrong.items())[:5], list(extra.items())[:5])


def raw_insert(element: str, code: str, period: str, value: Any, **columns: Any) -> None:
    """A value written by SQL, past the services (as bench/analytics.py loads its values)."""
    p = parse(period)
    now = timezone.now()
    row = {
        "data_element_id": DataElement.objects.get(code=element).pk,
        "place_id": Place.objects.get(code=code).pk,
        "place_code": code,
        "period": period,
        "start_month": p.start,
        "end_month": p.end,
        "disaggregation": "",
        "value": value,
        "text": "",
        "comment": "",
        "source": "reported",
        "created_at": now,
        "updated_at": now,
        "province": code[:2],
        **columns,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO indicators_datavalue ({', '.join(row)}) "
            f"VALUES ({', '.join(['%s'] * len(row))})",
            list(row.values()),
        )


def a_township(county: str = "451024") -> Place:
    return Place.objects.filter(code__startswith=county, level=4).order_by("code").first()


@pytest.fixture
def values_off_the_county_grid() -> None:
    """2017 values reported above the counties (a prefecture, a province) and below them
    (a township), beside the demo's county values."""
    raw_insert("job_fairs", "4510", "201703", Decimal("2"))
    raw_insert("job_fairs", "45", "2017Q2", Decimal("5"))
    raw_insert("job_fairs", a_township().code, "201704", Decimal("3"))
    raw_insert("workers_placed", a_township("451026").code, "201705", Decimal("12.3456"))


def test_the_migration_filled_the_summary_from_the_values_stored():
    assert ValueSummary.objects.exists()
    assert_summary_matches_the_values()


def test_the_summary_follows_the_services_and_a_bulk_import(make_user):
    save_value("job_fairs", "451024", "201901", 2)
    save_value("job_fairs", "451024", "201902", 3)
    save_value("people_trained", "451024", "201901", 40, key="poverty=poor")
    save_value("job_fairs", "451024", "201901", 7)  # changed
    services.value_delete(actor=None, element="job_fairs", place="451024", period="201902")
    summary = run_import(
        make_user("administrator"),
        [
            {"dataElement": "job_fairs", "period": "201903", "orgUnit": "451026", "value": "4"},
            {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "1"},
            {
                "dataElement": "job_fairs",
                "period": "201904",
                "orgUnit": "451026",
                "value": "9",
            },
        ],
    )
    assert summary.imported == 2 and summary.updated == 1
    assert_summary_matches_the_values()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's replica role")
def test_the_summary_follows_a_copy_with_the_foreign_key_triggers_off(make_user):
    # the bulk import turns the per-row foreign-key triggers off (the summary's stay on)
    with connection.cursor() as cursor:
        assert values._triggers_may_be_replaced(cursor) == "origin"
    summary = run_import(
        make_user("administrator"),
        [{"dataElement": "job_fairs", "period": f"2019{m:02d}", "orgUnit": "451026", "value": m}
         for m in range(1, 13)],
    )  # fmt: skip
    assert summary.imported == 12
    assert_summary_matches_the_values()


def summary_triggers() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'value_summary%' "
            "ORDER BY name"
        )
        return [name for (name,) in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's row trigger")
def test_a_batch_sets_the_row_trigger_aside_only_while_it_is_inserted(make_user):
    """SQLite: a bulk insert of many values drops the summary's row trigger, adds its rows
    in one grouped upsert and creates the trigger again — in its transaction, so that the
    trigger is there after a batch, after a failed one, and for the next single write."""
    everything = ["value_summary_delete", "value_summary_insert", "value_summary_update"]
    many = [
        {"dataElement": "job_fairs", "period": f"{year}{month:02d}", "orgUnit": "451026",
         "value": month}
        for year in range(2000, 2050) for month in range(1, 13)
    ]  # fmt: skip
    assert len(many) >= values._SUMMARY_BATCH_FROM
    with CaptureQueriesContext(connection) as queries:
        summary = run_import(make_user("administrator"), many)
    assert summary.imported >= values._SUMMARY_BATCH_FROM  # (a few months were stored)
    assert any(q["sql"].startswith("DROP TRIGGER") for q in queries.captured_queries)
    assert summary_triggers() == everything
    assert_summary_matches_the_values()
    # the batch's rows are found by their ids, not by a scan of the whole table
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + values._SUMMARY_ADD.split(" ON CONFLICT")[0], [0])
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SEARCH r USING INTEGER PRIMARY KEY (rowid>?)" in plan, plan
    # a batch that fails half way (values already stored) leaves the trigger and the summary
    stored = DataValue.objects.filter(place_code="451026", period__startswith="20").values_list(
        *[name.strip() for name in values._COLUMNS.split(",")]
    )
    again = [(*row[:7], Decimal(99), *row[8:]) for row in stored]
    assert len(again) >= values._SUMMARY_BATCH_FROM
    with pytest.raises(IntegrityError), transaction.atomic():
        values._insert(again)
    assert summary_triggers() == everything
    assert_summary_matches_the_values()
    # and the next single write is summed by the trigger, with no schema change
    with CaptureQueriesContext(connection) as queries:
        save_value("job_fairs", "451026", "205001", 5)
    assert not any("TRIGGER" in q["sql"] for q in queries.captured_queries)
    assert_summary_matches_the_values()


def test_the_summary_follows_a_registrys_derived_values():
    derived = DataValue.objects.filter(source=DERIVED + "pairings")
    assert derived.exists()
    derived.delete()
    assert_summary_matches_the_values()
    sources.sync("pairings")
    assert derived.exists()
    assert_summary_matches_the_values()


def test_the_summary_follows_writes_in_sql(values_off_the_county_grid):
    raw_insert("job_fairs", "451024", "201905", None)  # a value without a number
    raw_insert("job_fairs", "451024", "201906", Decimal("1.25"), source=DERIVED + "toy")
    township = a_township()
    with connection.cursor() as cursor:
        # moved to another place, another source, another value; a NULL filled in
        cursor.execute(
            "UPDATE indicators_datavalue SET place_id = %s, place_code = %s, value = value + 1, "
            "source = 'imported' WHERE place_code = '451024' AND period = '201906'",
            [township.pk, township.code],
        )
        cursor.execute(
            "UPDATE indicators_datavalue SET value = 8 WHERE place_code = '451024' "
            "AND period = '201905'"
        )
        cursor.execute("UPDATE indicators_datavalue SET comment = 'checked' WHERE period = '2017'")
        cursor.execute("DELETE FROM indicators_datavalue WHERE place_code = '4510'")
    DataValue.objects.filter(place_code__startswith="4512", period__startswith="2017").update(
        value=F("value") * 2
    )
    DataValue.objects.filter(place_code__startswith="4510", period="201701").update(value=None)
    DataValue.objects.filter(place_code__startswith="4502", period__startswith="2018").delete()
    assert_summary_matches_the_values()


def test_a_value_written_is_in_the_next_answer_and_a_deleted_one_gone(place):
    guangxi = place("45")
    assert Engine(Query(items=[], periods=[], places=[guangxi]))._summary_level(2) == 2
    before = value_of("job_fairs", place=guangxi, periods=P("2019")) or 0
    save_value("job_fairs", "451024", "201903", 4)
    assert value_of("job_fairs", place=guangxi, periods=P("2019")) == before + 4
    services.value_delete(actor=None, element="job_fairs", place="451024", period="201903")
    assert (value_of("job_fairs", place=guangxi, periods=P("2019")) or 0) == before


def test_an_emptied_cell_answers_nothing(place):
    save_value("job_fairs", "451024", "202001", 3)
    services.value_delete(actor=None, element="job_fairs", place="451024", period="202001")
    assert ValueSummary.objects.filter(place_prefix="451024", value_count=0).exists()
    for level in (None, 2, 3):
        result = analytics(
            Query(items=["job_fairs"], periods=P("202001", "2020"), places=[place("45")],
                  level=level)
        )  # fmt: skip
        assert result.values == {}


def _queries(place: Callable[[str], Place]) -> dict[str, Query]:
    from xiezuo.pairings.selectors import pairing_place_group
    from xiezuo.pairings.tests.factories import nanshan_debao

    guangxi, baise = place("45"), place("4510")
    year = P("201701", "201702", "201703", "2017Q1", "2017Q2", "2017Q3", "2017Q4", "2017")
    indicator = Indicator.objects.order_by("code").first()
    assert indicator is not None
    return {
        "by prefecture": Query(items=["workers_placed", "job_fairs"], periods=year,
                               places=[guangxi], level=2),
        "by county": Query(items=["job_fairs"], periods=year, places=[baise], level=3),
        "by township (no summary)": Query(items=["job_fairs"], periods=year, places=[baise],
                                          level=4),
        "both provinces": Query(items=["workers_placed"], periods=P("2017", "2018"),
                                places=[guangxi, place("44")]),
        "every province": Query(items=["job_fairs"], periods=P("2017"),
                                places=list(Place.objects.filter(level=1))),
        "split by poverty": Query(items=["people_trained"], periods=year, places=[guangxi],
                                  level=2, split="poverty"),
        "one option": Query(items=["people_trained[poverty=poor]"], periods=year,
                            places=[guangxi], level=3),
        "average": Query(items=["workers_placed"], periods=year, places=[guangxi], level=2,
                         aggregation="average"),
        "count": Query(items=["job_fairs"], periods=year, places=[baise], aggregation="count"),
        "filters": Query(items=["workers_placed"], periods=year, places=[guangxi, baise],
                         periods_as_filter=True, places_as_filter=True),
        "a province's reader": Query(items=["job_fairs", "workers_placed"], periods=year,
                                     places=[guangxi, place("44")], level=2,
                                     unapproved_within=("45",)),
        "a county's reader": Query(items=["job_fairs", "workers_placed"], periods=year,
                                   places=[guangxi], level=3, unapproved_within=("451024",)),
        "a pairing": Query(items=["job_fairs"], periods=P("2017Q1", "2017Q2"), places=[],
                           groups=[pairing_place_group(nanshan_debao())]),
        "an indicator": Query(items=[indicator.code], periods=P("2017", "2018"),
                              places=[guangxi], level=2),
        "value conditions (no summary)": Query(items=["workers_placed"], periods=year,
                                               places=[guangxi], level=2,
                                               value_criteria=[("GE", Decimal(10))]),
    }  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["by prefecture", "by county", "by township (no summary)", "both provinces",
     "every province", "split by poverty", "one option", "average", "count", "filters",
     "a province's reader", "a county's reader", "a pairing", "an indicator",
     "value conditions (no summary)"],
)  # fmt: skip
def test_the_engine_answers_the_same_from_the_summary_and_from_the_values(
    name, place, monkeypatch, values_off_the_county_grid
):
    query = _queries(place)[name]
    with CaptureQueriesContext(connection) as read:
        from_summary = analytics(query)
    used = any(ValueSummary._meta.db_table in q["sql"] for q in read.captured_queries)
    assert used == ("no summary" not in name)
    monkeypatch.setattr(Engine, "use_summary", False)
    from_values = analytics(query)
    assert from_values.values, "a comparison of nothing"
    # equal, and written alike (4 decimals, as a sum of the values gives them)
    assert {c: str(v) for c, v in from_summary.values.items()} == {
        c: str(v) for c, v in from_values.values.items()
    }
    assert from_summary.hidden == from_values.hidden
