"""Records that are only ever added (money moved, investment arrived): never updated, never
deleted — by the model and its queryset everywhere, and on PostgreSQL by a trigger too. A
correction is a new record (a reversal naming the one it reverses)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import migrations, models


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError(f"{self.model._meta.verbose_name_plural} are never changed: {_fix(self)}")

    def delete(self) -> Any:
        raise TypeError(f"{self.model._meta.verbose_name_plural} are never deleted: {_fix(self)}")


def _fix(queryset: AppendOnlyQuerySet) -> str:
    return getattr(queryset.model, "correction", "record a reversal")


class AppendOnly(models.Model):
    """A model whose rows are only added; `correction` says how a mistake is put right."""

    correction: ClassVar[str] = "record a reversal"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError(f"a {self._meta.verbose_name} is never changed: {self.correction}")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"a {self._meta.verbose_name} is never deleted: {self.correction}")


def append_only_trigger(table: str, message: str) -> migrations.RunPython:
    """A migration operation: on PostgreSQL a trigger that refuses any UPDATE or DELETE of
    a row of `table` with `message` (TRUNCATE, which empties the table for tests, is not a
    row change). Nothing on SQLite, where the model and its queryset refuse them."""
    name = f"{table}_append_only"
    create = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return migrations.RunPython(forwards, backwards)
