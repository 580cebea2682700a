"""Investment in place is append-only in the database too, on PostgreSQL: a trigger refuses
any UPDATE or DELETE of a row (as the ledger's transfers). On SQLite the model and its
queryset refuse them."""

from django.db import migrations

from xiezuo.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("investment", "0001_initial")]
    operations = [
        append_only_trigger(
            "investment_inplacerecord", "investment in place is append-only: record a reversal"
        )
    ]
