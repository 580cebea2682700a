from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "xiezuo.exchange"
    verbose_name = _("Talent exchange")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources

        from .models import Quota, ShortVisit
        from .sources_visits import VisitSource

        # quotas and visits may be corrected: their history is kept
        for model in (Quota, ShortVisit):
            auditlog.register(model)
        sources.register(VisitSource())
