"""Permission-matrix entries for personal information: the access log is the administrators'."""

from __future__ import annotations

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import Endpoint

ENDPOINTS = [
    Endpoint("page personal log", Role.ADMINISTRATOR, scoped=False, renders_result="personal-log",
             call=lambda c, u, w: c.get("/personal/log/")),
    Endpoint("personal log export", Role.ADMINISTRATOR, scoped=False,
             call=lambda c, u, w: c.get("/personal/log.xlsx")),
]  # fmt: skip

READ_ONLY_PAGES = {"personal_log", "personal_log_export"}
