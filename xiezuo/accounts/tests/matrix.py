"""The machinery of the permission matrix, shared by every app.

Each app lists its endpoints in `xiezuo/<app>/tests/permissions.py` (or
`permissions_<topic>.py`, when one app has several):

- `ENDPOINTS`: the write endpoints, each with the role it needs and a
  `call(client, user, where)` that makes the request against a target
  inside (Debao, 451024) or outside (Du'an, 451228) the test user's scope
  (Baise, 4510);
- `READ_ONLY_PAGES`: URL names of pages that only read;
- `WRITE_PAGES`: URL name -> endpoint name, for pages that write;
- `API_WRITES`: (method, path) -> endpoint name, for /api/v1/ writes;
- `OTHER_WRITES`: URL name -> endpoint name, for other writing URLs (the
  DHIS2-compatible API).

`test_permission_matrix.py` runs every endpoint as every role, inside and
outside its scope, and fails if a URL of the project is in no list.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xiezuo.accounts.models import ROLE_RANK, Role

ROLES = [r.value for r in Role]
SCOPE = ["4510"]
INSIDE, OUTSIDE = "inside", "outside"
TARGET_PLACE = {INSIDE: "451024", OUTSIDE: "451228"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    minimum: Role
    call: Callable[[Any, Any, str], Any]
    scoped: bool = True  # has an inside/outside dimension
    renders_result: str = ""  # on success the page answers 200 showing this element id
    # who may, when it is not "role at least minimum, and inside (or administrator)"
    allowed: Callable[[str, str], bool] | None = None

    def expected(self, role: str, where: str) -> bool:
        if self.allowed is not None:
            return self.allowed(role, where)
        if ROLE_RANK[Role(role)] < ROLE_RANK[self.minimum]:
            return False
        return where == INSIDE or role == Role.ADMINISTRATOR


@dataclass
class Catalogue:
    endpoints: list[Endpoint] = field(default_factory=list)
    read_only_pages: set[str] = field(default_factory=set)
    write_pages: dict[str, str] = field(default_factory=dict)
    api_writes: dict[tuple[str, str], str] = field(default_factory=dict)
    other_writes: dict[str, str] = field(default_factory=dict)


def _modules() -> list[Any]:
    """Every xiezuo/<app>/tests/permissions.py and permissions_*.py."""
    root = Path(__file__).resolve().parents[2]
    modules = []
    for path in sorted(root.glob("*/tests/permissions*.py")):
        app = path.parent.parent.name
        modules.append(importlib.import_module(f"xiezuo.{app}.tests.{path.stem}"))
    return modules


def collect() -> Catalogue:
    catalogue = Catalogue()
    for module in _modules():
        catalogue.endpoints += getattr(module, "ENDPOINTS", [])
        catalogue.read_only_pages |= set(getattr(module, "READ_ONLY_PAGES", set()))
        catalogue.write_pages |= dict(getattr(module, "WRITE_PAGES", {}))
        catalogue.api_writes |= dict(getattr(module, "API_WRITES", {}))
        catalogue.other_writes |= dict(getattr(module, "OTHER_WRITES", {}))
    return catalogue


def json_request(client: Any, method: str, path: str, body: dict | None = None) -> Any:
    return getattr(client, method)(path, body or {}, content_type="application/json")
