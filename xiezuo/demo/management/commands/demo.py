"""`xiezuo demo load`: the Guangdong–Guangxi demo programme (idempotent)."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from xiezuo.demo.loader import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo programme: places of Guangdong and Guangxi, designations, pairings, users."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load (or check) the demo programme")
        load.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo(progress=False if options["quiet"] else None)
        if result.changed:
            self.stdout.write(
                f"demo: {result.places_created} places, "
                f"{result.occupations_created} occupations, "
                f"{result.designations_created} designations, "
                f"{result.organisations_created} organisations, "
                f"{result.pairings_created} pairings, {len(result.users_created)} users, "
                f"{result.catalogue_created} catalogue entries, "
                f"{result.figures_created} key figures, "
                f"{result.plan_documents_created} plan documents with "
                f"{result.plan_items_created} work items, "
                f"{result.projects_created} projects, "
                f"{result.transfers_created} ledger transfers, "
                f"{result.donations_created} donations, "
                f"{result.investment_records_created} investment records, "
                f"{result.exchange_records_created} exchange records, "
                f"{result.exchange_visits_created} short visits and quotas, "
                f"{result.tourism_records_created} tourism records, "
                f"{result.consumption_records_created} consumption records, "
                f"{result.placements_created} placements, "
                f"{result.training_records_created} fair and training records, "
                f"{result.assessment_methods_created} assessment methods, "
                f"{result.assessments_created} assessments, "
                f"{result.report_templates_created} report templates created; "
                f"{result.values_written} data values written"
            )
        else:
            self.stdout.write("demo: already loaded, nothing changed")
        users = ", ".join(u[0] for u in DEMO_USERS)
        if os.environ.get("XIEZUO_DEMO_PASSWORD"):
            where = "the password in XIEZUO_DEMO_PASSWORD"
        else:
            where = f"the password {result.password} (kept in var/demo-password)"
        self.stdout.write(f"demo users: {users} — sign in with {where}")
