"""A stand-in for the registries to come: a person with an encrypted identity number and
phone, hanging on a place. Its model lives in an isolated registry and its table is made
in the test's own transaction, so nothing of it outlives the test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from xiezuo.personal.crypto import lookup_hash
from xiezuo.personal.fields import EncryptedTextField
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Place

TABLE = "personal_test_person"
_ID = {"sqlite": "integer PRIMARY KEY AUTOINCREMENT", "postgresql": "serial PRIMARY KEY"}


@pytest.fixture
def person_model(db: Any) -> Any:
    with isolate_apps("xiezuo.personal"):

        class Person(models.Model):
            id = models.AutoField(primary_key=True)
            identity = EncryptedTextField()
            identity_hash = models.CharField(max_length=64, unique=True)
            phone = EncryptedTextField(blank=True)
            place_code = models.CharField(max_length=12)

            class Meta:
                app_label = "personal"
                db_table = TABLE

            def __str__(self) -> str:
                return f"person {self.pk}"

            @property
            def place(self) -> Place:
                return Place.objects.get(code=self.place_code)

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABLE} (id {_ID[connection.vendor]}, identity text NOT NULL, "
            "identity_hash varchar(64) NOT NULL UNIQUE, phone text NOT NULL, "
            "place_code varchar(12) NOT NULL)"
        )
    return Person


@pytest.fixture
def make_person(person_model: Any) -> Callable[..., Any]:
    """make_person(place_code="451024", n=0, phone="13812345678") -> a saved person."""

    def make(place_code: str = "451024", n: int = 0, phone: str = "13812345678") -> Any:
        identity = synthetic_identity(n, date(1990, 5, 17), "female", place_code)
        return person_model.objects.create(
            identity=identity,
            identity_hash=lookup_hash(identity),
            phone=phone,
            place_code=place_code,
        )

    return make


def raw_row(person: Any) -> tuple[str, str, str]:
    """The person's identity, hash and phone columns as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT identity, identity_hash, phone FROM {TABLE} WHERE id = %s", [person.pk]
        )
        return cursor.fetchone()
