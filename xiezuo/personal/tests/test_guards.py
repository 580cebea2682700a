"""Nothing shows an encrypted field but the presenter: no template prints it, and the audit
trail (which keeps old and new values in plain text) leaves it out."""

from __future__ import annotations

import re
from pathlib import Path

from auditlog.registry import auditlog
from django.apps import apps

from xiezuo.personal.fields import EncryptedTextField, encrypted_fields

PACKAGE = Path(__file__).resolve().parents[2]


def printed_fields(template: str, names: set[str]) -> set[str]:
    """Which of `names` a template prints as `{{ something.name }}` (with or without filters)."""
    found = re.findall(r"\{\{[^}]*?\.(\w+)\s*(?:\||\}\})", template)
    return names & set(found)


def every_encrypted_field_name() -> set[str]:
    return {name for model in apps.get_models() for name in encrypted_fields(model)}


def test_the_scanner_finds_an_encrypted_field_printed_in_a_template():
    names = {"identity", "phone"}
    assert printed_fields("<td>{{ worker.identity }}</td>", names) == {"identity"}
    assert printed_fields("{{ worker.phone|default:'—' }}", names) == {"phone"}
    assert printed_fields("{% shown_identity worker %} {{ worker.name }}", names) == set()


def test_no_template_prints_an_encrypted_field():
    names = every_encrypted_field_name()
    offending = {
        str(path.relative_to(PACKAGE)): sorted(printed_fields(path.read_text(), names))
        for path in PACKAGE.rglob("templates/**/*.html")
    }
    assert not {path: fields for path, fields in offending.items() if fields}


def test_the_audit_trail_leaves_out_every_encrypted_field():
    for model in apps.get_models():
        if not auditlog.contains(model):
            continue
        excluded = set(auditlog.get_model_fields(model)["exclude_fields"])
        assert set(encrypted_fields(model)) <= excluded, model._meta.label


def test_encrypted_fields_names_only_the_encrypted_ones(person_model):
    assert encrypted_fields(person_model) == ["identity", "phone"]
    assert all(
        isinstance(person_model._meta.get_field(name), EncryptedTextField)
        for name in encrypted_fields(person_model)
    )
