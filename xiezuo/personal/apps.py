from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonalConfig(AppConfig):
    name = "xiezuo.personal"
    verbose_name = _("Personal information")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the key check
