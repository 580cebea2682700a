"""Reports and evidence filed for a secondment: the service's refusals (nothing written),
the form on the secondment's page (a refusal beside its field, 422), the API, and a file
served under its own name to signed-in readers only."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xiezuo.exchange import services
from xiezuo.exchange.models import SecondmentReport

from .factories import secondment

pytestmark = pytest.mark.django_db
SUMMARY = "挂职半年工作总结"


@pytest.fixture
def clerk(client_for):
    """A clerk of Baise (4510), where Debao is."""
    return client_for("clerk", scope=["4510"])


def pdf(name: str = "总结.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 summary", content_type="application/pdf")


def refusal(**given) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        services.secondment_report_add(**given)
    return refused.value.message_dict


# --- the service


def test_a_report_is_filed_with_its_file_under_its_own_name(recorder, media):
    s = secondment(recorder)
    report = services.secondment_report_add(
        actor=recorder,
        secondment=s,
        title=SUMMARY,
        on=date(2021, 9, 1),
        text="完成调研",
        file=pdf(),
    )
    assert report.file_name == "总结.pdf"
    assert report.file.name == f"exchange/reports/{report.uid}.pdf"
    assert (media / report.file.name).read_bytes() == b"%PDF-1.4 summary"


def test_a_blank_title_is_refused_and_nothing_written(recorder):
    s = secondment(recorder)
    errors = refusal(actor=recorder, secondment=s, title="  ", on=date(2021, 9, 1))
    assert errors == {"title": ["请填写报告标题。"]}
    assert not SecondmentReport.objects.exists()


def test_a_date_in_the_future_is_refused(recorder):
    s = secondment(recorder)
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = refusal(actor=recorder, secondment=s, title=SUMMARY, on=tomorrow)
    assert errors == {"on": ["日期在未来。"]}


def test_a_date_before_the_planned_start_is_refused(recorder):
    s = secondment(recorder)  # planned from 2021-03-01
    errors = refusal(actor=recorder, secondment=s, title=SUMMARY, on=date(2021, 2, 28))
    assert errors == {"on": ["日期早于挂职计划开始日期（2021-03-01）。"]}


def test_a_file_of_a_kind_not_accepted_is_refused_and_nothing_stored(recorder, media):
    s = secondment(recorder)
    script = SimpleUploadedFile("run.exe", b"MZ")
    errors = refusal(actor=recorder, secondment=s, title=SUMMARY, on=date(2021, 9, 1), file=script)
    assert errors == {"file": ["“run.exe”：不接受此类文件（可上传照片、PDF、Office 文件）。"]}
    assert not SecondmentReport.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_a_report_filed_is_in_the_change_history(recorder):
    from auditlog.models import LogEntry

    report = services.secondment_report_add(
        actor=recorder, secondment=secondment(recorder), title=SUMMARY, on=date(2021, 9, 1)
    )
    assert LogEntry.objects.get_for_object(report).count() == 1


# --- the page


def test_a_clerk_files_a_report_with_a_file_on_the_secondments_page(recorder, clerk):
    s = secondment(recorder)
    form = {"title": SUMMARY, "on": "2021-09-01", "text": "完成调研", "file": pdf()}
    response = clerk.post(f"/exchange/secondments/{s.uid}/reports/new/", form)
    assert response.status_code == 302
    page = clerk.get(f"/exchange/secondments/{s.uid}/").content.decode()
    report = s.reports.get()
    assert f'id="report-{report.uid}"' in page
    assert SUMMARY in page and "2021-09-01" in page and "完成调研" in page
    assert f'href="/exchange/reports/{report.uid}/file/">总结.pdf</a>' in page


def test_a_refused_date_is_shown_beside_the_date_with_422(recorder, clerk, errors_beside):
    s = secondment(recorder)
    form = {"title": SUMMARY, "on": "2020-01-01"}
    response = clerk.post(f"/exchange/secondments/{s.uid}/reports/new/", form)
    assert response.status_code == 422
    assert errors_beside(response, "report_on") == ["日期早于挂职计划开始日期（2021-03-01）。"]
    assert not s.reports.exists()


def test_a_refused_file_is_shown_beside_the_file(recorder, clerk, errors_beside):
    s = secondment(recorder)
    form = {"title": SUMMARY, "on": "2021-09-01", "file": SimpleUploadedFile("run.exe", b"MZ")}
    response = clerk.post(f"/exchange/secondments/{s.uid}/reports/new/", form)
    assert response.status_code == 422
    assert errors_beside(response, "report_file") == [
        "“run.exe”：不接受此类文件（可上传照片、PDF、Office 文件）。"
    ]


def test_a_viewer_sees_the_reports_but_not_the_form(recorder, client_for):
    s = secondment(recorder)
    services.secondment_report_add(actor=recorder, secondment=s, title=SUMMARY, on=date(2021, 9, 1))
    page = client_for("viewer", scope=["45"]).get(f"/exchange/secondments/{s.uid}/").content
    assert SUMMARY.encode() in page
    assert b'id="report-form"' not in page


# --- the file


def test_the_file_is_downloaded_under_its_own_name_by_a_reader(recorder, client_for):
    report = services.secondment_report_add(
        actor=recorder, secondment=secondment(recorder), title=SUMMARY, on=date(2021, 9, 1),
        file=pdf(),
    )  # fmt: skip
    response = client_for("viewer", scope=["45"]).get(
        reverse("exchange_secondment_report_file", args=[report.uid])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "%E6%80%BB%E7%BB%93.pdf" in response["Content-Disposition"]  # 总结.pdf
    assert b"".join(response.streaming_content) == b"%PDF-1.4 summary"


def test_the_file_needs_a_signed_in_user(recorder, client):
    report = services.secondment_report_add(
        actor=recorder, secondment=secondment(recorder), title=SUMMARY, on=date(2021, 9, 1),
        file=pdf(),
    )  # fmt: skip
    url = reverse("exchange_secondment_report_file", args=[report.uid])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


# --- the API


def test_the_api_files_a_report_and_lists_it(recorder, clerk):
    s = secondment(recorder)
    url = f"/api/v1/exchange/secondments/{s.uid}/reports"
    body = {"title": SUMMARY, "on": "2021-09-01", "text": "完成调研"}
    created = clerk.post(url, json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    assert created.json()["title"] == SUMMARY and created.json()["file"] is None
    listed = clerk.get(url).json()
    assert [(r["on"], r["title"], r["text"]) for r in listed["items"]] == [
        ("2021-09-01", SUMMARY, "完成调研")
    ]


def test_the_api_refuses_a_blank_title_by_field(recorder, clerk):
    s = secondment(recorder)
    url = f"/api/v1/exchange/secondments/{s.uid}/reports"
    response = clerk.post(url, json.dumps({"title": "", "on": "2021-09-01"}),
                          content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert response.json()["errors"] == {"title": ["请填写报告标题。"]}
    assert not s.reports.exists()
