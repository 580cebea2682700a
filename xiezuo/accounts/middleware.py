"""Every page needs a signed-in user, except those marked `login_not_required`
and the API, which answers 401 by itself (it also accepts tokens)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest

OPEN_PREFIXES = ("/api/", "/i18n/", "/static/", "/healthz")


class LoginRequired(LoginRequiredMiddleware):
    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> Any:
        if request.path.startswith(OPEN_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
