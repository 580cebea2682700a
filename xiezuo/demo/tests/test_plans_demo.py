"""The demo work plan: the seed's documents, the 2018 memorandum's 38 items and their progress."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.demo.loader import load_demo
from xiezuo.demo.plans import DOCUMENTS, MEMORANDUM_CATEGORIES
from xiezuo.places.models import Organisation
from xiezuo.plans import selectors
from xiezuo.plans.models import (
    Category,
    Document,
    Milestone,
    ProgressUpdate,
    Target,
    WorkItem,
)
from xiezuo.plans.report import completion_report
from xiezuo.plans.status import Status

pytestmark = pytest.mark.django_db

SEED_DAY = date(2018, 6, 14)  # the seed article's date
YEAR_END = date(2018, 12, 31)
PLAN_MODELS = (Organisation, Document, Category, WorkItem, Milestone, Target, ProgressUpdate)


def memorandum() -> Document:
    return Document.objects.get(kind="memorandum", title="2018年粤桂扶贫协作重点工作备忘录")


def statuses(on: date | None) -> Counter[str]:
    items = list(selectors.item_list(document=memorandum()))
    return Counter(a.status.value for a in selectors.item_assessments(items, on=on).values())


def completion(on: date | None) -> Counter[str]:
    """The year-end report's tally as on a day (default today)."""
    report = completion_report(memorandum(), on=on or timezone.localdate())
    return Counter(entry.outcome.replace("_", " ") for entry in report.items)


def test_the_seeds_four_documents_are_there():
    kinds = dict(
        Document.objects.filter(title__in=[d.title for d in DOCUMENTS]).values_list("title", "kind")
    )
    assert kinds == {
        "粤桂扶贫协作规划（2016—2020年）": "plan",
        "“十三五”粤桂扶贫协作框架协议": "framework_agreement",
        "2018年粤桂扶贫协作重点工作备忘录": "memorandum",
        "粤桂扶贫协作三年行动方案（2018—2020年）": "action_plan",
    }
    framework = Document.objects.get(kind="framework_agreement", title__contains="十三五")
    assert framework.categories.count() == 10
    assert framework.starts_on == date(2016, 1, 1) and framework.ends_on == date(2020, 12, 31)


def test_the_memorandum_has_the_seeds_10_categories_and_38_items():
    document = memorandum()
    assert [c.name for c in document.categories.all()] == list(MEMORANDUM_CATEGORIES)
    assert document.items.count() == 38
    assert all(c.items.exists() for c in document.categories.all())
    assert document.signed_on and document.signed_on.strftime("%Y-%m") == "2018-05"
    assert (document.starts_on, document.ends_on) == (date(2018, 1, 1), YEAR_END)


def test_the_action_plan_has_a_handful_of_items_over_three_years():
    action = Document.objects.get(kind="action_plan", title__contains="三年行动方案")
    assert action.items.count() == 6
    assert action.ends_on == date(2020, 12, 31)


def test_invented_items_are_marked_and_sourced_ones_are_not():
    items = memorandum().items.all()
    assert (items.filter(illustrative=True).count(), items.count()) == (31, 38)
    sourced = set(items.filter(illustrative=False).values_list("title", flat=True))
    assert "召开粤桂扶贫协作第三次联席会议" in sourced
    assert "贫困县15家县级综合医院与广东医院结对" in sourced


def test_the_board_on_the_seeds_date_shows_every_status():
    # most items under way, a few late; the README quotes these
    assert statuses(SEED_DAY) == {
        "done": 8,
        "on_track": 15,
        "at_risk": 4,
        "overdue": 3,
        "not_started": 8,
    }


def test_at_the_year_end_items_are_done_on_time_done_late_and_not_done():
    # the README quotes these; two items were finished in 2019
    assert completion(YEAR_END) == {"on time": 25, "late": 6, "not done": 7}
    today = completion(None)
    assert today == {"on time": 25, "late": 8, "not done": 5}
    assert statuses(None)["overdue"] == today["not done"]


def test_a_target_reads_the_demo_figures():
    item = memorandum().items.get(title="培训贫困劳动力1万人次")
    target = item.targets.get()
    assert target.expression == "people_trained[poverty=poor]"
    # 2,623 poor people trained in Guangxi by 14 June 2018, of the 10,000 aimed at
    assert selectors.target_actuals([target], SEED_DAY)[target.pk] == 2623
    assert target.value == 10000
    assessment = selectors.item_assessment(item, on=SEED_DAY)
    assert assessment.status == Status.AT_RISK


def test_the_demo_clerk_and_approver_answer_for_items_and_post_their_progress():
    clerk = User.objects.get(username="clerk")
    approver = User.objects.get(username="approver")
    debao = memorandum().items.filter(lead__name="德保县扶贫开发办公室", places__code="451024")
    assert debao.count() == 5
    assert all(policy.can(clerk, "plan.update", item) for item in debao)
    baise = memorandum().items.filter(lead__name="百色市扶贫开发办公室")
    assert baise.exists() and all(policy.can(approver, "plan.update", i) for i in baise)
    authors = set(
        ProgressUpdate.objects.filter(item__document=memorandum()).values_list(
            "author__username", flat=True
        )
    )
    assert {"clerk", "approver", "coordinator"} <= authors
    dates = ProgressUpdate.objects.filter(item__document=memorandum()).values_list(
        "reported_on", flat=True
    )
    assert any(d < SEED_DAY for d in dates) and any(d > SEED_DAY for d in dates)


def test_the_lead_departments_are_demo_organisations_marked_illustrative():
    for name in ("广东省人力资源和社会保障厅", "广西壮族自治区教育厅", "广东省地方金融监督管理局"):
        organisation = Organisation.objects.get(name=name)
        assert organisation.illustrative and organisation.led_work_items.exists()


def test_a_second_load_creates_nothing_and_writes_no_audit_entries():
    counts = [m.objects.count() for m in PLAN_MODELS]
    entries = LogEntry.objects.count()
    result = load_demo(load_places=False, progress=False)
    assert not result.changed
    assert result.plan_documents_created == result.plan_items_created == 0
    assert [m.objects.count() for m in PLAN_MODELS] == counts
    assert LogEntry.objects.count() == entries


def test_a_lost_item_is_loaded_again_with_its_milestones():
    item = memorandum().items.get(number=12)
    milestones, targets = item.milestones.count(), item.targets.count()
    item.delete()
    result = load_demo(load_places=False, progress=False)
    assert result.plan_items_created == 1
    again = memorandum().items.get(number=12)
    assert (again.milestones.count(), again.targets.count()) == (milestones, targets)


def test_the_framework_agreement_has_an_item_per_area_followed_to_2020():
    document = Document.objects.get(title="“十三五”粤桂扶贫协作框架协议")
    assert document.categories.count() == 10
    assert sorted(document.items.values_list("category__number", flat=True)) == list(range(1, 11))
    assert all(document.items.values_list("illustrative", flat=True))
    counts = Counter(
        a.status.value
        for a in selectors.item_assessments(list(selectors.item_list(document=document))).values()
    )
    assert counts == {"done": 9, "overdue": 1}
