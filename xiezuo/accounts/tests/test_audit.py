"""The audit trail: who changed what, when, before and after — shown to those allowed."""

import pytest
from auditlog.models import LogEntry

from xiezuo.accounts.audit import audit_trail
from xiezuo.accounts.services import token_create
from xiezuo.pairings.models import Pairing
from xiezuo.pairings.tests.factories import nanshan_debao

pytestmark = pytest.mark.django_db


def test_an_api_write_with_a_token_is_attributed_to_the_tokens_user(client, make_user):
    coordinator = make_user("coordinator", scope=["45"], username="zhang")
    _, raw = token_create(user=coordinator)
    response = client.post(
        "/api/v1/pairings",
        {
            "kind": "township",
            "helper_place": "440305001",
            "helped_place": "451024105",
            "started_on": "2018-01-01",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    pairing = Pairing.objects.get(pk=response.json()["id"])
    entry = audit_trail(pairing).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == coordinator
    assert entry.changes_dict["kind"] == ["None", "township"]


def test_an_edit_on_a_page_keeps_the_value_before_and_after(client_for):
    client = client_for("coordinator", scope=["45"])
    pairing = nanshan_debao()
    client.post(f"/pairings/{pairing.pk}/end/", {"ended_on": "2021-01-01", "reason": "调整"})
    entry = audit_trail(pairing).first()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == client.user
    assert entry.changes_dict["ended_on"] == ["None", "2021-01-01"]
    assert entry.changes_dict["end_reason"] == ["", "调整"]


def test_a_deleted_organisation_leaves_its_record(client_for):
    from xiezuo.places.models import Organisation
    from xiezuo.places.tests.factories import organisation

    pk = organisation("将删除的单位", "451024", "other", "helped").pk
    client = client_for("coordinator", scope=["4510"])
    client.post(f"/organisations/{pk}/delete/")
    assert not Organisation.objects.filter(pk=pk).exists()
    deleted = LogEntry.objects.get(
        object_pk=str(pk), action=LogEntry.Action.DELETE, content_type__model="organisation"
    )
    assert deleted.actor == client.user
    assert deleted.object_repr == "将删除的单位"


def test_the_history_shows_on_the_page_to_an_approver_in_scope_only(client_for):
    pairing = nanshan_debao()
    editor = client_for("coordinator", scope=["45"])
    editor.post(f"/pairings/{pairing.pk}/end/", {"ended_on": "2021-01-01", "reason": "调整"})
    url = f"/pairings/{pairing.pk}/"
    in_scope = client_for("approver", scope=["4510"]).get(url).content.decode()
    history = in_scope[in_scope.index('id="audit"') :]
    assert "<h2>变更历史</h2>" in history
    assert "<td>结束日期</td><td>—</td><td>2021-01-01</td>" in history
    out_of_scope = client_for("approver", scope=["4512"]).get(url).content.decode()
    assert 'id="audit"' not in out_of_scope
    viewer = client_for("viewer", scope=["4510"]).get(url).content.decode()
    assert 'id="audit"' not in viewer


def test_passwords_are_never_in_the_trail(make_user):
    user = make_user("viewer")
    created = audit_trail(user).get(action=LogEntry.Action.CREATE)
    assert "username" in created.changes_dict and "password" not in created.changes_dict
    recorded = audit_trail(user).count()
    user.set_password("another-secret-1")
    user.save()
    assert audit_trail(user).count() == recorded  # a new password alone records nothing


def test_a_places_page_shows_the_history_of_its_designations(client_for):
    from xiezuo.places.services import designations_import_text

    designations_import_text(
        text="code,kind,year_designated,year_exited\n451024,poor_county,2012,2020\n"
    )
    page = client_for("approver", scope=["4510"]).get("/places/451024/").content.decode()
    history = page[page.index('id="audit"') :]
    assert ">德保县 贫困县</td>" in history  # the record changed
    assert "<td>退出年份</td><td>2019</td><td>2020</td>" in history  # its field, before, after


def test_a_records_page_shows_its_latest_50_changes_and_says_how_many_there_are(client_for):
    pairing = nanshan_debao()
    for n in range(1, 52):
        pairing.note = f"第{n}次"
        pairing.save()
    page = client_for("approver", scope=["45"]).get(f"/pairings/{pairing.pk}/")
    shown = page.context["audit"]
    assert len(shown) == 50
    assert shown.items[0].entry.changes_dict["note"] == ["第50次", "第51次"]
    total = audit_trail(pairing).count()
    assert shown.total == total > 51
    assert f"仅显示前 50 条，共 {total} 条。" in page.content.decode()
