"""Work-plan records for the tests: documents, items, files, and a board that shows every status.

The board's memorandum (`memorandum`):

| no. | category | lead   | places | due   | as on 14 June 2018             | as on 31 Dec 2018 |
|-----|----------|--------|--------|-------|--------------------------------|-------------------|
| 1   | 组织领导 | 协作办 | 4510   | 05-31 | overdue (milestone not ticked) | not done          |
| 2   | 组织领导 | 百色   | 451024 | 12-31 | at risk (milestone due 31 Mar) | not done          |
| 3   | 劳务协作 | 德保   | 451024 | 12-31 | not started (starts 1 June)    | not done          |
| 4   | 劳务协作 | 百色   | 4510   | 12-31 | on track (50 % on 1 May)       | not done          |
| 5   | 劳务协作 | 协作办 | 45     | 06-30 | done (ticked 20 May)           | done on time      |
| 6   | 组织领导 | 德保   | 451024 | 06-30 | at risk (nothing recorded)     | done late (1 Aug) |
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from xiezuo.accounts.models import User
from xiezuo.indicators.models import DataElement
from xiezuo.indicators.services import value_set
from xiezuo.places.models import Organisation, Place
from xiezuo.plans import services
from xiezuo.plans.models import Category, Document, Target, WorkItem

ON = date(2018, 6, 14)
YEAR_END = date(2018, 12, 31)
OFFICE = "粤桂扶贫协作办公室"
GUANGDONG = "广东省扶贫开发领导小组办公室"
GUANGXI = "广西壮族自治区扶贫开发领导小组办公室"
BAISE = "百色市扶贫开发办公室"
DEBAO = "德保县扶贫开发办公室"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def places(*found: str) -> list[Place]:
    return list(Place.objects.filter(code__in=found).order_by("code"))


def document(
    title: str = "2018年测试备忘录",
    categories: Sequence[str] = ("组织领导", "劳务协作"),
    **fields: Any,
) -> Document:
    """A memorandum of 2018 with its categories numbered 1, 2, … (`fields` change the rest),
    signed by Baise's office unless `parties` say otherwise: the tests' coordinator (scope
    4510) edits it."""
    values = {
        "kind": "memorandum",
        "title": title,
        "starts_on": date(2018, 1, 1),
        "ends_on": YEAR_END,
        "categories": list(categories),
        "parties": [org(BAISE)],
    }
    return services.document_create(**{**values, **fields})


def work_item(
    doc: Document,
    category: int | Category = 2,
    title: str = "组织贫困劳动力技能培训",
    lead: str = BAISE,
    where: Sequence[str] = ("451024",),
    **fields: Any,
) -> WorkItem:
    """A work item of `doc` in its category number `category`, for the whole of 2018."""
    values = {
        "document": doc,
        "category": category
        if isinstance(category, Category)
        else doc.categories.get(number=category),
        "title": title,
        "lead": org(lead),
        "places": places(*where),
        "starts_on": date(2018, 1, 1),
        "due_on": YEAR_END,
    }
    return services.item_create(**{**values, **fields})


def work_item_in(where: str, doc: Document, **fields: Any) -> WorkItem:
    """An item that Debao (451024) or Du'an (451228) answers for, led by Baise's office or
    Guangxi's (an office that is not the county's own)."""
    lead = BAISE if where == "451024" else GUANGXI
    return work_item(doc, **{"lead": lead, "where": [where], **fields})


def target(work: WorkItem, **fields: Any) -> Target:
    """A target of 1,000 poor people trained in Debao in 2018 (`fields` change it)."""
    values = {
        "item": work,
        "figure": DataElement.objects.get(code="people_trained"),
        "place": Place.objects.get(code="451024"),
        "period": "2018",
        "value": 1000,
    }
    return services.target_create(**{**values, **fields})


def png(name: str = "现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def job_fairs_item(title: str, *, due_on: date, value: int) -> WorkItem:
    """Debao's item of 2019 whose only target is `value` job fairs in 2019."""
    doc = document(
        "2019年测试备忘录", ["劳务协作"], starts_on=date(2019, 1, 1), ends_on=date(2019, 12, 31)
    )
    work = work_item(doc, 1, title, DEBAO, starts_on=date(2019, 1, 1), due_on=due_on)
    target(work, figure=DataElement.objects.get(code="job_fairs"), period="2019", value=value)
    return work


def job_fairs_held(period: str, value: int) -> None:
    """Debao reports `value` job fairs held in `period`."""
    value_set(
        actor=None, element="job_fairs", place="451024", period=period, disaggregation="",
        value=str(value),
    )  # fmt: skip


def memorandum(user: User) -> tuple[Document, dict[int, WorkItem]]:
    """The memorandum of the table above; `user` ticks the milestones and posts the updates."""
    doc = document()
    items: dict[int, WorkItem] = {}
    items[1] = work_item(doc, 1, "召开联席会议", OFFICE, ["4510"], due_on=date(2018, 5, 31))
    services.milestone_create(item=items[1], title="印发会议纪要", due_on=date(2018, 4, 30))

    items[2] = work_item(doc, 1, "落实挂职干部", BAISE, ["451024"])
    services.milestone_create(item=items[2], title="选派干部到岗", due_on=date(2018, 3, 31))

    items[3] = work_item(
        doc, 2, "开展致富带头人培训", DEBAO, ["451024"], starts_on=date(2018, 6, 1)
    )

    items[4] = work_item(
        doc, 2, "组织贫困劳动力技能培训", BAISE, ["4510"], supporting=[org(DEBAO), org(OFFICE)]
    )
    services.milestone_create(item=items[4], title="完成年度培训", due_on=date(2018, 9, 30))
    services.update_create(
        item=items[4], user=user, text="已培训一半", percent=50, reported_on=date(2018, 5, 1)
    )

    items[5] = work_item(doc, 2, "建立劳务协作工作站", OFFICE, ["45"], due_on=date(2018, 6, 30))
    for title, due_on, done_on in (
        ("选定站点", date(2018, 3, 31), date(2018, 3, 1)),
        ("挂牌运行", date(2018, 6, 30), date(2018, 5, 20)),
    ):
        milestone = services.milestone_create(item=items[5], title=title, due_on=due_on)
        services.milestone_tick(milestone=milestone, user=user, done_on=done_on)

    items[6] = work_item(doc, 1, "签订帮扶协议", DEBAO, ["451024"], due_on=date(2018, 6, 30))
    milestone = services.milestone_create(item=items[6], title="协议签署", due_on=date(2018, 6, 30))
    services.milestone_tick(milestone=milestone, user=user, done_on=date(2018, 8, 1))
    return doc, items
