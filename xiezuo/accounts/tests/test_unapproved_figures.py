"""One rule for unapproved figures, on every path that reads them.

A reported value counts for a reader within his scope (`data.view`: the
subtree of his scope places) whether approved or not; outside it, only once
the level above approved its report — it is left out of the sums, and the
answer says so. Derived values (a registry's, open to all) always count.

The set-up: January 2019 job fairs (the demo has none) — Debao (451024,
county A) 2, Napo (451026) 4 approved, Du'an (451228, county B, in Hechi) 7
unapproved. The reader is a clerk of Debao.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from xiezuo.accounts import policy
from xiezuo.indicators.analytics import Query, analytics, value_of
from xiezuo.indicators.models import Approval, DataElement, DataSet
from xiezuo.indicators.services import value_set
from xiezuo.periods import parse
from xiezuo.reports.models import Figure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("labour_figures_typed")]

A, B = "451024", "451228"
LEFT_OUT = "您辖区以外地方未经审核的数据未计入"


def save(place: str, value: int, period: str = "201901") -> None:
    value_set(
        actor=None,
        element="job_fairs",
        place=place,
        period=period,
        disaggregation="",
        value=str(value),
    )


def approve(place: str, period: str = "201901") -> None:
    from xiezuo.places.models import Place

    Approval.objects.create(
        data_set=DataSet.objects.get(code="LABOUR"),
        place=Place.objects.get(code=place),
        period=period,
        state=Approval.State.APPROVED,
    )


@pytest.fixture
def fairs() -> None:
    save(A, 2)
    save("451026", 4)
    approve("451026")
    save(B, 7)


@pytest.fixture
def clerk_a(make_user):
    return make_user("clerk", scope=[A])


def engine_total(user, place, code: str = "45") -> Decimal | None:
    return value_of(
        "job_fairs",
        place=place(code),
        periods=[parse("201901")],
        unapproved_within=policy.unapproved_scope(user),
    )


# --- the policy's answer


def test_the_scope_of_unapproved_figures_follows_the_raw_read(make_user):
    assert policy.unapproved_scope(make_user("clerk", scope=[A])) == (A,)
    assert policy.unapproved_scope(make_user("viewer", scope=["4510"])) == ("4510",)
    assert policy.unapproved_scope(make_user("administrator", scope=[])) is None
    assert policy.unapproved_scope(make_user("viewer", scope=[])) == ()
    from django.contrib.auth.models import AnonymousUser

    assert policy.unapproved_scope(AnonymousUser()) == ()


# --- the engine


def test_an_unapproved_value_outside_the_scope_is_left_out_until_approved(
    fairs, clerk_a, make_user, place
):
    assert engine_total(clerk_a, place) == 6  # 2 (own) + 4 (approved); Du'an's 7 left out
    assert engine_total(make_user("administrator", scope=[]), place) == 13
    assert engine_total(make_user("clerk", scope=[B]), place) == 11  # 4 + 7; Debao's 2 out
    result = analytics(
        Query(
            items=["job_fairs"],
            periods=[parse("201901")],
            places=[place("45")],
            level=3,
            unapproved_within=policy.unapproved_scope(clerk_a),
        )
    )
    assert result.get("job_fairs", "201901", A) == 2
    assert result.get("job_fairs", "201901", B) is None
    assert result.hidden == 1
    approve(B)
    assert engine_total(clerk_a, place) == 13


def test_the_rule_holds_for_a_stock_and_for_an_average(fairs, clerk_a, place):
    """Elements summed value by value ('last') take the same test as the SQL sums."""
    element = DataElement.objects.get(code="job_fairs")
    for aggregation, expected in (("last", 6), ("average", 3)):
        element.aggregation = aggregation
        element.save(update_fields=["aggregation"])
        assert engine_total(clerk_a, place) == expected, aggregation


def test_derived_values_count_everywhere(clerk_a, place):
    """A registry's figures (the pairing registry's poor counties paired) are open to all."""
    periods = [parse("2018")]
    everyone = value_of("paired_counties", place=place("45"), periods=periods)
    assert everyone
    assert (
        value_of(
            "paired_counties",
            place=place("45"),
            periods=periods,
            unapproved_within=policy.unapproved_scope(clerk_a),
        )
        == everyone
    )


# --- every path, as the clerk of Debao reading Du'an


def test_the_analytics_api_leaves_the_value_out_and_says_so(fairs, clerk_a, client_for, place):
    client = client_for(clerk_a)
    query = {"dimension": ["dx:job_fairs", "pe:201901", "ou:451228;451024"], "skipMeta": "true"}
    body = client.get("/api/analytics", query).json()
    assert [row[2:] for row in body["rows"]] == [[place(A).uid, "2"]]
    assert body["unapprovedLeftOut"] is True
    admin = client_for("administrator", scope=[]).get("/api/analytics", query).json()
    assert len(admin["rows"]) == 2
    assert admin["unapprovedLeftOut"] is False


PIVOT = {"dx": "job_fairs", "pe": "201901", "ou": "45", "rows": "ou", "columns": "pe"}


def test_the_pivot_page_and_its_exports_leave_the_value_out_and_say_so(fairs, clerk_a, client_for):
    client = client_for(clerk_a)
    page = client.get("/pivot/", PIVOT).content.decode()
    table = page[page.index('id="pivot-table"') :]
    assert '<td class="num">6</td>' in table
    assert LEFT_OUT in page
    rows = list(csv.reader(io.StringIO(client.get("/pivot/export.csv", PIVOT).content.decode())))
    assert rows[1][1] == "6"
    assert LEFT_OUT in rows[-1][0]
    sheet = load_workbook(io.BytesIO(client.get("/pivot/export.xlsx", PIVOT).content)).active
    assert sheet.cell(2, 2).value == 6
    assert LEFT_OUT in sheet.cell(sheet.max_row, 1).value
    admin = client_for("administrator", scope=[])
    assert '<td class="num">13</td>' in admin.get("/pivot/", PIVOT).content.decode()
    assert LEFT_OUT not in admin.get("/pivot/", PIVOT).content.decode()


def test_the_key_figures_page_leaves_the_value_out_and_says_so(fairs, clerk_a, client_for):
    Figure.objects.create(
        code="test_fairs",
        area=Figure._meta.get_field("area").choices[0][0],
        label_zh="测试招聘会",
        label_en="Test job fairs",
        item="job_fairs",
        places="45",
        periods="201901",
    )

    def shown(client) -> str:
        page = client.get("/figures/").content.decode()
        row = page[page.index('data-figure="test_fairs"') :]
        cell = row[row.index('class="num figure-value">') :]
        return cell[len('class="num figure-value">') : cell.index("</td>")]

    assert shown(client_for(clerk_a)) == "6"
    assert LEFT_OUT in client_for(clerk_a).get("/figures/").content.decode()
    admin = client_for("administrator", scope=[])
    assert shown(admin) == "13"
    assert LEFT_OUT not in admin.get("/figures/").content.decode()


def test_raw_reads_of_another_county_are_refused(fairs, clerk_a, client_for):
    client = client_for(clerk_a)
    assert (
        client.get("/api/dataValues", {"de": "job_fairs", "pe": "201901", "ou": B}).status_code
        == 403
    )
    export = {"dataSet": "LABOUR", "orgUnit": B, "period": "201901"}
    assert client.get("/api/dataValueSets", export).status_code == 403
    assert client.get(f"/data/entry/LABOUR/{B}/201901/").status_code == 403
    history = f"/data/entry/LABOUR/{B}/201901/history/"
    assert client.get(history, {"element": "job_fairs"}).status_code == 403
    # and his own county's are his
    own = client.get("/api/dataValues", {"de": "job_fairs", "pe": "201901", "ou": A})
    assert own.status_code == 200


# --- a cell's change history


def test_a_cells_history_is_read_within_the_scope_by_every_role(client_for):
    from xiezuo.indicators.services import value_set as write

    for value in ("2", "3"):
        write(
            actor=None,
            element="job_fairs",
            place=A,
            period="201901",
            disaggregation="",
            value=value,
        )
    url = f"/data/entry/LABOUR/{A}/201901/history/"
    for role in ("viewer", "clerk", "approver", "coordinator"):
        inside = client_for(role, scope=["4510"]).get(url, {"element": "job_fairs"})
        assert inside.status_code == 200, role
        text = inside.content.decode()
        assert "<strong>3</strong>" in text, role  # the value now
        assert "<td>2</td><td>3</td>" in text, role  # and the change from 2
        outside = client_for(role, scope=["4512"]).get(url, {"element": "job_fairs"})
        assert outside.status_code == 403, role
