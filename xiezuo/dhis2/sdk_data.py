"""The data side of what the DHIS2 Android SDK asks a server for, as DHIS2 2.40 answers it.

- `/api/completeDataSetRegistrations`: GET (the SDK's download: comma lists of
  `dataSet`, `period`, `orgUnit`, with `children=true`), POST (its upload, a
  `{"completeDataSetRegistrations": [...]}` body answered by an ImportSummary)
  and DELETE (`ds`, `pe`, `ou`, `cc`, `cp`, `multiOu`), over Xiezuo's
  completions, through the same services as the report page (so permissions,
  the approval lock and the audit trail are the same);
- `/api/dataApprovals` (one state and its permissions) and
  `/api/dataApprovals/multiple` (the SDK's download of states), over Xiezuo's
  approvals; each data set has one approval workflow, `/api/dataApprovalWorkflows`;
- `/api/validationRules` (and `?dataSet=`): Xiezuo's rules, their sides in
  DHIS2's `#{uid.coc}` syntax;
- `/api/dataStore`, `/api/systemSettings`, `/api/userSettings`: the few
  keys the SDK reads, and DHIS2's empty answers for a data store Xiezuo does not keep.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from xiezuo import periods
from xiezuo.accounts import policy
from xiezuo.bodies import refuse_deep_json
from xiezuo.dates import dhis2_timestamp
from xiezuo.indicators import combos, services, validation
from xiezuo.indicators.imports.summary import ImportOptions, OptionError
from xiezuo.indicators.models import Approval, Completion, DataSet, ValidationRule
from xiezuo.indicators.selectors.reports import report_get
from xiezuo.language import pick
from xiezuo.periods import Period, PeriodType
from xiezuo.places import codes
from xiezuo.places.models import Place
from xiezuo.places.selectors import code_within, place_get

from .auth import endpoint
from .metadata import (
    DEFAULT_CATEGORY_COMBO_UID,
    Catalogue,
    ListQuery,
    display,
    find,
    list_body,
    not_found_message,
    object_body,
    stamps,
    translations,
    workflow_uid,
)
from .params import flag, listed
from .versions import bare_import_summary
from .views import _api, _page_url
from .webmessages import BadRequest, Conflict, NotFound, UnsupportedMediaType, json_response


def _required(request: HttpRequest, name: str, kind: str) -> list[str]:
    """As Spring answers a missing `@RequestParam`."""
    found = listed(request.GET, name)
    if not found:
        raise BadRequest(
            f"Required request parameter '{name}' for method parameter type {kind} is not present"
        )
    return found


def _one_required(request: HttpRequest, name: str) -> str:
    """A single required parameter, refused as Spring refuses a missing one."""
    value = request.GET.get(name, "").strip()
    if not value:
        raise BadRequest(
            f"Required request parameter '{name}' for method parameter type String is not present"
        )
    return value


def _period(text: str) -> Period | None:
    try:
        return periods.parse(text)
    except ValueError:
        return None


def _period_and_place(given_period: str, given_place: str) -> tuple[Period, Place]:
    """The period and the place a request names, each refused as DHIS2 refuses it (409)."""
    period = _period(given_period)
    if period is None:
        raise Conflict(f"Illegal period identifier: {given_period}")
    place = place_get(given_place)
    if place is None:
        raise Conflict(f"Illegal organisation unit identifier: {given_place}")
    return period, place


def _data_sets_by_uid(uids: Iterable[str]) -> list[DataSet]:
    return list(DataSet.objects.filter(uid__in=list(uids)).order_by("code"))


def _places_by_uid(uids: Iterable[str]) -> list[Place]:
    found = []
    for uid in uids:
        place = place_get(uid)
        if place is not None:
            found.append(place)
    return found


# --- complete data set registrations


def _registration(completion: Completion) -> dict[str, Any]:
    """One registration as DHIS2 exports it (its store's columns: dates without the time)."""
    who = completion.completed_by
    return {
        "period": completion.period,
        "dataSet": completion.data_set.uid,
        "organisationUnit": completion.place.uid,
        "attributeOptionCombo": combos.DEFAULT_UID,
        "date": dhis2_timestamp(completion.completed_at)[:10],
        "storedBy": who.username if who else "",
        "completed": True,
    }


def registrations_get(request: HttpRequest) -> HttpResponse:
    """DHIS2's CompleteDataSetRegistrationController GET, with its checks (E2013, E2002,
    E2006, E2008; E2012 for a place outside the caller's scope)."""
    data_sets = _data_sets_by_uid(_required(request, "dataSet", "Set"))
    period_ids = [p.id for p in map(_period, listed(request.GET, "period")) if p is not None]
    places = _places_by_uid(listed(request.GET, "orgUnit"))
    children = flag(request.GET, "children")
    for place in places:
        if not policy.can(request.user, "data.view", place):
            raise Conflict(f"User is not allowed to view org unit: `{place.uid}`", "E2012")
    if not data_sets:
        raise Conflict("At least one data set must be specified", "E2013")
    if not period_ids:
        raise Conflict(
            "At least one period, start/end dates, last updated or last updated duration "
            "must be specified",
            "E2002",
        )
    if not places:
        if children:
            raise Conflict(
                "At least one organisation unit must be specified when children are included",
                "E2008",
            )
        raise Conflict(
            "At least one organisation unit or organisation unit group must be specified", "E2006"
        )
    where = Q()
    for place in places:
        where |= code_within("place__code", place.code) if children else Q(place=place)
    rows = (
        Completion.objects.filter(where, data_set__in=data_sets, period__in=period_ids)
        .select_related("data_set", "place", "completed_by")
        .order_by("data_set__code", "place__code", "period")
    )
    return json_response({"completeDataSetRegistrations": [_registration(c) for c in rows]})


@dataclass
class RegistrationSummary:
    """DHIS2's ImportSummary of a registrations import: SUCCESS when anything was written
    (conflicts or not), ERROR when every registration was refused or ignored."""

    options: ImportOptions
    imported: int = 0
    updated: int = 0
    deleted: int = 0
    total: int = 0
    conflicts: list[dict[str, str]] = field(default_factory=list)

    def conflict(self, obj: str, value: str) -> None:
        self.conflicts.append({"object": obj, "value": value})

    @property
    def ignored(self) -> int:
        return self.total - self.imported - self.updated - self.deleted

    @property
    def status(self) -> str:
        return "ERROR" if self.total == self.ignored else "SUCCESS"

    def as_dict(self) -> dict[str, Any]:
        return {
            "responseType": "ImportSummary",
            "status": self.status,
            "importOptions": self.options.as_dict(),
            "description": "Import process complete.",
            "importCount": {
                "imported": self.imported,
                "updated": self.updated,
                "ignored": self.ignored,
                "deleted": self.deleted,
            },
            "conflicts": self.conflicts,
            "dataSetComplete": "false",
        }

    def response(self, request: HttpRequest) -> HttpResponse:
        """Wrapped in a web message (409 on ERROR) from API 38 on; bare before, as DHIS2."""
        summary = self.as_dict()
        if bare_import_summary(request):
            return json_response(summary)
        if self.status == "ERROR":
            code, phrase = 409, "Conflict"
            message = "An error occurred, please check import summary."
        else:
            code, phrase, message = 200, "OK", "Import was successful."
        body = {
            "httpStatus": phrase,
            "httpStatusCode": code,
            "status": "ERROR" if code == 409 else "OK",
            "message": message,
            "response": summary,
        }
        return json_response(body, status=code)


def _rows_of(request: HttpRequest) -> list[Any]:
    if not (request.content_type or "").endswith("json"):
        raise UnsupportedMediaType(
            _("Send the registrations as application/json; “%s” is not accepted.")
            % (request.content_type or "")
        )
    refuse_deep_json(request.body)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as exc:
        raise Conflict(_("The request body is not valid JSON.")) from exc
    rows = body.get("completeDataSetRegistrations") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        raise Conflict(
            _("The request body must be an object with a list “completeDataSetRegistrations”.")
        )
    return rows


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _register(request: HttpRequest, row: Any, summary: RegistrationSummary) -> None:
    """Check one registration as DHIS2 does, then complete or un-complete the report."""
    user = request.user
    if not isinstance(row, dict):
        summary.conflict("completeDataSetRegistration", "Not an object")
        return
    data_set = DataSet.objects.filter(uid=_text(row, "dataSet")).first()
    if data_set is None:
        summary.conflict(_text(row, "dataSet"), "Data set not found or not accessible")
        return
    period = _period(_text(row, "period"))
    if period is None:
        summary.conflict(_text(row, "period"), "Period not valid")
        return
    place = place_get(_text(row, "organisationUnit"))
    if place is None:
        summary.conflict(
            _text(row, "organisationUnit"), "Organisation unit not found or not accessible"
        )
        return
    option_combo = _text(row, "attributeOptionCombo")
    if option_combo not in ("", combos.DEFAULT_UID):
        # DHIS2 would fall back to the default combo; Xiezuo says so rather than guess
        summary.conflict(
            option_combo,
            "Attribute option combo not found: Xiezuo's data sets have only the default "
            f"attribute option combo {combos.DEFAULT_UID}",
        )
        return
    if not policy.can(user, "data.enter", place):
        message = f"Organisation unit is not in hierarchy of user: {user.username}"
        summary.conflict(place.uid, message)
        return
    stored_by = _text(row, "storedBy")
    if len(stored_by) > 255:
        summary.conflict(stored_by, "Stored by is too long (more than 255 characters)")
        return
    completed = row.get("completed")
    completed = True if completed is None else str(completed).lower() != "false"
    strategy = summary.options.strategy
    existing = report_get(data_set, place, period).completion is not None
    if strategy == "DELETE":
        completed = False
        if not existing:
            return  # nothing to delete: ignored, as DHIS2
    elif (existing and strategy == "CREATE") or (not existing and strategy == "UPDATE"):
        return
    change = services.report_complete if completed else services.report_uncomplete
    try:
        change(actor=user, data_set=data_set, place=place, period=period)
    except ValidationError as exc:
        summary.conflict(data_set.uid, " ".join(str(m) for m in exc.messages))
        return
    if strategy == "DELETE":
        summary.deleted += 1
    elif existing or not completed:
        # a registration turned to completed=false is, to DHIS2, an update of it
        summary.updated += 1
    else:
        summary.imported += 1


def registrations_post(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "data.enter")
    try:
        options = ImportOptions.from_params(request.GET)
    except OptionError as exc:
        raise Conflict(str(exc)) from exc
    if flag(request.GET, "async"):
        raise Conflict(_("async=true is not supported here: registrations are imported at once."))
    rows = _rows_of(request)
    summary = RegistrationSummary(options)
    with transaction.atomic():
        for row in rows:
            summary.total += 1
            _register(request, row, summary)
        if options.dry_run:
            transaction.set_rollback(True)
    return summary.response(request)


def _attribute_combo_is_default(request: HttpRequest) -> None:
    """DHIS2's `cc` and `cp` (the attribute category combo and its options): Xiezuo's data
    sets have only the default."""
    combo, options = request.GET.get("cc"), request.GET.get("cp")
    if combo is None and options is None:
        return
    if combo is None or options is None:
        raise Conflict("Both category combination and category options must be specified", "E2040")
    if combo != DEFAULT_CATEGORY_COMBO_UID:
        raise Conflict(f"Category combo not found or not accessible: `{combo}`", "E1110")


def registrations_delete(request: HttpRequest) -> HttpResponse:
    """Un-complete reports; 409 naming the data sets whose reports are approved (locked)."""
    wanted = _required(request, "ds", "Set")
    data_sets = _data_sets_by_uid(wanted)
    if len(data_sets) != len(wanted):
        raise Conflict(f"Illegal data set identifier in this list: [{', '.join(wanted)}]")
    given_period, given_place = _one_required(request, "pe"), _one_required(request, "ou")
    period, place = _period_and_place(given_period, given_place)
    _attribute_combo_is_default(request)
    places = [place]
    if flag(request.GET, "multiOu"):
        places += list(place.children.order_by("code"))
    for each in places:
        policy.require(request.user, "data.enter", each)
    locked = [
        data_set.uid
        for data_set in data_sets
        if any(report_get(data_set, each, period).locked for each in places)
    ]
    if locked:
        raise Conflict("Locked Data set(s) : " + ", ".join(locked))
    with transaction.atomic():
        for each in places:
            for data_set in data_sets:
                services.report_uncomplete(
                    actor=request.user, data_set=data_set, place=each, period=period
                )
    return HttpResponse(status=204)


@endpoint("GET", "POST", "DELETE")
def complete_registrations(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return registrations_post(request)
    if request.method == "DELETE":
        return registrations_delete(request)
    policy.require_anywhere(request.user, "data.view")
    return registrations_get(request)


# --- data approvals


def _workflows() -> dict[str, DataSet]:
    """Each data set's approval workflow, by its UID (derived from the data set's)."""
    return {workflow_uid(s.uid): s for s in DataSet.objects.order_by("code")}


def workflow_records() -> list[dict[str, Any]]:
    records = []
    for uid, data_set in _workflows().items():
        records.append(
            {
                "id": uid,
                "code": data_set.code,
                "name": data_set.name_zh,
                "displayName": display(data_set.name_zh, data_set.name_en),
                "translations": translations(data_set.name_en, "NAME"),
                "periodType": data_set.period_type,
                "categoryCombo": {"id": DEFAULT_CATEGORY_COMBO_UID},
                "dataApprovalLevels": [],
                "dataSets": [{"id": data_set.uid}],
            }
        )
    return records


@dataclass(frozen=True)
class ApprovalState:
    state: str
    approval: Approval | None = None  # the approval of this very report, when APPROVED_HERE


def approval_states(
    data_sets: Sequence[DataSet], places: Sequence[Place], period_list: Sequence[Period]
) -> dict[tuple[int, int, str], ApprovalState]:
    """DHIS2's approval state of each report (data set × place × period), in three queries.

    APPROVED_HERE: the level above approved this report; APPROVED_ABOVE: an
    approval of a place above covers it (its figures are locked all the same);
    UNAPPROVED_READY: complete, awaiting approval; UNAPPROVED_WAITING: not yet
    complete (Xiezuo approves only complete reports); UNAPPROVABLE: a period
    that is not of the data set's type.
    """
    period_ids = [p.id for p in period_list]
    complete = set(
        Completion.objects.filter(
            data_set__in=data_sets, place__in=places, period__in=period_ids
        ).values_list("data_set_id", "place_id", "period")
    )
    lines = {code for place in places for code in [*codes.ancestor_codes(place.code), place.code]}
    approved: dict[int, list[Approval]] = {}
    for approval in Approval.objects.filter(
        data_set__in=data_sets, place__code__in=lines, state=Approval.State.APPROVED
    ).select_related("place", "decided_by"):
        approved.setdefault(approval.data_set_id, []).append(approval)
    states = {}
    for data_set in data_sets:
        for place in places:
            above = set(codes.ancestor_codes(place.code))
            for period in period_list:
                key = (data_set.pk, place.pk, period.id)
                if period.type is not data_set.period_type_enum:
                    states[key] = ApprovalState("UNAPPROVABLE")
                    continue
                covering = [
                    a
                    for a in approved.get(data_set.pk, [])
                    if periods.parse(a.period).contains(period)
                ]
                here = [a for a in covering if a.place_id == place.pk and a.period == period.id]
                if here:
                    states[key] = ApprovalState("APPROVED_HERE", here[0])
                elif any(a.place.code in above or a.place_id == place.pk for a in covering):
                    states[key] = ApprovalState("APPROVED_ABOVE")
                elif key in complete:
                    states[key] = ApprovalState("UNAPPROVED_READY")
                else:
                    states[key] = ApprovalState("UNAPPROVED_WAITING")
    return states


def _permissions(user: Any, place: Place, found: ApprovalState) -> dict[str, Any]:
    """DHIS2's DataApprovalPermissions (no acceptance in Xiezuo: never may accept)."""
    may_approve = policy.can(user, "data.approve", place)
    permissions: dict[str, Any] = {
        "mayApprove": may_approve and found.state == "UNAPPROVED_READY",
        "mayUnapprove": may_approve and found.state == "APPROVED_HERE",
        "mayAccept": False,
        "mayUnaccept": False,
        "mayReadData": policy.can(user, "data.view", place),
        "state": found.state,
    }
    if found.approval is not None:
        who = found.approval.decided_by
        permissions["approvedBy"] = who.display_name if who else "system"
        permissions["approvedAt"] = dhis2_timestamp(found.approval.decided_at)
    return permissions


def _data_set_of_workflow(workflow: str) -> DataSet:
    data_set = _workflows().get(workflow)
    if data_set is None:
        raise Conflict(f"Data approval workflow does not exist: {workflow}")
    return data_set


def _attribute_option_combos(request: HttpRequest) -> None:
    for given in listed(request.GET, "aoc"):
        if given != combos.DEFAULT_UID:
            raise Conflict(f"Illegal attribute option combo identifier: {given}")


@endpoint("GET")
def data_approval(request: HttpRequest) -> HttpResponse:
    """`/api/dataApprovals?wf=|ds=&pe=&ou=`: one report's state and the caller's permissions."""
    policy.require_anywhere(request.user, "data.view")
    given_period, given_place = _one_required(request, "pe"), _one_required(request, "ou")
    ds, wf = request.GET.get("ds"), request.GET.get("wf")
    if ds:
        data_set = DataSet.objects.filter(uid=ds).first()
        if data_set is None:
            raise Conflict(f"Data set does not exist: {ds}")
    elif wf:
        data_set = _data_set_of_workflow(wf)
    else:
        raise Conflict("Either data set or data approval workflow must be specified")
    period, place = _period_and_place(given_period, given_place)
    _attribute_option_combos(request)
    policy.require(request.user, "data.view", place)
    found = approval_states([data_set], [place], [period])[(data_set.pk, place.pk, period.id)]
    return json_response(_permissions(request.user, place, found))


@endpoint("GET")
def data_approvals_multiple(request: HttpRequest) -> HttpResponse:
    """`/api/dataApprovals/multiple?wf=&pe=&ou=&aoc=`: the states the SDK downloads.

    As DHIS2: every workflow × period of its type × place × attribute option
    combo. Places outside the caller's scope are left out.
    """
    policy.require_anywhere(request.user, "data.view")
    data_sets = [_data_set_of_workflow(w) for w in _required(request, "wf", "Set")]
    places = []
    for given in _required(request, "ou", "Set"):
        place = place_get(given)
        if place is None:
            raise Conflict(f"Illegal organisation unit identifier: {given}")
        if policy.can(request.user, "data.view", place):
            places.append(place)
    if not request.GET.get("pe"):
        raise Conflict("Must have either pe or both startDate and endDate.")
    period_list = []
    for given in listed(request.GET, "pe"):
        period = _period(given)
        if period is None:
            raise Conflict(f"Illegal period identifier: {given}")
        period_list.append(period)
    _attribute_option_combos(request)
    states = approval_states(data_sets, places, period_list)
    body = []
    for data_set in data_sets:
        for period in period_list:
            if period.type is not data_set.period_type_enum:
                continue
            for place in places:
                found = states[(data_set.pk, place.pk, period.id)]
                body.append(
                    {
                        "wf": workflow_uid(data_set.uid),
                        "pe": period.id,
                        "ou": place.uid,
                        "aoc": combos.DEFAULT_UID,
                        "state": found.state,
                        "permissions": _permissions(request.user, place, found),
                    }
                )
    return json_response(body)


@endpoint("GET")
def data_approval_workflows(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "analytics.view")
    query = ListQuery.from_params(request.GET)
    return json_response(
        list_body("dataApprovalWorkflows", workflow_records(), query, _page_url(request))
    )


@endpoint("GET")
def data_approval_workflow(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "analytics.view")
    record = find(workflow_records(), uid)
    if record is None:
        raise NotFound(not_found_message("DataApprovalWorkflow", uid), "E1005")
    return json_response(object_body(record, request.GET))


# --- validation rules

_OPERATORS = {
    "<=": "less_than_or_equal_to",
    "<": "less_than",
    "==": "equal_to",
    ">=": "greater_than_or_equal_to",
    ">": "greater_than",
    "!=": "not_equal_to",
}


def _finest(types: Iterable[str]) -> str:
    """The finest of these period types (the rule is checked in each data set's periods)."""
    found = [PeriodType.from_name(t) for t in types]
    if not found:
        return PeriodType.YEARLY.dhis2_name
    return min(found, key=lambda t: t.months).dhis2_name


def _side(catalogue: Catalogue, text: str) -> dict[str, Any]:
    # NEVER_SKIP: a side without any value counts as zero, as Xiezuo evaluates it
    # (Xiezuo skips the rule only when both sides are empty; see the README)
    return {
        "expression": catalogue.dhis2_expression(text),
        "description": text,
        "missingValueStrategy": "NEVER_SKIP",
    }


def rule_records(rules: Sequence[ValidationRule], api: str = "") -> list[dict[str, Any]]:
    catalogue = Catalogue(api)
    types_of_element: dict[str, set[str]] = {}
    for data_set in catalogue.data_sets:
        for element in data_set.data_elements.all():
            types_of_element.setdefault(element.code, set()).add(data_set.period_type)
    records = []
    for rule in rules:
        elements = validation.rule_elements(rule)
        types = {t for code in elements for t in types_of_element.get(code, ())}
        instruction = pick(rule.message_zh, rule.message_en)
        records.append(
            {
                "id": rule.uid,
                "href": catalogue.href("validationRules", rule.uid),
                **stamps(rule),
                "code": rule.code,
                "name": rule.name_zh,
                "shortName": rule.name_zh,
                "displayName": display(rule.name_zh, rule.name_en),
                "displayShortName": display(rule.name_zh, rule.name_en),
                "description": rule.message_zh,
                "displayDescription": display(rule.message_zh, rule.message_en),
                "instruction": instruction,
                "displayInstruction": instruction,
                "translations": translations(rule.name_en, "NAME", "SHORT_NAME")
                + translations(rule.message_en, "DESCRIPTION", "INSTRUCTION"),
                "importance": "MEDIUM",
                "operator": _OPERATORS[rule.operator],
                "periodType": _finest(types),
                "skipFormValidation": False,
                "leftSide": _side(catalogue, rule.left),
                "rightSide": _side(catalogue, rule.right),
                "organisationUnitLevels": [],
            }
        )
    return records


def _rules(request: HttpRequest) -> list[ValidationRule]:
    """The rules that can be evaluated; with `dataSet=`, those speaking of its elements
    (none for an unknown data set, as DHIS2)."""
    given = request.GET.get("dataSet")
    if given is None:
        return validation.rules_for()
    data_set = DataSet.objects.filter(uid=given).first()
    return validation.rules_for(data_set) if data_set is not None else []


@endpoint("GET")
def validation_rules(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "analytics.view")
    query = ListQuery.from_params(request.GET)
    records = rule_records(_rules(request), _api(request))
    return json_response(list_body("validationRules", records, query, _page_url(request)))


@endpoint("GET")
def validation_rule(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "analytics.view")
    record = find(rule_records(validation.rules_for(), _api(request)), uid)
    if record is None:
        raise NotFound(not_found_message("ValidationRule", uid), "E1005")
    return json_response(object_body(record, request.GET))


# --- the data store (Xiezuo keeps none), system and user settings


@endpoint("GET")
def data_store(request: HttpRequest) -> HttpResponse:
    """The namespaces: none."""
    return json_response([])


@endpoint("GET")
def data_store_namespace(request: HttpRequest, namespace: str) -> HttpResponse:
    """A namespace's keys: 404 as DHIS2 for one that does not exist; with `fields`, its
    entries, an empty page (DHIS2 does not look for the namespace then)."""
    if "fields" in request.GET:
        page = request.GET.get("page", "1")
        size = request.GET.get("pageSize", "50")
        if not (page.isdigit() and size.isdigit()):
            raise BadRequest(_("page and pageSize must be whole numbers."))
        return json_response({"pager": {"page": int(page), "pageSize": int(size)}, "entries": []})
    raise NotFound(f"Namespace not found: '{namespace}'")


@endpoint("GET")
def data_store_entry(request: HttpRequest, namespace: str, key: str) -> HttpResponse:
    if key == "keys":  # `/dataStore/{namespace}/keys`: the namespace's keys
        raise NotFound(f"Namespace not found: '{namespace}'")
    raise NotFound(f"Key '{key}' not found in namespace '{namespace}'")


def system_setting_values() -> dict[str, Any]:
    """The system settings a client reads, with DHIS2's defaults where Xiezuo has no own."""
    return {
        "applicationTitle": "Xiezuo",
        "keyFlag": "dhis2",
        "keyStyle": "light_blue/light_blue.css",
        "keyCalendar": "iso8601",
        "keyDateFormat": "yyyy-MM-dd",
        "analyticsFinancialYearStart": "FINANCIAL_YEAR_OCTOBER",
        "keyUiLocale": "zh",
        "keyDbLocale": "zh",
    }


@endpoint("GET")
def system_settings(request: HttpRequest) -> HttpResponse:
    """All settings, or those named by `key` (a comma list or repeated, as the SDK sends);
    unknown keys are left out, as DHIS2."""
    values = system_setting_values()
    wanted = listed(request.GET, "key")
    if wanted:
        values = {k: values[k] for k in wanted if k in values}
    response = json_response(values)
    response["Cache-Control"] = "no-cache, no-store, must-revalidate"
    return response


@endpoint("GET")
def system_setting(request: HttpRequest, key: str) -> HttpResponse:
    """One setting: `{key: value}` as JSON (the empty string for an unknown key, as DHIS2),
    its bare value when the client asks for text."""
    value = system_setting_values().get(key, "")
    if "text/plain" in request.headers.get("Accept", ""):
        return HttpResponse(str(value), content_type="text/plain; charset=utf-8")
    return json_response({key: value})


def user_setting_values() -> dict[str, Any]:
    """The caller's settings: the interface and database locale follow their language."""
    language = pick("zh", "en")
    return {"keyUiLocale": language, "keyDbLocale": language}


@endpoint("GET")
def user_settings(request: HttpRequest) -> HttpResponse:
    values = user_setting_values()
    wanted = listed(request.GET, "key")
    for key in wanted:
        if key not in values:
            raise NotFound(f"No user setting found with key: {key}")
    if wanted:
        values = {k: values[k] for k in wanted}
    return json_response(values)


@endpoint("GET")
def user_setting(request: HttpRequest, key: str) -> HttpResponse:
    values = user_setting_values()
    if key not in values:
        raise NotFound(f"No user setting found with key: {key}")
    return HttpResponse(str(values[key]), content_type="text/plain; charset=utf-8")
