from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsumptionConfig(AppConfig):
    name = "xiezuo.consumption"
    verbose_name = _("Consumption assistance")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources

        from .models import Buyer, Facility, Objection, Product, Supplier
        from .sources import FacilitySource, ProductSource, SaleSource

        # suppliers, products (their status, certificate, validity), objections (their
        # answer), buyers and facilities may change and keep their history; the
        # certification steps and the sales are only ever added, each with who and when
        for model in (Supplier, Product, Objection, Buyer, Facility):
            auditlog.register(model)
        sources.register(ProductSource())
        sources.register(SaleSource())
        sources.register(FacilitySource())
