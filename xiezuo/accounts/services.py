"""Writes for accounts: users and API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from xiezuo.places.models import Organisation, Place

from .models import ApiToken, Role, User, hash_token

TOKEN_PREFIX = "xz_"


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role | str,
    organisation: Organisation | None = None,
    scope_places: Iterable[Place] = (),
    scope_organisations: Iterable[Organisation] = (),
    first_name: str = "",
    email: str = "",
) -> User:
    user = User(
        username=username,
        role=Role(role),
        organisation=organisation,
        first_name=first_name,
        email=email,
        is_staff=Role(role) == Role.ADMINISTRATOR,
        is_superuser=False,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.scope_places.set(scope_places)
    user.scope_organisations.set(scope_organisations)
    return user


@transaction.atomic
def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token; returns it and the raw key, which is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=raw[: len(TOKEN_PREFIX) + 6], key_hash=hash_token(raw)
    )
    token.full_clean()  # a name too long is refused by name, on SQLite as on PostgreSQL
    token.save()
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(*, raw: str) -> User | None:
    """The active user an active token belongs to, or None."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
