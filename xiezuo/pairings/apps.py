from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingsConfig(AppConfig):
    name = "xiezuo.pairings"
    verbose_name = _("Pairings")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Pairing

        auditlog.register(Pairing)
