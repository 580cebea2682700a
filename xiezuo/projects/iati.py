"""Published projects as IATI 2.03 activities (the International Aid Transparency Initiative).

One `iati-activity` per published project, in the order the 2.03 activity
schema requires: its identifier, the reporting organisation (the programme),
the title and benefit mechanism, the participating organisations by IATI role
(a helper-side partner funds, the responsible organisation extends, the
implementing organisation implements), the status and dates, the country and
locations, the sector, the budget by funding source, the transactions of its
ledger account (money that reached it is incoming funds, money spent is
expenditure; a reversal is the same type with a negative value) and its
results (targets tied to the catalogue). Nothing internal is written: no
user, note, voucher or unpublished project. The tests validate the output
against the official 2.03 schema, which the `pyiati` package carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.db.models import Q
from django.utils import timezone

from xiezuo import periods
from xiezuo.ledger.models import Transfer, TransferKind
from xiezuo.numbers import plain

from .models import Kind, Project, Status

VERSION = "2.03"
PUBLISHER = "XM-DAC-CN-XIEZUO"  # a reporting-org reference of our own (no registered one yet)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled
ACTIVITY_STATUS = {
    Status.PROPOSED: "1",
    Status.APPROVED: "1",
    Status.IN_PROGRESS: "2",
    Status.COMPLETED: "3",
    Status.ACCEPTED: "4",
    Status.CANCELLED: "5",
}
# OECD DAC 5-digit purpose codes (IATI Sector vocabulary 1), nearest to each kind
SECTOR = {
    Kind.INDUSTRY: "32110",  # industrial policy and administrative management
    Kind.INFRASTRUCTURE: "21020",  # road transport
    Kind.EDUCATION: "11220",  # primary education
    Kind.HEALTH: "12220",  # basic health care
    Kind.LABOUR: "16020",  # employment creation
    Kind.TOURISM: "33210",  # tourism policy and administrative management
    Kind.CONSUMPTION: "33120",  # trade facilitation
    Kind.RELOCATION: "16030",  # housing policy and administrative management
    Kind.OTHER: "43010",  # multisector aid
}
# IATI TransactionType: 1 incoming funds, 2 outgoing commitment, 3 disbursement, 4 expenditure
INCOMING, COMMITMENT, DISBURSEMENT, EXPENDITURE = "1", "2", "3", "4"


def _narrative(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "narrative").text = text
    return element


def _day(value: date) -> str:
    return value.isoformat()


def _value(parent: ET.Element, amount: Decimal, on: date) -> None:
    ET.SubElement(parent, "value", {"currency": "CNY", "value-date": _day(on)}).text = plain(
        amount.quantize(Decimal("0.01"))
    )


def _transactions(project: Project) -> Iterable[tuple[str, Decimal, date]]:
    """(IATI type, signed amount, date) of the money that reached the project and was spent."""
    account = project.account
    if account is None:
        return []
    found = []
    for transfer in Transfer.objects.filter(
        Q(source=account) | Q(target=account), pending=False
    ).order_by("on", "id"):
        sign = Decimal(-1) if transfer.kind == TransferKind.REVERSAL else Decimal(1)
        # what the transfer (or the one it reverses) did to the project
        came_in = (transfer.target_id == account.pk) != (transfer.kind == TransferKind.REVERSAL)
        if transfer.counts_as == TransferKind.EXPENDITURE:
            kind = EXPENDITURE
        elif came_in:
            kind = INCOMING
        else:
            kind = DISBURSEMENT
        found.append((kind, sign * transfer.amount, transfer.on))
    return found


def activity(project: Project, *, reporting: str) -> ET.Element:
    element = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": (project.published_at or timezone.now()).isoformat(
                timespec="seconds"
            ),
            XML_LANG: "zh",
            "default-currency": "CNY",
        },
    )
    ET.SubElement(element, "iati-identifier").text = f"{PUBLISHER}-{project.uid}"
    _narrative(element, "reporting-org", reporting, ref=PUBLISHER, type="10")
    _narrative(element, "title", project.name)
    if project.benefit_mechanism:
        _narrative(element, "description", project.benefit_mechanism, type="1")
    for partner in project.partners.all():
        _narrative(element, "participating-org", partner.name, role="1")  # funding
    if project.responsible_organisation is not None:
        _narrative(element, "participating-org", project.responsible_organisation.name, role="3")
    if project.implementing_organisation is not None:
        _narrative(element, "participating-org", project.implementing_organisation.name, role="4")
    ET.SubElement(element, "activity-status", {"code": ACTIVITY_STATUS[Status(project.status)]})
    for when, code in (
        (project.planned_start_on, "1"),
        (project.actual_start_on, "2"),
        (project.planned_end_on, "3"),
        (project.actual_end_on, "4"),
    ):
        if when is not None:
            ET.SubElement(element, "activity-date", {"iso-date": _day(when), "type": code})
    ET.SubElement(element, "recipient-country", {"code": "CN", "percentage": "100"})
    for place in project.locations.all():
        location = ET.SubElement(element, "location", {"ref": f"CN-{place.code}"})
        _narrative(location, "name", place.name)
        ET.SubElement(
            location,
            "administrative",
            {"vocabulary": "G1", "level": str(place.level), "code": place.code},
        )
    ET.SubElement(
        element,
        "sector",
        {"vocabulary": "1", "code": SECTOR[Kind(project.kind)], "percentage": "100"},
    )
    start = project.planned_start_on or project.actual_start_on
    end = project.planned_end_on or project.actual_end_on
    lines = list(project.budget_lines.all())
    if start is not None and end is not None and lines:
        total = sum((line.amount for line in lines), Decimal(0))
        budget = ET.SubElement(element, "budget", {"type": "1", "status": "1"})
        ET.SubElement(budget, "period-start", {"iso-date": _day(start)})
        ET.SubElement(budget, "period-end", {"iso-date": _day(end)})
        _value(budget, total, start)
    for kind, amount, on in _transactions(project):
        transaction = ET.SubElement(element, "transaction")
        ET.SubElement(transaction, "transaction-type", {"code": kind})
        ET.SubElement(transaction, "transaction-date", {"iso-date": _day(on)})
        _value(transaction, amount, on)
    for target in project.targets.all():
        result = ET.SubElement(element, "result", {"type": "1"})  # output
        _narrative(result, "title", target.figure.name)
        indicator = ET.SubElement(result, "indicator", {"measure": "1"})  # unit
        _narrative(indicator, "title", f"{target.figure.name}（{target.place.name}）")
        period = ET.SubElement(indicator, "period")
        first, last = _period_days(target.period)
        ET.SubElement(period, "period-start", {"iso-date": _day(first)})
        ET.SubElement(period, "period-end", {"iso-date": _day(last)})
        ET.SubElement(period, "target", {"value": plain(target.value)})
    return element


def _period_days(period_id: str) -> tuple[date, date]:
    period = periods.parse(period_id)
    return period.start_date, period.end_date


def activities_xml(projects: Iterable[Project], *, reporting: str) -> bytes:
    """An `iati-activities` document of these projects (only published ones are written)."""
    root = ET.Element(
        "iati-activities",
        {"version": VERSION, "generated-datetime": datetime.now().astimezone().isoformat(
            timespec="seconds")},
    )  # fmt: skip
    for project in projects:
        if project.published_at is not None:
            root.append(activity(project, reporting=reporting))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
