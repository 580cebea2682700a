"""Permission-matrix entries for the project library.

Managing a project ("project.manage") is a clerk's, scoped to the project's
locations: inside, a project in Debao (451024); outside, one in Du'an
(451228). Publishing ("project.publish") is a coordinator's, anywhere. The
import is decided per row (a row outside the scope is refused on its row),
so its entry is unscoped: a file of one project in Debao.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.indicators.models import DataElement
from xiezuo.places.models import Place
from xiezuo.projects.excel.layout import COLUMNS
from xiezuo.projects.models import Project, ProjectTarget
from xiezuo.projects.services import project_target_add
from xiezuo.spreadsheets import header, workbook_bytes

from .factories import DEBAO, project


def _project(where: str) -> Project:
    return project("矩阵测试项目", locations=(TARGET_PLACE[where],))


TARGET = {"figure": "people_trained", "place": "451024", "period": "2018", "value": "300"}


def _target(where: str) -> ProjectTarget:
    return project_target_add(
        project=_project(where),
        figure=DataElement.objects.get(code=TARGET["figure"]),
        place=Place.objects.get(code=TARGET_PLACE[where]),
        period="2018",
        value=300,
    )


def _body(where: str) -> dict:
    return {"name": "新项目", "kind": "industry", "locations": [TARGET_PLACE[where]]}


def _form(where: str) -> dict:
    return {"name": "新项目", "kind": "industry", "locations": TARGET_PLACE[where]}


def _workbook() -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header(COLUMNS))
    cells = {"name": "导入的项目", "kind": "industry", "locations": DEBAO}
    sheet.append([cells.get(c.key, "") for c in COLUMNS])
    return SimpleUploadedFile("projects.xlsx", workbook_bytes(book))


def _file_add(client, where: str):
    photo = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    return client.post(f"/projects/{_project(where).pk}/files/", {"file": photo})


ENDPOINTS = [
    Endpoint("api project create", Role.CLERK,
             call=lambda c, u, w: json_request(c, "post", "/api/v1/projects", _body(w))),
    Endpoint("api project update", Role.CLERK,
             call=lambda c, u, w: json_request(c, "patch", f"/api/v1/projects/{_project(w).pk}", {"sector": "种养"})),
    Endpoint("api project step", Role.CLERK,
             call=lambda c, u, w: json_request(
                 c, "post", f"/api/v1/projects/{_project(w).pk}/steps", {"status": "approved"})),
    Endpoint("api project publish", Role.COORDINATOR, scoped=False,
             call=lambda c, u, w: json_request(c, "post", f"/api/v1/projects/{_project(w).pk}/publish")),
    Endpoint("page project create", Role.CLERK,
             call=lambda c, u, w: c.post("/projects/new/", _form(w))),
    Endpoint("page project edit", Role.CLERK,
             call=lambda c, u, w: c.post(f"/projects/{_project(w).pk}/edit/", _form(w))),
    Endpoint("page project step", Role.CLERK,
             call=lambda c, u, w: c.post(
                 f"/projects/{_project(w).pk}/step/", {"status": "approved", "on": "2018-02-01"})),
    Endpoint("page project publish", Role.COORDINATOR, scoped=False,
             call=lambda c, u, w: c.post(f"/projects/{_project(w).pk}/publish/")),
    Endpoint("page project unpublish", Role.COORDINATOR, scoped=False,
             call=lambda c, u, w: c.post(f"/projects/{_project(w).pk}/unpublish/")),
    Endpoint("page budget line add", Role.CLERK,
             call=lambda c, u, w: c.post(
                 f"/projects/{_project(w).pk}/budget/", {"source": "social", "amount": "50000"})),
    Endpoint("page budget line delete", Role.CLERK,
             call=lambda c, u, w: c.post(
                 f"/projects/budget/{_project(w).budget_lines.get().pk}/delete/")),
    Endpoint("page project target add", Role.CLERK,
             call=lambda c, u, w: c.post(f"/projects/{_project(w).pk}/targets/", TARGET)),
    Endpoint("page project target delete", Role.CLERK,
             call=lambda c, u, w: c.post(f"/projects/targets/{_target(w).pk}/delete/")),
    Endpoint("page project file add", Role.CLERK, call=lambda c, u, w: _file_add(c, w)),
    Endpoint("page project import", Role.CLERK, scoped=False,
             call=lambda c, u, w: c.post("/projects/import/", {"file": _workbook()})),
]  # fmt: skip

READ_ONLY_PAGES = {
    "project_list",
    "project_detail",
    "project_export",
    "project_import_template",
    "project_file",
}
WRITE_PAGES = {
    "project_create": "page project create",
    "project_edit": "page project edit",
    "project_step": "page project step",
    "project_publish": "page project publish",
    "project_unpublish": "page project unpublish",
    "project_budget_line_add": "page budget line add",
    "project_budget_line_delete": "page budget line delete",
    "project_file_add": "page project file add",
    "project_target_add": "page project target add",
    "project_target_delete": "page project target delete",
    "project_import": "page project import",
}
API_WRITES = {
    ("POST", "/projects"): "api project create",
    ("PATCH", "/projects/{int:project_id}"): "api project update",
    ("POST", "/projects/{int:project_id}/steps"): "api project step",
    ("POST", "/projects/{int:project_id}/publish"): "api project publish",
}
