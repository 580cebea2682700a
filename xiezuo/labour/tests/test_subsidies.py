"""Subsidies (补贴): who is eligible follows the records; a list drawn up by a clerk is paid,
when a coordinator approves it, by ledger transfers that sum to its total — all or none;
a cancelled payment is a reversal; nobody is paid twice."""

from __future__ import annotations

import io
import itertools
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from xiezuo.labour import services, subsidies
from xiezuo.labour.models import BatchStatus, SubsidyBatch, SubsidyPayment, SubsidyRule
from xiezuo.ledger.models import Account, AccountKind, Transfer, TransferKind
from xiezuo.ledger.services import account_create, donors_account, transfer_create
from xiezuo.personal.identity import mask_identity, synthetic_identity
from xiezuo.personal.models import PersonalDataView
from xiezuo.places.models import Place
from xiezuo.uids import generate_uid

pytestmark = pytest.mark.django_db

DEBAO_VILLAGE = "451024105"
DONGGUAN = "4419"
NANNING = "4501"
SHANGHAI = "31"
_numbers = itertools.count(33000)
_accounts = itertools.count(1)


@pytest.fixture
def admin(make_user):
    return make_user("administrator")


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["451024"])


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", scope=["4510"])


def funded_account(actor, amount, place="451024"):
    """A social-funds account of the place holding `amount`."""
    account = account_create(
        code=f"subsidy-test-{next(_accounts)}", kind=AccountKind.SOCIAL,
        name_zh="德保县就业补助资金", place=Place.objects.get(code=place),
        opened_on=date(2020, 1, 1),
    )  # fmt: skip
    if amount:
        transfer_create(
            actor=actor, kind=TransferKind.RECEIPT, source=donors_account(), target=account,
            amount=amount, on=date(2025, 1, 2),
        )  # fmt: skip
    account.refresh_from_db()
    return account


def rule_for(actor, account, **extra):
    fields = {
        "name": "一次性交通补贴", "kind": "travel", "amount": "500.00", "account": account,
        "valid_from": date(2025, 1, 1), "started_from": date(2025, 1, 1),
    }  # fmt: skip
    fields.update(extra)
    return subsidies.subsidy_rule_create(actor=actor, **fields)


def worker_placed(
    actor, *, name="韦秀英", status="poor", where=DONGGUAN, started=date(2025, 3, 3),
    follow_up=True, employed=True,
):  # fmt: skip
    number = synthetic_identity(next(_numbers), date(1965, 4, 5), "female", "451024")
    worker = services.worker_register(
        actor=actor, identity=number, name=name, home=Place.objects.get(code=DEBAO_VILLAGE),
        poverty_status=status,
    )  # fmt: skip
    placement = services.placement_record(
        actor=actor, worker=worker, started_on=started, channel="organised",
        job=services.Job(place_of_work=Place.objects.get(code=where), employer_name="东莞某厂"),
    )  # fmt: skip
    if follow_up is not None:
        services.follow_up_record(
            actor=actor, placement=placement, months=3,
            checked_on=services.follow_up_due(placement, 3), employed=employed,
        )  # fmt: skip
    return worker


def eligible_names(rule, on=date(2026, 1, 5)):
    return sorted(e.worker.name for e in subsidies.subsidy_eligible(rule=rule, on=on))


def test_eligibility_follows_the_records(admin):
    rule = rule_for(admin, funded_account(admin, 10000))
    worker_placed(admin, name="在岗")
    worker_placed(admin, name="无回访", follow_up=None)
    worker_placed(admin, name="离岗", employed=False)
    worker_placed(admin, name="区内", where=NANNING)
    worker_placed(admin, name="非贫困", status="not_poor")
    worker_placed(admin, name="已脱贫", status="exited")
    worker_placed(admin, name="太早", started=date(2024, 6, 3))
    assert eligible_names(rule) == ["在岗", "已脱贫"]
    found = {
        e.worker.name: e.reason for e in subsidies.subsidy_eligible(rule=rule, on=date(2026, 1, 5))
    }
    assert found["在岗"] == "建档立卡贫困户；在广东省就业满 3 个月（3 个月回访：在岗）"
    # not before the follow-up was made: on the day before it, nobody
    assert eligible_names(rule, on=date(2025, 6, 2)) == []


def test_the_destination_the_months_and_the_spells_own_length(admin):
    Place.objects.create(code=SHANGHAI, name="上海市", level=1, uid=generate_uid())
    account = funded_account(admin, 10000)
    anywhere_outside = rule_for(admin, account, destination="outside")
    six = rule_for(admin, account, months_employed=6)
    by_spell = rule_for(admin, account, months_employed=6, spell_counts=True, destination="outside")
    worker_placed(admin, name="上海", where=SHANGHAI)
    worker_placed(admin, name="东莞", started=date(2025, 3, 3), follow_up=None)
    assert eligible_names(anywhere_outside) == ["上海"]
    assert eligible_names(six) == []  # a 3-month follow-up does not prove 6 months
    # the spell itself, still open after 6 months, proves it when the rule says so
    found = subsidies.subsidy_eligible(rule=by_spell, on=date(2026, 1, 5))
    assert [e.worker.name for e in found] == ["上海", "东莞"]
    assert found[1].reason.endswith("（2025-03-03 起在岗至今）")
    assert eligible_names(by_spell, on=date(2025, 9, 2)) == []  # not 6 months yet


def test_a_list_approved_pays_each_by_a_transfer_and_the_balances_move(admin, clerk, coordinator):
    account = funded_account(admin, "1200.00")
    rule = rule_for(coordinator, account)
    paid = [worker_placed(admin, name="甲"), worker_placed(admin, name="乙")]
    batch = subsidies.subsidy_batch_draw(actor=clerk, rule=rule, on=date(2026, 1, 5))
    assert subsidies.batch_total(batch) == Decimal("1000.00")
    assert eligible_names(rule) == []  # on a list: not eligible again
    subsidies.subsidy_batch_approve(actor=coordinator, batch=batch, on=date(2026, 1, 6))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED and batch.decided_by == coordinator
    transfers = Transfer.objects.filter(subsidy_payment__batch=batch)
    assert sum(t.amount for t in transfers) == subsidies.batch_total(batch) == Decimal("1000")
    assert {t.kind for t in transfers} == {TransferKind.EXPENDITURE}
    account.refresh_from_db()
    assert account.balance == Decimal("200.00")
    payees = Account.objects.get(code="subsidies-451024")
    assert payees.kind == AccountKind.EXPENDITURE and payees.balance >= Decimal("1000")
    # the ledger's notes name the worker by name and number, never the identity number
    notes = sorted(t.note for t in transfers)
    assert notes == sorted(f"一次性交通补贴：{w.name}（劳动力编号 {w.uid}）" for w in paid)
    assert not any(w.identity in t.note for w in paid for t in transfers)
    # once paid, not again: neither eligible nor on another list
    assert eligible_names(rule) == []
    with pytest.raises(ValidationError):
        subsidies.subsidy_batch_draw(actor=clerk, rule=rule, on=date(2026, 1, 7))


def test_without_the_money_nothing_is_paid_and_the_message_says_what_is_missing(
    admin, clerk, coordinator
):
    account = funded_account(admin, "700.00")
    rule = rule_for(coordinator, account)
    worker_placed(admin, name="甲")
    worker_placed(admin, name="乙")
    batch = subsidies.subsidy_batch_draw(actor=clerk, rule=rule, on=date(2026, 1, 5))
    transfers_before = Transfer.objects.count()
    with pytest.raises(ValidationError) as refused:
        subsidies.subsidy_batch_approve(actor=coordinator, batch=batch, on=date(2026, 1, 6))
    assert refused.value.message_dict == {
        "account": [
            "德保县就业补助资金余额 700.00 元，名单合计 1,000.00 元，还差 300.00 元。"
            "未发放任何一笔。"
        ]
    }
    assert Transfer.objects.count() == transfers_before
    batch.refresh_from_db()
    account.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT and account.balance == Decimal("700.00")
    assert not SubsidyPayment.objects.filter(batch=batch, transfer__isnull=False).exists()


def test_who_drew_a_list_up_does_not_approve_it(admin, coordinator):
    rule = rule_for(coordinator, funded_account(admin, 1000))
    worker_placed(admin)
    batch = subsidies.subsidy_batch_draw(actor=coordinator, rule=rule, on=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        subsidies.subsidy_batch_approve(actor=coordinator, batch=batch)


def test_a_returned_list_frees_its_workers(admin, clerk, coordinator):
    rule = rule_for(coordinator, funded_account(admin, 1000))
    worker_placed(admin, name="甲")
    batch = subsidies.subsidy_batch_draw(actor=clerk, rule=rule, on=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        subsidies.subsidy_batch_return(actor=coordinator, batch=batch, reason=" ")
    subsidies.subsidy_batch_return(actor=coordinator, batch=batch, reason="名单缺少回访记录照片")
    assert eligible_names(rule) == ["甲"]
    with pytest.raises(ValidationError):  # a returned list is not approved afterwards
        subsidies.subsidy_batch_approve(actor=coordinator, batch=batch)


def test_a_cancelled_payment_is_a_reversal(admin, clerk, coordinator):
    account = funded_account(admin, 1000)
    rule = rule_for(coordinator, account)
    worker_placed(admin, name="甲")
    batch = subsidies.subsidy_batch_draw(actor=clerk, rule=rule, on=date(2026, 1, 5))
    subsidies.subsidy_batch_approve(actor=coordinator, batch=batch, on=date(2026, 1, 6))
    payment = batch.payments.get()
    original = payment.transfer
    subsidies.subsidy_payment_cancel(actor=coordinator, payment=payment, reason="重复发放")
    payment.refresh_from_db()
    assert payment.reversal.reverses == original and payment.reversal.kind == "reversal"
    assert Transfer.objects.get(pk=original.pk).amount == Decimal("500.00")  # unchanged
    account.refresh_from_db()
    assert account.balance == Decimal("1000.00")
    assert subsidies.batch_total(batch) == Decimal("0")
    with pytest.raises(ValidationError):
        subsidies.subsidy_payment_cancel(actor=coordinator, payment=payment, reason="再次")


def test_once_per_placement_pays_a_worker_again_for_another_job(admin, clerk, coordinator):
    rule = rule_for(coordinator, funded_account(admin, 5000), once="placement", kind="retention")
    worker = worker_placed(admin, name="甲", started=date(2025, 1, 6))
    subsidies.subsidy_batch_draw(actor=clerk, rule=rule, on=date(2026, 1, 5))
    services.spell_end(spell=worker.spells.get(), on=date(2025, 6, 30))
    placement = services.placement_record(
        actor=admin, worker=worker, started_on=date(2025, 7, 1), channel="organised",
        job=services.Job(place_of_work=Place.objects.get(code=DONGGUAN), employer_name="另一厂"),
    )  # fmt: skip
    services.follow_up_record(
        actor=admin, placement=placement, months=3, checked_on=date(2025, 10, 2), employed=True
    )
    assert [e.placement for e in subsidies.subsidy_eligible(rule=rule, on=date(2026, 1, 5))] == [
        placement
    ]


def test_a_rule_in_use_is_ended_not_deleted_nor_changed(admin, clerk, coordinator):
    rule = rule_for(coordinator, funded_account(admin, 1000))
    unused = rule_for(coordinator, rule.account, name="未用")
    subsidies.subsidy_rule_delete(rule=unused)
    assert not SubsidyRule.objects.filter(pk=unused.pk).exists()
    worker_placed(admin)
    subsidies.subsidy_batch_draw(actor=clerk, rule=rule, on=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        subsidies.subsidy_rule_delete(rule=rule)
    with pytest.raises(ValidationError):
        subsidies.subsidy_rule_update(rule=rule, amount="800")
    subsidies.subsidy_rule_update(rule=rule, valid_to=date(2026, 6, 30))
    assert eligible_names(rule, on=date(2026, 7, 1)) == []


def test_a_rule_is_paid_from_a_place_that_holds_money(admin):
    outside = account_create(
        code="subsidy-test-fiscal", kind=AccountKind.HELPER_FISCAL, name_zh="某市财政",
        opened_on=date(2020, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        rule_for(admin, outside)
    assert "account" in refused.value.message_dict


# --- the pages


def test_the_pages_draw_up_approve_and_export_a_list(admin, client_for, clerk, coordinator):
    account = funded_account(admin, 1000)
    worker = worker_placed(admin, name='=HYPERLINK("x")')
    as_coordinator = client_for(coordinator)
    response = as_coordinator.post(
        "/labour/subsidies/new/",
        {"name": "一次性交通补贴", "kind": "travel", "amount": "500", "account": account.pk,
         "poverty_statuses": ["poor", "exited"], "destination": "helper",
         "months_employed": "3", "once": "worker", "valid_from": "2025-01-01",
         "started_from": "2025-01-01"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = SubsidyRule.objects.get(account=account)
    listed = as_coordinator.get("/labour/subsidies/").content.decode()
    assert f"/labour/subsidies/{rule.uid}/" in listed
    form = as_coordinator.get(f"/labour/subsidies/{rule.uid}/edit/").content.decode()
    assert f'<option value="{account.pk}" selected>' in form
    assert 'value="poor" id="id_poverty_statuses_0" checked>' in form
    as_clerk = client_for(clerk)
    as_viewer = client_for("viewer")
    page = as_clerk.get(f"/labour/subsidies/{rule.uid}/?on=2026-01-05").content.decode()
    assert "3 个月回访：在岗" in page and worker.uid in page
    response = as_clerk.post(f"/labour/subsidies/{rule.uid}/lists/new/", {"on": "2026-01-05"})
    assert response.status_code == 302
    batch = SubsidyBatch.objects.get(rule=rule)
    # a clerk may not approve
    assert as_clerk.post(f"/labour/subsidy-lists/{batch.uid}/approve/").status_code == 403
    response = as_coordinator.post(f"/labour/subsidy-lists/{batch.uid}/approve/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPROVED
    page = as_coordinator.get(f"/labour/subsidy-lists/{batch.uid}/").content.decode()
    assert "500.00" in page and batch.payments.get().transfer.uid in page
    sheet = as_viewer.get(f"/labour/subsidy-lists/{batch.uid}/list.xlsx")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)
    )
    row = rows[1]
    assert worker.name in row  # a formula-looking name stays text
    cell = openpyxl.load_workbook(io.BytesIO(sheet.content)).active.cell(row=2, column=2)
    assert cell.data_type == "s"
    assert worker.identity not in row  # masked unless the policy allows
    assert mask_identity(worker.identity) in row
    # in full to a clerk of the worker's county, and that export is recorded
    sheet = as_clerk.get(f"/labour/subsidy-lists/{batch.uid}/list.xlsx")
    row = list(
        openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)
    )[1]
    assert worker.identity in row
    assert PersonalDataView.objects.filter(user=clerk, action="export").exists()


def test_an_approval_without_the_money_shows_what_is_missing(admin, client_for, clerk, coordinator):
    rule = rule_for(coordinator, funded_account(admin, 100))
    worker_placed(admin)
    batch = subsidies.subsidy_batch_draw(actor=clerk, rule=rule, on=date(2026, 1, 5))
    response = client_for(coordinator).post(
        f"/labour/subsidy-lists/{batch.uid}/approve/", follow=True
    )
    assert "还差 400.00 元" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT


def test_a_list_of_those_chosen_and_never_a_worker_twice(admin, clerk, coordinator):
    rule = rule_for(coordinator, funded_account(admin, 5000))
    first = worker_placed(admin, name="甲")
    worker_placed(admin, name="乙")
    chosen = first.placements.get().uid
    with pytest.raises(ValidationError) as refused:
        subsidies.subsidy_batch_draw(actor=clerk, rule=rule, placements=[chosen, "XXXXXXXXXXX"])
    assert refused.value.message_dict == {
        "placements": ["不符合条件（或已列入名单）：XXXXXXXXXXX。"]
    }
    batch = subsidies.subsidy_batch_draw(actor=clerk, rule=rule, placements=[chosen])
    assert [p.worker for p in batch.payments.all()] == [first]
    assert eligible_names(rule, on=timezone.localdate()) == ["乙"]
    # the database itself keeps a worker on one standing list of a rule
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyPayment.objects.create(
            batch=batch, rule=rule, worker=first, placement=first.placements.get(),
            amount=Decimal("500"), reason="…", once_key=f"w{first.pk}",
        )  # fmt: skip


def test_a_payment_refused_midway_undoes_those_before_it(admin, clerk, coordinator, monkeypatch):
    account = funded_account(admin, 5000)
    rule = rule_for(coordinator, account)
    worker_placed(admin, name="甲")
    worker_placed(admin, name="乙")
    batch = subsidies.subsidy_batch_draw(actor=clerk, rule=rule, on=date(2026, 1, 5))
    real, calls = subsidies.transfer_create, []

    def second_refused(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError({"on": "拒绝"})
        return real(**kwargs)

    monkeypatch.setattr(subsidies, "transfer_create", second_refused)
    before = Transfer.objects.count()
    with pytest.raises(ValidationError):
        subsidies.subsidy_batch_approve(actor=coordinator, batch=batch, on=date(2026, 1, 6))
    assert len(calls) == 2 and Transfer.objects.count() == before
    account.refresh_from_db()
    batch.refresh_from_db()
    assert account.balance == Decimal("5000.00") and batch.status == BatchStatus.DRAFT
