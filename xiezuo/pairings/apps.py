from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingsConfig(AppConfig):
    name = "xiezuo.pairings"
    verbose_name = _("Pairings")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources

        from .models import Pairing
        from .sources import PairingSource

        auditlog.register(Pairing)
        sources.register(PairingSource())
