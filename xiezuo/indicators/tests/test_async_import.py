"""POST /api/dataValueSets?async=true: DHIS2's job reference at once, then the job's
notifications at /api/system/tasks/DATAVALUE_IMPORT/<id> and its import summary at
/api/system/taskSummaries/DATAVALUE_IMPORT/<id>.

A small file is imported within the request (as on the upload page), so most
tests find the job ended at the first poll; the worker setting keeps a job
waiting to show what a poll sees before the end.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from xiezuo.indicators.models import DataValue, ImportJob

pytestmark = pytest.mark.django_db

TASKS = "/api/system/tasks/DATAVALUE_IMPORT/"
SUMMARIES = "/api/system/taskSummaries/DATAVALUE_IMPORT/"

JSON = json.dumps(
    {
        "dataValues": [
            {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "3"},
            {"dataElement": "job_fairs", "period": "201902", "orgUnit": "451024", "value": "4"},
        ]
    }
)
CSV = "dataelement,period,orgunit,value\njob_fairs,201901,451024,5\njob_fairs,201902,451024,6\n"
ADX = """<?xml version="1.0" encoding="UTF-8"?>
<adx xmlns="urn:ihe:qrph:adx:2015">
  <group dataSet="LABOUR" orgUnit="451024" period="2019-01-01/P1M">
    <dataValue dataElement="job_fairs" value="2"/>
  </group>
</adx>"""
XML = """<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" period="201901" orgUnit="451024">
  <dataValue dataElement="job_fairs" value="2"/></dataValueSet>"""
BAD_CSV = (
    "dataelement,period,orgunit,value\n"
    "job_fairs,201901,451024,7\n"
    "job_fairs,201902,451024,x\n"
    "job_fairs,201903,451228,1\n"  # outside the clerk's scope
)


def post(client, body, content_type="application/json", **params):
    query = "&".join(f"{k}={v}" for k, v in {"async": "true", **params}.items())
    return client.post(f"/api/dataValueSets?{query}", body, content_type=content_type)


def poll(client, job_id, timeout=10.0):
    """The job's notifications once the newest says it has completed (it may run in a thread)."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(TASKS + job_id)
        assert response.status_code == 200, response.content
        notifications = response.json()
        if notifications and notifications[0]["completed"]:
            return notifications
        assert time.monotonic() < deadline, notifications
        time.sleep(0.05)


def sync_summary(client, body, content_type="application/json", **params):
    """The summary the synchronous POST answers for the same file, its writes rolled back."""
    with transaction.atomic():
        response = client.post(
            "/api/dataValueSets" + ("?" + "&".join(f"{k}={v}" for k, v in params.items())),
            body,
            content_type=content_type,
        )
        transaction.set_rollback(True)
    return response.json()["response"]


def stored(period):
    found = DataValue.objects.filter(
        data_element__code="job_fairs", place__code="451024", period=period, disaggregation=""
    ).first()
    return None if found is None else found.value


def test_a_json_import_answers_dhis2s_job_reference_at_once(client_for):
    response = post(client_for("clerk", scope=["451024"]), JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    job = body["response"]
    assert {k: body[k] for k in ("httpStatus", "httpStatusCode", "status")} == {
        "httpStatus": "OK",
        "httpStatusCode": 200,
        "status": "OK",
    }
    assert body["message"] == "已启动 dataValueImport"
    assert job["responseType"] == "JobConfigurationWebMessageResponse"
    assert job["name"] == "dataValueImport" and job["jobType"] == "DATAVALUE_IMPORT"
    assert len(job["id"]) == 11 and job["created"][:2] == "20"
    assert job["relativeNotifierEndpoint"] == TASKS + job["id"]
    assert job["jobParameters"]["async"] is True
    assert job["jobParameters"]["importStrategy"] == "CREATE_AND_UPDATE"
    assert response["Location"] == "http://testserver" + TASKS + job["id"]


def test_a_json_import_is_polled_to_its_end_and_summarised_as_the_sync_import(client_for):
    client = client_for("clerk", scope=["451024"])
    expected = sync_summary(client, JSON)
    job_id = post(client, JSON).json()["response"]["id"]
    notifications = poll(client, job_id)
    newest = notifications[0]
    assert newest["level"] == "INFO" and newest["category"] == "DATAVALUE_IMPORT"
    assert set(newest) >= {"uid", "level", "category", "time", "message", "completed"}
    times = [n["time"] for n in notifications]
    assert times == sorted(times, reverse=True)  # newest first
    assert not any(n["completed"] for n in notifications[1:])
    response = client.get(SUMMARIES + job_id)
    assert response.status_code == 200
    assert response.json() == expected
    assert expected["importCount"]["imported"] == 2
    assert (stored("201901"), stored("201902")) == (3, 4)


def test_a_csv_import_with_options_runs_as_the_sync_import_would(client_for):
    client = client_for("clerk", scope=["451024"])
    params = {"idScheme": "CODE", "importStrategy": "CREATE"}
    expected = sync_summary(client, CSV, "application/csv", **params)
    job_id = post(client, CSV, "application/csv", **params).json()["response"]["id"]
    poll(client, job_id)
    summary = client.get(SUMMARIES + job_id).json()
    assert summary == expected
    assert summary["importOptions"]["importStrategy"] == "CREATE"
    assert (stored("201901"), stored("201902")) == (5, 6)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(ADX, "application/adx+xml"), (XML, "application/xml")],
    ids=["adx", "dhis2-xml"],
)
def test_adx_and_dhis2_xml_are_imported_as_jobs(client_for, body, content_type):
    client = client_for("clerk", scope=["451024"])
    job_id = post(client, body, content_type).json()["response"]["id"]
    poll(client, job_id)
    assert client.get(SUMMARIES + job_id).json()["importCount"]["imported"] == 1
    assert stored("201901") == 2


def test_a_filled_excel_template_sent_as_a_file_is_imported_as_a_job(client_for):
    client = client_for("clerk", scope=["451024"])
    template = client.get(
        "/data/export/",
        {"data_set": "LABOUR", "place": "451024", "start": "201901", "format": "template"},
    )
    workbook = load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    value_column = header.index(next(h for h in header if h.endswith("(value)")))
    row = next(r for r in sheet.iter_rows(min_row=2) if r[4].value == "job_fairs")
    row[value_column].value = 4
    filled = io.BytesIO()
    workbook.save(filled)
    file = SimpleUploadedFile("labour.xlsx", filled.getvalue())
    response = client.post("/api/dataValueSets?async=true", {"file": file})
    job_id = response.json()["response"]["id"]
    poll(client, job_id)
    summary = client.get(SUMMARIES + job_id).json()
    assert summary["status"] == "SUCCESS", summary
    assert summary["importCount"]["imported"] == 1
    assert ImportJob.objects.get(uid=job_id).name == "labour.xlsx"


def test_a_bad_file_ends_with_its_conflicts_and_writes_nothing_in_atomic_mode_all(client_for):
    client = client_for("clerk", scope=["451024"])
    job_id = post(client, BAD_CSV, "application/csv", atomicMode="ALL").json()["response"]["id"]
    newest = poll(client, job_id)[0]
    summary = client.get(SUMMARIES + job_id).json()
    assert newest["level"] == "ERROR"
    assert (
        newest["message"]
        == summary["description"]
        == ("3 个数值中有 2 个被拒绝，因此全部未写入（atomicMode ALL）。")
    )
    assert summary["status"] == "ERROR"
    assert summary["conflictCount"] == 2
    assert [line["row"] for line in summary["refusedValues"]] == [3, 4]
    assert summary["rejectedIndexes"] == [1, 2]
    assert summary["importCount"] == {"imported": 0, "updated": 0, "ignored": 3, "deleted": 0}
    assert stored("201901") is None


def test_an_async_import_writes_the_good_values_by_default_as_dhis2(client_for):
    client = client_for("clerk", scope=["451024"])
    job_id = post(client, BAD_CSV, "application/csv").json()["response"]["id"]
    poll(client, job_id)
    summary = client.get(SUMMARIES + job_id).json()
    assert summary["status"] == "WARNING"
    assert summary["importOptions"]["atomicMode"] == "NONE"
    assert summary["importCount"] == {"imported": 1, "updated": 0, "ignored": 2, "deleted": 0}
    assert summary["rejectedIndexes"] == [1, 2]
    assert stored("201901") == 7


def test_a_file_that_cannot_be_read_ends_the_job_with_an_error(client_for):
    client = client_for("clerk", scope=["451024"])
    job_id = post(client, "{not json").json()["response"]["id"]
    assert poll(client, job_id)[0]["level"] == "ERROR"
    summary = client.get(SUMMARIES + job_id).json()
    assert summary["status"] == "ERROR"
    assert summary["description"].startswith("文件不是有效的 JSON")


def test_a_waiting_job_is_not_completed_and_has_no_summary_yet(client_for, settings):
    settings.XIEZUO_IMPORT_INLINE_BYTES = 0
    settings.XIEZUO_IMPORT_JOBS = "worker"
    client = client_for("clerk", scope=["451024"])
    job = post(client, JSON).json()["response"]
    assert job["jobStatus"] == "SCHEDULED"
    [waiting] = client.get(TASKS + job["id"]).json()
    assert waiting["completed"] is False and waiting["level"] == "INFO"
    response = client.get(SUMMARIES + job["id"])
    assert response.status_code == 200 and response.content == b""  # as DHIS2 before the end
    assert response["Cache-Control"] == "no-store"
    call_command("imports", "run", stdout=io.StringIO())
    notifications = poll(client, job["id"])
    assert [n["completed"] for n in notifications] == [True, False, False]
    assert notifications[-1]["uid"] == waiting["uid"]  # a notification keeps its uid
    assert client.get(SUMMARIES + job["id"]).json()["importCount"]["imported"] == 2


def test_a_running_job_tells_how_many_values_it_has_read(client_for, settings):
    settings.XIEZUO_IMPORT_INLINE_BYTES = 0
    settings.XIEZUO_IMPORT_JOBS = "worker"
    client = client_for("clerk", scope=["451024"])
    job_id = post(client, JSON).json()["response"]["id"]
    job = ImportJob.objects.get(uid=job_id)
    ImportJob.objects.filter(pk=job.pk).update(state="running", started_at=job.created_at)
    # the progress file the running import writes beside its file (see jobs.job_run)
    Path(job.file.path + ".progress").write_text(json.dumps({"values": 1200, "bytes": 100}))
    progress, started, waiting = client.get(TASKS + job_id, {"locale": "en"}).json()
    assert progress["message"].startswith("Importing data values: 1200 read")
    assert started["message"] == "Process started"
    assert not any(n["completed"] for n in (progress, started, waiting))


def test_the_body_is_streamed_to_the_jobs_file_not_read_into_memory(client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100  # reading request.body whole would be refused
    client = client_for("clerk", scope=["451024"])
    body = JSON + " " * 1000
    job_id = post(client, body).json()["response"]["id"]
    job = ImportJob.objects.get(uid=job_id)
    assert job.size == len(body) and job.name == "dataValueSets.json"
    assert Path(job.file.path).read_text() == body
    poll(client, job_id)
    assert stored("201901") == 3


def test_a_large_file_is_answered_before_its_import_which_starts_after_the_commit(
    client_for, settings, django_capture_on_commit_callbacks
):
    settings.XIEZUO_IMPORT_INLINE_BYTES = 0
    settings.XIEZUO_IMPORT_JOBS = "thread"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(client_for("clerk", scope=["451024"]), JSON)
    assert response.json()["response"]["jobStatus"] == "SCHEDULED"
    assert len(callbacks) == 1  # starts the thread
    assert stored("201901") is None


def test_someone_elses_job_is_not_found_but_an_administrator_reads_it(client_for):
    job_id = post(client_for("clerk", scope=["451024"]), JSON).json()["response"]["id"]
    other = client_for("clerk", scope=["451024"])
    for path in (TASKS, SUMMARIES):
        response = other.get(path + job_id)
        assert response.status_code == 404
        assert response.json()["httpStatusCode"] == 404
    administrator = client_for("administrator", scope=["45"])
    assert administrator.get(TASKS + job_id).json()[0]["completed"] is True
    assert administrator.get(SUMMARIES + job_id).json()["status"] == "SUCCESS"


def test_an_unknown_job_is_not_found(client_for):
    assert client_for("clerk").get(TASKS + "AbCdEfGhIjK").status_code == 404


def test_without_credentials_the_answer_is_401(client_for):
    job_id = post(client_for("clerk", scope=["451024"]), JSON).json()["response"]["id"]
    assert post(Client(), JSON).status_code == 401
    assert Client().get(TASKS + job_id).status_code == 401
    assert Client().get(SUMMARIES + job_id).status_code == 401
    assert not ImportJob.objects.exclude(uid=job_id).exists()


def test_a_viewer_may_not_start_an_import_job(client_for):
    assert post(client_for("viewer"), JSON).status_code == 403
    assert not ImportJob.objects.exists()


def test_bad_options_and_unknown_formats_are_refused_before_any_job(client_for):
    client = client_for("clerk", scope=["451024"])
    assert post(client, JSON, importStrategy="MERGE").status_code == 409
    assert post(client, "x", "application/pdf").status_code == 415
    assert not ImportJob.objects.exists()
