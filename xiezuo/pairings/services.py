"""Writes for pairings: create, update, end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from xiezuo.indicators import sources
from xiezuo.places.models import Level, Organisation, Place

from .models import Kind, Pairing
from .sources import pairing_counties

Side = Place | Organisation
OrgKind = Organisation.Kind


@dataclass(frozen=True)
class SideRule:
    """What may stand on one side of a pairing of some type."""

    levels: frozenset[int] = frozenset()
    organisation_kinds: frozenset[str] = frozenset()

    def allows(self, side: Side) -> bool:
        if isinstance(side, Place):
            return side.level in self.levels
        return side.kind in self.organisation_kinds

    def describe(self) -> str:
        parts = [str(Level(level).label) for level in sorted(self.levels)]
        parts += [str(OrgKind(kind).label) for kind in sorted(self.organisation_kinds)]
        return _(" or ").join(parts)


_ANY_ORGANISATION = frozenset(k.value for k in OrgKind)
_ANY_LEVEL = frozenset(level.value for level in Level)
_GOVERNMENT = frozenset({OrgKind.GOVERNMENT.value})

# The sides each type of pairing allows: (helper, helped). A government
# department may stand for a place that has no division code of its own, as
# Shenzhen's Dapeng New Area does.
KIND_RULES: dict[str, tuple[SideRule, SideRule]] = {
    Kind.PROVINCE: (SideRule(frozenset({1})), SideRule(frozenset({1}))),
    Kind.PREFECTURE: (SideRule(frozenset({2})), SideRule(frozenset({2}))),
    Kind.COUNTY: (SideRule(frozenset({3}), _GOVERNMENT), SideRule(frozenset({3}))),
    Kind.TOWNSHIP: (SideRule(frozenset({3, 4}), _GOVERNMENT), SideRule(frozenset({4}))),
    Kind.VILLAGE: (SideRule(frozenset({4, 5}), _GOVERNMENT), SideRule(frozenset({5}))),
    Kind.ENTERPRISE_VILLAGE: (
        SideRule(organisation_kinds=frozenset({OrgKind.ENTERPRISE.value})),
        SideRule(frozenset({5})),
    ),
    Kind.SCHOOL: (
        SideRule(organisation_kinds=frozenset({OrgKind.SCHOOL.value})),
        SideRule(organisation_kinds=frozenset({OrgKind.SCHOOL.value})),
    ),
    Kind.HOSPITAL: (
        SideRule(organisation_kinds=frozenset({OrgKind.HOSPITAL.value})),
        SideRule(organisation_kinds=frozenset({OrgKind.HOSPITAL.value})),
    ),
    Kind.ORGANISATION_PLACE: (
        SideRule(organisation_kinds=_ANY_ORGANISATION),
        SideRule(_ANY_LEVEL),
    ),
}


def _same(a: Side, b: Side) -> bool:
    return type(a) is type(b) and a.pk == b.pk


def _side_filter(prefix: str, side: Side) -> Q:
    if isinstance(side, Place):
        return Q(**{f"{prefix}_place": side})
    return Q(**{f"{prefix}_organisation": side})


def _validate(
    *,
    kind: str,
    helper: Side,
    helped: Side,
    started_on: date,
    ended_on: date | None,
    exclude_pk: int | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in KIND_RULES:
        errors.setdefault("kind", []).append(_("“%s” is not a pairing type") % kind)
    else:
        helper_rule, helped_rule = KIND_RULES[kind]
        label = Kind(kind).label
        if not helper_rule.allows(helper):
            errors.setdefault("helper", []).append(
                _("the helper of a %(kind)s pairing must be: %(what)s")
                % {"kind": label, "what": helper_rule.describe()}
            )
        if not helped_rule.allows(helped):
            errors.setdefault("helped", []).append(
                _("the helped side of a %(kind)s pairing must be: %(what)s")
                % {"kind": label, "what": helped_rule.describe()}
            )
    if _same(helper, helped):
        errors.setdefault("helped", []).append(
            _("a place or organisation cannot be paired with itself")
        )
    if ended_on is not None and ended_on < started_on:
        errors.setdefault("ended_on", []).append(_("the end date is before the start date"))
    if not errors:
        clash = Pairing.objects.filter(kind=kind).filter(
            _side_filter("helper", helper) & _side_filter("helped", helped)
        )
        # Two spans overlap unless one ends before the other starts.
        clash = clash.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
        if ended_on is not None:
            clash = clash.filter(started_on__lt=ended_on)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors.setdefault("helped", []).append(
                _("these two sides already have an active pairing of this type")
            )
    if errors:
        raise ValidationError(errors)


def _assign_sides(pairing: Pairing, helper: Side, helped: Side) -> None:
    pairing.helper_place = helper if isinstance(helper, Place) else None
    pairing.helper_organisation = helper if isinstance(helper, Organisation) else None
    pairing.helped_place = helped if isinstance(helped, Place) else None
    pairing.helped_organisation = helped if isinstance(helped, Organisation) else None


@transaction.atomic
def pairing_create(
    *,
    kind: str,
    helper: Side,
    helped: Side,
    started_on: date,
    ended_on: date | None = None,
    note: str = "",
    source: str = "",
    illustrative: bool = False,
    refresh_figures: bool = True,
) -> Pairing:
    """Create a pairing. `refresh_figures=False` leaves the derived figures to the caller
    (a bulk load syncs the pairing source once at the end)."""
    _validate(kind=kind, helper=helper, helped=helped, started_on=started_on, ended_on=ended_on)
    pairing = Pairing(
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
        source=source,
        illustrative=illustrative,
    )
    _assign_sides(pairing, helper, helped)
    pairing.save()
    if refresh_figures:
        sources.sync("pairings", places=pairing_counties(pairing))
    return pairing


@transaction.atomic
def pairing_update(
    *,
    pairing: Pairing,
    kind: str | None = None,
    helper: Side | None = None,
    helped: Side | None = None,
    started_on: date | None = None,
    ended_on: date | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Pairing:
    before = pairing_counties(pairing)
    new_kind = kind if kind is not None else pairing.kind
    new_helper = helper if helper is not None else pairing.helper
    new_helped = helped if helped is not None else pairing.helped
    new_start = started_on if started_on is not None else pairing.started_on
    new_end = ended_on if ended_on is not None else pairing.ended_on
    assert new_helper is not None and new_helped is not None
    _validate(
        kind=new_kind,
        helper=new_helper,
        helped=new_helped,
        started_on=new_start,
        ended_on=new_end,
        exclude_pk=pairing.pk,
    )
    pairing.kind = new_kind
    _assign_sides(pairing, new_helper, new_helped)
    pairing.started_on = new_start
    pairing.ended_on = new_end
    if note is not None:
        pairing.note = note
    if source is not None:
        pairing.source = source
    pairing.save()
    sources.sync("pairings", places=before | pairing_counties(pairing))
    return pairing


@transaction.atomic
def pairing_end(*, pairing: Pairing, ended_on: date, reason: str = "") -> Pairing:
    if pairing.ended_on is not None:
        raise ValidationError({"ended_on": _("this pairing has already ended")})
    if ended_on < pairing.started_on:
        raise ValidationError({"ended_on": _("the end date is before the start date")})
    pairing.ended_on = ended_on
    pairing.end_reason = reason
    pairing.save()
    sources.sync("pairings", places=pairing_counties(pairing))
    return pairing
