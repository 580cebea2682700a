"""API: the exchange registry under /api/v1/exchange/ — seconded people (identity numbers
and phones masked on lists; in full on one person where `personal.unmask` allows, the
showing recorded) and their secondments (listed with the list page's filters, read,
recorded, changed: a start or an end recorded by a patch) and the reports and evidence
filed for a secondment (listed, filed as JSON; a file is attached on the secondment's
page, as the project library's files are)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiezuo.accounts import policy
from xiezuo.api import Year
from xiezuo.paging import ApiPagination
from xiezuo.personal.identity import mask_identity
from xiezuo.personal.phones import mask_phone
from xiezuo.personal.shown import reveal
from xiezuo.places.models import Organisation, Place
from xiezuo.places.selectors import place_get

from . import selectors, services
from .models import Category, Direction, Kind, Person, Secondment, SecondmentReport

router = Router(tags=["exchange"])


class PersonOut(Schema):
    uid: str
    name: str
    identity: str
    phone: str
    category: str
    rank: str
    home: str
    organisation: int | None
    illustrative: bool


class PersonIn(Schema):
    name: str
    category: Category
    home: str
    identity: str = ""
    phone: str = ""
    rank: str = ""
    organisation: int | None = None


class PersonPatch(Schema):
    name: str | None = None
    category: Category | None = None
    home: str | None = None
    identity: str | None = None
    phone: str | None = None
    rank: str | None = None
    organisation: int | None = None


class SecondmentOut(Schema):
    uid: str
    person: str
    person_name: str
    direction: str
    kind: str
    category: str
    origin: str
    origin_organisation: int | None
    host: str
    host_organisation: int | None
    post: str
    planned_start: date
    planned_end: date
    started_on: date | None
    ended_on: date | None
    note: str
    illustrative: bool

    @staticmethod
    def resolve_person(obj: Secondment) -> str:
        return obj.person.uid

    @staticmethod
    def resolve_person_name(obj: Secondment) -> str:
        return obj.person.name

    @staticmethod
    def resolve_origin(obj: Secondment) -> str:
        return obj.origin.code

    @staticmethod
    def resolve_host(obj: Secondment) -> str:
        return obj.host.code

    @staticmethod
    def resolve_origin_organisation(obj: Secondment) -> int | None:
        return obj.origin_organisation_id

    @staticmethod
    def resolve_host_organisation(obj: Secondment) -> int | None:
        return obj.host_organisation_id


class SecondmentIn(Schema):
    person: str  # the person's uid
    direction: Direction
    kind: Kind
    origin: str
    host: str
    planned_start: date
    planned_end: date
    category: Category | None = None
    origin_organisation: int | None = None
    host_organisation: int | None = None
    post: str = ""
    started_on: date | None = None
    ended_on: date | None = None
    note: str = ""


class SecondmentPatch(Schema):
    direction: Direction | None = None
    kind: Kind | None = None
    category: Category | None = None
    origin: str | None = None
    host: str | None = None
    origin_organisation: int | None = None
    host_organisation: int | None = None
    post: str | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    started_on: date | None = None
    ended_on: date | None = None
    note: str | None = None


def _person_out(person: Person, identity: str, phone: str) -> dict[str, Any]:
    return {
        "uid": person.uid, "name": person.name, "identity": identity, "phone": phone,
        "category": person.category, "rank": person.rank, "home": person.home.code,
        "organisation": person.organisation_id, "illustrative": person.illustrative,
    }  # fmt: skip


def _masked(person: Person) -> dict[str, Any]:
    return _person_out(
        person,
        mask_identity(person.identity) if person.identity else "",
        mask_phone(person.phone) if person.phone else "",
    )


def _shown(request: HttpRequest, person: Person) -> dict[str, Any]:
    """The person as this request may see him: in full where allowed (the showing recorded)."""
    if not (person.identity or person.phone):
        return _masked(person)
    shown = reveal(request, [person])
    phone = shown.phone(person) if person.phone else ""
    return _person_out(person, shown.identity(person) if person.identity else "", phone)


class _MaskedPeople:
    """A list of people that the paginator slices, each answered masked."""

    def __init__(self, people: Any) -> None:
        self.people = people

    def __len__(self) -> int:
        return int(self.people.count())

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: Any) -> Any:
        return [_masked(p) for p in self.people[index]]


def _place(code: str | None, field: str, errors: dict[str, list[str]]) -> Place | None:
    if code is None:
        return None
    place = place_get(code)
    if place is None:
        errors[field] = [_("No place has the code “%(code)s”.") % {"code": code}]
    return place


def _organisation(pk: int | None, field: str, errors: dict[str, list[str]]) -> Any:
    if pk is None:
        return None
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        errors[field] = [_("No such organisation.")]
    return found


def _person(uid: str) -> Person:
    person = selectors.person_get(uid)
    if person is None:
        raise Http404(_("No seconded person has the number “%(key)s”.") % {"key": uid})
    return person


def _secondment(uid: str) -> Secondment:
    found = selectors.secondment_get(uid)
    if found is None:
        raise Http404(_("No secondment has the number “%(key)s”.") % {"key": uid})
    return found


# --- people


@router.get("/people", response=list[PersonOut], summary="Seconded people (masked)")
@paginate(ApiPagination)
def person_list(
    request: HttpRequest, place: str | None = None, name: str | None = None
) -> list[dict[str, Any]]:
    policy.require(request.user, "exchange.view")
    return _MaskedPeople(selectors.person_list(place=place, name=name or ""))  # type: ignore[return-value]


@router.get("/people/{uid}", response=PersonOut, summary="A seconded person")
def person_detail(request: HttpRequest, uid: str) -> dict[str, Any]:
    policy.require(request.user, "exchange.view")
    return _shown(request, _person(uid))


@router.post("/people", response={201: PersonOut}, summary="Register a seconded person")
def person_create(request: HttpRequest, payload: PersonIn) -> Status:
    errors: dict[str, list[str]] = {}
    home = _place(payload.home, "home", errors)
    organisation = _organisation(payload.organisation, "organisation", errors)
    if errors or home is None:
        raise ValidationError(errors)
    policy.require(request.user, "exchange.record", Person(home=home, organisation=organisation))
    person = services.person_register(
        actor=request.user, identity=payload.identity, name=payload.name,
        category=payload.category, rank=payload.rank, phone=payload.phone, home=home,
        organisation=organisation,
    )  # fmt: skip
    return Status(201, _shown(request, person))


@router.patch("/people/{uid}", response=PersonOut, summary="Change a seconded person")
def person_update(request: HttpRequest, uid: str, payload: PersonPatch) -> dict[str, Any]:
    person = _person(uid)
    policy.require(request.user, "exchange.record", person)
    sent = payload.dict(exclude_unset=True)
    errors: dict[str, list[str]] = {}
    if "home" in sent:
        sent["home"] = _place(sent["home"], "home", errors)
        if sent["home"] is None:
            errors.setdefault("home", [_("This field is required.")])
    if "organisation" in sent:
        sent["organisation"] = _organisation(sent["organisation"], "organisation", errors)
    if errors:
        raise ValidationError(errors)
    after = Person(
        home=sent.get("home", person.home),
        organisation=sent.get("organisation", person.organisation),
    )
    policy.require(request.user, "exchange.record", after)
    identity = sent.pop("identity", None)
    services.person_update(person=person, identity=identity, **sent)
    return _shown(request, _person(uid))


# --- secondments


@router.get("/secondments", response=list[SecondmentOut], summary="Secondments")
@paginate(ApiPagination)
def secondment_list(
    request: HttpRequest,
    place: str | None = None,
    year: Year | None = None,
    direction: Direction | None = None,
    category: Category | None = None,
    kind: Kind | None = None,
    in_post: bool = False,
) -> list[Secondment]:
    policy.require(request.user, "exchange.view")
    filters = selectors.SecondmentFilters(
        place=place, year=year, direction=direction, category=category, kind=kind,
        in_post=in_post,
    )  # fmt: skip
    return selectors.secondment_list(filters)  # type: ignore[return-value]


@router.get("/secondments/{uid}", response=SecondmentOut, summary="A secondment")
def secondment_detail(request: HttpRequest, uid: str) -> Secondment:
    policy.require(request.user, "exchange.view")
    return _secondment(uid)


def _places_of(sent: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    for field in ("origin", "host"):
        if field in sent:
            sent[field] = _place(sent[field], field, errors)
            if sent[field] is None:
                errors.setdefault(field, [_("This field is required.")])
    for field in ("origin_organisation", "host_organisation"):
        if field in sent:
            sent[field] = _organisation(sent[field], field, errors)
    if errors:
        raise ValidationError(errors)


@router.post("/secondments", response={201: SecondmentOut}, summary="Record a secondment")
def secondment_create(request: HttpRequest, payload: SecondmentIn) -> Status:
    sent = payload.dict()
    person = selectors.person_get(sent.pop("person"))
    if person is None:
        raise ValidationError({"person": [_("No seconded person has this number.")]})
    _places_of(sent)
    sent["category"] = sent["category"] or ""
    candidate = Secondment(
        origin=sent["origin"], host=sent["host"], origin_organisation=sent["origin_organisation"],
        host_organisation=sent["host_organisation"],
    )  # fmt: skip
    policy.require(request.user, "exchange.record", candidate)
    secondment = services.secondment_create(actor=request.user, person=person, **sent)
    return Status(201, _secondment(secondment.uid))


@router.patch(
    "/secondments/{uid}", response=SecondmentOut, summary="Change a secondment (its start, end)"
)
def secondment_update(request: HttpRequest, uid: str, payload: SecondmentPatch) -> Secondment:
    secondment = _secondment(uid)
    policy.require(request.user, "exchange.record", secondment)
    sent = payload.dict(exclude_unset=True)
    _places_of(sent)
    if "origin" in sent or "host" in sent:
        after = Secondment(
            origin=sent.get("origin", secondment.origin), host=sent.get("host", secondment.host)
        )
        policy.require(request.user, "exchange.record", after)
    services.secondment_update(secondment=secondment, **sent)
    return _secondment(uid)


# --- reports and evidence (JSON; a file is attached on the secondment's page)


class SecondmentReportOut(Schema):
    uid: str
    title: str
    on: date
    text: str
    file: str | None
    file_name: str
    created_at: datetime

    @staticmethod
    def resolve_file(obj: SecondmentReport) -> str | None:
        return reverse("exchange_secondment_report_file", args=[obj.uid]) if obj.file else None


class ReportIn(Schema):
    title: str
    on: date
    text: str = ""


@router.get(
    "/secondments/{uid}/reports",
    response=list[SecondmentReportOut],
    summary="A secondment's reports",
)
@paginate(ApiPagination)
def secondment_report_list(request: HttpRequest, uid: str) -> list[SecondmentReport]:
    policy.require(request.user, "exchange.view")
    return selectors.secondment_reports(_secondment(uid))  # type: ignore[return-value]


@router.post(
    "/secondments/{uid}/reports",
    response={201: SecondmentReportOut},
    summary="File a report or evidence for a secondment",
)
def secondment_report_add(request: HttpRequest, uid: str, payload: ReportIn) -> Status:
    secondment = _secondment(uid)
    policy.require(request.user, "exchange.record", secondment)
    report = services.secondment_report_add(
        actor=request.user, secondment=secondment, title=payload.title, on=payload.on,
        text=payload.text,
    )  # fmt: skip
    return Status(201, report)


router.add_router("", "xiezuo.exchange.api_quotas.router")
