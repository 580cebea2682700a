"""A report's life: complete, approve (which locks), return with a comment
(which reopens it), unapprove (which is audited) — and who sees what to approve."""

import pytest
from django.core.exceptions import ValidationError

from xiezuo.demo.data_sets import assign_demo_data_sets
from xiezuo.indicators import services
from xiezuo.indicators.models import Approval, Completion, DataSet
from xiezuo.indicators.selectors import approval_queue, report_get, report_history
from xiezuo.indicators.services import value_set
from xiezuo.periods import parse
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def debao(place):
    """Debao's labour report for June 2019."""
    return {
        "data_set": DataSet.objects.get(code="LABOUR"),
        "place": place("451024"),
        "period": parse("201906"),
    }


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user("clerk", scope=["451024"]),
        "approver": make_user("approver", scope=["4510"]),
    }


def state(report):
    return report_get(report["data_set"], report["place"], report["period"]).state


def test_a_completed_report_awaits_approval(debao, people):
    services.report_complete(actor=people["clerk"], **debao)
    assert state(debao) == "complete"
    assert Completion.objects.get(period="201906").completed_by == people["clerk"]


def test_completing_twice_keeps_one_completion(debao, people):
    services.report_complete(actor=people["clerk"], **debao)
    services.report_complete(actor=people["clerk"], **debao)
    assert Completion.objects.filter(period="201906").count() == 1


def test_approval_locks_the_values(debao, people):
    value_set(
        actor=people["clerk"], element="job_fairs", place="451024", period="201906", value="2"
    )
    services.report_complete(actor=people["clerk"], **debao)
    services.report_approve(actor=people["approver"], **debao)
    assert state(debao) == "approved"
    with pytest.raises(ValidationError, match="已审核并锁定"):
        value_set(
            actor=people["clerk"], element="job_fairs", place="451024", period="201906", value="3"
        )


def test_a_report_not_completed_cannot_be_approved(debao, people):
    with pytest.raises(ValidationError, match="德保县"):
        services.report_approve(actor=people["approver"], **debao)
    assert not Approval.objects.filter(period="201906").exists()


def test_a_return_needs_a_comment(debao, people):
    services.report_complete(actor=people["clerk"], **debao)
    with pytest.raises(ValidationError) as refused:
        services.report_return(actor=people["approver"], comment="  ", **debao)
    assert "comment" in refused.value.error_dict
    assert state(debao) == "complete"


def test_a_returned_report_is_open_again_and_can_be_completed_again(debao, people):
    services.report_complete(actor=people["clerk"], **debao)
    services.report_return(actor=people["approver"], comment="培训人次偏低，请核对", **debao)
    report = report_get(debao["data_set"], debao["place"], debao["period"])
    assert report.state == "returned" and report.approval.comment == "培训人次偏低，请核对"
    value_set(
        actor=people["clerk"], element="job_fairs", place="451024", period="201906", value="2"
    )
    services.report_complete(actor=people["clerk"], **debao)
    assert state(debao) == "complete"


def test_an_approved_report_cannot_be_uncompleted_or_returned(debao, people):
    services.report_complete(actor=people["clerk"], **debao)
    services.report_approve(actor=people["approver"], **debao)
    with pytest.raises(ValidationError):
        services.report_uncomplete(actor=people["clerk"], **debao)
    with pytest.raises(ValidationError):
        services.report_return(actor=people["approver"], comment="晚了", **debao)
    assert state(debao) == "approved"


def test_unapproval_unlocks_and_the_report_awaits_approval_again(debao, people):
    services.report_complete(actor=people["clerk"], **debao)
    services.report_approve(actor=people["approver"], **debao)
    services.report_unapprove(actor=people["approver"], **debao)
    assert state(debao) == "complete"
    value_set(
        actor=people["clerk"], element="job_fairs", place="451024", period="201906", value="3"
    )


def test_unapproving_a_report_not_approved_is_refused(debao, people):
    with pytest.raises(ValidationError):
        services.report_unapprove(actor=people["approver"], **debao)


def test_every_decision_and_the_unapproval_are_in_the_reports_history(debao, people):
    services.report_complete(actor=people["clerk"], **debao)
    services.report_return(actor=people["approver"], comment="请补充", **debao)
    services.report_complete(actor=people["clerk"], **debao)
    services.report_approve(actor=people["approver"], **debao)
    services.report_unapprove(actor=people["approver"], **debao)
    history = report_history(debao["data_set"], debao["place"], debao["period"])
    assert [(e.what, e.who) for e in history] == [
        ("撤销审核", str(people["approver"])),
        ("审核通过", str(people["approver"])),
        ("标记完成", str(people["clerk"])),
        ("退回", str(people["approver"])),
        ("撤销完成", str(people["approver"])),
        ("标记完成", str(people["clerk"])),
    ]
    assert history.items[3].comment == "请补充" and history.total == 6


def test_the_approval_queue_holds_the_reports_below_the_scope_only(people, place):
    labour = DataSet.objects.get(code="LABOUR")
    june = parse("201906")
    for code in ("451024", "4510", "451228"):  # Debao, Baise itself, Du'an (Hechi)
        services.report_complete(actor=None, data_set=labour, place=place(code), period=june)
    queue = approval_queue(people["approver"])
    assert [c.place.code for c in queue.awaiting] == ["451024"]


def test_the_approval_queue_sorts_reports_by_state(people, place):
    labour = DataSet.objects.get(code="LABOUR")
    reports = {
        code: {"data_set": labour, "place": place(code), "period": parse("201906")}
        for code in ("451024", "451026", "451027")
    }
    for report in reports.values():
        services.report_complete(actor=None, **report)
    services.report_approve(actor=people["approver"], **reports["451026"])
    services.report_return(actor=people["approver"], comment="请核对", **reports["451027"])
    queue = approval_queue(people["approver"], data_set=labour, period=parse("201906"))
    assert [c.place.code for c in queue.awaiting] == ["451024"]
    assert [a.place.code for a in queue.approved] == ["451026"]
    assert [a.place.code for a in queue.returned] == ["451027"]


def test_a_long_queue_shows_its_newest_reports_and_says_how_many_there_are(people, place):
    labour = DataSet.objects.get(code="LABOUR")
    for code in ("451024", "451026", "451027"):
        services.report_complete(
            actor=None, data_set=labour, place=place(code), period=parse("201906")
        )
    queue = approval_queue(people["approver"], limit=2)
    assert (len(queue.awaiting), queue.awaiting.total, queue.awaiting.truncated) == (2, 3, True)


def test_the_demo_assigns_labour_to_guangxis_33_poor_counties_once():
    added = assign_demo_data_sets()
    labour = DataSet.objects.get(code="LABOUR")
    assert labour.places.count() == 33
    assert set(labour.places.values_list("level", flat=True)) == {3}
    assert added == 0 or added >= 33  # the lead's demo loader may have assigned them already
    assert assign_demo_data_sets() == 0
    assert DataSet.objects.get(code="SOCIAL").places.filter(code="4510").exists()


def test_the_poor_counties_of_the_demo_are_all_in_guangxi():
    assign_demo_data_sets()
    codes = DataSet.objects.get(code="LABOUR").places.values_list("code", flat=True)
    assert all(code.startswith("45") for code in codes)
    assert Place.objects.filter(code__in=codes).count() == 33
