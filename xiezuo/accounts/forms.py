"""Forms of the account pages (sign-in and password change are Django's own)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100, required=False)
