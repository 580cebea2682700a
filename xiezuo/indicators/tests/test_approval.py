"""A report's life: complete, approve (which locks), return with a comment
(which reopens it), unapprove (which is audited) — and who sees what to approve."""

import pytest
from django.core.exceptions import ValidationError

from xiezuo.demo.data_sets import assign_demo_data_sets
from xiezuo.indicators import services
from xiezuo.indicators.models import Approval, Completion
from xiezuo.indicators.selectors import approval_queue, report_get, report_history
from xiezuo.indicators.services import value_set
from xiezuo.periods import parse
from xiezuo.places.models import Place

from .factories import completed, data_set, labour_report, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def debao():
    """Debao's labour report for June 2019."""
    return labour_report("451024", "201906")


def state(report):
    return report_get(report["data_set"], report["place"], report["period"]).state


def test_a_completed_report_awaits_approval(debao, clerk):
    services.report_complete(actor=clerk, **debao)
    assert state(debao) == "complete"
    assert Completion.objects.get(period="201906").completed_by == clerk


def test_completing_twice_keeps_one_completion(debao, clerk):
    services.report_complete(actor=clerk, **debao)
    services.report_complete(actor=clerk, **debao)
    assert Completion.objects.filter(period="201906").count() == 1


def test_approval_locks_the_values(debao, clerk, approver):
    value_set(actor=clerk, element="job_fairs", place="451024", period="201906", value="2")
    services.report_complete(actor=clerk, **debao)
    services.report_approve(actor=approver, **debao)
    assert state(debao) == "approved"
    with pytest.raises(ValidationError, match="2019年6月的报表已审核并锁定"):
        value_set(actor=clerk, element="job_fairs", place="451024", period="201906", value="3")


def test_a_report_not_completed_cannot_be_approved(debao, approver):
    with pytest.raises(ValidationError, match="德保县尚未将2019年6月的报表标记为完成，不能审核。"):
        services.report_approve(actor=approver, **debao)
    assert not Approval.objects.filter(period="201906").exists()


def test_a_return_needs_a_comment(debao, clerk, approver):
    services.report_complete(actor=clerk, **debao)
    with pytest.raises(ValidationError) as refused:
        services.report_return(actor=approver, comment="  ", **debao)
    assert refused.value.message_dict == {"comment": ["请说明退回的理由。"]}
    assert state(debao) == "complete"


def test_a_returned_report_is_open_again_and_can_be_completed_again(debao, clerk, approver):
    services.report_complete(actor=clerk, **debao)
    services.report_return(actor=approver, comment="培训人次偏低，请核对", **debao)
    report = report_get(debao["data_set"], debao["place"], debao["period"])
    assert report.state == "returned" and report.approval.comment == "培训人次偏低，请核对"
    value_set(actor=clerk, element="job_fairs", place="451024", period="201906", value="2")
    services.report_complete(actor=clerk, **debao)
    assert state(debao) == "complete"


def test_an_approved_report_cannot_be_uncompleted_or_returned(debao, clerk, approver):
    services.report_complete(actor=clerk, **debao)
    services.report_approve(actor=approver, **debao)
    locked = f"2019年6月的报表已审核（{approver.display_name}，德保县）并锁定。"
    with pytest.raises(ValidationError, match=locked):
        services.report_uncomplete(actor=clerk, **debao)
    with pytest.raises(ValidationError, match="报表已审核通过：请先撤销审核再退回。"):
        services.report_return(actor=approver, comment="晚了", **debao)
    assert state(debao) == "approved"


def test_unapproval_unlocks_and_the_report_awaits_approval_again(debao, clerk, approver):
    services.report_complete(actor=clerk, **debao)
    services.report_approve(actor=approver, **debao)
    services.report_unapprove(actor=approver, **debao)
    assert state(debao) == "complete"
    value_set(actor=clerk, element="job_fairs", place="451024", period="201906", value="3")
    assert stored("201906").value == 3


def test_unapproving_a_report_not_approved_is_refused(debao, approver):
    with pytest.raises(ValidationError, match="2019年6月的报表尚未审核。"):
        services.report_unapprove(actor=approver, **debao)


def test_every_decision_and_the_unapproval_are_in_the_reports_history(debao, clerk, approver):
    services.report_complete(actor=clerk, **debao)
    services.report_return(actor=approver, comment="请补充", **debao)
    services.report_complete(actor=clerk, **debao)
    services.report_approve(actor=approver, **debao)
    services.report_unapprove(actor=approver, **debao)
    history = report_history(debao["data_set"], debao["place"], debao["period"])
    assert [(e.what, e.who) for e in history] == [
        ("撤销审核", str(approver)),
        ("审核通过", str(approver)),
        ("标记完成", str(clerk)),
        ("退回", str(approver)),
        ("撤销完成", str(approver)),
        ("标记完成", str(clerk)),
    ]
    assert history.items[3].comment == "请补充" and history.total == 6


def test_the_approval_queue_holds_the_reports_below_the_scope_only(approver):
    for code in ("451024", "4510", "451228"):  # Debao, Baise itself, Du'an (Hechi)
        completed(labour_report(code))
    queue = approval_queue(approver)
    assert [c.place.code for c in queue.awaiting] == ["451024"]


def test_the_approval_queue_sorts_reports_by_state(approver):
    reports = {code: completed(labour_report(code)) for code in ("451024", "451026", "451027")}
    services.report_approve(actor=approver, **reports["451026"])
    services.report_return(actor=approver, comment="请核对", **reports["451027"])
    queue = approval_queue(approver, data_set=data_set("LABOUR"), period=parse("201906"))
    assert [c.place.code for c in queue.awaiting] == ["451024"]
    assert [a.place.code for a in queue.approved] == ["451026"]
    assert [a.place.code for a in queue.returned] == ["451027"]


def test_a_long_queue_shows_its_newest_reports_and_says_how_many_there_are(approver):
    for code in ("451024", "451026", "451027"):
        completed(labour_report(code))
    queue = approval_queue(approver, limit=2)
    assert (len(queue.awaiting), queue.awaiting.total, queue.awaiting.truncated) == (2, 3, True)


def test_the_demo_assigns_labour_to_guangxis_33_poor_counties_once():
    labour = data_set("LABOUR")
    labour.places.clear()  # the demo loader has assigned them already
    assert assign_demo_data_sets() == 33
    assert labour.places.count() == 33
    assert set(labour.places.values_list("level", flat=True)) == {3}
    assert assign_demo_data_sets() == 0
    assert data_set("SOCIAL").places.filter(code="4510").exists()


def test_the_poor_counties_of_the_demo_are_all_in_guangxi():
    assign_demo_data_sets()
    codes = data_set("LABOUR").places.values_list("code", flat=True)
    assert all(code.startswith("45") for code in codes)
    assert Place.objects.filter(code__in=codes).count() == 33
