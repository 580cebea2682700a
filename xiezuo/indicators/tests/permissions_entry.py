# ruff: noqa: E501 - one endpoint a line reads best as a table
"""Permission-matrix entries for data entry and approval.

Entry needs "data.enter" on the report's place (clerk and above, in scope);
approval needs "data.approve", which is the level above: the place must lie
strictly below the user's scope (Baise, 4510, approves Debao, 451024).
"""

from __future__ import annotations

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import INSIDE, TARGET_PLACE, Endpoint

from .factories import completed, labour_report

PERIOD = "201906"  # no demo values, no approvals
OWN_LEVEL = {INSIDE: "4510", "outside": "4512"}  # the test user's own scope place; another city


def _url(place_code: str, action: str) -> str:
    return f"/data/entry/LABOUR/{place_code}/{PERIOD}/{action}/"


def _report(place_code: str, *, approved: bool = False) -> str:
    """A complete report of the place (approved too, if asked); returns its code."""
    completed(labour_report(place_code, PERIOD), approved=approved)
    return place_code


CELL = {"element": "job_fairs", "key": "", "value": "3"}

ENDPOINTS = [
    Endpoint("entry cell save", Role.CLERK,
             call=lambda c, u, w: c.post(_url(TARGET_PLACE[w], "cell"), CELL)),
    Endpoint("page report complete", Role.CLERK,
             call=lambda c, u, w: c.post(_url(TARGET_PLACE[w], "complete"))),
    Endpoint("page report uncomplete", Role.CLERK,
             call=lambda c, u, w: c.post(_url(_report(TARGET_PLACE[w]), "uncomplete"))),
    Endpoint("page report approve", Role.APPROVER,
             call=lambda c, u, w: c.post(_url(_report(TARGET_PLACE[w]), "approve"))),
    # The level above approves: nobody but an administrator approves their own scope's report.
    Endpoint("page report approve own level", Role.APPROVER,
             allowed=lambda role, where: role == Role.ADMINISTRATOR,
             call=lambda c, u, w: c.post(_url(_report(OWN_LEVEL[w]), "approve"))),
    Endpoint("page report return", Role.APPROVER,
             call=lambda c, u, w: c.post(_url(_report(TARGET_PLACE[w]), "return"), {"comment": "请核对"})),
    Endpoint("page report unapprove", Role.APPROVER,
             call=lambda c, u, w: c.post(_url(_report(TARGET_PLACE[w], approved=True), "unapprove"))),
]  # fmt: skip

READ_ONLY_PAGES = {
    "entry_start",
    "entry_grid",
    "entry_cell_history",
    "data_approvals",
    "data_completeness",
    "data_validation",
}
WRITE_PAGES = {
    "entry_cell": "entry cell save",
    "report_complete": "page report complete",
    "report_uncomplete": "page report uncomplete",
    "report_approve": "page report approve",
    "report_return": "page report return",
    "report_unapprove": "page report unapprove",
}
