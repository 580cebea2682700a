from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "xiezuo.exchange"
    verbose_name = _("Talent exchange")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources
        from xiezuo.personal.fields import encrypted_fields

        from .models import Person, Secondment
        from .sources import ExchangeSource

        # people and secondments change (an end recorded, a post corrected): their history
        # is kept, without the encrypted personal information
        auditlog.register(Person, exclude_fields=encrypted_fields(Person))
        auditlog.register(Secondment)
        sources.register(ExchangeSource())
