"""Which of a record's two names to show: English when the user's language is
English, Chinese (the default) otherwise."""

from __future__ import annotations

from django.utils.translation import get_language


def in_english() -> bool:
    return (get_language() or "").startswith("en")


def pick(zh: str, en: str) -> str:
    """The Chinese or the English text, by the active language."""
    return en if in_english() else zh
