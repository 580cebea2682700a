"""Reads for the project library: the filtered list, a project's roll-ups, what publishing lacks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from xiezuo.paging import Capped, capped
from xiezuo.places import codes
from xiezuo.places.models import Organisation, Place

from .models import BudgetLine, FundingSource, Project, ProjectStep, ProjectTarget


def project_list(
    *,
    place: Place | None = None,
    year: int | None = None,
    kind: str | None = None,
    status: str | None = None,
    partner: Organisation | None = None,
    source: str | None = None,
) -> QuerySet[Project]:
    """Projects filtered by a place's subtree (one of their locations in it), a year their
    planned or actual span overlaps, kind, status, a helper-side partner, a funding source;
    with what a row of a list shows (locations, the budget rolled up); `in_full` adds the rest."""
    qs = Project.objects.select_related(
        "implementing_organisation", "responsible_organisation", "parent"
    ).prefetch_related(
        Prefetch("locations", queryset=Place.objects.order_by("code")),
        "budget_lines",
        "children__budget_lines",
        "children__children",
    )
    if place is not None:
        lo, hi = codes.subtree_range(place.code)
        qs = qs.filter(
            pk__in=Project.locations.through.objects.filter(
                place__code__gte=lo, place__code__lt=hi
            ).values("project_id")
        )
    if year is not None:
        first, last = date(year, 1, 1), date(year, 12, 31)
        qs = qs.filter(_overlaps("planned", first, last) | _overlaps("actual", first, last))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if partner is not None:
        qs = qs.filter(
            pk__in=Project.partners.through.objects.filter(organisation=partner).values(
                "project_id"
            )
        )
    if source:
        qs = qs.filter(pk__in=BudgetLine.objects.filter(source=source).values("project_id"))
    # the latest first, undated last on every database
    return qs.order_by(F("planned_start_on").desc(nulls_last=True), "name", "id")


def _overlaps(span: str, first: date, last: date) -> Q:
    """A span (started, possibly open-ended) that meets [first, last]."""
    return Q(**{f"{span}_start_on__isnull": False, f"{span}_start_on__lte": last}) & (
        Q(**{f"{span}_end_on__isnull": True}) | Q(**{f"{span}_end_on__gte": first})
    )


PANEL_SIZE = 20


def projects_in(place: Place) -> Capped[Project]:
    """The first projects located in a place's area, for its page."""
    return capped(project_list(place=place), PANEL_SIZE)


def projects_of(organisation: Organisation) -> Capped[Project]:
    """The first projects an organisation implements, answers for or takes part in."""
    qs = project_list().filter(
        Q(implementing_organisation=organisation)
        | Q(responsible_organisation=organisation)
        | Q(
            pk__in=Project.partners.through.objects.filter(organisation=organisation).values(
                "project_id"
            )
        )
    )
    return capped(qs, PANEL_SIZE)


def panel_context(projects: Capped[Project], **more: object) -> dict[str, object]:
    """What a place's or an organisation's page shows of its projects: each with its budget."""
    return {"projects": projects, "rows": with_budgets(projects), **more}


def with_budgets(projects: Iterable[Project]) -> list[tuple[Project, Decimal]]:
    return [(project, budget_total(project)) for project in projects]


def in_full(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects with all a project's page and the API show: partners, steps, targets, files."""
    return projects.prefetch_related(
        "partners",
        Prefetch("steps", queryset=ProjectStep.objects.select_related("by")),
        Prefetch(
            "targets",
            queryset=ProjectTarget.objects.select_related("data_element", "indicator", "place"),
        ),
        "files",
    )


def project_get(pk: int) -> Project:
    """One project with what its page shows (raises Project.DoesNotExist)."""
    return in_full(project_list()).get(pk=pk)


def _has_children(project: Project) -> bool:
    return bool(project.children.all())


def budget_by_source(project: Project) -> dict[str, Decimal]:
    """The project's budget by funding source in yuan (a parent's: its children's summed)."""
    totals: dict[str, Decimal] = {}
    if _has_children(project):
        for child in project.children.all():
            for source, amount in budget_by_source(child).items():
                totals[source] = totals.get(source, Decimal(0)) + amount
    else:
        for line in project.budget_lines.all():
            totals[line.source] = totals.get(line.source, Decimal(0)) + line.amount
    return {s: totals[s] for s in FundingSource.values if s in totals}


def budget_total(project: Project) -> Decimal:
    return sum(budget_by_source(project).values(), Decimal(0))


@dataclass(frozen=True)
class Beneficiaries:
    households_expected: int | None
    people_expected: int | None
    households_reached: int | None
    people_reached: int | None


_BENEFICIARY_FIELDS = (
    "households_expected",
    "people_expected",
    "households_reached",
    "people_reached",
)


def beneficiaries(project: Project) -> Beneficiaries:
    """Poor households and people expected and reached (a parent's: its children's summed;
    a figure none of the children gives stays empty)."""
    if not _has_children(project):
        return Beneficiaries(*(getattr(project, f) for f in _BENEFICIARY_FIELDS))
    parts = [beneficiaries(child) for child in project.children.all()]
    sums: list[int | None] = []
    for field in _BENEFICIARY_FIELDS:
        given = [getattr(p, field) for p in parts if getattr(p, field) is not None]
        sums.append(sum(given) if given else None)
    return Beneficiaries(*sums)


def publish_missing(project: Project) -> list[str]:
    """The names (in the user's language) of what a project lacks to be published."""
    meta = Project._meta
    missing: list[str] = []

    def name_of(field: str) -> str:
        return str(meta.get_field(field).verbose_name)  # type: ignore[union-attr]

    if not project.name.strip():
        missing.append(name_of("name"))
    if not project.kind:
        missing.append(name_of("kind"))
    if not project.locations.all():
        missing.append(name_of("locations"))
    if project.implementing_organisation_id is None:
        missing.append(name_of("implementing_organisation"))
    if budget_total(project) <= 0:
        missing.append(_("budget"))
    if not project.benefit_mechanism.strip():
        missing.append(name_of("benefit_mechanism"))
    if project.planned_start_on is None or project.planned_end_on is None:
        missing.append(_("planned span"))
    if not project.partners.all():
        missing.append(name_of("partners"))
    people = beneficiaries(project)
    if people.households_expected is None and people.people_expected is None:
        missing.append(_("beneficiaries expected"))
    return missing
