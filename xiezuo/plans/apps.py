from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "xiezuo.plans"
    verbose_name = _("Work plan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Category, Document, Milestone, ProgressUpdate, Target, WorkItem

        auditlog.register(Document, m2m_fields={"parties"})
        auditlog.register(Category)
        auditlog.register(WorkItem, m2m_fields={"supporting", "places"})
        auditlog.register(Milestone)
        auditlog.register(Target)
        auditlog.register(ProgressUpdate)
