"""Template helpers available in every template (registered as builtins)."""

from __future__ import annotations

from typing import Any

from django import template

from xiezuo import numbers
from xiezuo.accounts import policy

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
