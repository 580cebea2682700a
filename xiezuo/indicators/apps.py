from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "xiezuo.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Approval, Completion

        # Every completion, approval, return and un-approval is in the audit trail.
        auditlog.register(Completion)
        auditlog.register(Approval)
