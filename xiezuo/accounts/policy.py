"""The one policy module: who may read and write what.

Every page, API endpoint and export asks `can()` or `require()`; nothing else
checks roles or scopes by hand. A rule is a minimum role plus, for records
that hang on places, a scope test:

- a place is in a user's scope when it lies in the subtree of one of the
  user's scope places (by division code);
- an organisation is in scope when it is the user's own organisation, one of
  the user's scope organisations, or sits in a place in scope;
- a pairing is in scope when either of its sides is.

Administrators act everywhere. Reads of the programme's structure (places,
organisations, pairings, coverage) are open to every signed-in user: the
structure is public in the programme's own reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from xiezuo.places.models import Organisation, Place

from .models import ROLE_RANK, Role, User

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Sides:
    """The two sides of a pairing about to be created or changed."""

    helper: Place | Organisation
    helped: Place | Organisation


# action -> (minimum role, what the object must be in scope for; None: no scope test)
RULES: dict[str, tuple[Role, str | None]] = {
    "place.view": (Role.VIEWER, None),
    "place.designate": (Role.ADMINISTRATOR, None),
    "organisation.view": (Role.VIEWER, None),
    "organisation.create": (Role.CLERK, "place"),
    "organisation.update": (Role.CLERK, "organisation"),
    "organisation.delete": (Role.COORDINATOR, "organisation"),
    "pairing.view": (Role.VIEWER, None),
    "pairing.create": (Role.COORDINATOR, "sides"),
    "pairing.update": (Role.COORDINATOR, "pairing"),
    "pairing.end": (Role.COORDINATOR, "pairing"),
    "coverage.view": (Role.VIEWER, None),
    "figures.view": (Role.VIEWER, None),
    # aggregate data (indicators): analytics are open; raw values follow the scope
    "analytics.view": (Role.VIEWER, None),
    "data.view": (Role.VIEWER, "place"),
    "data.enter": (Role.CLERK, "place"),
    # the level above approves: the place must lie strictly below a scope place
    "data.approve": (Role.APPROVER, "place_below"),
    "catalogue.manage": (Role.ADMINISTRATOR, None),
    # the work plan: open to read; coordinators edit it; a clerk posts progress
    # on the items his organisation or places answer for (lead or responsible place)
    "plan.view": (Role.VIEWER, None),
    "plan.manage": (Role.COORDINATOR, None),
    "plan.update": (Role.CLERK, "record"),
    "notification.manage": (Role.VIEWER, "self"),
    # an import job (web upload or async API) is its poster's: pass job.user
    "import.view": (Role.CLERK, "self"),
    "audit.view": (Role.APPROVER, "record"),
    "token.manage": (Role.VIEWER, "self"),
    "user.manage": (Role.ADMINISTRATOR, None),
}


def roles_for(action: str) -> list[str]:
    """The roles whose rank reaches an action's minimum (for queries over users)."""
    minimum = ROLE_RANK[RULES[action][0]]
    return [role.value for role in Role if ROLE_RANK[role] >= minimum]


def is_active_user(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_role(user: AnyUser | None, role: Role) -> bool:
    if not is_active_user(user):
        return False
    assert isinstance(user, User)
    if user.is_superuser:
        return True
    return ROLE_RANK.get(Role(user.role), -1) >= ROLE_RANK[role]


def is_administrator(user: AnyUser | None) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def scope_codes(user: User) -> list[str]:
    """Division codes of the user's scope places (cached on the user object)."""
    cached: list[str] | None = getattr(user, "_scope_codes", None)
    if cached is None:
        cached = list(user.scope_places.values_list("code", flat=True))
        user._scope_codes = cached  # type: ignore[attr-defined]
    return cached


def scope_organisation_ids(user: User) -> set[int]:
    cached: set[int] | None = getattr(user, "_scope_org_ids", None)
    if cached is None:
        cached = set(user.scope_organisations.values_list("pk", flat=True))
        if user.organisation_id:
            cached.add(user.organisation_id)
        user._scope_org_ids = cached  # type: ignore[attr-defined]
    return cached


def place_in_scope(user: AnyUser | None, place: Place) -> bool:
    if not is_active_user(user):
        return False
    assert isinstance(user, User)
    if is_administrator(user):
        return True
    return any(place.code.startswith(code) for code in scope_codes(user))


def place_below_scope(user: AnyUser | None, place: Place) -> bool:
    """Whether a place lies strictly below one of the user's scope places (the level above)."""
    if not is_active_user(user):
        return False
    assert isinstance(user, User)
    if is_administrator(user):
        return True
    return any(place.code.startswith(code) and place.code != code for code in scope_codes(user))


def organisation_in_scope(user: AnyUser | None, organisation: Organisation) -> bool:
    if not is_active_user(user):
        return False
    assert isinstance(user, User)
    if is_administrator(user) or organisation.pk in scope_organisation_ids(user):
        return True
    return place_in_scope(user, organisation.place)


def side_in_scope(user: AnyUser | None, side: Place | Organisation | None) -> bool:
    if isinstance(side, Place):
        return place_in_scope(user, side)
    if isinstance(side, Organisation):
        return organisation_in_scope(user, side)
    return False


def _pairing_sides(pairing: Any) -> Iterable[Place | Organisation | None]:
    return (pairing.helper, pairing.helped)


def record_in_scope(user: AnyUser | None, obj: Any) -> bool:
    """Whether a record hangs on something in the user's scope."""
    if isinstance(obj, Place):
        return place_in_scope(user, obj)
    if isinstance(obj, Organisation):
        return organisation_in_scope(user, obj)
    if isinstance(obj, Sides):
        return side_in_scope(user, obj.helper) or side_in_scope(user, obj.helped)
    if hasattr(obj, "helper") and hasattr(obj, "helped"):
        return any(side_in_scope(user, s) for s in _pairing_sides(obj))
    if isinstance(obj, User):
        return is_administrator(user) or obj == user
    if hasattr(obj, "scope_sides"):
        return any(side_in_scope(user, side) for side in obj.scope_sides())
    if hasattr(obj, "place") and isinstance(obj.place, Place):
        return place_in_scope(user, obj.place)
    return is_administrator(user)


def can(user: AnyUser | None, action: str, obj: Model | Sides | None = None) -> bool:
    """Whether `user` may do `action` (to `obj`, where the rule has a scope test)."""
    role, scope = RULES[action]
    if not has_role(user, role):
        return False
    if scope is None:
        return True
    if obj is None:
        # Asked without an object: may the user do this anywhere at all?
        return True
    if scope == "place_below":
        return isinstance(obj, Place) and place_below_scope(user, obj)
    return record_in_scope(user, obj)


_DENIED_MESSAGES = {
    "place.designate": gettext_noop("Only an administrator may change designations."),
    "organisation.create": gettext_noop(
        "You may add organisations only in places within your scope."
    ),
    "organisation.update": gettext_noop("This organisation is outside your scope."),
    "organisation.delete": gettext_noop(
        "This organisation is outside your scope, or your role may not delete."
    ),
    "pairing.create": gettext_noop(
        "Neither side of this pairing is within your scope, or your role may not manage pairings."
    ),
    "pairing.update": gettext_noop(
        "This pairing is outside your scope, or your role may not manage pairings."
    ),
    "pairing.end": gettext_noop(
        "This pairing is outside your scope, or your role may not manage pairings."
    ),
    "audit.view": gettext_noop("You may not read the audit trail of this record."),
    "plan.manage": gettext_noop("Only a coordinator may edit the work plan."),
    "plan.update": gettext_noop(
        "Only the lead organisation and the responsible places may report on this work item."
    ),
    "notification.manage": gettext_noop("These are another user's notifications."),
    "token.manage": gettext_noop("You may manage only your own tokens."),
    "user.manage": gettext_noop("Only an administrator may manage user accounts."),
    "data.view": gettext_noop("These figures are outside your scope."),
    "data.enter": gettext_noop("You may enter figures only for places within your scope."),
    "data.approve": gettext_noop(
        "Reports are approved by the level above: this place is not below your scope, "
        "or your role may not approve."
    ),
    "catalogue.manage": gettext_noop("Only an administrator may change the catalogue."),
}


def denied_message(action: str) -> str:
    return _(_DENIED_MESSAGES.get(action, gettext_noop("You are not allowed to do this.")))


def require(user: AnyUser | None, action: str, obj: Model | Sides | None = None) -> None:
    """Raise PermissionDenied, with a message in the user's language, unless allowed."""
    if not can(user, action, obj):
        raise PermissionDenied(denied_message(action))
