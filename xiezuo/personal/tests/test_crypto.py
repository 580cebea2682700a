"""Encryption at rest: the keys, rotation, and the keyed hash that finds duplicates."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from xiezuo.personal import crypto

NUMBER = "11010519491231002X"


def test_a_value_comes_back_from_its_ciphertext_which_differs_each_time():
    first, second = crypto.encrypt(NUMBER), crypto.encrypt(NUMBER)
    assert first != second and NUMBER not in first
    assert crypto.decrypt(first) == crypto.decrypt(second) == NUMBER


def test_the_first_key_encrypts_and_every_key_decrypts(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.XIEZUO_PERSONAL_KEYS = [old]
    made_under_old = crypto.encrypt(NUMBER)
    settings.XIEZUO_PERSONAL_KEYS = [new, old]
    assert crypto.decrypt(made_under_old) == NUMBER
    rotated = crypto.rotate(made_under_old)
    settings.XIEZUO_PERSONAL_KEYS = [new]
    assert crypto.decrypt(rotated) == NUMBER
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(made_under_old)


def test_a_value_cannot_be_read_without_its_key(settings):
    token = crypto.encrypt(NUMBER)
    settings.XIEZUO_PERSONAL_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(token)


def test_the_lookup_hash_finds_the_same_value_and_tells_others_apart():
    assert crypto.lookup_hash(NUMBER) == crypto.lookup_hash(NUMBER)
    assert crypto.lookup_hash(NUMBER) != crypto.lookup_hash("110105194912310029")
    assert len(crypto.lookup_hash(NUMBER)) == 64


def test_the_lookup_hash_is_keyed_not_a_plain_hash(settings):
    keyed = crypto.lookup_hash(NUMBER)
    assert keyed != hashlib.sha256(NUMBER.encode()).hexdigest()
    settings.XIEZUO_PERSONAL_HASH_KEY = "another key"
    assert crypto.lookup_hash(NUMBER) != keyed


def test_rotating_the_encryption_key_leaves_the_lookup_hash_alone(settings):
    keyed = crypto.lookup_hash(NUMBER)
    settings.XIEZUO_PERSONAL_KEYS = [Fernet.generate_key().decode(), *settings.XIEZUO_PERSONAL_KEYS]
    assert crypto.lookup_hash(NUMBER) == keyed


def _settings_in(var: Path, **env: str) -> list[str]:
    script = (
        "from django.conf import settings; "
        "print(','.join(settings.XIEZUO_PERSONAL_KEYS)); print(settings.XIEZUO_PERSONAL_HASH_KEY)"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("XIEZUO_PERSONAL")},
        "XIEZUO_VAR_DIR": str(var),
        **env,
    }
    result = subprocess.run(
        [str(Path(sys.executable).parent / "xiezuo"), "shell", "--no-imports", "-c", script],
        env=environment, capture_output=True, text=True, check=True, cwd=var,
    )  # fmt: skip
    return result.stdout.split()


def test_without_the_environment_the_keys_are_generated_once_into_var(tmp_path):
    keys, hash_key = _settings_in(tmp_path)
    for name in ("personal_key", "personal_hash_key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert (tmp_path / "personal_key").read_text() == keys
    Fernet(keys)  # a valid Fernet key
    assert _settings_in(tmp_path) == [keys, hash_key]


def test_the_environment_gives_the_keys_comma_separated(tmp_path):
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys, hash_key = _settings_in(
        tmp_path, XIEZUO_PERSONAL_KEY=f"{first}, {second}", XIEZUO_PERSONAL_HASH_KEY="h-key"
    )
    assert keys == f"{first},{second}" and hash_key == "h-key"
    assert not (tmp_path / "personal_key").exists()


def test_a_key_made_by_another_process_meanwhile_is_the_one_kept(tmp_path, monkeypatch):
    # two gunicorn workers starting on an empty var/: the second finds no key, makes one,
    # and meanwhile the first has written its own; both must end with the first's
    from xiezuo import settings as module

    monkeypatch.setattr(module, "VAR_DIR", tmp_path)
    monkeypatch.delenv("XIEZUO_TEST_KEY", raising=False)

    def generate() -> str:
        (tmp_path / "test_key").write_text("the first process's key")
        return "the second process's key"

    assert module._kept_key("XIEZUO_TEST_KEY", "test_key", generate) == "the first process's key"
    assert (tmp_path / "test_key").read_text() == "the first process's key"
    assert [p.name for p in tmp_path.iterdir()] == ["test_key"]  # nothing staged left
    made = module._kept_key("XIEZUO_TEST_KEY", "other_key", lambda: "new")
    assert made == "new" and stat.S_IMODE((tmp_path / "other_key").stat().st_mode) == 0o600
