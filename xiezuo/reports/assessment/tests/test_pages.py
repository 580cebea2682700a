"""The pages: the list, an assessment's page with its figures, sources, evidence, steps and
deadline, the step forms, and who reads a draft."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from xiezuo.reports.assessment import selectors
from xiezuo.reports.assessment.models import Assessment, Status

from .factories import criterion, evidence_file, opened, published, self_assessed

pytestmark = pytest.mark.django_db


def test_the_assessment_page_shows_figures_with_their_sources(client_for, people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    page = client_for(people["clerk"]).get(f"/assessments/{assessment.uid}/").content.decode()
    assert "带动就业完成率" in page and "资金" in page and "就业" in page
    assert "/pivot/?dx=investment_jobs&amp;pe=2017&amp;ou=451024" in page
    assert 'id="self-form"' in page


def test_the_clerk_fills_in_and_submits_on_the_page(client_for, people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    client = client_for(people["clerk"])
    meeting, innovation = criterion(test_method, "meeting"), criterion(test_method, "innovation")
    response = client.post(
        f"/assessments/{assessment.uid}/evidence/",
        {"title": "纪要", "criterion": meeting.pk, "file": evidence_file()},
    )
    assert response.status_code == 302
    response = client.post(f"/assessments/{assessment.uid}/self/", {
        "narrative": "自评", f"done-{meeting.pk}": "yes", f"score-{innovation.pk}": "18",
        "submit": "1"})  # fmt: skip
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED and assessment.narrative == "自评"


def test_a_refused_step_says_why_on_the_page(client_for, people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    response = client_for(people["clerk"]).post(
        f"/assessments/{assessment.uid}/self/", {"submit": "1"}
    )
    assert response.status_code == 422
    assert "召开联席会议" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def test_the_verifier_adjusts_with_a_reason_on_the_page(client_for, people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    innovation = criterion(test_method, "innovation")
    client = client_for(people["approver"])
    refused = client.post(f"/assessments/{assessment.uid}/verify/",
                          {f"verified-{innovation.pk}": "10"})  # fmt: skip
    assert refused.status_code == 422 and "工作创新" in refused.content.decode()
    done = client.post(f"/assessments/{assessment.uid}/verify/", {
        f"verified-{innovation.pk}": "10", f"reason-{innovation.pk}": "无创新材料"})  # fmt: skip
    assert done.status_code == 302
    page = client.get(f"/assessments/{assessment.uid}/").content.decode()
    assert "无创新材料" in page and "交叉核查" in page


def test_the_deadline_is_shown_with_the_days_left(client_for, people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    deadline = selectors.deadline_of(assessment, today=date(2017, 12, 1))
    assert deadline is not None and deadline.due == date(2017, 12, 31) and deadline.days_left == 30
    page = client_for(people["clerk"]).get(f"/assessments/{assessment.uid}/").content.decode()
    overdue = (timezone.localdate() - date(2017, 12, 31)).days
    assert 'id="deadline" class="overdue"' in page and f"已逾期 {overdue} 天" in page


def test_the_deadlines_of_each_stage():
    assert selectors.deadlines(2019) == {
        "self": date(2019, 12, 31),
        "verify": date(2020, 1, 31),
        "approve": date(2020, 2, 29),
    }
    assert selectors.deadlines(2017)["approve"] == date(2018, 2, 28)


def test_a_draft_is_hidden_from_a_reader_outside_its_scope(client_for, people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    outsider = client_for("viewer", scope=["4512"])
    assert outsider.get(f"/assessments/{assessment.uid}/").status_code == 403
    assert assessment.uid not in outsider.get("/assessments/").content.decode()
    assert client_for("viewer", scope=["4510"]).get(f"/assessments/{assessment.uid}/").status_code \
        == 200  # fmt: skip
    # the partner side reads it too
    assert client_for(people["partner"]).get(f"/assessments/{assessment.uid}/").status_code == 200


def test_a_published_assessment_is_read_by_everyone(client_for, people, test_method):
    (assessment,) = opened(people["opener"], test_method)
    published(people, assessment)
    outsider = client_for("viewer", scope=["4512"])
    assert outsider.get(f"/assessments/{assessment.uid}/").status_code == 200
    assert assessment.uid in outsider.get("/assessments/?status=published").content.decode()


def test_evidence_is_served_only_to_readers_of_the_assessment(client, client_for, people,
                                                              test_method):  # fmt: skip
    (assessment,) = opened(people["opener"], test_method)
    self_assessed(people["clerk"], assessment)
    evidence = assessment.files.get()
    url = f"/assessments/evidence/{evidence.uid}/"
    assert client.get(url).status_code in (302, 403)  # signed out: to the sign-in page
    assert client_for("viewer", scope=["4512"]).get(url).status_code == 403
    response = client_for("viewer", scope=["4510"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == \
        b"%PDF-1.4 minutes"  # fmt: skip


def test_opening_a_year_on_the_page(client_for, people, test_method):
    client = client_for(people["opener"])
    response = client.post(
        "/assessments/open/", {"method": test_method.code, "year": "2017", "within": "4510"}
    )
    assert response.status_code == 302
    assert Assessment.objects.filter(method=test_method, year=2017).count() == 12
    refused = client.post(
        "/assessments/open/", {"method": test_method.code, "year": "2030", "within": "4510"}
    )
    assert refused.status_code == 422 and "2030" in refused.content.decode()


def test_the_list_filters_by_year_method_and_status(client_for, people, test_method):
    opened(people["opener"], test_method, within="4510")
    client = client_for(people["opener"])
    page = client.get(f"/assessments/?year=2017&method={test_method.code}&status=draft")
    assert page.content.decode().count('<tr id="assessment-') == 12
    assert (
        '<tr id="assessment-'
        not in client.get(
            f"/assessments/?year=2017&status=published&method={test_method.code}"
        ).content.decode()
    )
