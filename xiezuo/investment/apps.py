from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "xiezuo.investment"
    verbose_name = _("Investment registry")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources

        from .models import (
            IndustrialPark,
            InvestmentEvent,
            InvestmentProject,
            ParkEnterprise,
            Workshop,
        )
        from .sources import InvestmentSource, ParkSource, WorkshopSource

        # what may change (a status, a name, an enterprise leaving a park) keeps its history;
        # investment in place and the dated reports are only ever added, each with who and when
        for model in (InvestmentEvent, InvestmentProject, IndustrialPark, ParkEnterprise, Workshop):
            auditlog.register(model)
        sources.register(InvestmentSource())
        sources.register(ParkSource())
        sources.register(WorkshopSource())
