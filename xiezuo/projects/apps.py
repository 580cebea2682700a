from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "xiezuo.projects"
    verbose_name = _("Project library")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import BudgetLine, Project, ProjectFile, ProjectStep, ProjectTarget

        auditlog.register(Project, m2m_fields={"locations", "partners"})
        auditlog.register(ProjectStep)
        auditlog.register(BudgetLine)
        auditlog.register(ProjectFile)
        auditlog.register(ProjectTarget)
