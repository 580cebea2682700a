from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")


class PersonalDataView(models.Model):
    """One showing of unmasked personal information: who saw which records, when, where.

    Appended only (`personal.services.record_view`): a row is never changed or deleted,
    and administrators read them at /personal/log/. An export of many records keeps
    their count and what was asked for (`description`) instead of every id.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    model = models.CharField(_("records of"), max_length=100, help_text="app_label.ModelName")
    object_ids = models.JSONField(_("record ids"), default=list, blank=True)
    count = models.PositiveIntegerField(_("records"))
    description = models.CharField(_("what was asked for"), max_length=500, blank=True)
    where = models.CharField(_("page"), max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("view of personal information")
        verbose_name_plural = _("views of personal information")
        indexes = [models.Index(fields=["user", "at"], name="personal_view_user_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.model} ×{self.count} @ {self.at:%Y-%m-%d %H:%M}"

    # appended only: a record of access is evidence, and evidence is not edited
    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a view of personal information is recorded once and never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("a view of personal information is never deleted")
