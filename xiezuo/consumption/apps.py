from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsumptionConfig(AppConfig):
    name = "xiezuo.consumption"
    verbose_name = _("Consumption assistance")

    def ready(self) -> None:
        # sales: buyers, sales (append-only), facilities and their figures
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources

        from .models import Buyer, Facility
        from .sources import FacilitySource, ProductSource, SaleSource

        for model in (Buyer, Facility):
            auditlog.register(model)
        sources.register(ProductSource())
        sources.register(SaleSource())
        sources.register(FacilitySource())
