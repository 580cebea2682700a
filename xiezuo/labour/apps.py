from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourConfig(AppConfig):
    name = "xiezuo.labour"
    verbose_name = _("Labour cooperation")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from xiezuo.indicators import sources
        from xiezuo.personal.fields import encrypted_fields

        from .models import Posting, Worker
        from .sources import (
            FairSource,
            PlacementSource,
            PostingSource,
            SchoolLeaverSource,
            TrainingSource,
        )

        # a worker's identity number and phone stay out of the change history (encrypted)
        auditlog.register(Worker, exclude_fields=encrypted_fields(Worker))
        auditlog.register(Posting)
        sources.register(PlacementSource())
        sources.register(FairSource())
        sources.register(TrainingSource())
        sources.register(SchoolLeaverSource())
        sources.register(PostingSource())
