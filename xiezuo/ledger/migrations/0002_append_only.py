"""Transfers are append-only in the database too, on PostgreSQL: a trigger refuses any
UPDATE or DELETE of a row. On SQLite the model and its queryset refuse them."""

from django.db import migrations

from xiezuo.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [
        append_only_trigger("ledger_transfer", "ledger transfers are append-only: record a reversal")
    ]
