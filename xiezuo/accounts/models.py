from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles, from the least to the most that may be done."""

    VIEWER = "viewer", _("Viewer")
    CLERK = "clerk", _("Clerk")
    APPROVER = "approver", _("Approver")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


ROLE_RANK = {role: rank for rank, role in enumerate(Role)}


class User(AbstractUser):
    """A person using Xiezuo: member of an organisation, with a role and a scope.

    The scope is the places (each with its subtree) and the organisations the
    user acts for; the user's own organisation is always part of it.
    """

    organisation = models.ForeignKey(
        "places.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    scope_places = models.ManyToManyField(
        "places.Place", verbose_name=_("places in scope"), blank=True, related_name="+"
    )
    scope_organisations = models.ManyToManyField(
        "places.Organisation",
        verbose_name=_("organisations in scope"),
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args: Any, **kwargs: Any) -> None:
        # a new password (set_password) revokes the user's API tokens: whoever changed
        # the password to shut someone out shuts out their tokens too
        password_changed = self.pk is not None and getattr(self, "_password", None) is not None
        super().save(*args, **kwargs)
        if password_changed:
            ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )

    @property
    def display_name(self) -> str:
        """The user as people call them: the full name, else the username."""
        return self.get_full_name() or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """An API token. Only its hash is kept; the token is shown once, when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, help_text="the first characters, to tell tokens apart")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
