"""Writing values: every change keeps its history; batches are summarised as DHIS2 does."""

import contextlib
import dataclasses

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from xiezuo.indicators.checking import ValueChecker
from xiezuo.indicators.models import DataValue, DataValueChange
from xiezuo.indicators.services import value_delete, value_set, values_write
from xiezuo.indicators.services import values as services
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db


def test_an_update_and_a_delete_keep_who_when_old_and_new(clerk):
    cell = {"element": "job_fairs", "place": "451024", "period": "201901"}
    value_set(actor=clerk, value="2", **cell)
    value_set(actor=clerk, value="5", **cell)
    value_delete(actor=clerk, **cell)
    changes = list(DataValueChange.objects.filter(period="201901", place__code="451024"))
    assert [(c.action, c.old_value, c.new_value) for c in changes] == [
        ("delete", "5", ""),
        ("update", "2", "5"),
    ]
    assert all(c.changed_by == clerk for c in changes)
    assert not DataValue.objects.filter(
        period="201901", place__code="451024", data_element__code="job_fairs"
    ).exists()


def test_saving_the_same_value_again_changes_nothing(clerk):
    cell = {"element": "job_fairs", "place": "451024", "period": "201901", "value": "2"}
    value_set(actor=clerk, **cell)
    value_set(actor=clerk, **cell)
    assert not DataValueChange.objects.filter(period="201901").exists()


def test_strategies_create_update_and_delete_as_dhis2_does():
    checker = ValueChecker()
    existing = checker.check(element="job_fairs", place="451024", period="201901", value="2")
    fresh = checker.check(element="job_fairs", place="451026", period="201901", value="3")
    assert values_write(cleans=[existing]).imported == 1
    changed = checker.check(element="job_fairs", place="451024", period="201901", value="4")
    create_only = values_write(cleans=[changed, fresh], strategy="CREATE")
    assert (create_only.imported, create_only.ignored) == (1, 1)
    update_only = values_write(cleans=[changed], strategy="UPDATE")
    assert update_only.updated == 1
    deleted = values_write(cleans=[changed, fresh], strategy="DELETE")
    assert deleted.deleted == 2


def test_a_dry_run_writes_nothing():
    checker = ValueChecker()
    clean = checker.check(element="job_fairs", place="451024", period="201901", value="2")
    summary = values_write(cleans=[clean], dry_run=True)
    assert summary.imported == 1
    assert not DataValue.objects.filter(
        period="201901", place__code="451024", data_element__code="job_fairs"
    ).exists()


# --- PostgreSQL: an import's foreign keys are checked once per batch, not per row

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's foreign-key triggers"
)


def _cells(count: int) -> list:
    checker = ValueChecker()
    places = list(Place.objects.filter(code__startswith="4510", level=4)[:count])
    return [
        checker.check(element="job_fairs", place=place.code, period="201901", value="1")
        for place in places
    ]


@postgres_only
def test_a_batch_locks_what_it_refers_to_as_the_foreign_keys_would():
    cells = _cells(3)
    with services.values_bulk_key_checks():
        assert values_write(cleans=cells).imported == 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xmax::text = pg_current_xact_id()::text FROM places_place WHERE id = %s",
            [cells[0].place_id],
        )
        assert cursor.fetchone() == (True,)  # locked FOR KEY SHARE until the commit
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone() == ("origin",)  # the triggers are back on after the COPY


@postgres_only
@pytest.mark.parametrize("per_batch", [True, False], ids=["per batch", "per row"])
def test_a_value_of_a_place_that_does_not_exist_is_refused(per_batch):
    cells = _cells(3)
    cells[1] = dataclasses.replace(cells[1], place_id=999_999_999)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as an import does
    checks = services.values_bulk_key_checks() if per_batch else contextlib.nullcontext()
    with pytest.raises(IntegrityError), transaction.atomic(), checks:
        values_write(cleans=cells)


@postgres_only
def test_a_trigger_of_its_own_on_the_values_keeps_the_per_row_checks():
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION pg_temp.refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused by a trigger'; END $$; "
            "CREATE TRIGGER refuse BEFORE INSERT ON indicators_datavalue "
            "FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse()"
        )
    cells = _cells(3)
    with (
        pytest.raises(DatabaseError, match="refused by a trigger"),
        transaction.atomic(),
        services.values_bulk_key_checks(),
    ):
        values_write(cleans=cells)


@postgres_only
def test_a_role_that_may_not_turn_triggers_off_keeps_the_per_row_checks():
    with connection.cursor() as cursor:
        assert services._triggers_may_be_replaced(cursor) == "origin"
        cursor.execute(
            "CREATE ROLE xiezuo_test_plain; "
            "GRANT INSERT ON indicators_datavalue TO xiezuo_test_plain; "
            "SET LOCAL ROLE xiezuo_test_plain"
        )
        assert services._triggers_may_be_replaced(cursor) is None
