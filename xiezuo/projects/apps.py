from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "xiezuo.projects"
    verbose_name = _("Project library")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.places import panels

        from .models import BudgetLine, Project, ProjectFile, ProjectStep, ProjectTarget
        from .selectors import panel_context, projects_in, projects_of

        auditlog.register(Project, m2m_fields={"locations", "partners"})
        auditlog.register(ProjectStep)
        auditlog.register(BudgetLine)
        auditlog.register(ProjectFile)
        auditlog.register(ProjectTarget)
        # the projects located in a place's area, and those an organisation takes part in
        panels.register(
            kind="place",
            template="projects/_place_panel.html",
            context=lambda place: panel_context(projects_in(place), place=place),
            order=20,
        )
        panels.register(
            kind="organisation",
            template="projects/_organisation_panel.html",
            context=lambda organisation: panel_context(projects_of(organisation)),
            order=20,
        )
