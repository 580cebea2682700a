# The province (the first two digits of the place's code) on the values, their summary and
# their history: the key a distributed PostgreSQL (Citus) shards them by, co-located
# (docs/scaling.md). Citus wants it in every unique key and given by every insert, so
# the keys `one_value_per_cell` and `one_summary_per_key` gain it (the province is a
# function of the place and of the prefix: the wider keys admit exactly the rows the
# narrower ones did), checks hold it equal to the code's, and the summary triggers of
# migration 0010 are created again to carry it (their ON CONFLICT names the new key).
#
# The triggers are dropped first: SQLite rebuilds a table to change its constraints, and
# the rebuild would drop them anyway; the fill then writes no summary rows.

import django.db.models.functions.text
from django.db import migrations, models

VALUES = "indicators_datavalue"
SUMMARY = "indicators_valuesummary"
CHANGES = "indicators_datavaluechange"
KEY = "data_element_id, prefix_len, place_prefix, start_month, end_month, disaggregation, derived"
EVENTS = ("insert", "update", "delete")
PG_UNITS = "(r.value * 10000)::bigint"
SQLITE_UNITS = "CAST(ROUND({row}.value * 10000) AS INTEGER)"


def _key(province: bool) -> str:
    return f"{KEY}, province" if province else KEY


def _rows(table: str, sign: str, province: bool) -> str:
    """The summary's key and (units, count) of each value of `table`, × each prefix length."""
    return (
        f"SELECT r.data_element_id, n.len AS prefix_len, SUBSTR(r.place_code, 1, n.len), "
        f"r.start_month, r.end_month, r.disaggregation, r.source LIKE 'derived:%', "
        f"{'r.province, ' if province else ''}{sign}{PG_UNITS}, {sign}1 "
        f"FROM {table} r CROSS JOIN (VALUES (2), (4), (6)) AS n(len) "
        f"WHERE r.value IS NOT NULL"
    )


def _pg_function(event: str, province: bool) -> str:
    changes = {
        "insert": [_rows("new_rows", "", province)],
        "update": [_rows("new_rows", "", province), _rows("old_rows", "-", province)],
        "delete": [_rows("old_rows", "-", province)],
    }[event]
    key = _key(province)
    return f"""
CREATE FUNCTION value_summary_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {SUMMARY} ({key}, total_units, value_count)
    SELECT {key}, SUM(units), SUM(n_values)
    FROM ({" UNION ALL ".join(changes)}) AS changes ({key}, units, n_values)
    GROUP BY {key}
    HAVING SUM(units) <> 0 OR SUM(n_values) <> 0
    ORDER BY {key}
    ON CONFLICT ({key}) DO UPDATE SET
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


def _sqlite_upsert(row: str, sign: str, province: bool) -> str:
    units = SQLITE_UNITS.format(row=row)
    key = _key(province)
    # "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join
    return (
        f"INSERT INTO {SUMMARY} ({key}, total_units, value_count) "
        f"SELECT {row}.data_element_id, n.len, SUBSTR({row}.place_code, 1, n.len), "
        f"{row}.start_month, {row}.end_month, {row}.disaggregation, "
        f"{row}.source LIKE 'derived:%', {f'{row}.province, ' if province else ''}"
        f"{sign}{units}, {sign}1 "
        f"FROM (SELECT 2 AS len UNION ALL SELECT 4 UNION ALL SELECT 6) AS n "
        f"WHERE {row}.value IS NOT NULL "
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"total_units = total_units + excluded.total_units, "
        f"value_count = value_count + excluded.value_count;"
    )


def _sqlite_trigger(event: str, province: bool) -> str:
    body = {
        "insert": [_sqlite_upsert("NEW", "", province)],
        "update": [_sqlite_upsert("OLD", "-", province), _sqlite_upsert("NEW", "", province)],
        "delete": [_sqlite_upsert("OLD", "-", province)],
    }[event]
    # an update that changes none of the summary's inputs (a comment) leaves it alone
    columns = (
        " OF value, place_code, data_element_id, start_month, end_month, disaggregation, source"
        + (", province" if province else "")
        if event == "update"
        else ""
    )
    return (
        f"CREATE TRIGGER value_summary_{event} AFTER {event.upper()}{columns} ON {VALUES} "
        f"FOR EACH ROW BEGIN {' '.join(body)} END;"
    )


def _create(schema_editor, province: bool) -> None:
    vendor = schema_editor.connection.vendor
    for event in EVENTS:
        if vendor == "postgresql":
            schema_editor.execute(_pg_function(event, province), params=None)
            schema_editor.execute(_pg_trigger(event), params=None)
        elif vendor == "sqlite":
            schema_editor.execute(_sqlite_trigger(event, province), params=None)
        else:
            raise NotImplementedError(f"no summary triggers for {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for event in EVENTS:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER value_summary_{event} ON {VALUES}", params=None)
            schema_editor.execute(f"DROP FUNCTION value_summary_{event}()", params=None)
        else:
            schema_editor.execute(f"DROP TRIGGER value_summary_{event}", params=None)


def create_triggers(apps, schema_editor):
    _create(schema_editor, province=True)


def create_triggers_before(apps, schema_editor):
    _create(schema_editor, province=False)


def fill(apps, schema_editor):
    for sql in (
        f"UPDATE {VALUES} SET province = SUBSTR(place_code, 1, 2)",
        f"UPDATE {SUMMARY} SET province = SUBSTR(place_prefix, 1, 2)",
        f"UPDATE {CHANGES} SET province = (SELECT SUBSTR(p.code, 1, 2) FROM places_place p "
        f"WHERE p.id = {CHANGES}.place_id)",
    ):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0010_value_summary_triggers"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers_before),
        migrations.AddField(
            model_name="datavalue",
            name="province",
            field=models.CharField(default="", editable=False, max_length=2),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="valuesummary",
            name="province",
            field=models.CharField(default="", max_length=2),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="datavaluechange",
            name="province",
            field=models.CharField(default="", max_length=2),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="datavalue", name="one_value_per_cell"),
        migrations.AddConstraint(
            model_name="datavalue",
            constraint=models.UniqueConstraint(
                fields=("data_element", "place", "period", "disaggregation", "province"),
                name="one_value_per_cell",
            ),
        ),
        migrations.AddConstraint(
            model_name="datavalue",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("province", django.db.models.functions.text.Substr("place_code", 1, 2))
                ),
                name="value_province",
            ),
        ),
        migrations.RemoveConstraint(model_name="valuesummary", name="one_summary_per_key"),
        migrations.AddConstraint(
            model_name="valuesummary",
            constraint=models.UniqueConstraint(
                fields=(
                    "data_element",
                    "prefix_len",
                    "place_prefix",
                    "start_month",
                    "end_month",
                    "disaggregation",
                    "derived",
                    "province",
                ),
                name="one_summary_per_key",
            ),
        ),
        migrations.AddConstraint(
            model_name="valuesummary",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("province", django.db.models.functions.text.Substr("place_prefix", 1, 2))
                ),
                name="summary_province",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
