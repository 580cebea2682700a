"""The province on the values, their summary and their history: the key a distributed
database shards them by (docs/scaling.md). Every writer gives it, the database holds it
equal to the place's code, and every statement of the engine and of the import names it."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from xiezuo.indicators import models as models_module
from xiezuo.indicators import services
from xiezuo.indicators.analytics import Query, analytics, raw_values
from xiezuo.indicators.models import (
    PROVINCES_NAMED_UP_TO,
    DataValue,
    DataValueChange,
    ValueSummary,
)
from xiezuo.periods import parse
from xiezuo.places.models import Place

from .factories import run_import, save_value
from .test_summaries import assert_summary_matches_the_values, raw_insert

pytestmark = pytest.mark.django_db

TABLES = (DataValue._meta.db_table, ValueSummary._meta.db_table)


def statements_on_the_values(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if any(table in q["sql"] for table in TABLES)
        and q["sql"].lstrip().upper().startswith("SELECT")
        and "sqlite_master" not in q["sql"]
    ]


def test_every_writer_gives_the_province_of_the_place(make_user):
    save_value("job_fairs", "451024", "201901", 2)  # the entry
    save_value("job_fairs", "451024", "201901", 3)  # changed: a line of history
    run_import(
        make_user("administrator"),
        [{"dataElement": "job_fairs", "period": "201902", "orgUnit": "440305", "value": "4"}],
    )
    services.value_delete(actor=None, element="job_fairs", place="440305", period="201902")
    assert DataValue.objects.get(place_code="451024", period="201901").province == "45"
    changes = DataValueChange.objects.filter(period__in=["201901", "201902"])
    assert {(c.place.code[:2], c.province) for c in changes} == {("45", "45"), ("44", "44")}
    # the summary's rows carry their prefix's province, at every prefix length
    rows = ValueSummary.objects.filter(start_month=parse("201901").start)
    assert rows.exists()
    assert all(row.province == row.place_prefix[:2] for row in rows)
    assert_summary_matches_the_values()


def test_the_database_refuses_a_province_other_than_the_places():
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_insert("job_fairs", "451024", "201903", Decimal(1), province="44")
    with pytest.raises(IntegrityError), transaction.atomic():
        DataValue.objects.filter(place_code="451024").update(province="44")
    assert not DataValue.objects.filter(place_code__startswith="45").exclude(province="45")


def test_the_engine_names_the_provinces_it_reads(place):
    guangxi, guangdong = place("45"), place("44")
    year = [parse("2017"), parse("201701")]
    for query, provinces in [
        (Query(items=["workers_placed"], periods=year, places=[guangxi], level=3), ["45"]),
        (Query(items=["workers_placed"], periods=year, places=[guangxi, guangdong]), None),
        (Query(items=["job_fairs"], periods=year, places=[place("4510")], level=4), ["45"]),
        # approved-only answers read the values one by one (`_leaves`)
        (Query(items=["workers_placed"], periods=year, places=[guangxi], approved_only=True),
         ["45"]),
    ]:  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            analytics(query)
        statements = statements_on_the_values(queries)
        assert statements
        for sql in statements:
            if provinces is None:  # one statement per root: each names its own
                assert re.search(r"\bprovince\b", sql), sql
            else:
                named = re.findall(r"province\" IN \(([^)]*)\)|province IN \(([^)]*)\)", sql)
                equal = re.findall(r"province\" = '?(\d\d)'?|province = '?(\d\d)'?", sql)
                found = {v for pair in named + equal for part in pair for v in part.split(", ")}
                found = {v.strip("'") for v in found if v}
                assert found == set(provinces), sql


def test_a_statement_over_many_provinces_names_none(monkeypatch):
    # the prefectures of both provinces: many roots of one level, one statement
    prefectures = list(Place.objects.filter(level=2).order_by("code"))
    assert {p.code[:2] for p in prefectures} == {"44", "45"} and len(prefectures) > 3
    query = Query(items=["job_fairs"], periods=[parse("2017")], places=prefectures)
    with CaptureQueriesContext(connection) as queries:
        named = analytics(query)
    (sql,) = statements_on_the_values(queries)
    assert re.search(r"province IN \('?44'?, '?45'?\)", sql), sql
    # past PROVINCES_NAMED_UP_TO (the country's 31) it names none: the same answer
    monkeypatch.setattr(models_module, "PROVINCES_NAMED_UP_TO", 1)
    with CaptureQueriesContext(connection) as queries:
        unnamed = analytics(query)
    (sql,) = statements_on_the_values(queries)
    assert "province" not in sql
    assert unnamed.values == named.values and named.values
    assert PROVINCES_NAMED_UP_TO < 31


def test_raw_values_name_the_province(place):
    query = Query(items=["job_fairs"], periods=[parse("2017")], places=[place("4510")])
    with CaptureQueriesContext(connection) as queries:
        found = raw_values(query)
    assert found
    (sql,) = statements_on_the_values(queries)
    assert re.search(r"province\"? = '?45'?", sql), sql


def test_the_import_reads_and_writes_one_province_at_a_time(make_user):
    save_value("job_fairs", "451024", "201901", 2)
    save_value("job_fairs", "440305", "201901", 2)
    with CaptureQueriesContext(connection) as queries:
        summary = run_import(
            make_user("administrator"),
            [
                {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": 5},
                {"dataElement": "job_fairs", "period": "201901", "orgUnit": "440305", "value": 6},
            ],
        )
    assert summary.updated == 2
    sql = [q["sql"] for q in queries.captured_queries]
    lookups = [s for s in sql if "period" in s and "place_id" in s and s.startswith("SELECT")]
    lookups = [s for s in lookups if DataValue._meta.db_table in s]
    assert len(lookups) == 2 and all("province" in s for s in lookups), lookups
    updates = [s for s in sql if f"UPDATE {DataValue._meta.db_table}" in s]
    assert updates and all("AND province = " in s for s in updates), updates


def test_the_scaling_plan_names_the_schema_as_it_is():
    from django.conf import settings

    plan = (Path(settings.BASE_DIR).parent / "docs" / "scaling.md").read_text()
    migration = Path(__file__).parents[1] / "migrations" / "0011_value_province.py"
    assert migration.exists() and migration.name in plan
    for model in (DataValue, ValueSummary):
        for constraint in model._meta.constraints:
            if constraint.name != "period_order":
                assert f"`{constraint.name}`" in plan, constraint.name
    assert f"reads {PROVINCES_NAMED_UP_TO} provinces or fewer" in plan
    assert "`DataValue.objects.at(place)`" in plan


def test_the_exports_name_the_provinces_of_the_places_selected(make_user):
    from xiezuo.indicators import exports
    from xiezuo.indicators.models import DataSet

    save_value("job_fairs", "451024", "201901", 2)
    services.value_delete(actor=None, element="job_fairs", place="451024", period="201901")
    save_value("job_fairs", "451024", "201902", 3)
    data_set = DataSet.objects.get(data_elements__code="job_fairs", code="LABOUR")
    selection = exports.Selection(
        data_set=data_set,
        places=list(Place.objects.filter(code="4510")),
        periods=[parse("201901"), parse("201902")],
        children=True,
        id_scheme="CODE",
        include_deleted=True,
    )
    with CaptureQueriesContext(connection) as queries:
        rows = list(exports.rows(selection))
    assert {(row.period, row.place) for row in rows} >= {("201901", "451024"), ("201902", "451024")}
    reads = [
        q["sql"]
        for q in queries.captured_queries
        # on PostgreSQL the values are read through a server-side cursor (DECLARE … SELECT)
        if "SELECT" in q["sql"]
        and ("indicators_datavalue" in q["sql"] or "indicators_datavaluechange" in q["sql"])
    ]
    assert len(reads) >= 3, reads  # the values, the deleted ones, the values entered again
    assert all(re.search(r"province\"? IN \('?45'?\)", sql) for sql in reads), reads


def test_the_single_cell_reads_name_the_province(make_user, place):
    from xiezuo.indicators.models import DataElement, DataSet
    from xiezuo.indicators.selectors import grid_cell, report_took_part, value_history
    from xiezuo.reports.profile import latest_year

    clerk = make_user("administrator")
    save_value("job_fairs", "451024", "201901", 2)
    county, element = place("451024"), DataElement.objects.get(code="job_fairs")
    period, data_set = parse("201901"), DataSet.objects.get(code="LABOUR")
    reads = {
        "history": lambda: value_history(element=element, place=county, period=period, key=""),
        "grid cell": lambda: grid_cell(
            element=element, key="", place=county, period=period, may_enter=True
        ),
        "took part": lambda: report_took_part(clerk, data_set, county, period),
        "profile's year": lambda: latest_year(county),
    }
    for name, read in reads.items():
        with CaptureQueriesContext(connection) as queries:
            read()
        sql = [q["sql"] for q in queries.captured_queries if "indicators_datavalue" in q["sql"]]
        assert sql, name
        assert all(re.search(r"province\"? (= |IN \()'?45'?", s) for s in sql), (name, sql)


def test_the_migration_fills_the_province_of_the_rows_stored_before_it():
    import importlib

    migration = importlib.import_module("xiezuo.indicators.migrations.0011_value_province")
    save_value("job_fairs", "451024", "201901", 2)
    save_value("job_fairs", "451024", "201901", 3)  # a line of history
    DataValueChange.objects.update(province="")  # as before the column (no check holds it)

    class Editor:  # what the migration's functions ask of a schema editor
        def execute(self, sql: str, params: object = None) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

    migration.fill(None, Editor())
    changes = DataValueChange.objects.select_related("place")
    assert changes.exists()
    assert all(change.province == change.place.code[:2] for change in changes)
