"""The import page: upload a file, follow its progress, read its summary; `xiezuo imports run`."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from xiezuo.indicators.models import DataValue, ImportJob

pytestmark = pytest.mark.django_db

CSV = "dataelement,period,orgunit,value\njob_fairs,201901,451024,3\njob_fairs,201902,451024,x\n"
FORM = {"strategy": "CREATE_AND_UPDATE", "atomic_mode": "NONE", "id_scheme": "CODE"}


def upload(client, text=CSV, name="values.csv", **form):
    file = SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)
    return client.post("/data/import/", {"file": file, **FORM, **form})


def test_the_upload_page_shows_the_form(client_for):
    response = client_for("clerk").get("/data/import/")
    assert response.status_code == 200
    assert 'id="import-form"' in response.content.decode()


def test_a_small_file_is_imported_at_once_and_its_summary_shown(client_for):
    client = client_for("clerk", scope=["451024"])
    response = upload(client)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-summary"' in page
    assert "第3行" in page and "“x”不是数字" in page
    assert DataValue.objects.filter(source="imported", period="201901").count() == 1


def test_a_file_of_another_kind_is_refused_by_the_form(client_for, errors_beside):
    response = upload(client_for("clerk"), name="values.pdf")
    assert response.status_code == 422
    (message,) = errors_beside(response, "id_file")
    assert "values.pdf" in message and ".xlsx" in message
    assert not ImportJob.objects.exists()


def test_the_import_page_lists_ones_own_imports_and_an_administrator_sees_everyones(client_for):
    clerk = client_for("clerk", scope=["451024"])
    upload(clerk, name="mine.csv")
    other = client_for("clerk", username="other", scope=["451024"])
    upload(other, name="theirs.csv")
    mine = clerk.get("/data/import/").content.decode()
    assert "mine.csv" in mine and "theirs.csv" not in mine
    everyone = client_for("administrator").get("/data/import/").content.decode()
    assert "mine.csv" in everyone and "theirs.csv" in everyone


def test_a_large_file_waits_for_the_worker_and_the_page_polls_its_progress(client_for, settings):
    settings.XIEZUO_IMPORT_INLINE_BYTES = 0
    settings.XIEZUO_IMPORT_JOBS = "worker"
    client = client_for("clerk", scope=["451024"])
    location = upload(client)["Location"]
    job = ImportJob.objects.get()
    assert job.state == "pending"
    assert 'hx-trigger="every 1s"' in client.get(location).content.decode()
    call_command("imports", "run", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.state == "done" and job.summary["importCount"]["imported"] == 1
    partial = client.get(location, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="import-summary"' in partial and "hx-trigger" not in partial


def test_a_large_file_is_imported_in_a_thread_once_the_job_is_saved(
    client_for, settings, django_capture_on_commit_callbacks
):
    settings.XIEZUO_IMPORT_INLINE_BYTES = 0
    settings.XIEZUO_IMPORT_JOBS = "thread"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload(client_for("clerk", scope=["451024"]))
    assert len(callbacks) == 1  # starts the thread after the job is committed


def test_someone_elses_import_is_not_shown_but_an_administrator_sees_it(client_for):
    location = upload(client_for("clerk", scope=["451024"]))["Location"]
    assert client_for("clerk", scope=["451024"]).get(location).status_code == 404
    assert client_for("administrator").get(location).status_code == 200  # as on the API


def test_a_viewer_may_not_upload(client_for):
    assert upload(client_for("viewer")).status_code == 403


def test_the_filled_excel_template_is_imported(client_for):
    client = client_for("clerk", scope=["451024"])
    response = client.get(
        "/data/export/",
        {"data_set": "LABOUR", "place": "451024", "start": "201901", "format": "template"},
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    value_column = header.index(next(h for h in header if h.endswith("(value)")))
    row = next(r for r in sheet.iter_rows(min_row=2) if r[4].value == "job_fairs")
    row[value_column].value = 4
    filled = io.BytesIO()
    workbook.save(filled)
    location = upload(client, filled.getvalue(), name="labour.xlsx")["Location"]
    job = ImportJob.objects.get(pk=location.rstrip("/").split("/")[-1])
    assert job.summary["status"] == "SUCCESS", job.summary
    assert job.summary["importCount"]["imported"] == 1
    assert DataValue.objects.get(source="imported").place.code == row[0].value


def test_the_upload_page_keeps_all_or_nothing_by_default_and_says_so(client_for):
    page = client_for("clerk").get("/data/import/").content.decode()
    assert '<option value="ALL" selected>' in page
    assert "此处默认" in page and "atomicMode" in page  # and that the API differs


def test_the_summary_lists_each_refused_value_even_when_dhis2_groups_them(client_for):
    client = client_for("clerk", scope=["451024"])
    text = CSV + "job_fairs,201903,451024,x\n"  # the same conflict twice: one group in DHIS2
    page = client.get(upload(client, text)["Location"]).content.decode()
    assert page.count("“x”不是数字") == 2
    assert "第3行" in page and "第4行" in page


def test_a_summary_kept_before_conflicts_were_grouped_still_lists_its_values(client_for):
    client = client_for("clerk", scope=["451024"])
    location = upload(client)["Location"]
    job = ImportJob.objects.get()
    job.summary = {
        "status": "WARNING",
        "description": "2 个数值中有 1 个被拒绝",
        "importCount": {},
        "conflicts": [{"object": "x", "value": "第3行 (job_fairs): 旧的摘要", "indexes": [1]}],
    }
    job.save()
    assert "旧的摘要" in client.get(location).content.decode()
