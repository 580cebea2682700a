# A report's file is stored under the report's unguessable uid and served under its own
# name (kept in file_name; a file already stored keeps its path) through a permission-checked view. Reports already on record
# are given a uid each before the column becomes unique.

from pathlib import PurePath

from django.db import migrations, models

import xiezuo.exchange.models
import xiezuo.uids


def give_uids(apps, schema_editor):
    SecondmentReport = apps.get_model("exchange", "SecondmentReport")
    for report in SecondmentReport.objects.filter(uid__isnull=True):
        report.uid = xiezuo.uids.generate_uid()
        report.file_name = PurePath(report.file.name or "").name[:200]
        report.save(update_fields=["uid", "file_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="secondmentreport",
            name="uid",
            field=models.CharField(editable=False, max_length=11, null=True),
        ),
        migrations.AddField(
            model_name="secondmentreport",
            name="file_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="file name"),
        ),
        migrations.RunPython(give_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="secondmentreport",
            name="uid",
            field=models.CharField(
                default=xiezuo.uids.generate_uid, editable=False, max_length=11, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="secondmentreport",
            name="file",
            field=models.FileField(
                blank=True,
                upload_to=xiezuo.exchange.models.report_file_path,
                verbose_name="file",
            ),
        ),
    ]
