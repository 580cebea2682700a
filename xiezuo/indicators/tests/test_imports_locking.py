"""An import does not lock everyone out: the file is read and checked outside the
write transaction, which opens only to write what was checked; a dry run, and a
file refused under atomicMode ALL, never open it (on SQLite, the one write lock)."""

from __future__ import annotations

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xiezuo.indicators.imports import ImportOptions, pipeline, values_import
from xiezuo.indicators.models import DataValue

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "BEGIN", "COPY", "SET CONSTRAINTS")


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH", 5)  # a file of many batches, quickly


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["451024"])


def months(count: int, value: str = "3") -> list[dict]:
    return [
        {"dataElement": "job_fairs", "period": f"2019{i + 1:02d}",
         "orgUnit": "451024", "value": value}
        for i in range(count)
    ]  # fmt: skip


def run(user, values, **options):
    data = json.dumps({"dataValues": values}).encode()
    return values_import(
        source=io.BytesIO(data), fmt="json", actor=user, options=ImportOptions(**options)
    )


def stored():
    return DataValue.objects.filter(
        data_element__code="job_fairs", place__code="451024", period__startswith="2019"
    )


def statements(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"].lstrip().upper() for query in queries.captured_queries]


def test_a_dry_run_of_many_batches_writes_nothing_and_opens_no_transaction(clerk):
    run(clerk, months(4, "1"))
    with CaptureQueriesContext(connection) as queries:
        summary = run(clerk, months(12, "2"), dry_run=True)
    assert (summary.imported, summary.updated) == (8, 4)
    assert [sql for sql in statements(queries) if sql.startswith(WRITES)] == []
    assert sorted(set(stored().values_list("value", flat=True))) == [1]


def test_the_file_is_checked_before_the_write_transaction_opens(clerk):
    with CaptureQueriesContext(connection) as queries:
        summary = run(clerk, months(12))
    assert summary.imported == 12 and stored().count() == 12
    sql = statements(queries)
    opened = [i for i, text in enumerate(sql) if text.startswith(("SAVEPOINT", "BEGIN"))]
    assert len(opened) == 1  # one transaction for the whole file: all or nothing
    # what the checks read (elements, places, scope) is read before it; inside, only
    # the values themselves (found, written, their history)
    closed = next(i for i, text in enumerate(sql) if text.startswith(("RELEASE", "COMMIT")))
    inside = sql[opened[0] + 1 : closed]
    assert all(
        "INDICATORS_DATAVALUE" in text
        or "FOR KEY SHARE" in text  # PostgreSQL: the batch's foreign keys, as it is written
        or text.startswith(("PRAGMA", "SET", "RELEASE", "COPY"))
        # SQLite: the summary's row trigger is set aside while a batch is inserted
        or text.startswith("DROP TRIGGER VALUE_SUMMARY_INSERT")
        for text in inside
    ), [text[:80] for text in inside if "INDICATORS_DATAVALUE" not in text]


def test_a_value_refused_under_atomic_mode_all_never_opens_the_transaction(clerk):
    values = months(12)
    values[10]["value"] = "many"
    with CaptureQueriesContext(connection) as queries:
        summary = run(clerk, values)
    assert summary.conflict_count == 1 and summary.imported == 0
    assert [sql for sql in statements(queries) if sql.startswith(WRITES)] == []
    assert not stored().exists()


def test_atomic_mode_none_keeps_the_good_values_of_every_batch(clerk):
    values = months(12)
    values[10]["value"] = "many"
    summary = run(clerk, values, atomic_mode="NONE")
    assert summary.conflict_count == 1 and summary.imported == 11
    assert stored().count() == 11
