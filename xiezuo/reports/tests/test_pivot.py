"""The pivot table: data by period, place and disaggregation, with export."""

import csv
import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

LABOUR = ";".join([f"2017{m:02d}" for m in range(1, 13)] + ["201801", "201802", "201803"])


def test_prefectures_by_year_for_one_figure(client_for):
    page = (
        client_for("viewer")
        .get(
            "/pivot/",
            {
                "dx": "planned_investment",
                "pe": "2016;2017",
                "ou": "45",
                "level": "2",
                "rows": "ou",
                "columns": "pe",
            },
        )
        .content.decode()
    )
    table = page[page.index('id="pivot-table"') :]
    assert (
        '<thead><tr><td></td><th scope="col" class="num">2016年</th>'
        '<th scope="col" class="num">2017年</th></tr>' in table
    )
    # Baise's planned investment as the investment registry's signed projects give it
    from xiezuo.investment.models import InvestmentProject
    from xiezuo.numbers import format_cn

    baise = [
        format_cn(
            sum(
                InvestmentProject.objects.filter(
                    place__code__startswith="4510", signed_on__year=year
                ).values_list("planned_investment", flat=True)
            )
        )
        for year in (2016, 2017)
    ]
    assert all(shown.endswith("亿") for shown in baise)
    assert (
        f'<tr><th scope="row">百色市</th><td class="num">{baise[0]}</td>'
        f'<td class="num">{baise[1]}</td></tr>' in table
    )
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    assert body.count("<tr>") == 8  # the prefectures with projects


def test_data_on_rows_and_poverty_on_columns_add_up(client_for):
    response = client_for("viewer").get(
        "/pivot/export.csv",
        {
            "dx": "people_trained",
            "pe": LABOUR,
            "ou": "45",
            "co": "poverty",
            "rows": "dx",
            "columns": "co",
        },
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, values = rows[0], rows[1]
    poor = int(values[header.index("建档立卡贫困人口")])
    not_poor = int(values[header.index("非贫困人口")])
    assert (poor, not_poor) == (14062, 4016)


def test_the_excel_export_holds_the_same_numbers(client_for):
    response = client_for("viewer").get(
        "/pivot/export.xlsx",
        {
            "dx": ["projects_signed", "planned_investment"],
            "pe": "2016;2017",
            "ou": "45",
            "rows": "dx",
            "columns": "ou",
        },
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["签约项目"] == 61
    assert values["计划总投资"] == 27_650_000_000


def test_a_bad_selection_is_explained(client_for):
    client = client_for("viewer")
    page = client.get("/pivot/", {"dx": "no_such", "pe": "2018"}).content.decode()
    assert '<p class="errorlist" id="pivot-error">“no_such”不是数据元或指标</p>' in page
    page = client.get("/pivot/", {"dx": "job_fairs", "pe": "2018-13"}).content.decode()
    assert '<p class="errorlist" id="pivot-error">“2018-13”不是有效的报告期</p>' in page
    page = client.get(
        "/pivot/",
        {"dx": ["job_fairs", "training_classes"], "pe": "2018", "rows": "ou", "columns": "pe"},
    ).content.decode()
    message = "选择多个数据项时，须把“数据”放在行或列上。"
    assert f'<p class="errorlist" id="pivot-error">{message}</p>' in page
    assert 'id="pivot-table"' not in page


def test_an_htmx_request_gets_only_the_result(client_for):
    response = client_for("viewer").get(
        "/pivot/",
        {"dx": "job_fairs", "pe": "2017", "ou": "4510", "level": "3"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "<html" not in body and 'id="pivot-table"' in body and "德保县" in body


def _input_value(page: str, input_id: str) -> str:
    import html
    import re

    found = re.search(rf'<input[^>]*id="{input_id}"[^>]*>', page)
    assert found, input_id
    value = re.search(r'value="([^"]*)"', found.group(0))
    return html.unescape(value.group(1)) if value else ""


@pytest.mark.parametrize("asked", [{}, {"pe": "LAST_4_QUARTERS"}, {"pe": "2017; 2018Q1"}])
def test_the_form_shows_the_periods_and_place_the_table_used(client_for, asked):
    from xiezuo.language import period_label
    from xiezuo.periods import parse
    from xiezuo.places.selectors import home_place_code

    page = client_for("viewer").get("/pivot/", {"dx": "job_fairs", **asked}).content.decode()
    table = page[page.index('id="pivot-table"') :]
    head = table[table.index("<thead>") : table.index("</thead>")]
    shown = _input_value(page, "id_pe").split(";")
    assert shown and all(
        f'<th scope="col" class="num">{period_label(parse(period))}</th>' in head
        for period in shown
    )
    assert head.count('<th scope="col" class="num">') == len(shown)
    assert _input_value(page, "id_ou") == home_place_code()
