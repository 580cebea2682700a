from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingsConfig(AppConfig):
    name = "xiezuo.pairings"
    verbose_name = _("Pairings")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources
        from xiezuo.places import panels

        from .models import Pairing
        from .selectors import pairings_of
        from .sources import PairingSource

        auditlog.register(Pairing)
        sources.register(PairingSource())
        # the pairings of a place or an organisation, on its page
        panels.register(
            kind="place",
            template="pairings/_place_panel.html",
            context=lambda place: {"place": place, "pairings": pairings_of(place=place)},
            order=10,
        )
        panels.register(
            kind="organisation",
            template="pairings/_organisation_panel.html",
            context=lambda organisation: {"pairings": pairings_of(organisation=organisation)},
            order=10,
        )
