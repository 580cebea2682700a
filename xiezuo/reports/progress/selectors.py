"""Reading the templates, and generating a report: every figure computed at the time of
asking, from the analytics, as the reader may see them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import translation

from .models import ReportTemplate
from .scope import ReportPeriod, Scope
from .vocabulary import Block, Figures, TemplateFailed, render, render_line

LOCALES = {"zh": "zh-hans", "en": "en"}


@dataclass
class Section:
    heading: str
    blocks: list[Block]


@dataclass
class Report:
    title: str
    language: str
    scope: Scope
    period: ReportPeriod
    subtitle: str = ""  # the scope and the period, in the report's language
    sections: list[Section] = field(default_factory=list)

    @property
    def file_stem(self) -> str:
        """The file's name without its extension: the place (or pairing) and the period."""
        name = self.scope.name.replace(" ", "").replace("/", "-").replace("→", "-")
        return f"progress-{self.scope.slug}-{name}-{self.period.slug}"


# The template a report is generated with when none is named: the office's ordinary
# report, whose figures follow the scope and period ("record" reproduces the 2018 article).
DEFAULT_TEMPLATE = "yearly"


def template_list() -> QuerySet[ReportTemplate]:
    return ReportTemplate.objects.all()


def template_codes() -> list[str]:
    """The templates' codes, the default first."""
    found = sorted(set(ReportTemplate.objects.values_list("code", flat=True)))
    return sorted(found, key=lambda code: code != DEFAULT_TEMPLATE)


def template_get(*, code: str, language: str) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(code=code, language=language).first()


def report_generate(
    *,
    template: ReportTemplate,
    scope: Scope,
    period: ReportPeriod,
    unapproved_within: tuple[str, ...] | None,
    links: bool = True,
) -> Report:
    """The report of `template` for the scope and period, in the template's language.
    TemplateFailed (with the section and line) when a section cannot be rendered."""
    with translation.override(LOCALES.get(template.language, "zh-hans")):
        figures = Figures(scope, period, unapproved_within=unapproved_within, links=links)
        report = Report(
            title=render_line(template.title, figures),
            language=template.language,
            scope=scope,
            period=period,
            subtitle=f"{scope.name} · {period.label}",
        )
        for section in template.sections.all():
            try:
                blocks = render(section.body, figures)
            except TemplateFailed as exc:
                exc.section = section.heading  # type: ignore[attr-defined]
                raise
            report.sections.append(Section(heading=section.heading, blocks=blocks))
    return report


def section_preview(
    *, body: str, language: str, scope: Scope, period: ReportPeriod,
    unapproved_within: tuple[str, ...] | None,
) -> list[Block]:  # fmt: skip
    """One section's body rendered, for the editor's preview. TemplateFailed by line."""
    with translation.override(LOCALES.get(language, "zh-hans")):
        figures = Figures(scope, period, unapproved_within=unapproved_within)
        return render(body, figures)
