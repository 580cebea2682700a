"""Permission-matrix entries for the investment registry: a clerk of either side records on
what hangs in his scope (a project: its place or its enterprise)."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.investment import services
from xiezuo.investment.models import InvestmentProject, ParkKind
from xiezuo.places.models import Place

from .factories import enterprise, project


def _project(u: Any, where: str) -> InvestmentProject:
    return project(u, place=TARGET_PLACE[where], name=f"矩阵项目-{where}")


def _create_on_the_api(c: Any, u: Any, where: str) -> Any:
    body = {"name": "矩阵项目", "enterprise": enterprise().pk, "place": TARGET_PLACE[where],
            "sector": "other", "signed_on": "2019-03-01", "planned_investment": "1000000"}  # fmt: skip
    return json_request(c, "post", "/api/v1/investment/projects", body)


def _in_place_on_the_api(c: Any, u: Any, where: str) -> Any:
    signed = _project(u, where)
    body = {"amount": "1000", "on": "2019-05-01"}
    return json_request(c, "post", f"/api/v1/investment/projects/{signed.uid}/in-place", body)


ENDPOINTS = [
    Endpoint("api investment project create", Role.CLERK, call=_create_on_the_api),
    Endpoint("api investment in place create", Role.CLERK, call=_in_place_on_the_api),
]
API_WRITES = {
    ("POST", "/investment/projects"): "api investment project create",
    ("POST", "/investment/projects/{key}/in-place"): "api investment in place create",
}


def _create_on_the_page(c: Any, u: Any, where: str) -> Any:
    return c.post(
        "/investment/projects/new/",
        {"name": "矩阵项目", "enterprise": enterprise().pk, "place": TARGET_PLACE[where],
         "sector": "other", "signed_on": "2019-03-01", "planned_investment": "1000000",
         "jobs_expected": "10", "status": "signed"},
    )  # fmt: skip


def _in_place_on_the_page(c: Any, u: Any, where: str) -> Any:
    signed = _project(u, where)
    return c.post(
        f"/investment/projects/{signed.uid}/in-place/",
        {"amount": "1000", "on": "2019-05-01", "idempotency_key": "page:matrix"},
    )


def _reverse_on_the_page(c: Any, u: Any, where: str) -> Any:
    signed = _project(u, where)
    record = services.in_place_record(actor=u, project=signed, amount="1000", on=date(2019, 5, 1))
    return c.post(f"/investment/in-place/{record.pk}/reverse/", {"note": "录错"})


def _jobs_on_the_page(c: Any, u: Any, where: str) -> Any:
    signed = _project(u, where)
    return c.post(
        f"/investment/projects/{signed.uid}/jobs/", {"on": "2019-06-30", "jobs": "9", "poor": "3"}
    )


def _enterprise_on_the_page(c: Any, u: Any, where: str) -> Any:
    park = services.park_create(
        actor=u, name=f"矩阵园区-{where}", kind=ParkKind.INDUSTRIAL,
        place=Place.objects.get(code=TARGET_PLACE[where]), established_on=date(2019, 1, 1),
    )  # fmt: skip
    return c.post(
        f"/investment/parks/{park.uid}/enterprises/",
        {"name": "矩阵企业", "entered_on": "2019-03-01"},
    )


def _workshop_report_on_the_page(c: Any, u: Any, where: str) -> Any:
    township = Place.objects.filter(parent__code=TARGET_PLACE[where]).order_by("code").first()
    assert township is not None
    workshop = services.workshop_create(
        actor=u, name=f"矩阵车间-{where}", place=township, enterprise_name="某企业",
        opened_on=date(2019, 1, 1),
    )  # fmt: skip
    return c.post(
        f"/investment/workshops/{workshop.uid}/reports/",
        {"on": "2019-06-30", "employed": "20", "poor": "8"},
    )


ENDPOINTS += [
    Endpoint("page investment project create", Role.CLERK, call=_create_on_the_page),
    Endpoint("page investment in place create", Role.CLERK, call=_in_place_on_the_page),
    Endpoint("page investment in place reverse", Role.CLERK, call=_reverse_on_the_page),
    Endpoint("page investment job report create", Role.CLERK, call=_jobs_on_the_page),
    Endpoint("page investment park enterprise", Role.CLERK, call=_enterprise_on_the_page),
    Endpoint("page investment workshop report", Role.CLERK, call=_workshop_report_on_the_page),
]
READ_ONLY_PAGES = {
    "investment_project_list",
    "investment_project_export",
    "investment_project_detail",
    "investment_event_list",
    "investment_park_list",
    "investment_park_detail",
    "investment_workshop_list",
}
WRITE_PAGES = {
    "investment_project_create": "page investment project create",
    "investment_in_place_create": "page investment in place create",
    "investment_in_place_reverse": "page investment in place reverse",
    "investment_job_report_create": "page investment job report create",
    "investment_park_enterprise_create": "page investment park enterprise",
    "investment_workshop_report_create": "page investment workshop report",
}


def _workbook(where: str) -> Any:
    """A file of one project in the place inside (or outside) the scope."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from xiezuo.investment.excel import COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"({c.key})" for c in COLUMNS])
    cells = {"name": "矩阵导入项目", "enterprise": enterprise().name, "place": TARGET_PLACE[where],
             "sector": "农业", "signed_on": "2019-03-01", "planned": "1000000"}  # fmt: skip
    sheet.append([cells.get(c.key, "") for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("projects.xlsx", buffer.getvalue())


# The import is decided per row (a row outside the scope is refused on its row, see
# test_excel), so its entry is unscoped: a file of one project inside the scope.
ENDPOINTS += [
    Endpoint("page investment project import", Role.CLERK, scoped=False,
             call=lambda c, u, w: c.post("/investment/import/", {"file": _workbook(w)})),
]  # fmt: skip
READ_ONLY_PAGES |= {"investment_project_import_template"}
WRITE_PAGES |= {
    "investment_project_import": "page investment project import",
    "investment_project_status": "page investment project status",
}
ENDPOINTS += [
    Endpoint("page investment project status", Role.CLERK,
             call=lambda c, u, w: c.post(f"/investment/projects/{_project(u, w).uid}/status/",
                                         {"status": "under_construction"})),
]  # fmt: skip


def _on_the_new_page(kind: str, fields: dict[str, str]) -> Any:
    def call(c: Any, u: Any, where: str) -> Any:
        return c.post(f"/investment/{kind}/new/", {**fields, "place": _place(kind, where)})

    return call


def _place(kind: str, where: str) -> str:
    if kind != "workshops":
        return TARGET_PLACE[where]
    township = Place.objects.filter(parent__code=TARGET_PLACE[where]).order_by("code").first()
    assert township is not None
    return township.code


ENDPOINTS += [
    Endpoint("page investment event create", Role.CLERK, call=_on_the_new_page(
        "events", {"name": "矩阵推介会", "held_on": "2019-05-01", "venue": "深圳"})),
    Endpoint("page investment park create", Role.CLERK, call=_on_the_new_page(
        "parks", {"name": "矩阵新园区", "kind": "industrial", "established_on": "2019-05-01"})),
    Endpoint("page investment workshop create", Role.CLERK, call=_on_the_new_page(
        "workshops", {"name": "矩阵新车间", "enterprise_name": "某企业",
                      "opened_on": "2019-05-01"})),
]  # fmt: skip
WRITE_PAGES |= {
    "investment_event_create": "page investment event create",
    "investment_park_create": "page investment park create",
    "investment_workshop_create": "page investment workshop create",
}


def _park_of(u: Any, where: str) -> Any:
    return services.park_create(
        actor=u, name=f"矩阵试验区-{where}", kind=ParkKind.SPECIAL_ZONE,
        place=Place.objects.get(code=TARGET_PLACE[where]), established_on=date(2019, 1, 1),
    )  # fmt: skip


def _enterprises_on_the_api(c: Any, u: Any, where: str) -> Any:
    park = _park_of(u, where)
    body = [{"name": "矩阵企业", "entered_on": "2019-02-01"}]
    return c.post(f"/api/v1/investment/parks/{park.uid}/enterprises", body,
                  content_type="application/json")  # fmt: skip


def _returns_on_the_api(c: Any, u: Any, where: str) -> Any:
    park = _park_of(u, where)
    services.park_enterprises_add(
        actor=u, park=park, enterprises=[services.EnterpriseDetails("矩阵企业", date(2019, 2, 1))]
    )
    body = {"period": "2019S1",
            "returns": [{"enterprise": "矩阵企业", "output": "1000", "investment": "500"}]}  # fmt: skip
    return json_request(c, "post", f"/api/v1/investment/parks/{park.uid}/returns", body)


ENDPOINTS += [
    Endpoint("api investment park enterprises", Role.CLERK, call=_enterprises_on_the_api),
    Endpoint("api investment park returns", Role.CLERK, call=_returns_on_the_api),
]
API_WRITES |= {
    ("POST", "/investment/parks/{key}/enterprises"): "api investment park enterprises",
    ("POST", "/investment/parks/{key}/returns"): "api investment park returns",
}
