"""Permission-matrix entries for pairings."""

from __future__ import annotations

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import INSIDE, OUTSIDE, Endpoint, json_request
from xiezuo.pairings.models import Pairing

from .factories import pairing

TARGET_TOWNSHIP = {INSIDE: "451024105", OUTSIDE: "451228105"}  # not paired in the demo
HELPER_TOWNSHIP = {INSIDE: "440305001", OUTSIDE: "440306017"}
BODY = {"kind": "township", "started_on": "2018-01-01"}


def _pairing(where: str) -> Pairing:
    return pairing("township", TARGET_TOWNSHIP[where], helper=HELPER_TOWNSHIP[where])


def _sides(where: str) -> dict:
    return {**BODY, "helper_place": HELPER_TOWNSHIP[where], "helped_place": TARGET_TOWNSHIP[where]}


ENDPOINTS = [
    Endpoint("api pairing create", Role.COORDINATOR,
             call=lambda c, u, w: json_request(c, "post", "/api/v1/pairings", _sides(w))),
    Endpoint("api pairing update", Role.COORDINATOR,
             call=lambda c, u, w: json_request(c, "patch", f"/api/v1/pairings/{_pairing(w).pk}", {"note": "改"})),
    Endpoint("api pairing end", Role.COORDINATOR,
             call=lambda c, u, w: json_request(
                 c, "post", f"/api/v1/pairings/{_pairing(w).pk}/end", {"ended_on": "2020-01-01"})),
    Endpoint("page pairing create", Role.COORDINATOR,
             call=lambda c, u, w: c.post("/pairings/new/", _sides(w))),
    Endpoint("page pairing edit", Role.COORDINATOR,
             call=lambda c, u, w: c.post(f"/pairings/{_pairing(w).pk}/edit/", {**_sides(w), "note": "改"})),
    Endpoint("page pairing end", Role.COORDINATOR,
             call=lambda c, u, w: c.post(f"/pairings/{_pairing(w).pk}/end/", {"ended_on": "2020-01-01"})),
]  # fmt: skip

READ_ONLY_PAGES = {"pairing_list", "pairing_detail", "coverage", "coverage_export"}
WRITE_PAGES = {
    "pairing_create": "page pairing create",
    "pairing_edit": "page pairing edit",
    "pairing_end": "page pairing end",
}
API_WRITES = {
    ("POST", "/pairings"): "api pairing create",
    ("PATCH", "/pairings/{pairing_id}"): "api pairing update",
    ("POST", "/pairings/{pairing_id}/end"): "api pairing end",
}
