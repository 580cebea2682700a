from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "xiezuo.exchange"
    verbose_name = _("Talent exchange")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources
        from xiezuo.personal.fields import encrypted_fields

        from .models import Person, Quota, Secondment, SecondmentReport, ShortVisit
        from .sources import ExchangeSource
        from .sources_visits import VisitSource

        # people and secondments change (an end recorded, a post corrected): their history
        # is kept, without the encrypted personal information; quotas and visits may be
        # corrected too; reports are kept, their filing recorded
        auditlog.register(Person, exclude_fields=encrypted_fields(Person))
        for model in (Secondment, SecondmentReport, Quota, ShortVisit):
            auditlog.register(model)
        sources.register(ExchangeSource())
        sources.register(VisitSource())
