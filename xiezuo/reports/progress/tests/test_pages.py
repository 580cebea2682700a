"""The pages: generate a report; a coordinator edits a template, with a preview by line."""

from __future__ import annotations

import pytest

from xiezuo.reports.progress.models import ReportTemplate

pytestmark = pytest.mark.django_db


def test_a_viewer_generates_the_record_on_the_page(client_for):
    response = client_for("viewer", scope=["45"]).get(
        "/reports/progress/",
        {
            "place": "45",
            "period": ":201806",
            "template": "record",
            "language": "zh",
            "format": "html",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="progress-report"' in page
    assert ">5.59万</a>贫困劳动力" in page
    assert 'id="download-docx"' in page


def test_the_page_names_a_bad_period(client_for):
    response = client_for("viewer").get(
        "/reports/progress/",
        {
            "place": "45",
            "period": "2018-99",
            "template": "record",
            "language": "zh",
            "format": "html",
        },
    )
    assert "“2018-99”不是期间" in response.content.decode()


def test_the_page_answers_a_word_file_named_for_place_and_period(client_for):
    response = client_for("viewer").get(
        "/reports/progress/",
        {
            "place": "4510",
            "period": "2018",
            "template": "record",
            "language": "en",
            "format": "docx",
        },
    )
    assert response.status_code == 200
    assert "progress-4510-" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith("-2018.docx")


def test_a_viewer_may_not_edit_templates(client_for):
    assert client_for("viewer").get("/reports/progress/templates/").status_code == 403


def test_the_preview_shows_the_rendered_section(client_for):
    response = client_for("coordinator").post(
        "/reports/progress/templates/preview",
        {
            "section": "1",
            "body_1": '招聘会{{ fig("job_fairs", period="201701:201803") }}场',
            "place": "45",
            "period": "2018",
            "language": "zh",
        },
    )
    assert "招聘会" in response.content.decode()
    assert ">135</a>场" in response.content.decode()


def test_the_preview_shows_a_syntax_error_with_its_line(client_for):
    response = client_for("coordinator").post(
        "/reports/progress/templates/preview",
        {"section": "2", "body_2": "第一行\n第二行\n{% if %}", "place": "45", "period": "2018"},
    )
    page = response.content.decode()
    assert 'data-line="3"' in page and "第3行" in page


def test_saving_a_template_with_an_unknown_figure_is_refused_by_section_and_line(client_for):
    template = ReportTemplate.objects.get(code="record", language="zh")
    before = [(s.heading, s.body) for s in template.sections.all()]
    response = client_for("coordinator").post(
        f"/reports/progress/templates/{template.pk}/",
        {"title": "新标题", "heading_1": "引言", "body_1": '一\n{{ fig("no_such") }}'},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "第1节（引言）：第2行" in page and "no_such" in page
    template.refresh_from_db()
    assert template.title != "新标题"
    assert [(s.heading, s.body) for s in template.sections.all()] == before


def test_a_coordinator_changes_a_sections_wording_and_it_keeps_history(client_for):
    from auditlog.models import LogEntry

    template = ReportTemplate.objects.get(code="record", language="zh")
    data = {"title": template.title}
    for number, section in enumerate(template.sections.all(), start=1):
        data[f"heading_{number}"] = section.heading
        data[f"body_{number}"] = section.body
    data["body_1"] = "本办的文字：{{ place.name }}"
    response = client_for("coordinator").post(f"/reports/progress/templates/{template.pk}/", data)
    assert response.status_code == 302
    first = template.sections.get(order=1)
    assert first.body == "本办的文字：{{ place.name }}"
    assert LogEntry.objects.get_for_object(first).exists()


def test_loading_the_shipped_templates_again_keeps_the_offices_edits():
    from xiezuo.reports.progress.services import template_load_shipped

    template = ReportTemplate.objects.get(code="record", language="zh")
    template.title = "本办的标题"
    template.save()
    result = template_load_shipped()
    assert result.created == 0 and result.kept == 4  # record and yearly, zh and en
    template.refresh_from_db()
    assert template.title == "本办的标题"
