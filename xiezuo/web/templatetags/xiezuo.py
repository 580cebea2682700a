"""Template helpers available in every template (registered as builtins)."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from xiezuo import numbers
from xiezuo.accounts import policy
from xiezuo.language import in_english

register = template.Library()


@register.filter
def cn(value: Any) -> str:
    """A figure in 万/亿."""
    return numbers.format_cn(value)


@register.filter
def money(value: Any) -> str:
    """An exact amount to the fen: 1,234,567.50."""
    return "" if value is None else numbers.money(value)


@register.filter
def percent(value: float | None) -> str:
    """A share (0.456) as a percentage: 45.6%."""
    return numbers.percent(value)


@register.simple_tag(takes_context=True)
def can(context: template.Context, action: str, obj: Any = None) -> bool:
    """{% can "pairing.update" pairing as allowed %}: ask the policy from a template."""
    return policy.can(context["request"].user, action, obj)


@register.simple_tag(takes_context=True)
def can_anywhere(context: template.Context, action: str) -> bool:
    """{% can_anywhere "pairing.create" as allowed %}: may the user do it to anything at all?"""
    return policy.can_anywhere(context["request"].user, action)


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@register.filter(needs_autoescape=True)
def in_own_language(value: Any, autoescape: bool = True) -> str:
    """Text people entered (a work item's title, an organisation's name) marked with its
    language where it is not the page's: Chinese on an English page is wrapped in
    <span lang="zh-Hans">, so that a screen reader reads it with a Chinese voice (WCAG
    3.1.2). Text in the page's language, and text without a Chinese character on a
    Chinese page (a code, a number), is left as it is."""
    text = "" if value is None else str(value)
    shown = conditional_escape(text) if autoescape else text
    if text and in_english() and _HAN.search(text):
        return mark_safe(f'<span lang="zh-Hans">{shown}</span>')
    return mark_safe(shown) if autoescape else shown
