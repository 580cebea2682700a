"""Investment in place is append-only in the database too, on PostgreSQL: a trigger refuses
any UPDATE or DELETE of a row (as the ledger's transfers). On SQLite the services and the
model refuse them."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION investment_in_place_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'investment in place is append-only: record a reversal'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER investment_in_place_append_only
    BEFORE UPDATE OR DELETE ON investment_inplacerecord
    FOR EACH ROW EXECUTE FUNCTION investment_in_place_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS investment_in_place_append_only ON investment_inplacerecord;
DROP FUNCTION IF EXISTS investment_in_place_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("investment", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
