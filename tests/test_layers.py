"""Apps depend downwards only: places is the spine, the registries stand on it and on
indicators, and nothing below reaches up (DESIGN.md, "Architecture").

Tests, migrations and management commands are the apps' own; the rule is for the code
the apps run on.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xiezuo"
APPS = (
    "places",
    "accounts",
    "personal",
    "occupations",
    "indicators",
    "pairings",
    "plans",
    "projects",
    "ledger",
    "investment",
    "labour",
    "exchange",
    "consumption",
    "tourism",
    "disclosure",
    "dhis2",
    "reports",
    "web",
    "demo",
)
# what each app may import of the other apps (shared modules such as xiezuo.periods are free)
ALLOWED = {
    "places": {"accounts"},  # the policy decides who sees a place, and accounts hang on places
    "accounts": {"places"},
    # personal information: used by the registries (labour, exchange) and the pages
    "personal": {"places", "accounts"},
    # the occupation classification is a vocabulary beside the places: the registries use it
    "occupations": {"places", "accounts"},
    "indicators": {"places", "accounts"},
    "pairings": {"places", "accounts", "indicators"},
    "plans": {"places", "accounts", "indicators"},
    "projects": {"places", "accounts", "indicators", "ledger"},
    "ledger": {"places", "accounts", "indicators"},
    "investment": {"places", "accounts", "indicators"},
    "labour": {
        "places",
        "accounts",
        "indicators",
        "personal",
        "occupations",
        "pairings",
        # subsidies are paid from the paying place's ledger account
        "ledger",
    },
    # seconded people: personal information as the workers'; reminders through the plans'
    # notifications
    "exchange": {"places", "accounts", "indicators", "personal", "pairings", "plans"},
    "consumption": {"places", "accounts", "indicators", "pairings"},
    # a tourism cooperation project may also be a project of the project library
    "tourism": {"places", "accounts", "indicators", "pairings", "projects"},
    "disclosure": {"places", "accounts", "indicators", "ledger", "projects"},
    "dhis2": {"places", "accounts", "indicators"},
    "reports": {
        "places",
        "accounts",
        "indicators",
        "pairings",
        "plans",
        "projects",
        "ledger",
        "investment",
        "labour",
        "exchange",
        "consumption",
        "tourism",
        "occupations",
    },
    "web": {
        "places",
        "accounts",
        "occupations",
        "indicators",
        "pairings",
        "plans",
        "projects",
        "ledger",
        "investment",
        "labour",
        "exchange",
        "consumption",
        "tourism",
        "reports",
        "personal",
    },
    "demo": set(APPS) - {"demo", "web"},
}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "xiezuo" and len(parts) > 1 and parts[1] in APPS:
                found.add(parts[1])
    return found


def _modules(app: str) -> list[Path]:
    return [
        path
        for path in (PACKAGE / app).rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
    ]


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {
        str(path.relative_to(PACKAGE)): sorted(_imported_apps(path) - ALLOWED[app] - {app})
        for path in _modules(app)
    }
    assert not {path: apps for path, apps in wrong.items() if apps}


def test_the_place_page_gets_the_pairings_panel_from_the_pairings_app(client_for):
    page = client_for("viewer").get("/places/451024/").content.decode()
    assert 'id="pairings-panel"' in page and "作为受援方" in page
