"""The year-end completion report: each item done on time, late or not done, with its evidence."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from xiezuo.plans import services
from xiezuo.plans.excel import layout
from xiezuo.plans.report import Outcome, Report, completion_report, outcome_of
from xiezuo.plans.status import Assessment, Status

from .factories import BAISE, DEBAO, OFFICE, ON, YEAR_END, job_fairs_held, job_fairs_item

pytestmark = pytest.mark.django_db


def outcomes(report: Report) -> dict[int, str]:
    return {entry.item.number: entry.outcome for entry in report.items}


def test_items_are_done_on_time_late_or_not_done_as_on_the_documents_end(plan):
    document, _ = plan
    report = completion_report(document)
    assert report.on == YEAR_END
    assert outcomes(report) == {
        1: Outcome.NOT_DONE,
        2: Outcome.NOT_DONE,
        3: Outcome.NOT_DONE,
        4: Outcome.NOT_DONE,
        5: Outcome.ON_TIME,  # last milestone 20 May, due 30 June
        6: Outcome.LATE,  # ticked 1 August, due 30 June
    }


def test_the_report_counts_per_category_and_per_lead_organisation(plan):
    document, _ = plan
    report = completion_report(document)
    categories = {g.label: (g.on_time, g.late, g.not_done) for g in report.by_category}
    assert categories == {"组织领导": (0, 1, 2), "劳务协作": (1, 0, 2)}
    leads = {g.label: (g.on_time, g.late, g.not_done, g.rate) for g in report.by_lead}
    assert leads == {
        OFFICE: (1, 0, 1, 0.5),
        BAISE: (0, 0, 2, 0.0),
        DEBAO: (0, 1, 1, 0.5),
    }
    assert (report.total.total, report.total.done) == (6, 2)


def test_a_report_as_on_an_earlier_day_counts_only_what_was_done_by_then(plan):
    document, _ = plan
    report = completion_report(document, on=ON)
    assert outcomes(report)[5] == Outcome.ON_TIME
    assert outcomes(report)[6] == Outcome.NOT_DONE
    assert [r.text for r in report.items[2].records] == []  # item 6's tick came later


def test_an_outcome_is_on_time_only_when_the_item_was_done_on_its_due_date():
    done = Assessment(Status.DONE, [])
    assert outcome_of(done, True) == Outcome.ON_TIME
    assert outcome_of(done, False) == Outcome.LATE
    assert outcome_of(Assessment(Status.ON_TRACK, []), True) == Outcome.NOT_DONE


@pytest.mark.parametrize(("september", "expected"), [(0, Outcome.ON_TIME), (4, Outcome.LATE)])
def test_an_item_done_by_its_targets_is_late_when_they_were_reached_after_the_due_date(
    september, expected
):
    work = job_fairs_item("德保县上半年举办招聘会8场", due_on=date(2019, 6, 30), value=8)
    job_fairs_held("201903", 4 if september else 8)
    if september:
        job_fairs_held("201909", september)  # the target reached only in September
    entry = completion_report(work.document).items[0]
    assert entry.assessment.status == Status.DONE
    assert entry.assessment.completed_on is None  # a figure's day of reaching is not recorded
    assert entry.outcome == expected


def test_the_evidence_lists_updates_and_ticked_milestones_with_their_files(plan, coordinator):
    document, items = plan
    services.update_create(
        item=items[4],
        user=coordinator,
        text="第二期培训结束",
        percent=90,
        reported_on=date(2018, 10, 8),
        files=[SimpleUploadedFile("签到表.pdf", b"%PDF-1.4", content_type="application/pdf")],
    )
    report = completion_report(document)
    records = {entry.item.number: entry.records for entry in report.items}
    assert [(r.day, r.kind, r.percent) for r in records[4]] == [
        (date(2018, 5, 1), "update", 50),
        (date(2018, 10, 8), "update", 90),
    ]
    assert [r.text for r in records[5]] == ["选定站点", "挂牌运行"]
    name, url = records[4][1].files[0]
    assert name == "签到表.pdf" and url and url.startswith("/plans/evidence/")


def test_the_report_page_shows_the_tallies_and_the_evidence_links(plan, coordinator, client_for):
    document, items = plan
    services.update_create(
        item=items[4],
        user=coordinator,
        text="第二期培训结束",
        reported_on=date(2018, 10, 8),
        files=[SimpleUploadedFile("签到表.pdf", b"%PDF-1.4", content_type="application/pdf")],
    )
    page = client_for("viewer").get(f"/plans/{document.pk}/report/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="report-by-category"' in html and 'id="report-by-lead"' in html
    assert html.count('data-outcome="not_done"') == 4
    assert html.count('data-outcome="late"') == 1
    assert 'class="evidence-link"' in html and "签到表.pdf" in html
    assert "2018年12月31日" in html


def test_a_bad_day_is_named_and_the_documents_end_used(plan, client_for):
    document, _ = plan
    page = client_for("viewer").get(f"/plans/{document.pk}/report/?on=soon")
    assert page.status_code == 200
    assert "<li>“soon”不是日期（应为 YYYY-MM-DD）。</li>" in page.content.decode()
    assert page.context["report"].on == document.ends_on


def test_the_report_exports_to_excel(plan, client_for):
    document, _ = plan
    response = client_for("viewer").get(f"/plans/{document.pk}/report.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == layout.CONTENT_TYPE
    book = load_workbook(io.BytesIO(response.content))
    summary, items = book.worksheets
    values = [r for r in summary.iter_rows(values_only=True)]
    assert ("组织领导", 3, 0, 1, 2, pytest.approx(1 / 3)) in values
    rows = list(items.iter_rows(values_only=True))
    assert len(rows) == 7
    late = next(r for r in rows if r[2] == "签订帮扶协议")
    assert late[5] == str(Outcome.LABELS[Outcome.LATE])
    assert "协议签署" in late[9]
