"""Can the configured keys read the personal information stored? A key changed or lost
(a restore under new keys, an environment file not carried over) would otherwise show
only as a failure on the first page that reads a worker; `migrate` (so `make run`) and
`xiezuo check --database default` say it at once, naming the columns."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.db import connection

from . import crypto
from .fields import encrypted_fields


def unreadable_personal() -> list[str]:
    """The encrypted columns ("app.Model.field") whose first stored value none of the
    configured keys decrypts."""
    unreadable = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            names = set(encrypted_fields(model))
            for field_ in (f for f in model._meta.concrete_fields if f.name in names):
                column = connection.ops.quote_name(str(field_.column))
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(
                    f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL AND {column} <> '' "
                    "LIMIT 1"
                )
                row = cursor.fetchone()
                try:
                    if row:
                        crypto.decrypt(row[0])
                except crypto.InvalidToken:
                    unreadable.append(f"{model._meta.label}.{field_.name}")
    return unreadable


@checks.register(checks.Tags.database)
def personal_keys_read_the_data(databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not databases or "default" not in databases:
        return []
    from django.db.utils import DatabaseError

    try:
        unreadable = unreadable_personal()
    except DatabaseError:  # not migrated yet: nothing stored to read
        return []
    if not unreadable:
        return []
    return [
        checks.Error(
            "XIEZUO_PERSONAL_KEY cannot decrypt the personal information stored in "
            + ", ".join(unreadable),
            hint=(
                "Set XIEZUO_PERSONAL_KEY to the key(s) the data was encrypted with (a "
                "restored backup needs the keys of the installation it came from; "
                "var/personal_key in development)."
            ),
            id="xiezuo.personal.E001",
        )
    ]
