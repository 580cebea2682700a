"""Permission-matrix entries for the labour registers' Excel imports (and their exports and
templates, which only read).

An import is open to the roles that record; its rows are checked one by one against
the importing user's scope (a row outside it is refused on its row, see
test_excel.py), so each entry is unscoped: a file of one row in Debao.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiezuo.accounts.models import Role, User
from xiezuo.accounts.tests.matrix import INSIDE, TARGET_PLACE, Endpoint
from xiezuo.labour import services
from xiezuo.labour.excel.layout import (
    PLACEMENT_COLUMNS,
    POSTING_COLUMNS,
    TRAINEE_COLUMNS,
    WORKER_COLUMNS,
)
from xiezuo.occupations.models import Occupation
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Place
from xiezuo.spreadsheets import Column, header, workbook_bytes

from .permissions import _employer

_numbers = itertools.count(49000)


def _identity() -> str:
    return synthetic_identity(next(_numbers), date(1977, 7, 8), "male", "45")


def _file(columns: tuple[Column, ...], cells: dict[str, Any]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header(columns))
    sheet.append([cells.get(c.key, "") for c in columns])
    return SimpleUploadedFile("import.xlsx", workbook_bytes(book))


def _worker() -> Any:
    return services.worker_register(
        actor=User.objects.get(username="admin"), identity=_identity(), name="测试",
        home=Place.objects.get(code=TARGET_PLACE[INSIDE]), poverty_status="poor",
    )  # fmt: skip


def _workers(c: Any, u: Any, where: str) -> Any:
    row = {"name": "测试", "identity": _identity(), "home": TARGET_PLACE[where],
           "poverty_status": "poor"}  # fmt: skip
    return c.post("/labour/excel/workers/import/", {"file": _file(WORKER_COLUMNS, row)})


def _postings(c: Any, u: Any, where: str) -> Any:
    row = {
        "employer": _employer(where).uid, "title": "普工",
        "occupation": Occupation.objects.units().values_list("code", flat=True)[0],
        "place_of_work": TARGET_PLACE[where], "openings": 3, "wage_min": 3000,
        "wage_max": 4000, "valid_from": "2019-01-01", "valid_to": "2019-12-31",
    }  # fmt: skip
    return c.post("/labour/excel/postings/import/", {"file": _file(POSTING_COLUMNS, row)})


def _placements(c: Any, u: Any, where: str) -> Any:
    row = {"identity": _worker().identity, "started_on": "2019-03-01", "channel": "organised",
           "place_of_work": "4419", "employer": "东莞某厂"}  # fmt: skip
    return c.post("/labour/excel/placements/import/", {"file": _file(PLACEMENT_COLUMNS, row)})


def _trainees(c: Any, u: Any, where: str) -> Any:
    training_class = services.training_class_create(
        actor=User.objects.get(username="admin"), name="测试培训班", kind="skills",
        place=Place.objects.get(code=TARGET_PLACE[where]), starts_on=date(2019, 3, 1),
        ends_on=date(2019, 3, 20),
    )  # fmt: skip
    file = _file(TRAINEE_COLUMNS, {"identity": _worker().identity, "completed": "是"})
    return c.post(f"/labour/excel/training/{training_class.uid}/trainees/import/", {"file": file})


ENDPOINTS = [
    Endpoint("page labour worker import", Role.CLERK, scoped=False, call=_workers),
    Endpoint("page labour posting import", Role.CLERK, scoped=False, call=_postings),
    Endpoint("page labour placement import", Role.CLERK, scoped=False, call=_placements),
    Endpoint("page labour trainee import", Role.CLERK, scoped=False, call=_trainees),
]
READ_ONLY_PAGES = {
    "labour_worker_export",
    "labour_worker_import_template",
    "labour_posting_export",
    "labour_posting_import_template",
    "labour_placement_export",
    "labour_placement_import_template",
    "labour_trainee_export",
    "labour_trainee_import_template",
}
WRITE_PAGES = {
    "labour_worker_import": "page labour worker import",
    "labour_posting_import": "page labour posting import",
    "labour_placement_import": "page labour placement import",
    "labour_trainee_import": "page labour trainee import",
}
