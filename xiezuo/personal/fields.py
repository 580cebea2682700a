"""A model field whose value is encrypted in the database and plain text in Python."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from . import crypto


def encrypted_fields(model: type[models.Model]) -> list[str]:
    """The names of a model's encrypted fields: leave them out of its audit trail
    (`auditlog.register(Worker, exclude_fields=encrypted_fields(Worker))`), which would
    otherwise keep their values in plain text."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet ciphertext (see `crypto`); an empty value is stored empty.

    The column can never be queried by value: a ciphertext differs each time it is
    made, so `filter(identity=...)`, `__contains` or ordering by it would find nothing
    or nonsense, and they are refused with FieldError. Only `__isnull` is allowed. To
    find a record by the value, keep its `crypto.lookup_hash` in a column of its own
    (`identity_hash = models.CharField(max_length=64, unique=True)`) and filter on that.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return crypto.decrypt(value)

    def to_python(self, value: Any) -> Any:
        return value if value is None else str(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted and cannot be searched by value "
            f"({lookup_name}); filter on its lookup hash instead"
        )

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(f"{self.model.__name__}.{self.name} is encrypted: no {lookup_name}")
