from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_approval_self_approved"),
    ]

    operations = [
        migrations.AddField(
            model_name="datavalue",
            name="stored_by_name",
            field=models.CharField(blank=True, db_default="", default="", max_length=255),
        ),
    ]
