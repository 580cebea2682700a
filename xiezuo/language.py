"""Which of a record's two names to show: English when the user's language is
English, Chinese (the default) otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import get_language

if TYPE_CHECKING:
    from xiezuo.periods import Period


def in_english() -> bool:
    return (get_language() or "").startswith("en")


def pick(zh: str, en: str) -> str:
    """The Chinese or the English text, by the active language."""
    return en if in_english() else zh


def period_label(period: Period) -> str:
    """The period as the reader's language writes it: 2018年5月 or May 2018."""
    return pick(period.label_zh, period.label_en)
