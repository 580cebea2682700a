"""The project's JSON API (django-ninja) at /api/v1/: assembles the apps'
routers, authenticates by session or bearer token, and maps errors to
responses in one place.

Every error answers `{"detail": "…", "errors": {"field": ["…"]}}` (errors
only where fields are named), made by `error_response`: the exception
handlers below for what a view raises, and `ApiErrors` for what Django
answers before any view runs (an unknown path, a method the path does not take).
An import's refusal names each bad cell as `"<row>.<column>"`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from http import HTTPStatus
from typing import Annotated, Any, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth
from pydantic import Field

from xiezuo.accounts.services import token_authenticate
from xiezuo.bodies import BodyRefused, refuse_deep_json
from xiezuo.importing import ImportRefused

# A year sent as a parameter (`?year=2024`): one a date can have, so that filtering by it
# cannot overflow (year=105551688300 answered a 500).
Year = Annotated[int, Field(ge=1, le=9999)]


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`, a token made by `xiezuo token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # UTF-8, Chinese as it is written


def _refuse_lone_surrogates(data: Any) -> None:
    """JSON may escape half of a UTF-16 pair (`"\\ud800"`), which is no character: such
    text cannot be stored (it answered a 500), so the body is refused."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise BodyRefused(
                    400,
                    _("The request body holds text that is not valid Unicode (a lone surrogate)."),
                ) from None


class ExactParser(Parser):
    """JSON bodies with every number that has a fraction read as a Decimal, never a float:
    an amount of money sent as 1250.10 arrives as exactly 1250.10. A body nested deeper
    than `bodies.MAX_JSON_DEPTH` is refused before it is parsed."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        refuse_deep_json(request.body)
        try:
            data = json.loads(request.body, parse_float=Decimal)
        except (ValueError, RecursionError):
            raise BodyRefused(400, _("The request body is not valid JSON.")) from None
        _refuse_lone_surrogates(data)
        return cast(dict[str, Any], data)


api = NinjaAPI(
    renderer=Renderer(),
    parser=ExactParser(),
    title="Xiezuo API",
    version="1",
    description="The JSON API of Xiezuo (协作). Authenticate with a browser session "
    "or `Authorization: Bearer <token>`.",
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)

# Pydantic's messages are English; the common ones are given in the user's language.
_PYDANTIC_MESSAGES = {
    "missing": lambda: _("This field is required."),
    "date_from_datetime_parsing": lambda: _("Enter a valid date (YYYY-MM-DD)."),
    "date_parsing": lambda: _("Enter a valid date (YYYY-MM-DD)."),
    "date_type": lambda: _("Enter a valid date (YYYY-MM-DD)."),
    "int_parsing": lambda: _("Enter a whole number."),
    "int_type": lambda: _("Enter a whole number."),
    "string_type": lambda: _("Enter text."),
    "bool_parsing": lambda: _("Enter true or false."),
    "enum": lambda: _("Choose one of the allowed values."),
    "literal_error": lambda: _("Choose one of the allowed values."),
    "json_invalid": lambda: _("The request body is not valid JSON."),
    "decimal_parsing": lambda: _("Enter a number."),
    "decimal_type": lambda: _("Enter a number."),
    "model_attributes_type": lambda: _("The request body must be a JSON object."),
}


def idempotency_key(request: HttpRequest) -> str | None:
    """The client's `Idempotency-Key` header (its id for a write), if it sent one."""
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if len(key) > 200:
        raise DjangoValidationError(
            {"idempotency_key": _("An idempotency key has at most 200 characters.")}
        )
    return key or None


def error_response(
    request: HttpRequest, status: int, detail: str, errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


def _bound_message(error: dict[str, Any]) -> str | None:
    """A number past a bound (`le`, `ge`), in the user's language."""
    ctx = error.get("ctx") or {}
    if error.get("type") == "less_than_equal" and "le" in ctx:
        return _("Enter a number no greater than %(bound)s.") % {"bound": ctx["le"]}
    if error.get("type") == "greater_than_equal" and "ge" in ctx:
        return _("Enter a number no less than %(bound)s.") % {"bound": ctx["ge"]}
    return None


@api.exception_handler(NinjaValidationError)
def _schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query")
        ]
        name = ".".join(loc) or "body"
        message = _PYDANTIC_MESSAGES.get(error.get("type", ""))
        bound = _bound_message(error)
        text = bound or (message() if message else str(error.get("msg", "")))
        errors.setdefault(name, []).append(text)
    return error_response(request, 422, _("Some fields are not valid."), errors)


@api.exception_handler(DjangoValidationError)
def _invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in ms] for field, ms in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return error_response(request, 422, _("Some fields are not valid."), errors)


@api.exception_handler(ImportRefused)
def _refused(request: HttpRequest, exc: ImportRefused) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(f"{error.row}.{error.column}", []).append(error.message)
    return error_response(request, 422, _("The file was refused; nothing was written."), errors)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, str(exc) or _("You are not allowed to do this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, str(exc) or _("Not found."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BodyRefused):  # ninja wraps what the parser raises
        return error_response(request, exc.__cause__.status, exc.__cause__.message)
    return error_response(request, exc.status_code, str(exc))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, _("Sign in, or send a valid API token."))


def _register_routers() -> None:
    from xiezuo.accounts.api import router as accounts_router
    from xiezuo.consumption.api import router as consumption_router
    from xiezuo.exchange.api import router as exchange_router
    from xiezuo.investment.api import router as investment_router
    from xiezuo.labour.api import router as labour_router
    from xiezuo.ledger.api import router as ledger_router
    from xiezuo.occupations.api import router as occupations_router
    from xiezuo.pairings.api import router as pairings_router
    from xiezuo.places.api import organisations_router, places_router
    from xiezuo.plans.api import router as plans_router
    from xiezuo.projects.api import router as projects_router
    from xiezuo.reports.api import router as reports_router
    from xiezuo.reports.assessment.api import router as assessments_router
    from xiezuo.tourism.api import router as tourism_router

    api.add_router("/places", places_router)
    api.add_router("/organisations", organisations_router)
    api.add_router("/pairings", pairings_router)
    api.add_router("/plans", plans_router)
    api.add_router("/projects", projects_router)
    api.add_router("/ledger", ledger_router)
    api.add_router("/investment", investment_router)
    api.add_router("/occupations", occupations_router)
    api.add_router("/labour", labour_router)
    api.add_router("/exchange", exchange_router)
    api.add_router("/consumption", consumption_router)
    api.add_router("/tourism", tourism_router)
    api.add_router("/reports", reports_router)
    api.add_router("/assessments", assessments_router)
    api.add_router("/", accounts_router)


_register_routers()


def _api_error_or_page(
    status: int, page: Callable[..., HttpResponse]
) -> Callable[[HttpRequest, Exception], HttpResponse]:
    """A handler4xx: under /api/ a bare answer that `ApiErrors` turns into JSON, else the page.

    The page is never rendered for the API: its template may fail (a server that has not
    collected its static files) and the client would get a 500 page instead of the error.
    """

    def handler(request: HttpRequest, exception: Exception) -> HttpResponse:
        if request.path.startswith(ApiErrors.PREFIX):
            return HttpResponse(status=status, content_type="text/plain")
        return page(request, exception)

    return handler


bad_request = _api_error_or_page(400, defaults.bad_request)
permission_denied = _api_error_or_page(403, defaults.permission_denied)
page_not_found = _api_error_or_page(404, defaults.page_not_found)


class ApiErrors:
    """Middleware: what Django answers under /api/ outside a view's own JSON, as the API's errors.

    An unknown path (Django's 404 page), a method the path does not take (ninja's
    plain-text 405), a request Django cannot read (its 400 page), a refused CSRF check
    (its 403 page) and the sign-in lock-out (django-axes' 429 page) become JSON in the
    user's language: `error_response`s under /api/v1/, DHIS2 web messages
    (`{"httpStatus", "httpStatusCode", "status", "message"}`) under the rest of /api/.
    """

    PREFIX = "/api/"
    OWN_PREFIX = "/api/v1/"
    KEPT_HEADERS = ("Allow", "Retry-After")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(self.PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response  # a view's own answer
        if not request.path.startswith(self.OWN_PREFIX) and response.status_code not in (
            400,
            403,
            404,  # an unknown path: DHIS2 answers a web message, never a page
            405,
            429,
        ):
            return response  # the DHIS2 API answers its own errors
        message = self.message(request, response)
        if request.path.startswith(self.OWN_PREFIX):
            replaced = error_response(request, response.status_code, message)
        else:
            replaced = _web_message(response.status_code, message)
        for header in self.KEPT_HEADERS:
            if header in response:
                replaced[header] = response[header]
        return replaced

    @staticmethod
    def message(request: HttpRequest, response: HttpResponse) -> str:
        status = response.status_code
        if status == 404:
            return _("Not found: %s") % request.path
        if status == 405:
            return _("This resource does not accept %s.") % request.method
        if status == 403 and getattr(request, "_xiezuo_csrf_failed", False):
            return _(
                "The CSRF check failed: a request signed in by the browser session must "
                "send the CSRF token (or use an API token instead)."
            )
        if status == 403:
            return _("You are not allowed to do this.")
        if status == 429:
            return _("Too many failed sign-ins: try again later.")
        if status == 400:
            return _("The request could not be read.")
        return HTTPStatus(status).phrase


def _web_message(status: int, message: str) -> HttpResponse:
    """DHIS2's error body (as xiezuo.dhis2.webmessages writes it)."""
    body = {
        "httpStatus": HTTPStatus(status).phrase,
        "httpStatusCode": status,
        "status": "ERROR",
        "message": message,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF failure page, with a mark that lets `ApiErrors` say why under /api/."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    request._xiezuo_csrf_failed = True  # type: ignore[attr-defined]
    return django_csrf_failure(request, reason)
