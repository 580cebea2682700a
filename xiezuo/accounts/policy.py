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
structure is public in the programme's own reports. So is the occupation
classification, a national vocabulary. Aggregate figures are open too, but an
unapproved reported value counts only within the reader's scope
(`unapproved_scope`), and nobody approves a report he took part in alone
(`self_approval`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from xiezuo.places import codes
from xiezuo.places.models import Organisation, Place

from .models import ROLE_RANK, Role, User

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Sides:
    """The two sides of a pairing about to be created or changed."""

    helper: Place | Organisation
    helped: Place | Organisation


@dataclass(frozen=True)
class Places:
    """The places a record about to be created (or moved) will hang on: in scope when one is."""

    places: tuple[Place, ...]

    def scope_sides(self) -> tuple[Place, ...]:
        return self.places


@dataclass(frozen=True)
class Parties:
    """The parties of a plan document about to be recorded (or re-signed)."""

    organisations: tuple[Organisation, ...]


# action -> (minimum role, what the object must be in scope for; None: no scope test)
RULES: dict[str, tuple[Role, str | None]] = {
    "place.view": (Role.VIEWER, None),
    "place.designate": (Role.ADMINISTRATOR, None),
    # the occupation classification (CSCO 2022): a national vocabulary, loaded, never edited
    "occupation.view": (Role.VIEWER, None),
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
    # aggregate data (indicators): analytics are open, but an unapproved reported value
    # counts only for those who may read it raw (data.view: in scope); elsewhere it counts
    # once approved (see unapproved_scope). Raw values, and a cell's change history
    # (who typed what), follow the scope
    "analytics.view": (Role.VIEWER, None),
    "data.view": (Role.VIEWER, "place"),
    "data.history": (Role.VIEWER, "place"),
    "data.enter": (Role.CLERK, "place"),
    # the level above approves: the place must lie strictly below a scope place
    "data.approve": (Role.APPROVER, "place_below"),
    "catalogue.manage": (Role.ADMINISTRATOR, None),
    # the work plan: open to read; a coordinator edits the documents (with their items,
    # milestones, targets and imports) one of whose parties is in his scope; a clerk posts
    # progress on the items his organisation or places answer for (lead or responsible place)
    "plan.view": (Role.VIEWER, None),
    "plan.manage": (Role.COORDINATOR, "plan"),
    "plan.update": (Role.CLERK, "record"),
    # the project library: open to read; a clerk manages the projects located in his
    # scope (one location inside suffices); a coordinator publishes
    "project.view": (Role.VIEWER, None),
    "project.manage": (Role.CLERK, "record"),
    "project.publish": (Role.COORDINATOR, None),
    "notification.manage": (Role.VIEWER, "self"),
    # an import job (web upload or async API) is its poster's: pass job.user
    "import.view": (Role.CLERK, "self"),
    # the fund ledger: open to read; a clerk records a transfer on the accounts of his
    # side (the one the money leaves; either side of a receipt); coordinators
    # open and close accounts; nobody changes or deletes a transfer
    "ledger.view": (Role.VIEWER, None),
    "ledger.record": (Role.CLERK, "record"),
    "ledger.manage": (Role.COORDINATOR, None),
    # a gift received is recorded by a clerk of the place it is for
    "donation.record": (Role.CLERK, "place"),
    # the investment registry: open to read; a clerk of either side records on what hangs
    # in his scope (a project: its enterprise or its place; a park: its place or partners)
    "investment.view": (Role.VIEWER, None),
    "investment.record": (Role.CLERK, "record"),
    # labour: workers, postings and placements are read by everyone signed in (identity
    # numbers and phones masked, see personal.unmask); clerks record within their scope
    "labour.view": (Role.VIEWER, None),
    "labour.record": (Role.CLERK, "record"),
    # talent exchange: open to read (identity numbers and phones masked, see
    # personal.unmask); a clerk of the sending or the receiving side records a secondment;
    # a coordinator sets the year's quotas for the places in his scope
    "exchange.view": (Role.VIEWER, None),
    "exchange.record": (Role.CLERK, "record"),
    "exchange.quota.manage": (Role.COORDINATOR, "place"),
    # consumption assistance: open to read; a helped-side clerk records his suppliers and
    # their products (and the township check, the bureau review); a county approver puts a
    # product to public notice and certifies, rejects, suspends or withdraws it; a clerk of
    # the buyer's side or the supplier's records a sale
    "consumption.view": (Role.VIEWER, None),
    "consumption.record": (Role.CLERK, "record"),
    "consumption.decide": (Role.APPROVER, "record"),
    # tourism cooperation: open to read; a clerk of the helped place records its scenic
    # spots, discounts and visitors; either side a cooperation project or a route
    "tourism.view": (Role.VIEWER, None),
    "tourism.record": (Role.CLERK, "record"),
    # reports (the dashboard, the county profile, the progress report): they read the
    # analytics, so a viewer's unapproved-figure scope applies (unapproved_scope); a
    # coordinator edits the progress report's templates
    "dashboard.view": (Role.VIEWER, None),
    "report.generate": (Role.VIEWER, None),
    "report.template.manage": (Role.COORDINATOR, None),
    # the assessment: open to read; a coordinator edits the methods (areas, items,
    # criteria, grades, groups)
    "assessment.view": (Role.VIEWER, None),
    "assessment.method.manage": (Role.COORDINATOR, None),
    # the cycle: a coordinator opens a year for the units within his scope; a clerk of the
    # assessed unit fills in and submits its self-assessment; the partner side (a user whose
    # scope holds a helper of the unit's pairings) comments; the level above cross-verifies
    # (an approver), approves and publishes (a coordinator), or returns it to the unit. A
    # draft result is read within the unit's scope or the partner's; a published one by all
    "assessment.open": (Role.COORDINATOR, "place"),
    "assessment.self": (Role.CLERK, "record"),
    "assessment.comment": (Role.CLERK, "partner"),
    "assessment.verify": (Role.APPROVER, "place_below"),
    "assessment.approve": (Role.COORDINATOR, "place_below"),
    "assessment.publish": (Role.COORDINATOR, "place_below"),
    "assessment.draft.view": (Role.VIEWER, "place"),
    # subsidies (补贴): a coordinator of the paying place sets its rules and approves its
    # payment lists (which pays them in the ledger); a clerk of that place draws a list up
    "subsidy.rule.manage": (Role.COORDINATOR, "place"),
    "subsidy.list.draw": (Role.CLERK, "place"),
    "subsidy.list.approve": (Role.COORDINATOR, "place"),
    "audit.view": (Role.APPROVER, "record"),
    # personal information (identity numbers, phones) is shown masked, and in full only to
    # a clerk or above for the records in his scope (administrators: everywhere); each
    # such showing is recorded, and only administrators read that log
    "personal.unmask": (Role.CLERK, "record"),
    "personal.log.view": (Role.ADMINISTRATOR, None),
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
    """Whether a record hangs on something in the user's scope: a place, an organisation,
    the sides of a pairing, or what its `scope_sides()` names (a work item: its lead
    organisation and responsible places; a document: its parties)."""
    if isinstance(obj, Place):
        return place_in_scope(user, obj)
    if isinstance(obj, Organisation):
        return organisation_in_scope(user, obj)
    if isinstance(obj, Sides):
        return side_in_scope(user, obj.helper) or side_in_scope(user, obj.helped)
    if hasattr(obj, "helper") and hasattr(obj, "helped"):
        return any(side_in_scope(user, s) for s in _pairing_sides(obj))
    if hasattr(obj, "scope_sides"):
        return is_administrator(user) or any(
            side_in_scope(user, side) for side in obj.scope_sides()
        )
    if hasattr(obj, "place") and isinstance(obj.place, Place):
        return place_in_scope(user, obj.place)
    raise TypeError(f"{type(obj).__name__} does not say what scope it hangs on")


ScopeTest = Callable[[AnyUser | None, Any], bool]


def _is_self(user: AnyUser | None, obj: Any) -> bool:
    if not isinstance(obj, User):
        raise TypeError(f"a rule on one's own records needs a user, not {type(obj).__name__}")
    return is_administrator(user) or obj == user


def _of_place(test: Callable[[AnyUser | None, Place], bool]) -> ScopeTest:
    def check(user: AnyUser | None, obj: Any) -> bool:
        if not isinstance(obj, Place):
            raise TypeError(f"a rule on places needs a place, not {type(obj).__name__}")
        return test(user, obj)

    return check


def _of_organisation(user: AnyUser | None, obj: Any) -> bool:
    if not isinstance(obj, Organisation):
        raise TypeError(f"a rule on organisations needs one, not {type(obj).__name__}")
    return organisation_in_scope(user, obj)


def _of_sides(user: AnyUser | None, obj: Any) -> bool:
    if not isinstance(obj, Sides):
        raise TypeError(f"a rule on new pairings needs their Sides, not {type(obj).__name__}")
    return record_in_scope(user, obj)


def _of_plan(user: AnyUser | None, obj: Any) -> bool:
    """A plan document, or what hangs on one (an item, a milestone, a target): in scope when
    one of the document's parties is. A document without parties is an administrator's."""
    if isinstance(obj, Parties):
        parties: Iterable[Organisation] = obj.organisations
    else:
        document = obj
        for step in ("item", "document"):
            document = getattr(document, step, document)
        if not hasattr(document, "parties"):
            raise TypeError(f"a rule on plans needs a plan document, not {type(obj).__name__}")
        parties = document.parties.all()
    return is_administrator(user) or any(organisation_in_scope(user, p) for p in parties)


def _of_partner(user: AnyUser | None, obj: Any) -> bool:
    """A record of a helped unit (an assessment): in scope for the helper side of the unit's
    pairings, as its `partner_sides()` names them (places or organisations)."""
    if not hasattr(obj, "partner_sides"):
        raise TypeError(f"a rule on the partner side needs partner_sides(), not {obj!r}")
    return is_administrator(user) or any(side_in_scope(user, s) for s in obj.partner_sides())


# What the object of an action of each scope kind must be, and how it is tested.
SCOPE_TESTS: dict[str, ScopeTest] = {
    "place": _of_place(place_in_scope),
    "place_below": _of_place(place_below_scope),
    "organisation": _of_organisation,
    "sides": _of_sides,
    "pairing": record_in_scope,
    "record": record_in_scope,
    "self": _is_self,
    "plan": _of_plan,
    "partner": _of_partner,
}


def can(user: AnyUser | None, action: str, obj: Any = None) -> bool:
    """Whether `user` may do `action` — to `obj`, which a rule with a scope requires.

    A scoped action asked without its object ("may this clerk enter figures at
    all?") is `can_anywhere`; here it is a programming error, not a silent yes.
    """
    role, scope = RULES[action]
    if not has_role(user, role):
        return False
    if scope is None:
        return True
    if obj is None:
        raise TypeError(f"{action} is decided for an object; ask can_anywhere() for any at all")
    return SCOPE_TESTS[scope](user, obj)


def can_anywhere(user: AnyUser | None, action: str) -> bool:
    """Whether `user` may do `action` to something: the role suffices, and a scoped action
    needs a scope (an administrator's is everywhere; one's own records are always there)."""
    role, scope = RULES[action]
    if not has_role(user, role):
        return False
    if scope is None or scope == "self" or is_administrator(user):
        return True
    assert isinstance(user, User)
    if scope in ("place", "place_below"):
        return bool(scope_codes(user))
    return bool(scope_codes(user) or scope_organisation_ids(user))


def unapproved_scope(user: AnyUser | None) -> tuple[str, ...] | None:
    """Where `user` reads unapproved reported values in analytics (pivot, key figures, the
    analytics API): the division codes of the subtrees he may read raw (`data.view`), or
    None for everywhere (administrators). Outside them a reported value counts once the
    level above approved it; derived values (a registry's, open to all) always count."""
    if is_administrator(user):
        return None
    if not can_anywhere(user, "data.view"):
        return ()
    assert isinstance(user, User)
    return tuple(scope_codes(user))


def scope_filter(user: AnyUser | None, action: str, *, field: str) -> Q:
    """A list cut down to what `user` may `action`, as a filter on `field`: the lookup of a
    place's division code ("place__code", "code"), or of the user for an action on one's
    own records ("user"). Q() lets everything through; a user without the role gets nothing."""
    role, scope = RULES[action]
    if not has_role(user, role):
        return Q(pk__in=[])
    if scope is None or is_administrator(user):
        return Q()
    assert isinstance(user, User)
    if scope == "self":
        return Q(**{field: user})
    if scope not in ("place", "place_below"):
        raise ValueError(f"{action}: lists are cut by place or by user, not by {scope}")
    condition = Q(pk__in=[])
    for code in scope_codes(user):
        lo, hi = codes.subtree_range(code)
        if scope == "place":
            condition |= Q(**{f"{field}__gte": lo, f"{field}__lt": hi})
        else:  # strictly below a scope place: the level above approves
            condition |= Q(**{f"{field}__gt": lo, f"{field}__lt": hi})
    return condition


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
    "plan.manage": gettext_noop(
        "Only a coordinator may edit the work plan, and only documents with a party within "
        "your scope."
    ),
    "plan.update": gettext_noop(
        "Only the lead organisation and the responsible places may report on this work item."
    ),
    "project.manage": gettext_noop(
        "You may manage only projects located in places within your scope."
    ),
    "project.publish": gettext_noop("Only a coordinator may publish projects."),
    "investment.record": gettext_noop(
        "You may record only on investment projects, parks and workshops within your scope."
    ),
    "labour.record": gettext_noop(
        "You may record only on workers, postings and placements within your scope."
    ),
    "exchange.record": gettext_noop(
        "You may record only secondments whose sending or receiving side is within your scope."
    ),
    "exchange.quota.manage": gettext_noop(
        "Only a coordinator may set the quotas, and only for places within your scope."
    ),
    "consumption.record": gettext_noop(
        "You may record only on suppliers, products and sales within your scope."
    ),
    "consumption.decide": gettext_noop(
        "Only an approver of the product's county may decide on its certification."
    ),
    "tourism.record": gettext_noop(
        "You may record only on scenic spots, projects and routes within your scope."
    ),
    "subsidy.rule.manage": gettext_noop(
        "Only a coordinator of the paying place may set its subsidy rules."
    ),
    "subsidy.list.draw": gettext_noop(
        "You may draw up payment lists only for subsidies your places pay."
    ),
    "subsidy.list.approve": gettext_noop(
        "Only a coordinator of the paying place may approve, return or cancel its payments."
    ),
    "assessment.open": gettext_noop(
        "Only a coordinator may open an assessment year, and only for places within your scope."
    ),
    "assessment.self": gettext_noop(
        "Only a clerk of the assessed unit may fill in and submit its self-assessment."
    ),
    "assessment.comment": gettext_noop(
        "Only the partner side (a helper paired with the assessed unit) may comment."
    ),
    "assessment.verify": gettext_noop(
        "Only an approver of the level above the assessed unit may cross-verify it or return it."
    ),
    "assessment.approve": gettext_noop(
        "Only a coordinator of the level above the assessed unit may approve it or return it."
    ),
    "assessment.publish": gettext_noop(
        "Only a coordinator of the level above the assessed unit may publish it."
    ),
    "assessment.draft.view": gettext_noop(
        "This assessment is not published yet; it is shown only within its scope."
    ),
    "notification.manage": gettext_noop("These are another user's notifications."),
    "token.manage": gettext_noop("You may manage only your own tokens."),
    "user.manage": gettext_noop("Only an administrator may manage user accounts."),
    "data.view": gettext_noop("These figures are outside your scope."),
    "data.history": gettext_noop(
        "The change history of a figure is shown only for places within your scope."
    ),
    "data.enter": gettext_noop("You may enter figures only for places within your scope."),
    "data.approve": gettext_noop(
        "Reports are approved by the level above: this place is not below your scope, "
        "or your role may not approve."
    ),
    "catalogue.manage": gettext_noop("Only an administrator may change the catalogue."),
    "personal.unmask": gettext_noop(
        "Personal information is shown in full only for records within your scope."
    ),
    "personal.log.view": gettext_noop(
        "Only an administrator may read who viewed personal information."
    ),
}


def self_approval(user: AnyUser | None, *, took_part: bool) -> bool:
    """Four eyes on a report: who entered values in it or marked it complete (`took_part`)
    does not approve it alone; PermissionDenied, saying so, unless the deployment allows
    it (XIEZUO_ALLOW_SELF_APPROVAL, one approver per county). Whether the approval is a
    self-approval, to be flagged on its record. Asked after `data.approve`."""
    if not took_part:
        return False
    if not settings.XIEZUO_ALLOW_SELF_APPROVAL:
        raise PermissionDenied(
            _(
                "You entered values in this report or marked it complete; "
                "another approver must approve it."
            )
        )
    return True


def denied_message(action: str) -> str:
    return _(_DENIED_MESSAGES.get(action, gettext_noop("You are not allowed to do this.")))


def require(user: AnyUser | None, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied, with a message in the user's language, unless allowed."""
    if not can(user, action, obj):
        raise PermissionDenied(denied_message(action))


def require_anywhere(user: AnyUser | None, action: str) -> None:
    """Raise PermissionDenied unless the user may do `action` to something (`can_anywhere`)."""
    if not can_anywhere(user, action):
        raise PermissionDenied(denied_message(action))
