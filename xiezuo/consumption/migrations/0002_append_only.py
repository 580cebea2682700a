"""Certification steps and sales are only ever added: on PostgreSQL a trigger refuses to
change or delete them (the models and their querysets refuse it everywhere)."""

from django.db import migrations

from xiezuo.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("consumption", "0001_initial")]

    operations = [
        append_only_trigger(
            "consumption_certificationstep",
            "certification steps are append-only: record the next step",
        ),
        append_only_trigger("consumption_sale", "sales are append-only: record a reversal"),
    ]
