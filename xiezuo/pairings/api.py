"""API: pairings (list, filter, create, update, end), coverage and the network."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.dates import parse_day
from xiezuo.paging import ApiPagination
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get, place_get_or_404

from . import selectors, services
from .models import Kind, Pairing

router = Router(tags=["pairings"])


class SideOut(Schema):
    type: str
    code: str | None = None
    id: int | None = None
    name: str


def side_out(side: Place | Organisation | None) -> dict:
    if isinstance(side, Place):
        return {"type": "place", "code": side.code, "name": side.name}
    if isinstance(side, Organisation):
        return {"type": "organisation", "id": side.pk, "name": side.name}
    return {"type": "none", "name": ""}


class PairingOut(Schema):
    id: int
    uid: str
    kind: str
    kind_name: str
    helper: SideOut
    helped: SideOut
    started_on: date
    ended_on: date | None
    end_reason: str
    status: str
    note: str
    source: str
    illustrative: bool

    @staticmethod
    def resolve_kind_name(obj: Pairing) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_helper(obj: Pairing) -> dict:
        return side_out(obj.helper)

    @staticmethod
    def resolve_helped(obj: Pairing) -> dict:
        return side_out(obj.helped)

    @staticmethod
    def resolve_status(obj: Pairing) -> str:
        return obj.status.value


class PairingIn(Schema):
    kind: Kind
    helper_place: str | None = None
    helper_organisation: int | None = None
    helped_place: str | None = None
    helped_organisation: int | None = None
    started_on: date
    ended_on: date | None = None
    note: str = ""
    source: str = ""


class PairingPatch(Schema):
    kind: Kind | None = None
    helper_place: str | None = None
    helper_organisation: int | None = None
    helped_place: str | None = None
    helped_organisation: int | None = None
    started_on: date | None = None
    ended_on: date | None = None
    note: str | None = None
    source: str | None = None


class PairingEndIn(Schema):
    ended_on: date
    reason: str = ""


def resolve_side(
    name: str, place_code: str | None, organisation_id: int | None, *, required: bool
) -> Place | Organisation | None:
    """The place or organisation named for one side; a field error if unknown or ambiguous."""
    if place_code and organisation_id:
        raise ValidationError({name: _("give a place or an organisation, not both")})
    if place_code:
        place = place_get(place_code)
        if place is None:
            raise ValidationError({f"{name}_place": _("no place has the code “%s”") % place_code})
        return place
    if organisation_id:
        organisation = (
            Organisation.objects.select_related("place").filter(pk=organisation_id).first()
        )
        if organisation is None:
            raise ValidationError(
                {f"{name}_organisation": _("no organisation has the id %s") % organisation_id}
            )
        return organisation
    if required:
        raise ValidationError({name: _("give a place or an organisation")})
    return None


def resolve_sides(
    payload: PairingIn | PairingPatch, *, required: bool
) -> tuple[Place | Organisation | None, Place | Organisation | None]:
    """The helper and the helped a request names (resolve_side each); what is wrong with
    either side is refused all at once, a message per field, as the page's form does."""
    found: dict[str, Place | Organisation | None] = {}
    errors: dict[str, list[str]] = {}
    for name, place_code, organisation_id in (
        ("helper", payload.helper_place, payload.helper_organisation),
        ("helped", payload.helped_place, payload.helped_organisation),
    ):
        try:
            found[name] = resolve_side(name, place_code, organisation_id, required=required)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return found["helper"], found["helped"]


@router.get("", response=list[PairingOut], summary="Pairings, filtered")
@paginate(ApiPagination)
def pairing_list(
    request: HttpRequest,
    kind: Kind | None = None,
    status: str | None = None,
    place: str | None = None,
    side: str = "either",
    organisation: int | None = None,
) -> list[Pairing]:
    policy.require(request.user, "pairing.view")
    org = get_object_or_404(Organisation, pk=organisation) if organisation else None
    return selectors.pairing_list(  # type: ignore[return-value]
        kind=kind, status=status, place=place, side=side, organisation=org
    )


class LevelCoverageOut(Schema):
    designated: int
    paired: int
    unpaired: list[str]


class CoverageOut(Schema):
    place: str
    on: date
    poor_in: int | None
    county: LevelCoverageOut
    township: LevelCoverageOut
    village: LevelCoverageOut


@router.get("/coverage", response=CoverageOut, summary="Coverage of a region's poor places")
def pairing_coverage(
    request: HttpRequest, place: str, on: str | None = None, poor_in: int | None = None
) -> dict:
    """The designated poor places below `place` paired as on `on` (YYYY-MM-DD, default today)."""
    day = parse_day(on, default=timezone.localdate())
    policy.require(request.user, "coverage.view")
    cov = selectors.coverage(place_get_or_404(place), on=day, poor_in=poor_in)
    body: dict = {"place": cov.place.code, "on": cov.on, "poor_in": cov.poor_in}
    for name, level in cov.levels.items():
        body[name] = {
            "designated": level.designated,
            "paired": level.paired,
            "unpaired": [p.code for p in level.unpaired],
        }
    return body


class NetworkOut(Schema):
    nodes: list[dict]
    links: list[dict]


@router.get("/network", response=NetworkOut, summary="Pairing flows into a region (Sankey)")
def pairing_network(request: HttpRequest, place: str, on: str | None = None) -> dict:
    """The pairings into `place` active on `on` (YYYY-MM-DD, default today)."""
    day = parse_day(on, default=timezone.localdate())
    policy.require(request.user, "coverage.view")
    network = selectors.pairing_network(place_get_or_404(place), on=day)
    return {"nodes": network.nodes, "links": network.links}


@router.get("/{pairing_id}", response=PairingOut)
def pairing_detail(request: HttpRequest, pairing_id: int) -> Pairing:
    policy.require(request.user, "pairing.view")
    return get_object_or_404(selectors.pairing_list(), pk=pairing_id)


@router.post("", response={201: PairingOut})
def pairing_create(request: HttpRequest, payload: PairingIn) -> Status:
    helper, helped = resolve_sides(payload, required=True)
    assert helper is not None and helped is not None
    policy.require(request.user, "pairing.create", policy.Sides(helper=helper, helped=helped))
    pairing = services.pairing_create(
        kind=payload.kind,
        helper=helper,
        helped=helped,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        note=payload.note,
        source=payload.source,
    )
    return Status(201, pairing)


@router.patch("/{pairing_id}", response=PairingOut)
def pairing_update(request: HttpRequest, pairing_id: int, payload: PairingPatch) -> Pairing:
    pairing = get_object_or_404(selectors.pairing_list(), pk=pairing_id)
    policy.require(request.user, "pairing.update", pairing)
    helper, helped = resolve_sides(payload, required=False)
    if helper is not None or helped is not None:
        new_sides = policy.Sides(helper=helper or pairing.helper, helped=helped or pairing.helped)  # type: ignore[arg-type]
        policy.require(request.user, "pairing.create", new_sides)
    return services.pairing_update(
        pairing=pairing,
        kind=payload.kind,
        helper=helper,
        helped=helped,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        note=payload.note,
        source=payload.source,
    )


@router.post("/{pairing_id}/end", response=PairingOut)
def pairing_end(request: HttpRequest, pairing_id: int, payload: PairingEndIn) -> Pairing:
    pairing = get_object_or_404(selectors.pairing_list(), pk=pairing_id)
    policy.require(request.user, "pairing.end", pairing)
    return services.pairing_end(pairing=pairing, ended_on=payload.ended_on, reason=payload.reason)
