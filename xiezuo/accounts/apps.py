from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "xiezuo.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import User

        auditlog.register(
            User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"scope_places", "scope_organisations"},
        )
