"""Permission-matrix entries for the supervision board, the Excel import and the report."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import Endpoint
from xiezuo.places.models import Organisation
from xiezuo.plans.excel import layout

from .factories import document


def _import(client, user, where):
    # signed by Baise's office (inside the scope, 4510) or Guangxi's alone (outside)
    party = {"inside": "百色市扶贫开发办公室", "outside": "广西壮族自治区扶贫开发领导小组办公室"}[
        where
    ]
    doc = document("矩阵测试备忘录", categories=(), parties=[Organisation.objects.get(name=party)])
    book = Workbook()
    sheet = book.active
    sheet.append(layout.header())
    cells = {
        "category": "劳务协作",
        "title": "组织技能培训",
        "lead": "粤桂扶贫协作办公室",
        "places": "451024",
        "due": "2018-12-31",
    }
    sheet.append([cells.get(c.key, "") for c in layout.COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("items.xlsx", buffer.getvalue(), content_type=layout.CONTENT_TYPE)
    return client.post(f"/plans/{doc.pk}/import/", {"file": upload})


# plan.manage is scoped by the document's parties: a coordinator imports into his side's
ENDPOINTS = [
    Endpoint("page plan import", Role.COORDINATOR, call=_import),
]

READ_ONLY_PAGES = {
    "plan_board",
    "plan_board_export",
    "plan_import_template",
    "plan_report",
    "plan_report_export",
}
WRITE_PAGES = {"plan_import": "page plan import"}
API_WRITES: dict[tuple[str, str], str] = {}  # the board's API only reads
