"""Load the demo programme (Guangdong helps Guangxi) from `demo/data/`.

Idempotent: every record has a natural key, and a second load finds it all
in place and writes nothing.
"""

from __future__ import annotations

import csv
import os
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from xiezuo.accounts.models import Role, User
from xiezuo.accounts.services import user_create
from xiezuo.demo.data_sets import assign_demo_data_sets
from xiezuo.indicators import sources
from xiezuo.indicators.catalogue import catalogue_load
from xiezuo.indicators.checking import CleanValue, ValueChecker
from xiezuo.indicators.services import values_write
from xiezuo.occupations.classification import load_occupations
from xiezuo.pairings.models import Pairing
from xiezuo.pairings.services import pairing_create
from xiezuo.places.divisions import load_divisions
from xiezuo.places.models import Organisation, Place
from xiezuo.places.services import designations_import, organisation_create
from xiezuo.reports.models import Figure
from xiezuo.reports.progress.services import template_load_shipped

from .assessment import load_assessment
from .assessment_methods import load_assessment_methods
from .consumption import load_consumption
from .donations import load_donations
from .exchange import load_exchange
from .exchange_visits import load_quotas, load_visits
from .investment import load_investment
from .labour import load_labour, load_training
from .ledger import load_ledger
from .plans import load_plans
from .projects import load_projects
from .tourism import load_tourism
from .values import FIGURES, SEED, demo_values

# the method the demo's 2017 assessment of Guangxi's helped counties is taken under
ASSESSED_METHOD = "east-west-2017"

DATA = Path(__file__).resolve().parent / "data"
PROVINCES = {"44", "45"}

# username, role, organisation, scope place codes, display name
DEMO_USERS = [
    ("admin", Role.ADMINISTRATOR, "粤桂扶贫协作办公室", ["44", "45"], "系统管理员"),
    ("coordinator", Role.COORDINATOR, "粤桂扶贫协作办公室", ["44", "45"], "协作办协调员"),
    ("approver", Role.APPROVER, "百色市扶贫开发办公室", ["4510"], "百色市审核员"),
    ("clerk", Role.CLERK, "德保县扶贫开发办公室", ["451024"], "德保县填报员"),
    ("viewer", Role.VIEWER, "广西壮族自治区扶贫开发领导小组办公室", ["45"], "自治区查阅员"),
    ("shenzhen", Role.COORDINATOR, "深圳市对口帮扶办公室", ["4403"], "深圳市协调员"),
]


@dataclass
class DemoResult:
    places_created: int = 0
    designations_created: int = 0
    organisations_created: int = 0
    pairings_created: int = 0
    catalogue_created: int = 0
    values_written: int = 0
    transfers_created: int = 0
    donations_created: int = 0
    investment_records_created: int = 0
    exchange_records_created: int = 0
    tourism_records_created: int = 0
    exchange_visits_created: int = 0  # short visits and quotas (demo/exchange_visits.py)
    consumption_records_created: int = 0
    placements_created: int = 0
    training_records_created: int = 0
    figures_created: int = 0
    assessment_methods_created: int = 0
    assessments_created: int = 0
    report_templates_created: int = 0
    plan_documents_created: int = 0
    plan_items_created: int = 0
    projects_created: int = 0
    occupations_created: int = 0
    users_created: list[str] = field(default_factory=list)
    password: str = ""
    password_generated: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.places_created
            or self.designations_created
            or self.organisations_created
            or self.pairings_created
            or self.users_created
            or self.catalogue_created
            or self.values_written
            or self.transfers_created
            or self.donations_created
            or self.investment_records_created
            or self.exchange_records_created
            or self.tourism_records_created
            or self.exchange_visits_created
            or self.consumption_records_created
            or self.placements_created
            or self.training_records_created
            or self.figures_created
            or self.assessment_methods_created
            or self.assessments_created
            or self.report_templates_created
            or self.plan_documents_created
            or self.plan_items_created
            or self.projects_created
            or self.occupations_created
        )


def demo_password() -> tuple[str, bool]:
    """XIEZUO_DEMO_PASSWORD, else one generated once and kept in var/demo-password."""
    from_env = os.environ.get("XIEZUO_DEMO_PASSWORD")
    if from_env:
        return from_env, False
    path = Path(settings.VAR_DIR) / "demo-password"
    if path.exists():
        return path.read_text().strip(), False
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(9)
    path.write_text(password)
    path.chmod(0o600)
    return password, True


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_demo(*, load_places: bool = True, progress: bool | None = None) -> DemoResult:
    result = DemoResult()
    if load_places:
        result.places_created = load_divisions(provinces=PROVINCES, progress=progress).created
    # the occupation classification (about 0.2 s; a second load only compares, about 0.1 s)
    result.occupations_created = load_occupations().created
    with transaction.atomic():
        with open(DATA / "designations.csv", encoding="utf-8", newline="") as f:
            result.designations_created = designations_import(file=f).created
        result.organisations_created = _load_organisations()
        result.pairings_created = _load_pairings()
        result.catalogue_created = catalogue_load() + assign_demo_data_sets()
        result.password, result.password_generated = demo_password()
        result.users_created = _load_users(result.password)
        # the registries' records, whose figures are derived; then the typed figures
        plans = load_plans()  # after the users: they post the demo progress
        result.organisations_created += plans.organisations_created
        result.plan_documents_created = plans.documents_created
        result.plan_items_created = plans.items_created
        result.projects_created = load_projects()
        admin = User.objects.get(username="admin")
        result.transfers_created = load_ledger(admin)  # after the projects: it pays them
        result.donations_created = load_donations(admin)
        result.investment_records_created = load_investment(admin)
        result.tourism_records_created = load_tourism(admin)
        result.consumption_records_created = load_consumption(admin)
        result.placements_created = load_labour(admin)
        result.exchange_records_created = load_exchange(admin)
        result.training_records_created = load_training(admin)
        result.exchange_visits_created = load_visits(admin) + load_quotas(admin)
        result.values_written = _load_values() + _derived_figures()
        result.figures_created = _load_figures()
        # after the places and the catalogue they name, and the figures they read
        result.assessment_methods_created = load_assessment_methods()
        result.assessments_created = load_assessment(admin, ASSESSED_METHOD)
        # the progress report's shipped wording (one the office edited is kept)
        result.report_templates_created = template_load_shipped().created
    return result


def _load_organisations() -> int:
    created = 0
    places = {
        p.code: p
        for p in Place.objects.filter(code__in={r["place"] for r in _rows("organisations.csv")})
    }
    for row in _rows("organisations.csv"):
        place = places[row["place"]]
        if Organisation.objects.filter(place=place, name=row["name"]).exists():
            continue
        organisation_create(
            name=row["name"],
            kind=row["kind"],
            place=place,
            side=row["side"],
            note=row["note"],
            illustrative=row["illustrative"] == "1",
        )
        created += 1
    return created


def _load_pairings() -> int:
    rows = _rows("pairings.csv")
    codes = {r[k] for r in rows for k in ("helper_place", "helped_place") if r[k]}
    places = {p.code: p for p in Place.objects.filter(code__in=codes)}
    organisations = {o.name: o for o in Organisation.objects.select_related("place")}
    existing = set(
        Pairing.objects.values_list(
            "kind",
            "helper_place__code",
            "helper_organisation__name",
            "helped_place__code",
            "helped_organisation__name",
            "started_on",
        )
    )
    created = 0
    for row in rows:
        started_on = date.fromisoformat(row["started_on"])
        key = (
            row["kind"],
            row["helper_place"] or None,
            row["helper_organisation"] or None,
            row["helped_place"] or None,
            row["helped_organisation"] or None,
            started_on,
        )
        if key in existing:
            continue
        helper = (
            places[row["helper_place"]]
            if row["helper_place"]
            else organisations[row["helper_organisation"]]
        )
        helped = (
            places[row["helped_place"]]
            if row["helped_place"]
            else organisations[row["helped_organisation"]]
        )
        pairing_create(
            kind=row["kind"],
            helper=helper,
            helped=helped,
            started_on=started_on,
            note=row["note"],
            source=row["source"],
            illustrative=row["illustrative"] == "1",
            refresh_figures=False,
        )
        created += 1
    return created


def _derived_figures() -> int:
    """Every registry's figures, counted from the records just loaded."""
    written = 0
    for source in sources.source_list():
        summary = sources.sync(source)
        written += summary.created + summary.updated
    return written


def _load_users(password: str) -> list[str]:
    created = []
    for username, role, organisation_name, scope, display in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            continue
        organisation = Organisation.objects.get(name=organisation_name)
        user = user_create(
            username=username,
            password=password,
            role=role,
            organisation=organisation,
            scope_places=Place.objects.filter(code__in=scope),
            first_name=display,
        )
        if role == Role.ADMINISTRATOR:
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        created.append(username)
    return created


def _load_values() -> int:
    """The demo's reported values; returns how many were created or changed."""
    checker = ValueChecker()
    cleans = []
    for element, place, period, disaggregation, value in demo_values():
        checked = checker.check(
            element=element,
            place=place,
            period=period,
            disaggregation=disaggregation,
            value=str(value),
        )
        if not isinstance(checked, CleanValue):
            raise ValueError(f"demo value {element}/{place}/{period}/{disaggregation}: {checked}")
        cleans.append(checked)
    summary = values_write(cleans=cleans)
    return summary.imported + summary.updated


def _load_figures() -> int:
    created = 0
    for order, figure in enumerate(FIGURES):
        values = {
            "area": figure.group,
            "sort_order": order,
            "label_zh": figure.label_zh,
            "label_en": figure.label_en,
            "item": figure.item,
            "places": ",".join(figure.places),
            "periods": ",".join(figure.periods),
            "growth": figure.growth,
            "reference_text": figure.seed_text,
            "reference_value": figure.seed_value,
            "reference_at_least": figure.at_least,
            "reference_source": SEED,
        }
        current = Figure.objects.filter(code=figure.code).first()
        if current is None:
            Figure.objects.create(code=figure.code, **values)
            created += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save()
    return created
