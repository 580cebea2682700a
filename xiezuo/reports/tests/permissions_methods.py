"""Permission-matrix entries for the assessment methods' editor: a coordinator (or an
administrator) changes, copies and imports methods; everyone signed in reads them."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import Endpoint
from xiezuo.reports.assessment import excel_methods, methods
from xiezuo.reports.assessment.models import Method


def _method() -> Method:
    """A copy of the 2017 method, to change."""
    original = Method.objects.get(code="east-west-2017")
    return methods.method_copy(
        method=original, code="matrix-method", year_from=2019, name_zh="矩阵办法"
    )


def _page(path: Any, data: Any) -> Any:
    def call(c: Any, u: Any, where: str) -> Any:
        url = path() if callable(path) else path
        return c.post(f"/assessments/methods/{url}", data() if callable(data) else data)

    return call


def _weights() -> dict[str, str]:
    method = Method.objects.get(code="matrix-method")
    return {
        f"w{c['id']}": str(c["weight"])
        for a in methods.method_dump(method, ids=True)["areas"]
        for i in a["items"]
        for c in i["criteria"]
    }


def _area() -> str:
    area = _method().areas.get(code="leadership")
    return f"matrix-method/area/{area.pk}/edit/"


def _grade_removal() -> str:
    grade = _method().grades.get(code="fair")
    return f"matrix-method/grade/{grade.pk}/remove/"


def _workbook() -> dict[str, Any]:
    content = excel_methods.method_workbook(Method.objects.get(code="east-west-2017"))
    return {"file": SimpleUploadedFile("method.xlsx", content)}


METHOD = {
    "code": "matrix-method",
    "name_zh": "矩阵办法（改）",
    "name_en": "Matrix",
    "year_from": "2019",
    "unit_level": "3",
    "full_score": "100",
}
ENDPOINTS = [
    Endpoint(
        "page assessment method edit",
        Role.COORDINATOR,
        scoped=False,
        call=_page(lambda: (_method(), "matrix-method/edit/")[1], METHOD),
    ),
    Endpoint(
        "page assessment method copy",
        Role.COORDINATOR,
        scoped=False,
        call=_page(
            "east-west-2017/copy/",
            {"code": "matrix-copy", "year_from": "2019", "name_zh": "矩阵副本"},
        ),
    ),
    Endpoint(
        "page assessment method weights",
        Role.COORDINATOR,
        scoped=False,
        call=_page(lambda: (_method(), "matrix-method/weights/")[1], _weights),
    ),
    Endpoint(
        "page assessment method part new",
        Role.COORDINATOR,
        scoped=False,
        call=_page(
            lambda: (_method(), "matrix-method/grade/new/")[1],
            {"code": "middle", "label_zh": "中", "min_score": "75"},
        ),
    ),
    Endpoint(
        "page assessment method part edit",
        Role.COORDINATOR,
        scoped=False,
        call=_page(_area, {"code": "leadership", "label_zh": "组织领导（改）"}),
    ),
    Endpoint(
        "page assessment method part remove",
        Role.COORDINATOR,
        scoped=False,
        call=_page(_grade_removal, {}),
    ),
    Endpoint(
        "page assessment method import",
        Role.COORDINATOR,
        scoped=False,
        call=_page("import/", _workbook),
    ),
]
READ_ONLY_PAGES = {
    "assessment_method_list",
    "assessment_method_detail",
    "assessment_method_export",
}
WRITE_PAGES = {
    "assessment_method_edit": "page assessment method edit",
    "assessment_method_copy": "page assessment method copy",
    "assessment_method_weights": "page assessment method weights",
    "assessment_method_part_new": "page assessment method part new",
    "assessment_method_part_edit": "page assessment method part edit",
    "assessment_method_part_remove": "page assessment method part remove",
    "assessment_method_import": "page assessment method import",
}
