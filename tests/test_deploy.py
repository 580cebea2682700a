"""Production settings pass Django's deployment checks; the translations are complete."""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
XIEZUO = str(Path(sys.executable).parent / "xiezuo")


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        # as a server is started: not with what the test run set for itself (the browser
        # tests' DJANGO_ALLOW_ASYNC_UNSAFE, which the deployment check rightly refuses)
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "XIEZUO_HTTPS": "1",
        "XIEZUO_SECRET_KEY": "k" * 20 + "-production-secret-" + "x9Q" * 10,
        "XIEZUO_ALLOWED_HOSTS": "xiezuo.example.org",
        "XIEZUO_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [XIEZUO, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_defaults_fail_the_deploy_check(tmp_path):
    env = {**os.environ, "XIEZUO_VAR_DIR": str(tmp_path), "XIEZUO_HTTPS": "0"}
    result = subprocess.run(
        [XIEZUO, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr + result.stdout


def test_every_interface_string_has_a_chinese_translation():
    catalogue = polib.pofile(str(ROOT / "xiezuo/locale/zh_Hans/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert not missing, f"translate these in django.po: {missing}"
    for entry in catalogue.translated_entries():
        for placeholder in ("%(", "%s"):
            assert entry.msgid.count(placeholder) == (
                entry.msgstr or entry.msgstr_plural.get(0, "")
            ).count(placeholder), entry.msgid


def test_the_catalogue_holds_every_string_the_code_marks(tmp_path):
    """makemessages over a copy of the package finds no string missing from django.po."""
    import shutil

    import pytest

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed (.ci/run installs it)")
    copy = tmp_path / "xiezuo"
    shutil.copytree(ROOT / "xiezuo", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            str(Path(sys.executable).parent / "django-admin"),
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "-v0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    kept = {
        e.msgid for e in polib.pofile(str(ROOT / "xiezuo/locale/zh_Hans/LC_MESSAGES/django.po"))
    }
    assert not fresh - kept, f"run makemessages and translate: {sorted(fresh - kept)}"
