"""Writing the templates: the shipped ones loaded from data/templates.toml, and a
coordinator's edits on the site (each change kept by the audit log)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Language, ReportSection, ReportTemplate
from .vocabulary import check

SHIPPED = Path(__file__).resolve().parent / "data" / "templates.toml"


@dataclass
class LoadResult:
    created: int = 0
    replaced: int = 0
    kept: int = 0


def _sections_problems(sections: list[tuple[str, str]]) -> list[str]:
    problems = []
    for number, (heading, body) in enumerate(sections, start=1):
        if not heading.strip():
            problems.append(_("Section %(n)s: the heading is empty.") % {"n": number})
        for problem in check(body):
            problems.append(
                _("Section %(n)s (%(heading)s): %(problem)s")
                % {"n": number, "heading": heading, "problem": problem}
            )
    return problems


def _write_sections(template: ReportTemplate, sections: list[tuple[str, str]]) -> None:
    existing = {s.order: s for s in template.sections.all()}
    for order, (heading, body) in enumerate(sections, start=1):
        current = existing.pop(order, None)
        if current is None:
            ReportSection.objects.create(template=template, order=order, heading=heading, body=body)
        elif (current.heading, current.body) != (heading, body):
            current.heading, current.body = heading, body
            current.save()
    for leftover in existing.values():
        leftover.delete()


@transaction.atomic
def template_save(
    *,
    code: str,
    language: str,
    title: str,
    sections: list[tuple[str, str]],
    template: ReportTemplate | None = None,
) -> ReportTemplate:
    """Create or change a template; ValidationError (by section and line) and nothing
    written when a section does not compile or names an unknown figure."""
    if language not in Language.values:
        raise ValidationError({"language": _("Choose Chinese (zh) or English (en).")})
    if not title.strip():
        raise ValidationError({"title": _("The title is empty.")})
    problems = _sections_problems(sections)
    if problems:
        raise ValidationError({"sections": problems})
    clash = ReportTemplate.objects.filter(code=code, language=language)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise ValidationError(
            {"code": _("A template “%(code)s” in this language exists.") % {"code": code}}
        )
    if template is None:
        template = ReportTemplate.objects.create(code=code, language=language, title=title)
    elif (template.code, template.language, template.title) != (code, language, title):
        template.code, template.language, template.title = code, language, title
        template.save()
    _write_sections(template, sections)
    return template


@transaction.atomic
def template_load_shipped(*, replace: bool = False, path: Path = SHIPPED) -> LoadResult:
    """Load the shipped templates; idempotent. An existing template is kept as the office
    edited it unless `replace`."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    result = LoadResult()
    for entry in data.get("template", []):
        sections = [(s["heading"], s["body"].strip()) for s in entry.get("section", [])]
        current = ReportTemplate.objects.filter(
            code=entry["code"], language=entry["language"]
        ).first()
        if current is not None and not replace:
            result.kept += 1
            continue
        template_save(
            code=entry["code"],
            language=entry["language"],
            title=entry["title"],
            sections=sections,
            template=current,
        )
        if current is None:
            result.created += 1
        else:
            result.replaced += 1
    return result
