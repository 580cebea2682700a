"""The frame every DHIS2-compatible endpoint runs in: who is calling (through
`xiezuo.accounts.api_auth`: Basic, ApiToken, Bearer or the session with its
CSRF check), the user's language, and DHIS2's error shape for what goes wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from xiezuo.accounts.api_auth import SAFE_METHODS, authenticate_request, csrf_refused
from xiezuo.bodies import BodyRefused

from .fields import QueryError
from .webmessages import WebMessageError, web_message


def _language(request: HttpRequest) -> str:
    """DHIS2's `locale` parameter, else what LocaleMiddleware chose (Accept-Language, cookie)."""
    locale = (request.GET.get("locale") or "").strip().lower().replace("_", "-")
    if locale.startswith("en"):
        return "en"
    if locale.startswith("zh"):
        return "zh-hans"
    return translation.get_language() or "zh-hans"


def unauthorized(request: HttpRequest) -> HttpResponse:
    """401. Programs are challenged to send Basic credentials; browsers are not.

    A browser that asked its user for Basic credentials would send them by
    itself with every later request, cross-site forms included, and Basic
    requests skip the CSRF check. Browsers announce themselves with
    Sec-Fetch-* headers, so they get a challenge they will not prompt for.
    """
    response = web_message(401, _("Sign in, or send a valid API token."))
    browser = "Sec-Fetch-Mode" in request.headers or "X-Requested-With" in request.headers
    scheme = "ApiToken" if browser else "Basic"
    response["WWW-Authenticate"] = f'{scheme} realm="Xiezuo"'
    return response


def endpoint(
    *methods: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Authenticate, check CSRF for session writes, choose the language, map errors.

    The wrapped view receives `request.user` set to the caller (so the audit
    trail names them) and answers DHIS2 error messages for what it raises.
    """
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            kwargs.pop("version", None)  # /api/40/… is /api/…
            user, how = authenticate_request(request)
            if user is None:
                return unauthorized(request)
            request.user = user
            if request.method not in allowed:
                return web_message(405, _("This resource does not accept %s.") % request.method)
            if how == "session" and request.method not in SAFE_METHODS and csrf_refused(request):
                return web_message(403, _("The request was refused: its CSRF token is missing."))
            with translation.override(_language(request)):
                try:
                    return view(request, *args, **kwargs)
                except WebMessageError as exc:
                    return web_message(exc.status, exc.message, exc.error_code)
                except BodyRefused as exc:
                    return web_message(exc.status, exc.message)
                except QueryError as exc:
                    return web_message(400, str(exc))
                except PermissionDenied as exc:
                    return web_message(403, str(exc) or _("You are not allowed to do this."))
                except Http404 as exc:
                    return web_message(404, str(exc) or _("Not found."))
                except ValidationError as exc:
                    return web_message(409, " ".join(str(m) for m in exc.messages))

        return wrapper

    return decorate
