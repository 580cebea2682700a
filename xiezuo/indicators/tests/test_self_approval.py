"""Four eyes on a report: an approver who entered values in it, or marked it complete,
does not approve it alone — unless the deployment allows it
(XIEZUO_ALLOW_SELF_APPROVAL, one approver per county), and then the approval is
flagged "self-approved" on the report and on the approval page."""

import pytest

from xiezuo.indicators.models import Approval

pytestmark = pytest.mark.django_db

GRID = "/data/entry/LABOUR/451024/201906/"
REFUSED = "您在本报表中填报了数据或将其标记为完成；须由另一位审核人审核。"
FLAG = "自审"


@pytest.fixture
def approver(client_for):
    """Baise's approver: he may enter Debao's figures (in his scope) and approve them."""
    return client_for("approver", scope=["4510"])


def _enter_and_complete(client):
    saved = client.post(GRID + "cell/", {"element": "job_fairs", "key": "", "value": "3"})
    assert saved.status_code == 200
    assert client.post(GRID + "complete/").status_code == 302


def test_the_approver_who_entered_the_report_may_not_approve_it(approver, errors_above):
    _enter_and_complete(approver)
    response = approver.post(GRID + "approve/")
    assert response.status_code == 403
    assert errors_above(response) == [REFUSED]
    assert not Approval.objects.filter(period="201906").exists()


def test_marking_complete_alone_is_taking_part(debao_clerk, approver, errors_above):
    debao_clerk.post(GRID + "cell/", {"element": "job_fairs", "key": "", "value": "3"})
    assert approver.post(GRID + "complete/").status_code == 302
    response = approver.post(GRID + "approve/")
    assert response.status_code == 403
    assert errors_above(response) == [REFUSED]


def test_another_approver_approves_it_unflagged(approver, client_for):
    _enter_and_complete(approver)
    other = client_for("approver", scope=["4510"])
    assert other.post(GRID + "approve/").status_code == 302
    approval = Approval.objects.get(period="201906")
    assert approval.decided_by == other.user and not approval.self_approved
    assert FLAG not in other.get(GRID).content.decode()


def test_a_deployment_may_allow_it_and_the_approval_is_flagged(approver, settings, client_for):
    settings.XIEZUO_ALLOW_SELF_APPROVAL = True
    _enter_and_complete(approver)
    assert approver.post(GRID + "approve/").status_code == 302
    approval = Approval.objects.get(period="201906")
    assert approval.state == Approval.State.APPROVED and approval.self_approved
    report = approver.get(GRID).content.decode()
    assert 'class="tag returned self-approved"' in report and FLAG in report
    queue = approver.get("/data/approvals/").content.decode()
    row = queue[queue.index('data-code="451024" data-period="201906"') :]
    assert FLAG in row[: row.index("</tr>")]
    # and the audit trail keeps the flag with the decision
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(approval).latest("timestamp")
    assert "self_approved" in entry.changes_dict
