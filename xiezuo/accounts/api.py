"""API: who am I, and my API tokens."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.paging import ApiPagination

from . import policy, selectors, services
from .models import ApiToken, User

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    name: str
    role: str
    organisation: str | None
    scope_places: list[str]
    scope_organisations: list[int]


@router.get("/me", response=MeOut, summary="The signed-in user, role and scope")
def me(request: HttpRequest) -> dict:
    user = request.user
    assert isinstance(user, User)
    return {
        "username": user.username,
        "name": user.display_name,
        "role": user.role,
        "organisation": user.organisation.name if user.organisation else None,
        "scope_places": policy.scope_codes(user),
        "scope_organisations": sorted(policy.scope_organisation_ids(user)),
    }


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class TokenIn(Schema):
    name: str = ""


@router.get("/tokens", response=list[TokenOut], summary="My API tokens")
@paginate(ApiPagination)
def token_list(request: HttpRequest) -> list[ApiToken]:
    user = request.user
    assert isinstance(user, User)
    policy.require(user, "token.manage", user)
    return selectors.token_list(user=user)  # type: ignore[return-value]


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Create a token (shown once)")
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    user = request.user
    assert isinstance(user, User)
    policy.require(user, "token.manage", user)
    token, raw = services.token_create(user=user, name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": raw})


@router.post("/tokens/{token_id}/revoke", response=TokenOut, summary="Revoke a token")
def token_revoke(request: HttpRequest, token_id: int) -> ApiToken:
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id)
    policy.require(request.user, "token.manage", token.user)
    return services.token_revoke(token=token)
