"""Writes of the project library: the publishing rule, the status path, budget amounts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xiezuo.projects import selectors, services
from xiezuo.projects.models import BudgetLine, Status

from .factories import GUANGXI_OFFICE, PROPOSED, org, project

pytestmark = pytest.mark.django_db


def refusal(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_new_project_is_proposed_on_its_day():
    made = project()
    assert made.status == Status.PROPOSED
    assert [(s.status, s.stepped_on) for s in made.steps.all()] == [("proposed", PROPOSED)]


def test_a_complete_project_lacks_nothing_and_is_published():
    made = project()
    assert selectors.publish_missing(made) == []
    services.project_publish(project=made)
    made.refresh_from_db()
    assert made.published_at is not None


def test_an_empty_project_lists_everything_publishing_needs():
    bare = services.project_create(name="空项目", kind="other")
    assert selectors.publish_missing(bare) == [
        "项目地点",
        "实施单位",
        "预算",
        "带贫机制",
        "计划起止日期",
        "帮扶方合作单位",
        "预期受益人数",
    ]


def test_publishing_is_refused_naming_what_is_missing():
    made = project(benefit_mechanism="", partners=())
    with pytest.raises(ValidationError) as exc:
        services.project_publish(project=made)
    assert refusal(exc) == {"published_at": ["发布前请填写：带贫机制、帮扶方合作单位。"]}
    made.refresh_from_db()
    assert made.published_at is None


def test_unpublishing_clears_the_publication():
    made = services.project_publish(project=project())
    services.project_unpublish(project=made)
    made.refresh_from_db()
    assert made.published_at is None


def test_a_parent_with_children_takes_their_budget_and_beneficiaries():
    parent = project("德保县2018年东西部协作项目", budget=())
    project("扶贫车间", parent=parent, households_expected=100, people_expected=400)
    project(
        "道路硬化",
        parent=parent,
        budget=(("helper_fiscal", "1000000.50"), ("helped_fiscal", "200000")),
        households_expected=20,
        people_expected=None,
    )
    assert selectors.budget_by_source(parent) == {
        "helper_fiscal": Decimal("4000000.50"),
        "helped_fiscal": Decimal("200000.00"),
    }
    people = selectors.beneficiaries(parent)
    assert (people.households_expected, people.people_expected) == (120, 400)
    assert selectors.publish_missing(parent) == []


def test_a_project_cannot_be_its_own_ancestor():
    parent = project("母项目")
    child = project("子项目", parent=parent)
    with pytest.raises(ValidationError) as exc:
        services.project_update(project=parent, parent=child)
    assert refusal(exc) == {"parent": ["项目不能是自己的上级或更上级项目。"]}


def test_partners_must_be_on_the_helper_side():
    with pytest.raises(ValidationError) as exc:
        project(partners=(GUANGXI_OFFICE,))
    assert refusal(exc)["partners"] == [f"不属于帮扶方：{GUANGXI_OFFICE}。"]


def test_a_planned_end_before_the_start_is_refused():
    with pytest.raises(ValidationError) as exc:
        project(planned_start_on=date(2018, 6, 1), planned_end_on=date(2018, 5, 1))
    assert refusal(exc) == {"planned_end_on": ["结束日期早于开始日期。"]}


def test_the_status_walks_the_path_and_fills_the_actual_span():
    made = project()
    services.project_step(project=made, status="approved", on=date(2018, 2, 1))
    services.project_step(project=made, status="in_progress", on=date(2018, 3, 5))
    services.project_step(project=made, status="completed", on=date(2018, 11, 30))
    services.project_step(project=made, status="accepted", on=date(2018, 12, 20))
    made.refresh_from_db()
    assert made.status == Status.ACCEPTED
    assert (made.actual_start_on, made.actual_end_on) == (date(2018, 3, 5), date(2018, 11, 30))
    assert [s.status for s in made.steps.all()] == [
        "proposed",
        "approved",
        "in_progress",
        "completed",
        "accepted",
    ]


def test_a_step_may_not_skip_the_path():
    made = project()
    with pytest.raises(ValidationError) as exc:
        services.project_step(project=made, status="in_progress", on=date(2018, 2, 1))
    assert refusal(exc) == {"status": ["项目从“已提出”只能转为：已批准、已取消。"]}


def test_a_running_project_may_be_cancelled_but_then_takes_no_step():
    made = project()
    services.project_step(project=made, status="cancelled", on=date(2018, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.project_step(project=made, status="approved", on=date(2018, 2, 2))
    assert refusal(exc) == {"status": ["“已取消”的项目不能再变更状态。"]}


def test_a_step_may_not_be_dated_in_the_future():
    made = project()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.project_step(project=made, status="approved", on=tomorrow)
    assert refusal(exc) == {"on": ["状态变更日期不能晚于今天。"]}


def test_a_step_may_not_be_dated_before_the_previous_one():
    made = project()
    with pytest.raises(ValidationError) as exc:
        services.project_step(project=made, status="approved", on=date(2018, 1, 9))
    assert refusal(exc) == {"on": ["日期早于上一步（“已提出”，2018-01-10）。"]}


def test_a_budget_amount_is_kept_exactly():
    line = services.budget_line_add(project=project(), source="social", amount="1,234,567.89")
    line.refresh_from_db()
    assert line.amount == Decimal("1234567.89")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-100", "金额必须大于零。"),
        ("0", "金额必须大于零。"),
        ("一百万", "“一百万”不是以元计的金额。"),
        ("100.125", "“100.125”：以元计的金额最多两位小数。"),
        ("", "“”不是以元计的金额。"),
        ("1e17", "金额过大。"),
        ("10000000000000", "金额过大。"),  # 10万亿: past what every database keeps to the fen
    ],
)
def test_a_bad_budget_amount_is_refused_by_its_field(amount, message):
    made = project()
    with pytest.raises(ValidationError) as exc:
        services.budget_line_add(project=made, source="social", amount=amount)
    assert refusal(exc) == {"amount": [message]}
    assert BudgetLine.objects.filter(project=made).count() == 1


def test_an_unknown_funding_source_is_refused():
    with pytest.raises(ValidationError) as exc:
        services.budget_line_add(project=project(), source="lottery", amount="100")
    assert refusal(exc) == {"source": ["“lottery”不是资金来源。"]}


def test_a_bad_budget_line_at_creation_is_named_by_its_position():
    with pytest.raises(ValidationError) as exc:
        project(budget=(("helper_fiscal", "100"), ("social", "-5")))
    assert refusal(exc) == {"budget_lines.1.amount": ["金额必须大于零。"]}


def test_the_implementing_organisation_may_be_changed_and_cleared():
    made = project()
    services.project_update(project=made, implementing_organisation=org(GUANGXI_OFFICE))
    assert made.implementing_organisation == org(GUANGXI_OFFICE)
    services.project_update(project=made, implementing_organisation=None)
    made.refresh_from_db()
    assert made.implementing_organisation is None


def test_a_target_is_tied_to_the_catalogue():
    from xiezuo.indicators.models import DataElement
    from xiezuo.places.models import Place

    made = project()
    target = services.project_target_add(
        project=made,
        figure=DataElement.objects.get(code="people_trained"),
        place=Place.objects.get(code="451024"),
        period="2018",
        value="1,000",
        options="poverty=poor",
    )
    assert (target.options, target.period, target.value) == ("poverty=poor", "2018", 1000)


def test_a_bad_target_is_refused_by_field():
    from xiezuo.indicators.models import DataElement
    from xiezuo.places.models import Place

    with pytest.raises(ValidationError) as exc:
        services.project_target_add(
            project=project(),
            figure=DataElement.objects.get(code="people_trained"),
            place=Place.objects.get(code="451024"),
            period="2018Q5",
            value="-3",
            options="poverty=rich",
        )
    assert set(refusal(exc)) == {"period", "value", "options"}
    assert refusal(exc)["value"] == ["“-3”：目标须为大于零的数。"]


def test_an_approved_project_has_a_ledger_account_and_a_cancelled_one_takes_no_more_money(
    make_user,
):
    """Money reaches a project through its account; once it is cancelled, none can."""
    from datetime import date as day

    from django.core.exceptions import ValidationError as Refused

    from xiezuo.ledger.services import transfer_create
    from xiezuo.ledger.tests.factories import small_ledger
    from xiezuo.projects.services import project_step

    from .factories import project as make_project

    clerk = make_user("coordinator", scope=["45"])
    project = make_project()
    project_step(project=project, status="approved", on=day(2018, 3, 1), by=clerk)
    account = project.account
    assert account is not None and account.kind == "project" and account.name == project.name
    ledger = small_ledger()
    transfer_create(actor=clerk, kind="receipt", source=ledger["shenzhen"], target=ledger["debao"],
                    amount="1000", on=day(2018, 3, 2))  # fmt: skip
    transfer_create(actor=clerk, kind="disbursement", source=ledger["debao"], target=account,
                    amount="400", on=day(2018, 3, 5))  # fmt: skip
    project_step(project=project, status="cancelled", on=day(2018, 4, 1), by=clerk)
    with pytest.raises(Refused) as refused:
        transfer_create(actor=clerk, kind="disbursement", source=ledger["debao"], target=account,
                        amount="100", on=day(2018, 4, 2))  # fmt: skip
    assert refused.value.message_dict == {"on": [f"{project.name}已于 2018-04-01 关闭。"]}
    # what it still holds can be returned
    transfer_create(actor=clerk, kind="refund", source=account, target=ledger["debao"],
                    amount="400", on=day(2018, 4, 3))  # fmt: skip


def test_money_moves_only_within_the_projects_span_and_what_is_left_is_returned_after(make_user):
    """A project planned for 2018 takes no disbursement dated 2019 and spends nothing then;
    what it still holds may be returned; moving its end lets the money through."""
    from datetime import date as day

    from django.core.exceptions import ValidationError as Refused

    from xiezuo.ledger.services import transfer_create
    from xiezuo.ledger.tests.factories import small_ledger
    from xiezuo.projects.services import project_step, project_update

    from .factories import project as make_project

    clerk = make_user("coordinator", scope=["45"])
    project = make_project()  # planned 2018-03-01 to 2018-12-31
    project_step(project=project, status="approved", on=day(2018, 3, 1), by=clerk)
    account = project.account
    assert account is not None and account.ends_on == day(2018, 12, 31)
    ledger = small_ledger()
    transfer_create(actor=clerk, kind="receipt", source=ledger["shenzhen"], target=ledger["debao"],
                    amount="1000", on=day(2018, 3, 2))  # fmt: skip
    transfer_create(
        actor=clerk,
        kind="disbursement",
        source=ledger["debao"],
        target=account,
        amount="600",
        on=day(2018, 12, 31),
    )  # the last day is within
    outside = (
        f"{project.name}：项目已于 2018-12-31 结束，此后只能退回其余额。"
        "如项目仍在实施，请先修改结束日期。"
    )
    with pytest.raises(Refused) as refused:
        transfer_create(actor=clerk, kind="disbursement", source=ledger["debao"], target=account,
                        amount="100", on=day(2019, 1, 2))  # fmt: skip
    assert refused.value.message_dict == {"on": [outside]}
    with pytest.raises(Refused) as refused:
        transfer_create(actor=clerk, kind="expenditure", source=account,
                        target=ledger["spent"], amount="100", on=day(2019, 1, 2))  # fmt: skip
    assert refused.value.message_dict == {"on": [outside]}
    account.refresh_from_db()
    assert account.balance == Decimal("600.00")  # nothing written
    # what is left goes back
    transfer_create(actor=clerk, kind="refund", source=account, target=ledger["debao"],
                    amount="100", on=day(2019, 1, 2))  # fmt: skip
    # the project runs on into 2019: its new end lets the spending through
    project_update(project=project, planned_end_on=day(2019, 6, 30))
    account.refresh_from_db()
    assert account.ends_on == day(2019, 6, 30)
    transfer_create(actor=clerk, kind="expenditure", source=account, target=ledger["spent"],
                    amount="100", on=day(2019, 1, 2))  # fmt: skip
    # completing it early ends the span on the day it was completed
    project_step(project=project, status="in_progress", on=day(2019, 1, 3), by=clerk)
    project_step(project=project, status="completed", on=day(2019, 2, 1), by=clerk)
    account.refresh_from_db()
    assert account.ends_on == day(2019, 2, 1)
