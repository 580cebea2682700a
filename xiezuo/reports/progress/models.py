"""The progress report's templates: the office's own wording, edited on the site.

A template is a title and ordered sections, each a heading and a body written in the
template language (`vocabulary.py`): text with the figures as variables, computed when a
report is generated. One template code has a version per language (zh, en).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ZH = "zh", "中文"
    EN = "en", "English"


class ReportTemplate(models.Model):
    code = models.SlugField(_("code"), max_length=64)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "language"]
        constraints = [
            models.UniqueConstraint(fields=["code", "language"], name="progress_template_code_lang")
        ]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return f"{self.code} ({self.language})"


class ReportSection(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("body"), blank=True)

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="progress_section_order")
        ]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")

    def __str__(self) -> str:
        return self.heading
