"""Permission-matrix entries for organisations (places themselves are read-only)."""

from __future__ import annotations

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.places.models import Organisation

from .factories import organisation


def _org(where: str) -> Organisation:
    return organisation(f"矩阵测试单位{where}", TARGET_PLACE[where], "government", "helped")


def _new(where: str) -> dict:
    return {"name": "新单位", "kind": "enterprise", "place": TARGET_PLACE[where], "side": "helped"}


ENDPOINTS = [
    Endpoint("api organisation create", Role.CLERK,
             call=lambda c, u, w: json_request(c, "post", "/api/v1/organisations", _new(w))),
    Endpoint("api organisation update", Role.CLERK,
             call=lambda c, u, w: json_request(c, "patch", f"/api/v1/organisations/{_org(w).pk}", {"note": "改"})),
    Endpoint("api organisation delete", Role.COORDINATOR,
             call=lambda c, u, w: c.delete(f"/api/v1/organisations/{_org(w).pk}")),
    Endpoint("page organisation create", Role.CLERK,
             call=lambda c, u, w: c.post("/organisations/new/", _new(w))),
    Endpoint("page organisation edit", Role.CLERK,
             call=lambda c, u, w: c.post(f"/organisations/{_org(w).pk}/edit/", {**_new(w), "name": "改名单位"})),
    Endpoint("page organisation delete", Role.COORDINATOR,
             call=lambda c, u, w: c.post(f"/organisations/{_org(w).pk}/delete/")),
]  # fmt: skip

READ_ONLY_PAGES = {
    "place_tree", "place_search", "place_detail", "place_children",
    "organisation_list", "organisation_detail",
}  # fmt: skip
WRITE_PAGES = {
    "organisation_create": "page organisation create",
    "organisation_edit": "page organisation edit",
    "organisation_delete": "page organisation delete",
}
API_WRITES = {
    ("POST", "/organisations"): "api organisation create",
    ("PATCH", "/organisations/{organisation_id}"): "api organisation update",
    ("DELETE", "/organisations/{organisation_id}"): "api organisation delete",
}
