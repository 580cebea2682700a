"""Permission-matrix entries for the tourism registry: a clerk of the helped place records
its scenic spots, their discounts and visitor reports; a clerk of either side records a
cooperation project or a route (here: by its helped place)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import INSIDE, TARGET_PLACE, Endpoint, json_request
from xiezuo.places.models import Place
from xiezuo.tourism import services
from xiezuo.tourism.excel import VISITOR_COLUMNS
from xiezuo.tourism.models import Discount, Route, ScenicSpot, TourismProject, VisitorReport


def _place(where: str) -> Place:
    return Place.objects.get(code=TARGET_PLACE[where])


def _spot(u: Any, where: str) -> ScenicSpot:
    return services.spot_create(actor=u, name=f"矩阵景区-{where}", place=_place(where))


def _discount(u: Any, where: str) -> Discount:
    return services.discount_create(
        actor=u, spot=_spot(u, where), audience="helper_province", kind="free",
        valid_from=date(2019, 1, 1),
    )  # fmt: skip


def _report(u: Any, where: str) -> VisitorReport:
    return services.visitor_report_record(
        actor=u, spot=_spot(u, where), period="201905", visitors=100, helper_visitors=40
    )


def _project(u: Any, where: str) -> TourismProject:
    return services.project_create(
        actor=u, name=f"矩阵旅游项目-{where}", kind="promotion", place=_place(where),
        agreed_on=date(2019, 3, 1),
    )  # fmt: skip


def _route(u: Any, where: str) -> Route:
    return services.route_create(
        actor=u, name=f"矩阵线路-{where}", places=[_place(where)], since=date(2019, 3, 1)
    )


def _api(method: str, path: Any, body: Any) -> Any:
    """A call of the API: `path` and `body` are functions of (user, where) or fixed."""

    def call(c: Any, u: Any, where: str) -> Any:
        url = path(u, where) if callable(path) else path
        data = body(u, where) if callable(body) else body
        return json_request(c, method, f"/api/v1/tourism{url}", data)

    return call


ENDPOINTS = [
    Endpoint("api tourism spot create", Role.CLERK, call=_api(
        "post", "/spots", lambda u, w: {"name": "矩阵景区", "place": TARGET_PLACE[w]})),
    Endpoint("api tourism spot update", Role.CLERK, call=_api(
        "patch", lambda u, w: f"/spots/{_spot(u, w).uid}", {"grade": "AAA"})),
    Endpoint("api tourism discount create", Role.CLERK, call=_api(
        "post", lambda u, w: f"/spots/{_spot(u, w).uid}/discounts",
        {"audience": "helper_province", "kind": "half_price", "valid_from": "2019-01-01"})),
    Endpoint("api tourism discount update", Role.CLERK, call=_api(
        "patch", lambda u, w: f"/discounts/{_discount(u, w).pk}", {"valid_to": "2019-12-31"})),
    Endpoint("api tourism project create", Role.CLERK, call=_api(
        "post", "/projects", lambda u, w: {"name": "矩阵旅游项目", "kind": "training",
                                           "place": TARGET_PLACE[w], "agreed_on": "2019-03-01"})),
    Endpoint("api tourism project update", Role.CLERK, call=_api(
        "patch", lambda u, w: f"/projects/{_project(u, w).uid}", {"kind": "brand"})),
    Endpoint("api tourism route create", Role.CLERK, call=_api(
        "post", "/routes", lambda u, w: {"name": "矩阵线路", "places": [TARGET_PLACE[w]],
                                         "since": "2019-03-01"})),
    Endpoint("api tourism route update", Role.CLERK, call=_api(
        "patch", lambda u, w: f"/routes/{_route(u, w).uid}", {"name": "改名的线路"})),
    Endpoint("api tourism visitor report create", Role.CLERK, call=_api(
        "post", "/visitor-reports", lambda u, w: {"spot": _spot(u, w).uid, "period": "201905",
                                                  "visitors": 100, "helper_visitors": 40})),
    Endpoint("api tourism visitor report update", Role.CLERK, call=_api(
        "patch", lambda u, w: f"/visitor-reports/{_report(u, w).pk}", {"visitors": 120})),
]  # fmt: skip
API_WRITES = {
    ("POST", "/tourism/spots"): "api tourism spot create",
    ("PATCH", "/tourism/spots/{key}"): "api tourism spot update",
    ("POST", "/tourism/spots/{key}/discounts"): "api tourism discount create",
    ("PATCH", "/tourism/discounts/{pk}"): "api tourism discount update",
    ("POST", "/tourism/projects"): "api tourism project create",
    ("PATCH", "/tourism/projects/{key}"): "api tourism project update",
    ("POST", "/tourism/routes"): "api tourism route create",
    ("PATCH", "/tourism/routes/{key}"): "api tourism route update",
    ("POST", "/tourism/visitor-reports"): "api tourism visitor report create",
    ("PATCH", "/tourism/visitor-reports/{pk}"): "api tourism visitor report update",
}


def _page(path: Any, data: Any) -> Any:
    def call(c: Any, u: Any, where: str) -> Any:
        url = path(u, where) if callable(path) else path
        return c.post(f"/tourism/{url}", data(u, where) if callable(data) else data)

    return call


SPOT = {"name": "矩阵景区", "grade": "AA", "kind": "natural"}
PROJECT = {"name": "矩阵旅游项目", "kind": "routes", "agreed_on": "2019-03-01"}


def _workbook(u: Any, where: str) -> Any:
    """A county's return of one spot's month, for a spot inside (or outside) the scope."""
    spot = _spot(u, where)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([f"({c.key})" for c in VISITOR_COLUMNS])
    cells = {"place": spot.place.code, "spot": spot.name, "period": "2019-05",
             "visitors": 100, "helper": 40}  # fmt: skip
    sheet.append([cells.get(c.key, "") for c in VISITOR_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("visitors.xlsx", buffer.getvalue())


def _month(u: Any, where: str) -> dict[str, str]:
    spot = _spot(u, where)
    return {"place": TARGET_PLACE[where], "period": "201905",
            f"visitors-{spot.uid}": "100", f"helper-{spot.uid}": "40"}  # fmt: skip


ENDPOINTS += [
    Endpoint("page tourism spot create", Role.CLERK, call=_page(
        "spots/new/", lambda u, w: {**SPOT, "place": TARGET_PLACE[w]})),
    Endpoint("page tourism spot edit", Role.CLERK, call=_page(
        lambda u, w: f"spots/{_spot(u, w).uid}/edit/",
        lambda u, w: {**SPOT, "name": "改名的景区", "place": TARGET_PLACE[w]})),
    Endpoint("page tourism discount create", Role.CLERK, call=_page(
        lambda u, w: f"spots/{_spot(u, w).uid}/discounts/",
        {"audience": "paired_city", "kind": "percent", "value": "30", "valid_from": "2019-01-01"})),
    Endpoint("page tourism discount edit", Role.CLERK, call=_page(
        lambda u, w: f"discounts/{_discount(u, w).pk}/edit/",
        {"audience": "everyone", "kind": "free", "valid_from": "2019-01-01",
         "valid_to": "2019-06-30"})),
    Endpoint("page tourism visitor report create", Role.CLERK, call=_page(
        lambda u, w: f"spots/{_spot(u, w).uid}/visitors/",
        {"period": "2019-05", "visitors": "100", "helper_visitors": "40"})),
    Endpoint("page tourism visitor month", Role.CLERK, call=_page("visitors/month/", _month)),
    Endpoint("page tourism project create", Role.CLERK, call=_page(
        "projects/new/", lambda u, w: {**PROJECT, "place": TARGET_PLACE[w]})),
    Endpoint("page tourism project edit", Role.CLERK, call=_page(
        lambda u, w: f"projects/{_project(u, w).uid}/edit/",
        lambda u, w: {**PROJECT, "kind": "brand", "place": TARGET_PLACE[w]})),
    Endpoint("page tourism route create", Role.CLERK, call=_page(
        "routes/new/", lambda u, w: {"name": "矩阵线路", "places": TARGET_PLACE[w],
                                     "since": "2019-03-01"})),
    Endpoint("page tourism route edit", Role.CLERK, call=_page(
        lambda u, w: f"routes/{_route(u, w).uid}/edit/",
        lambda u, w: {"name": "改名的线路", "places": TARGET_PLACE[w], "since": "2019-03-01"})),
    # The import is decided per row (a row outside the scope is refused on its row, see
    # test_excel), so its entry is unscoped: a file of one spot's month inside the scope.
    Endpoint("page tourism visitor import", Role.CLERK, scoped=False, call=lambda c, u, w: c.post(
        "/tourism/visitors/import/", {"file": _workbook(u, INSIDE)})),
]  # fmt: skip
READ_ONLY_PAGES = {
    "tourism_spot_list",
    "tourism_spot_export",
    "tourism_spot_detail",
    "tourism_project_list",
    "tourism_route_list",
    "tourism_visitor_report_list",
    "tourism_visitor_report_export",
    "tourism_visitor_import_template",
}
WRITE_PAGES = {
    "tourism_spot_create": "page tourism spot create",
    "tourism_spot_edit": "page tourism spot edit",
    "tourism_discount_create": "page tourism discount create",
    "tourism_discount_edit": "page tourism discount edit",
    "tourism_visitor_report_create": "page tourism visitor report create",
    "tourism_visitor_month": "page tourism visitor month",
    "tourism_project_create": "page tourism project create",
    "tourism_project_edit": "page tourism project edit",
    "tourism_route_create": "page tourism route create",
    "tourism_route_edit": "page tourism route edit",
    "tourism_visitor_import": "page tourism visitor import",
}
