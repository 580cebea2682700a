# DHIS2's created and lastUpdated for the catalogue: existing rows get the migration's time.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0007_value_stored_by_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="dataelement",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="dataelement",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last updated"),
        ),
        migrations.AddField(
            model_name="dataset",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="dataset",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last updated"),
        ),
        migrations.AddField(
            model_name="dimension",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="dimension",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last updated"),
        ),
        migrations.AddField(
            model_name="dimensionoption",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="dimensionoption",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last updated"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="indicator",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last updated"),
        ),
        migrations.AddField(
            model_name="validationrule",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="validationrule",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last updated"),
        ),
    ]
