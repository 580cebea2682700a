from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "xiezuo.reports.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Assessment, Criterion, Grade, Group, Method, Score

        # methods are edited on the site and scores adjusted by assessors: each keeps its history
        for model in (Method, Grade, Group, Criterion, Assessment, Score):
            auditlog.register(model)
