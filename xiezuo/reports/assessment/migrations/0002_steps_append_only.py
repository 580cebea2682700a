"""An assessment's steps are only ever added: on PostgreSQL a trigger refuses to change or
delete them (the model and its queryset refuse it everywhere)."""

from django.db import migrations

from xiezuo.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [
        append_only_trigger(
            "assessment_step", "assessment steps are append-only: return the assessment"
        ),
    ]
