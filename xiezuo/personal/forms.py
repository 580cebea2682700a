"""Form fields for personal information: checked and normalised as the services expect."""

from __future__ import annotations

from typing import Any

from django import forms

from .identity import IdentityNumber, identity_clean
from .phones import phone_clean


class IdentityNumberField(forms.CharField):
    """An identity number, cleaned to an `IdentityNumber` (with its date of birth and sex)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 24)  # 18, with room for the spaces people type
        super().__init__(**kwargs)

    def clean(self, value: Any) -> IdentityNumber | str:
        text = super().clean(value)
        return identity_clean(text) if text else text


class PhoneField(forms.CharField):
    """A mobile or landline number, written as `phone_clean` writes it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return phone_clean(text) if text else text
