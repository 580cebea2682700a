"""Pages of the progress report: generate one; the templates, edited with a preview."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from xiezuo.accounts import policy

from . import selectors, services
from .documents import report_file, report_html
from .forms import GenerateForm, sections_from_post
from .models import Language, ReportTemplate
from .scope import ScopeError, parse_period, scope_get
from .vocabulary import TemplateFailed


def report_generate(request: HttpRequest) -> HttpResponse:
    """Choose a scope, a period, a language and a format; the report, computed now."""
    policy.require(request.user, "report.generate")
    form = GenerateForm(request.GET or None, codes=selectors.template_codes())
    context: dict = {"form": form, "templates": selectors.template_list()}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            scope = scope_get(place=data["place"], pairing=data["pairing"])
            period = parse_period(data["period"])
            code = data["template"] or selectors.DEFAULT_TEMPLATE
            template = selectors.template_get(code=code, language=data["language"])
            if template is None:
                raise ScopeError("template", _("No template has the code “%s”.") % code)
            report = selectors.report_generate(
                template=template,
                scope=scope,
                period=period,
                unapproved_within=policy.unapproved_scope(request.user),
            )
        except ScopeError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except TemplateFailed as exc:
            context["template_error"] = f"{getattr(exc, 'section', '')}: {exc}"
        else:
            if data["format"] != "html":
                content, content_type, name = report_file(report, data["format"])
                response = HttpResponse(content, content_type=content_type)
                response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
                return response
            context["report"] = report
            context["report_html"] = report_html(report, standalone=False)
    return render(request, "progress/generate.html", context)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def template_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "report.template.manage")
    return render(request, "progress/template_list.html", {"templates": selectors.template_list()})


def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A template's title and sections; saved only when every section compiles."""
    policy.require(request.user, "report.template.manage")
    template = get_object_or_404(ReportTemplate, pk=pk)
    errors: list[str] = []
    sections = [(s.heading, s.body) for s in template.sections.all()]
    title = template.title
    if request.method == "POST":
        title = request.POST.get("title", "")
        sections = sections_from_post(request.POST)
        try:
            services.template_save(
                code=template.code,
                language=template.language,
                title=title,
                sections=sections,
                template=template,
            )
        except ValidationError as exc:
            errors = [m for messages in exc.message_dict.values() for m in messages]
        else:
            return redirect("progress_template_edit", pk=template.pk)
    return render(
        request,
        "progress/template_edit.html",
        {
            "template": template,
            "title": title,
            "sections": [*sections, ("", "")],
            "errors": errors,
            "languages": Language.choices,
        },
    )


def template_preview(request: HttpRequest) -> HttpResponse:
    """One section's body rendered for a place and period (htmx), or its error by line."""
    policy.require(request.user, "report.template.manage")
    if request.method != "POST":
        raise Http404
    number = request.POST.get("section", "1")
    body = request.POST.get(f"body_{number}", request.POST.get("body", ""))
    context: dict = {}
    try:
        scope = scope_get(place=request.POST.get("place") or "45")
        period = parse_period(request.POST.get("period") or ":201806")
        context["blocks"] = selectors.section_preview(
            body=body,
            language=request.POST.get("language", "zh"),
            scope=scope,
            period=period,
            unapproved_within=policy.unapproved_scope(request.user),
        )
    except ScopeError as exc:
        context["error"] = exc.message
    except TemplateFailed as exc:
        context["error"] = str(exc.problem)
        context["line"] = exc.problem.line
    return render(request, "progress/_preview.html", context)
