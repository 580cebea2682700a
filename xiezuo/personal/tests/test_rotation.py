"""Rotating the encryption key: every value encrypted again under the new key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from xiezuo.personal.crypto import InvalidToken, decrypt, lookup_hash
from xiezuo.personal.services import personal_keys_rotate

from .conftest import raw_row

pytestmark = pytest.mark.django_db


def test_rotating_encrypts_every_value_again_under_the_first_key(
    settings, make_person, person_model
):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.XIEZUO_PERSONAL_KEYS = [old]
    people = [make_person(n=n, phone="13812345678" if n else "") for n in range(3)]
    before = [raw_row(p) for p in people]
    settings.XIEZUO_PERSONAL_KEYS = [new, old]
    assert personal_keys_rotate(only=[person_model]) == {"personal.Person": 3}
    settings.XIEZUO_PERSONAL_KEYS = [new]  # the old key dropped
    for person, (identity, identity_hash, phone) in zip(people, before, strict=True):
        again = person_model.objects.get(pk=person.pk)
        assert again.identity == person.identity and again.phone == person.phone
        now = raw_row(person)
        assert now[0] != identity and now[1] == identity_hash
        assert (now[2] != phone) if person.phone else (now[2] == phone == "")
        assert identity_hash == lookup_hash(person.identity)
    with pytest.raises(InvalidToken):
        decrypt(before[0][0])


def test_the_command_says_how_many_rows_of_each_model_it_encrypted_again(capsys):
    from xiezuo.labour.models import Worker

    call_command("personal", "rotate")
    said = capsys.readouterr().out
    assert f"labour.Worker\t{Worker.objects.count()} rows encrypted again" in said
