"""The shipped `yearly` report, the default: every figure and table follows the place and
the period it is generated for (Baise in 2017 reads Baise's 2017 figures, not Guangxi's)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from xiezuo import periods
from xiezuo.indicators.analytics import Query, analytics
from xiezuo.numbers import format_cn
from xiezuo.places.models import Place
from xiezuo.reports.progress import selectors
from xiezuo.reports.progress.models import ReportTemplate
from xiezuo.reports.progress.selectors import Report
from xiezuo.reports.progress.vocabulary import Paragraph, Table, check

from .conftest import generate, report_text

pytestmark = pytest.mark.django_db

# figures every one of Baise's years has in the demo, as the report words them
BAISE_FIGURES = [
    ("workers_placed[poverty=poor]", "新增引导{}名贫困劳动力到广东就业"),
    ("social_funds_raised", "募集社会帮扶资金{}元"),
    ("projects_signed", "签约项目{}个"),
    ("planned_investment", "计划总投资{}元"),
    ("job_fairs", "扶贫劳务招聘会{}场"),
    ("people_trained", "培训{}人次"),
    ("paired_villages", "{}个贫困村"),
]


def figure(item: str, place: str, period: str) -> Decimal | None:
    """The analytics' figure for one place and one period, as a reader would check it."""
    result = analytics(
        Query(
            items=[item],
            periods=[periods.parse(period)],
            places=[Place.objects.get(code=place)],
            periods_as_filter=True,
            places_as_filter=True,
        )
    )
    return result.get(item)


def shown(item: str, place: str, period: str) -> str:
    value = figure(item, place, period)
    assert value, f"the demo has no {item} for {place} in {period}"
    return format_cn(value, places=2)


@pytest.fixture(scope="module")
def baise_2017(django_db_setup: Any, django_db_blocker: Any) -> Report:
    with django_db_blocker.unblock():
        return generate(place="4510", period="2017", code="yearly")


@pytest.mark.parametrize(("item", "wording"), BAISE_FIGURES)
def test_the_yearly_report_for_baise_in_2017_says_baises_own_figures(baise_2017, item, wording):
    text = report_text(baise_2017)
    assert wording.format(shown(item, "4510", "2017")) in text
    guangxi = shown(item, "45", "2017")
    assert guangxi != shown(item, "4510", "2017")
    assert wording.format(guangxi) not in text


def test_the_yearly_report_is_titled_for_its_place_and_period(baise_2017):
    assert baise_2017.title == "百色市东西部扶贫协作工作报告（2017年）"
    assert [s.heading for s in baise_2017.sections] == [
        "引言", "组织领导", "资金支持", "产业合作与投资", "劳务协作", "人才交流",
        "消费扶贫", "教育和医疗卫生", "社会帮扶", "携手奔小康",
    ]  # fmt: skip


def test_a_year_later_the_figures_change():
    report = generate(place="4510", period="2018", code="yearly")
    text = report_text(report)
    assert report.title == "百色市东西部扶贫协作工作报告（2018年）"
    changed = 0
    for item, wording in BAISE_FIGURES:
        now, before = shown(item, "4510", "2018"), shown(item, "4510", "2017")
        assert wording.format(now) in text
        changed += now != before
    assert changed >= 4
    # growth against the year before: Baise placed fewer workers in the demo's 2018
    placed = figure("workers_placed", "4510", "2018") / figure("workers_placed", "4510", "2017")
    assert f"较上一同期变化{(placed - 1) * 100:.2f}%" in text


def test_an_area_without_figures_is_said_so_and_no_empty_figure_is_shown(baise_2017):
    organisation = next(s for s in baise_2017.sections if s.heading == "组织领导")
    assert [b.text for b in organisation.blocks if isinstance(b, Paragraph)] == [
        "本期没有组织领导方面的统计数据。"
    ]
    paragraphs = [b.text for s in baise_2017.sections for b in s.blocks if isinstance(b, Paragraph)]
    assert not any("—" in p for p in paragraphs)
    # the joint meetings are Guangxi's, and the 2017 report for Guangxi says them
    guangxi = generate(place="45", period="2017", code="yearly")
    assert "召开粤桂扶贫协作联席会议1次" in report_text(guangxi)


def test_the_tables_are_by_the_counties_of_the_place(baise_2017):
    labour = next(s for s in baise_2017.sections if s.heading == "劳务协作")
    table = next(b for b in labour.blocks if isinstance(b, Table))
    counties = {p.name for p in Place.objects.filter(code__in=["451024", "451026", "451081"])}
    rows = {row[0].text for row in table.rows}
    assert counties <= rows
    assert "百色市" not in rows and "河池市" not in rows
    debao = next(row for row in table.rows if row[0].text == "德保县")
    assert debao[1].text == shown("workers_placed", "451024", "2017")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_yearly_template_loads_and_validates_in_both_languages(language):
    template = ReportTemplate.objects.get(code="yearly", language=language)
    sections = list(template.sections.all())
    assert len(sections) == 10
    for section in sections:
        assert check(section.body) == [], section.heading
    report = generate(place="4510", period="2018", language=language, code="yearly")
    assert len(report.sections) == 10


def test_the_english_yearly_report_reads_in_english():
    text = report_text(generate(place="4510", period="2017", language="en", code="yearly"))
    assert "East–West poverty-alleviation cooperation in Baise" in text
    assert "14,102 poor workers were newly placed in jobs in Guangdong." in text
    assert "No figures on organisation and leadership were recorded for this period." in text


def test_the_default_template_is_yearly_and_offered_first():
    assert selectors.DEFAULT_TEMPLATE == "yearly"
    assert selectors.template_codes() == ["yearly", "record"]


def test_the_page_without_a_template_generates_the_yearly_report(client_for):
    asked = {"place": "4510", "period": "2017", "language": "zh", "format": "html"}
    response = client_for("viewer").get("/reports/progress/", asked)
    page = response.content.decode()
    assert response.status_code == 200
    assert "百色市东西部扶贫协作工作报告（2017年）" in page
    assert f">{shown('job_fairs', '4510', '2017')}</a>场" in page


def test_the_api_without_a_template_answers_the_yearly_report(client_for):
    body = {"place": "4510", "period": "2017", "language": "zh", "format": "html"}
    response = client_for("viewer").post(
        "/api/v1/reports/progress", body, content_type="application/json"
    )
    assert response.status_code == 200
    assert "百色市东西部扶贫协作工作报告（2017年）" in response.content.decode()
    record = client_for("viewer").post(
        "/api/v1/reports/progress", {**body, "template": "record"}, content_type="application/json"
    )
    assert "粤桂推动东西扶贫协作纪实（2018年6月）" in record.content.decode()


def test_the_generate_page_offers_the_yearly_report_first_and_says_the_record_is_2018s(
    client_for,
):
    page = client_for("viewer").get("/reports/progress/").content.decode()
    assert '<option value="yearly" selected>年度报告（按所选地区和期间）</option>' in page
    assert '<option value="record">2018年报道纪实（广西，2018年6月）</option>' in page
    assert "2018年报道纪实无论选择哪个地区和期间，都重现那篇报道" in page
