"""Fill the English (pinyin) name of the places already loaded, in bulk.

It imports `xiezuo.places.romanization`, a pure function of the Chinese name (no
model), so that the rows filled here read exactly as the ones the loader writes."""

from django.db import migrations

BATCH = 20_000


def fill(apps, schema_editor):
    from xiezuo.places.romanization import english_name

    Place = apps.get_model("places", "Place")
    table = Place._meta.db_table
    connection = schema_editor.connection
    last = 0
    with connection.cursor() as cursor:
        while True:  # by pages of ids: the table is not written while a read is open
            page = list(
                Place.objects.filter(pk__gt=last, name_en="")
                .order_by("pk")
                .values_list("pk", "name")[:BATCH]
            )
            if not page:
                break
            cursor.executemany(
                f"UPDATE {table} SET name_en = %s WHERE id = %s",
                [(english_name(name), pk) for pk, name in page],
            )
            last = page[-1][0]

class Migration(migrations.Migration):
    dependencies = [("places", "0003_place_name_en")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
