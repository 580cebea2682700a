"""Approval from the pages: the clerk completes, the level above approves or
returns with a comment, and can unapprove; each step shows on the report's page."""

import pytest

from xiezuo.indicators.models import Approval, Completion, DataValue

pytestmark = pytest.mark.django_db

GRID = "/data/entry/LABOUR/451024/201906/"


def test_the_clerk_completes_and_the_approver_finds_it_awaiting(debao_clerk, baise_approver):
    assert debao_clerk.post(GRID + "complete/").status_code == 302
    page = debao_clerk.get(GRID).content.decode()
    assert 'id="report-state">已完成</span>' in page
    assert f"已由{debao_clerk.user.username}于" in page  # marked complete by … on …
    queue = baise_approver.get("/data/approvals/").content.decode()
    assert 'data-code="451024" data-period="201906"' in queue


def test_approval_makes_the_cells_read_only_and_refuses_new_values(debao_clerk, baise_approver):
    debao_clerk.post(GRID + "cell/", {"element": "job_fairs", "key": "", "value": "3"})
    debao_clerk.post(GRID + "complete/")
    assert baise_approver.post(GRID + "approve/").status_code == 302
    page = debao_clerk.get(GRID).content.decode()
    assert 'id="report-state">已审核' in page
    assert 'name="value"' not in page and 'id="complete"' not in page
    refused = debao_clerk.post(GRID + "cell/", {"element": "job_fairs", "key": "", "value": "4"})
    assert refused.status_code == 422
    assert DataValue.objects.get(place_code="451024", period="201906").value == 3


def test_a_return_without_a_comment_is_refused_beside_the_comment(
    debao_clerk, baise_approver, errors_beside
):
    debao_clerk.post(GRID + "complete/")
    response = baise_approver.post(GRID + "return/", {"comment": "  "})
    assert response.status_code == 422
    assert errors_beside(response, "id_comment") == ["请说明退回的理由。"]
    assert Completion.objects.filter(period="201906").exists()
    assert not Approval.objects.filter(period="201906").exists()


def test_returning_an_approved_report_is_refused_above_the_report_actions(
    debao_clerk, baise_approver, errors_above
):
    debao_clerk.post(GRID + "complete/")
    baise_approver.post(GRID + "approve/")
    response = baise_approver.post(GRID + "return/", {"comment": "请核对"})
    assert response.status_code == 422
    assert errors_above(response) == ["报表已审核通过：请先撤销审核再退回。"]
    assert Approval.objects.get(period="201906").state == Approval.State.APPROVED


def test_a_returned_report_shows_the_comment_and_can_be_completed_again(
    debao_clerk, baise_approver
):
    debao_clerk.post(GRID + "complete/")
    baise_approver.post(GRID + "return/", {"comment": "招聘会场次请核对"})
    page = debao_clerk.get(GRID).content.decode()
    assert "招聘会场次请核对" in page and 'id="complete"' in page
    assert debao_clerk.post(GRID + "complete/").status_code == 302
    assert Completion.objects.filter(period="201906").exists()


def test_unapproval_unlocks_and_is_in_the_reports_history(debao_clerk, baise_approver):
    debao_clerk.post(GRID + "complete/")
    baise_approver.post(GRID + "approve/")
    assert baise_approver.post(GRID + "unapprove/").status_code == 302
    assert not Approval.objects.filter(period="201906").exists()
    page = baise_approver.get(GRID).content.decode()
    assert 'id="report-history"' in page
    history = page.split('id="report-history"')[1]
    assert history.index("撤销审核") < history.index("审核通过") < history.index("标记完成")
    assert baise_approver.user.username in history and debao_clerk.user.username in history
    assert (
        debao_clerk.post(
            GRID + "cell/", {"element": "job_fairs", "key": "", "value": "4"}
        ).status_code
        == 200
    )


def test_an_approver_cannot_approve_the_report_of_their_own_level(client_for, baise_approver):
    baise_clerk = client_for("clerk", scope=["4510"])
    baise = "/data/entry/LABOUR/4510/201906/"
    baise_clerk.post(baise + "complete/")
    assert baise_approver.post(baise + "approve/").status_code == 403
    assert 'id="approve"' not in baise_approver.get(baise).content.decode()


def test_approving_an_incomplete_report_says_why_not_above_the_report_actions(
    baise_approver, errors_above
):
    response = baise_approver.post(GRID + "approve/")
    assert response.status_code == 422
    [message] = errors_above(response)
    assert "尚未将2019年6月的报表标记为完成" in message
    page = response.content.decode()
    assert page.index(message) < page.index('id="report-actions"')
    assert not Approval.objects.filter(period="201906").exists()


def test_a_bad_period_in_the_approval_filter_is_refused_beside_it(baise_approver, errors_beside):
    response = baise_approver.get("/data/approvals/?period=2019M6")
    assert response.status_code == 422
    assert errors_beside(response, "id_period") == [
        "“2019M6”不是有效的报告期（例如 2018、2018S1、2018Q2、201805）"
    ]


def test_a_clerk_does_not_see_the_approval_list(debao_clerk):
    assert debao_clerk.get("/data/approvals/").status_code == 403
