"""API: `POST /api/v1/reports/progress` answers a generated progress report as a file.

It is a POST because it takes a body, but it writes nothing: a report is computed from
the data at the time of asking, as the caller may see it.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from xiezuo.accounts import policy

from . import selectors
from .documents import FORMATS, report_file
from .models import Language
from .scope import ScopeError, parse_period, scope_get
from .vocabulary import TemplateFailed

router = Router(tags=["reports"])


class ReportRequest(Schema):
    place: str | None = None  # a division code, e.g. "45"
    pairing: str | None = None  # or a pairing's uid
    period: str  # "2018", "2018S1", "201701:201803", ":201806" (as of June 2018)
    language: str = "zh"  # zh or en
    format: str = "pdf"  # pdf, docx or html
    template: str = selectors.DEFAULT_TEMPLATE  # "yearly" (follows place and period) or "record"


@router.post(
    "",
    summary="Generate a progress report as a file (PDF, DOCX or HTML)",
    response={200: None},
)
def generate(request: HttpRequest, payload: ReportRequest) -> HttpResponse:
    policy.require(request.user, "report.generate")
    errors: dict[str, list[str]] = {}
    if payload.format not in FORMATS:
        errors["format"] = [_("Choose pdf, docx or html.")]
    if payload.language not in Language.values:
        errors["language"] = [_("Choose zh or en.")]
    scope = period = template = None
    try:
        scope = scope_get(place=payload.place, pairing=payload.pairing)
    except ScopeError as exc:
        errors[exc.field] = [exc.message]
    try:
        period = parse_period(payload.period)
    except ScopeError as exc:
        errors[exc.field] = [exc.message]
    if not errors:
        template = selectors.template_get(code=payload.template, language=payload.language)
        if template is None:
            errors["template"] = [_("No template has the code “%s”.") % payload.template]
    if errors or scope is None or period is None or template is None:
        raise ValidationError(errors)
    try:
        report = selectors.report_generate(
            template=template,
            scope=scope,
            period=period,
            unapproved_within=policy.unapproved_scope(request.user),
        )
    except TemplateFailed as exc:
        raise ValidationError({"template": [f"{getattr(exc, 'section', '')}: {exc}"]}) from exc
    content, content_type, name = report_file(report, payload.format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
