"""{% load personal %}: personal information shown masked, or in full and recorded."""

from __future__ import annotations

from typing import Any

from django import template

from xiezuo.personal import shown

register = template.Library()


@register.simple_tag(takes_context=True)
def shown_identity(context: template.Context, record: Any, field: str = "identity") -> str:
    """{% shown_identity worker %}: 4510**********123X, or the number if the policy allows."""
    return shown.shown_identity(context["request"], record, field)


@register.simple_tag(takes_context=True)
def shown_phone(context: template.Context, record: Any, field: str = "phone") -> str:
    """{% shown_phone worker %}: 138****5678, or the number if the policy allows."""
    return shown.shown_phone(context["request"], record, field)
