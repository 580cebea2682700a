from django.db import migrations, models

import xiezuo.uids


class Migration(migrations.Migration):
    """Import jobs get DHIS2's job id. The column is added without a default so
    that existing jobs keep NULL (a single default would repeat a unique value);
    new jobs then get a random UID."""

    dependencies = [
        ("indicators", "0004_data_set_organisations"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="uid",
            field=models.CharField(editable=False, max_length=11, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="uid",
            field=models.CharField(
                default=xiezuo.uids.generate_uid,
                editable=False,
                max_length=11,
                null=True,
                unique=True,
            ),
        ),
    ]
