from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "xiezuo.places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import pre_save

        from xiezuo.texts import refuse_bad_texts

        from .models import Designation, Organisation, Place

        # Places are loaded in bulk from the division codes (renames are kept
        # in PlaceRename); single edits through the ORM are audited.
        auditlog.register(Place)
        auditlog.register(Designation)
        auditlog.register(Organisation)
        # every text typed into a record of Xiezuo is checked before it is saved (texts.py)
        pre_save.connect(refuse_bad_texts, dispatch_uid="xiezuo.texts")
