from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "xiezuo.reports.progress"
    label = "progress"
    verbose_name = _("Progress reports")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import ReportSection, ReportTemplate

        # the office's wording is edited on the site: each change keeps its history
        auditlog.register(ReportTemplate)
        auditlog.register(ReportSection)
