from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "xiezuo.ledger"
    verbose_name = _("Fund ledger")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources

        from .models import Account
        from .sources import LedgerSource

        # accounts change (a name, a closing); transfers never do: each keeps who and when
        auditlog.register(
            Account,
            exclude_fields=[
                "version",
                "debits_posted",
                "credits_posted",
                "debits_pending",
                "credits_pending",
            ],
        )
        sources.register(LedgerSource())
