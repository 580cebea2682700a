# The triggers that keep indicators_valuesummary equal to a GROUP BY of the stored values,
# in the transaction of every write (ORM, bulk import, raw SQL, COPY), and the summary
# filled from the values already stored. See ValueSummary in models.py.
#
# PostgreSQL: one statement-level trigger per event over its transition tables, one
# set-based upsert per statement (ordered by the key, so that concurrent writers lock
# summary rows in the same order). They are ENABLE ALWAYS: they fire under
# session_replication_role = replica too, which the bulk import sets to skip the
# per-row foreign-key triggers (services/values.py).
# SQLite: row-level triggers, one upsert for the three prefix lengths per row.

from django.db import migrations

VALUES = "indicators_datavalue"
SUMMARY = "indicators_valuesummary"
KEY = "data_element_id, prefix_len, place_prefix, start_month, end_month, disaggregation, derived"
EVENTS = ("insert", "update", "delete")


def _rows(table: str, sign: str, units: str) -> str:
    """The summary's key and (units, count) of each value of `table`, × each prefix length."""
    return (
        f"SELECT r.data_element_id, n.len AS prefix_len, SUBSTR(r.place_code, 1, n.len), "
        f"r.start_month, r.end_month, r.disaggregation, r.source LIKE 'derived:%', "
        f"{sign}{units}, {sign}1 "
        f"FROM {table} r CROSS JOIN (VALUES (2), (4), (6)) AS n(len) "
        f"WHERE r.value IS NOT NULL"
    )


# --- PostgreSQL
PG_UNITS = "(r.value * 10000)::bigint"


def _pg_function(event: str) -> str:
    changes = {
        "insert": [_rows("new_rows", "", PG_UNITS)],
        "update": [_rows("new_rows", "", PG_UNITS), _rows("old_rows", "-", PG_UNITS)],
        "delete": [_rows("old_rows", "-", PG_UNITS)],
    }[event]
    union = " UNION ALL ".join(changes)
    return f"""
CREATE FUNCTION value_summary_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {SUMMARY} ({KEY}, total_units, value_count)
    SELECT {KEY}, SUM(units), SUM(n_values)
    FROM ({union}) AS changes ({KEY}, units, n_values)
    GROUP BY {KEY}
    HAVING SUM(units) <> 0 OR SUM(n_values) <> 0
    ORDER BY {KEY}
    ON CONFLICT ({KEY}) DO UPDATE SET
        total_units = {SUMMARY}.total_units + EXCLUDED.total_units,
        value_count = {SUMMARY}.value_count + EXCLUDED.value_count;
    RETURN NULL;
END $$;
"""


PG_REFERENCING = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}


def _pg_trigger(event: str) -> str:
    return (
        f"CREATE TRIGGER value_summary_{event} AFTER {event.upper()} ON {VALUES} "
        f"REFERENCING {PG_REFERENCING[event]} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION value_summary_{event}();\n"
        f"ALTER TABLE {VALUES} ENABLE ALWAYS TRIGGER value_summary_{event};"
    )


# --- SQLite
SQLITE_UNITS = "CAST(ROUND({row}.value * 10000) AS INTEGER)"


def _sqlite_upsert(row: str, sign: str) -> str:
    units = SQLITE_UNITS.format(row=row)
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join
    return (
        f"INSERT INTO {SUMMARY} ({KEY}, total_units, value_count) "
        f"SELECT {row}.data_element_id, n.len, SUBSTR({row}.place_code, 1, n.len), "
        f"{row}.start_month, {row}.end_month, {row}.disaggregation, "
        f"{row}.source LIKE 'derived:%', {sign}{units}, {sign}1 "
        f"FROM (SELECT 2 AS len UNION ALL SELECT 4 UNION ALL SELECT 6) AS n "
        f"WHERE {row}.value IS NOT NULL "
        f"ON CONFLICT ({KEY}) DO UPDATE SET "
        f"total_units = total_units + excluded.total_units, "
        f"value_count = value_count + excluded.value_count;"
    )


def _sqlite_trigger(event: str) -> str:
    body = {
        "insert": [_sqlite_upsert("NEW", "")],
        "update": [_sqlite_upsert("OLD", "-"), _sqlite_upsert("NEW", "")],
        "delete": [_sqlite_upsert("OLD", "-")],
    }[event]
    # an update that changes none of the summary's inputs (a comment) leaves it alone
    columns = (
        " OF value, place_code, data_element_id, start_month, end_month, disaggregation, source"
        if event == "update"
        else ""
    )
    return (
        f"CREATE TRIGGER value_summary_{event} AFTER {event.upper()}{columns} ON {VALUES} "
        f"FOR EACH ROW BEGIN {' '.join(body)} END;"
    )


# --- filling from the values already stored
def _pg_fill(units: str) -> str:
    return (
        f"INSERT INTO {SUMMARY} ({KEY}, total_units, value_count) "
        f"SELECT {KEY}, SUM(units), SUM(n_values) "
        f"FROM ({_rows(VALUES, '', units)}) AS changes ({KEY}, units, n_values) "
        f"GROUP BY {KEY}"
    )


def _sqlite_fill() -> str:
    # SQLite names no columns of a subquery in its alias: name them in the SELECT
    return (
        f"INSERT INTO {SUMMARY} ({KEY}, total_units, value_count) "
        f"SELECT r.data_element_id, n.len, SUBSTR(r.place_code, 1, n.len), r.start_month, "
        f"r.end_month, r.disaggregation, r.source LIKE 'derived:%', "
        f"SUM({SQLITE_UNITS.format(row='r')}), COUNT(*) "
        f"FROM {VALUES} r CROSS JOIN (SELECT 2 AS len UNION ALL SELECT 4 UNION ALL SELECT 6) n "
        f"WHERE r.value IS NOT NULL "
        f"GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for event in EVENTS:
            schema_editor.execute(_pg_function(event), params=None)
            schema_editor.execute(_pg_trigger(event), params=None)
        schema_editor.execute(_pg_fill(PG_UNITS), params=None)
    elif vendor == "sqlite":
        for event in EVENTS:
            schema_editor.execute(_sqlite_trigger(event), params=None)
        schema_editor.execute(_sqlite_fill(), params=None)
    else:
        raise NotImplementedError(f"no summary triggers for {vendor}")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for event in EVENTS:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS value_summary_{event} ON {VALUES}"
            if vendor == "postgresql"
            else f"DROP TRIGGER IF EXISTS value_summary_{event}",
            params=None,
        )
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS value_summary_{event}()", params=None)
    schema_editor.execute(f"DELETE FROM {SUMMARY}", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_value_summary"),
    ]

    operations = [migrations.RunPython(create, drop)]
