"""EncryptedTextField: plain text in Python, ciphertext in the database, never searched."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db.migrations.writer import MigrationWriter
from django.db.utils import IntegrityError

from xiezuo.personal.crypto import lookup_hash
from xiezuo.personal.fields import EncryptedTextField

from .conftest import raw_row

pytestmark = pytest.mark.django_db


def test_a_saved_value_reads_back_as_plain_text(make_person, person_model):
    person = make_person(phone="13812345678")
    again = person_model.objects.get(pk=person.pk)
    assert again.identity == person.identity and again.phone == "13812345678"


def test_the_database_column_holds_no_plain_text(make_person):
    person = make_person(phone="13812345678")
    identity, identity_hash, phone = raw_row(person)
    assert person.identity not in identity and person.identity[:6] not in identity
    assert "12345678" not in phone and identity.startswith("gAAAAA")  # a Fernet token
    assert identity_hash == lookup_hash(person.identity) and person.identity not in identity_hash


def test_an_empty_value_is_stored_empty(make_person, person_model):
    person = make_person(phone="")
    assert raw_row(person)[2] == ""
    assert person_model.objects.get(pk=person.pk).phone == ""


def test_the_lookup_hash_finds_a_duplicate(make_person, person_model):
    person = make_person(n=7)
    found = person_model.objects.get(identity_hash=lookup_hash(str(person.identity)))
    assert found.pk == person.pk
    with pytest.raises(IntegrityError):
        make_person(n=7)  # the same number again


@pytest.mark.parametrize("lookup", ["identity", "identity__contains", "identity__startswith"])
def test_an_encrypted_field_cannot_be_searched_by_value(person_model, lookup):
    with pytest.raises(FieldError, match="lookup hash"):
        person_model.objects.filter(**{lookup: "4510"}).count()


def test_only_whether_it_is_null_may_be_asked(make_person, person_model):
    make_person()
    assert person_model.objects.filter(phone__isnull=False).count() == 1


def test_a_migration_writes_the_field_as_its_import_path():
    text, imports = MigrationWriter.serialize(EncryptedTextField(blank=True))
    assert text == "xiezuo.personal.fields.EncryptedTextField(blank=True)"
    assert imports == {"import xiezuo.personal.fields"}
