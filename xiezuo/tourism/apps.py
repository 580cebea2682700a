from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TourismConfig(AppConfig):
    name = "xiezuo.tourism"
    verbose_name = _("Tourism cooperation")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources
        from xiezuo.places import panels

        from .models import Discount, Route, ScenicSpot, TourismProject, VisitorReport
        from .selectors import place_panel
        from .sources import TourismSource

        # every record may be corrected, and a correction moves a figure: each keeps its history
        for model in (ScenicSpot, Discount, TourismProject, Route, VisitorReport):
            auditlog.register(model)
        sources.register(TourismSource())
        panels.register(
            kind="place", template="tourism/_place_panel.html", context=place_panel, order=60
        )
