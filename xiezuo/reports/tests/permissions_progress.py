"""Permission-matrix entries for the progress report: any signed-in reader generates a
report (the API's POST writes nothing: it takes a body); a coordinator edits the templates."""

from __future__ import annotations

from typing import Any

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import Endpoint, json_request


def _template_edit(c: Any, u: Any, where: str) -> Any:
    from xiezuo.reports.progress.models import ReportTemplate

    template = ReportTemplate.objects.get(code="record", language="zh")
    data: dict[str, str] = {"title": template.title + "（修订）"}
    for number, section in enumerate(template.sections.all(), start=1):
        data[f"heading_{number}"] = section.heading
        data[f"body_{number}"] = section.body
    return c.post(f"/reports/progress/templates/{template.pk}/", data)


def _generate(c: Any, u: Any, where: str) -> Any:
    return json_request(
        c, "post", "/api/v1/reports/progress",
        {"place": "451024", "period": "2018", "format": "html"},
    )  # fmt: skip


READ_ONLY_PAGES = {"progress_report", "progress_template_list", "progress_template_preview"}
WRITE_PAGES = {"progress_template_edit": "page progress template edit"}
API_WRITES = {("POST", "/reports/progress"): "api progress report generate"}

ENDPOINTS = [
    Endpoint("page progress template edit", Role.COORDINATOR, call=_template_edit, scoped=False),
    Endpoint("api progress report generate", Role.VIEWER, call=_generate, scoped=False),
]
