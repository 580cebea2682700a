from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsumptionConfig(AppConfig):
    name = "xiezuo.consumption"
    verbose_name = _("Consumption assistance")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Objection, Product, Supplier

        # suppliers, products (their status, certificate, validity) and objections (their
        # answer) may change and keep their history; the certification steps and the sales
        # are only ever added, each with who and when
        for model in (Supplier, Product, Objection):
            auditlog.register(model)
