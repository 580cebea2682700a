"""The results: ranking within each group, the change from last year, the weakest
criteria; what a reader sees before publication; Excel, PDF and the API."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from xiezuo.numbers import plain
from xiezuo.reports.assessment import selectors

from .factories import method, opened, published, self_assessed

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(people, make_user):
    """Debao and Napo (451026) in the key group, both published in 2017 and 2018; Debao's
    innovation scored 20 in 2017 and 10 in 2018, Napo's 15 then 25."""
    m = method(groups=[("key", ["451024", "451026"])])
    napo_clerk = make_user("clerk", scope=["451026"])
    found = {}
    for year, scores in ((2017, {"451024": "20", "451026": "15"}),
                         (2018, {"451024": "10", "451026": "25"})):  # fmt: skip
        for a in opened(people["opener"], m, year=year, within="4510"):
            if a.place.code in scores:
                who = dict(
                    people, clerk=people["clerk"] if a.place.code == "451024" else napo_clerk
                )
                found[(year, a.place.code)] = published(who, a, innovation=scores[a.place.code])
    return m, found


def test_units_are_ranked_within_their_group(two_years, people):
    m, found = two_years
    results = selectors.results(user=people["opener"], method=m, year=2018)
    (label, key_rows), (_other, other_rows) = results.groups
    assert label == "key"
    assert [r.assessment.place.code for r in key_rows] == sorted(
        ["451024", "451026"], key=lambda code: -found[(2018, code)].total)  # fmt: skip
    assert [r.rank for r in key_rows] == [1, 2]
    assert all(r.rank is None for r in other_rows)  # drafts without a score


def test_the_change_from_last_year(two_years, people):
    m, found = two_years
    results = selectors.results(user=people["opener"], method=m, year=2018)
    row = next(r for r in results.rows if r.assessment.place.code == "451024")
    assert row.previous == found[(2017, "451024")].total
    assert row.change == found[(2018, "451024")].total - found[(2017, "451024")].total


def test_the_weakest_criteria_earn_the_least_of_their_weight(two_years, people):
    m, _found = two_years
    results = selectors.results(user=people["opener"], method=m, year=2018)
    labels = [w.label for w in results.weakest]
    assert labels[0] == "带动就业档次"  # nobody reaches 200 jobs: nothing earned
    assert [w.share for w in results.weakest] == sorted(w.share for w in results.weakest)


def test_a_viewer_elsewhere_sees_only_published_results(two_years, client_for, people):
    m, _found = two_years
    page = (
        client_for("viewer", scope=["4512"])
        .get(f"/assessments/results/?method={m.code}&year=2018")
        .content.decode()
    )
    assert 'id="result-451024"' in page and 'id="result-451081"' not in page
    inside = (
        client_for("viewer", scope=["4510"])
        .get(f"/assessments/results/?method={m.code}&year=2018")
        .content.decode()
    )
    assert 'id="result-451081"' in inside and 'id="unpublished-note"' in inside


def test_the_results_as_excel(two_years, client_for):
    m, _found = two_years
    response = client_for("viewer", scope=["4512"]).get(
        f"/assessments/results/export.xlsx?method={m.code}&year=2018"
    )
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["key"].iter_rows(values_only=True))
    assert rows[1][:4] == ("排名", "行政区划代码", "被考核单位", "得分")
    codes = [r[1] for r in rows[2:]]
    assert set(codes) == {"451024", "451026"}
    assert "带动就业档次" in [r[0] for r in book.worksheets[-1].iter_rows(values_only=True)]


def test_the_results_as_pdf(two_years, client_for):
    m, _found = two_years
    response = client_for("viewer", scope=["4512"]).get(
        f"/assessments/results/export.pdf?method={m.code}&year=2018"
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "德保县" in text and "那坡县" in text and "2018" in text


def test_the_api_lists_and_pages_the_assessments(two_years, api_for):
    m, _found = two_years
    client = api_for("viewer", scope=["4512"])
    body = client.get(f"/api/v1/assessments?method={m.code}&year=2018").json()
    assert body["count"] == 2 and {i["place"] for i in body["items"]} == {"451024", "451026"}
    assert all(i["status"] == "published" and i["grade"] for i in body["items"])
    drafts = (
        api_for("viewer", scope=["4510"])
        .get(f"/api/v1/assessments?method={m.code}&year=2018&status=draft")
        .json()
    )
    assert drafts["count"] == 10


def test_the_api_gives_an_assessment_with_its_scores_and_steps(two_years, api_for):
    _m, found = two_years
    a = found[(2018, "451024")]
    body = api_for("viewer", scope=["4512"]).get(f"/api/v1/assessments/{a.uid}").json()
    assert body["total"] == plain(a.total) and body["grade"] == a.grade.code
    assert [s["kind"] for s in body["steps"]] == ["submit", "verify", "approve", "publish"]
    scores = {s["criterion"]: s for s in body["scores"]}
    assert scores["innovation"]["verified_score"] == "10"
    assert scores["funds_ratio"]["actual_source"].startswith("/pivot/?dx=investment_jobs")


def test_the_api_hides_a_draft_outside_the_scope(people, test_method, api_for):
    (assessment,) = opened(people["opener"], test_method)
    response = api_for("viewer", scope=["4512"]).get(f"/api/v1/assessments/{assessment.uid}")
    assert response.status_code == 403
    self_assessed(people["clerk"], assessment)
    assert api_for("viewer", scope=["4510"]).get(
        f"/api/v1/assessments/{assessment.uid}").status_code == 200  # fmt: skip
