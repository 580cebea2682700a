"""Indicator records for the tests — reports, values entered and stored — and the imports
that write them: a file run through the importer, a POST to /api/dataValueSets, a job polled.

The tests write where the demo has nothing: Debao (451024) in 2019 and later, for
the labour data set (LABOUR, monthly) above all.
"""

from __future__ import annotations

import io
import json
import time
from typing import IO, Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.test import Client

from xiezuo.indicators import services
from xiezuo.indicators.imports import ImportOptions, ImportSummary, values_import
from xiezuo.indicators.models import DataSet, DataValue
from xiezuo.periods import parse
from xiezuo.places.models import Place

TASKS = "/api/system/tasks/DATAVALUE_IMPORT/"
SUMMARIES = "/api/system/taskSummaries/DATAVALUE_IMPORT/"


def data_set(code: str = "LABOUR") -> DataSet:
    return DataSet.objects.get(code=code)


def labour_report(place: str = "451024", period: str = "201906") -> dict[str, Any]:
    """A place's labour report for a month, named as the report services take it."""
    return {
        "data_set": data_set("LABOUR"),
        "place": Place.objects.get(code=place),
        "period": parse(period),
    }


def completed(report: dict[str, Any], *, approved: bool = False) -> dict[str, Any]:
    """`report` marked complete, and approved if asked, by no one in particular."""
    services.report_complete(actor=None, **report)
    if approved:
        services.report_approve(actor=None, **report)
    return report


def save_value(element: str, place: str, period: str, value: object, key: str = "") -> None:
    """A value entered for a place (its code) by no one in particular."""
    services.value_set(
        actor=None, element=element, place=place, period=period, disaggregation=key,
        value=str(value),
    )  # fmt: skip


def stored(
    period: str, element: str = "job_fairs", place: str = "451024", key: str = ""
) -> DataValue | None:
    """The value stored for one cell, or None."""
    return DataValue.objects.filter(
        data_element__code=element, place_code=place, period=period, disaggregation=key
    ).first()


def run_import(actor: Any, values: Any, fmt: str = "json", **options: Any) -> ImportSummary:
    """`values_import` of a file: `values` is a list of dataValues or a whole dataValueSet
    (sent as JSON), or the file's text, bytes or the file itself; `options` are ImportOptions'."""
    if isinstance(values, list):
        values = {"dataValues": values}
    if isinstance(values, dict):
        values = json.dumps(values)
    if isinstance(values, str):
        values = values.encode()
    source: IO[bytes] = io.BytesIO(values) if isinstance(values, bytes) else values
    return values_import(source=source, fmt=fmt, actor=actor, options=ImportOptions(**options))


def post_values(
    client: Client, body: Any, content_type: str = "application/json", **params: str
) -> HttpResponse:
    """POST /api/dataValueSets with DHIS2's query parameters (`**{"async": "true"}` for a job)."""
    path = "/api/dataValueSets" + (f"?{urlencode(params)}" if params else "")
    return client.post(path, body, content_type=content_type)


def poll(client: Client, job_id: str, timeout: float = 10.0) -> list[dict[str, Any]]:
    """An import job's notifications once the newest says it has completed (it may run in a
    thread); its summary is then at SUMMARIES + job_id."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(TASKS + job_id)
        assert response.status_code == 200, response.content
        notifications: list[dict[str, Any]] = response.json()
        if notifications and notifications[0]["completed"]:
            return notifications
        assert time.monotonic() < deadline, notifications
        time.sleep(0.05)
