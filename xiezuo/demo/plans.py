"""The demo work plan: the seed's agreements and plans, with the 2018 memorandum's 38 items.

The seed (广西日报, 2018-06-14) names the documents: the 2016–2020 plan,
the "13th five-year" framework agreement with its 10 areas, the 2018
memorandum of key work (10 categories, 38 items, signed at the third joint
meeting in May 2018) and the 2018–2020 action plan, still being finished in
June 2018. It gives the memorandum's categories and many of its figures, but
not its items: the items, their lead organisations, dates and milestones
follow the seed's content and are flagged illustrative where invented.

The progress (milestones ticked, updates posted by the demo users) is
designed so that the memorandum's board as on 2018-06-14, the seed's date,
shows items in all five statuses, and so that its year-end report shows
items done on time, done late and not done.

The data sit in `demo/data/plan_*.csv`. Loading is idempotent: organisations
are known by place and name, documents by kind and title, items by document
and number; an item already there is left alone with its milestones,
targets and updates.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from xiezuo.accounts.models import User
from xiezuo.indicators.models import DataElement
from xiezuo.places.models import Organisation, Place
from xiezuo.places.services import organisation_create
from xiezuo.plans import services
from xiezuo.plans.models import Document, DocumentKind, WorkItem

DATA = Path(__file__).resolve().parent / "data"
SEED = "广西日报 2018-06-14《携手共圆小康梦——粤桂推动东西扶贫协作纪实》"
GUANGDONG_OFFICE = "广东省扶贫开发领导小组办公室"
GUANGXI_OFFICE = "广西壮族自治区扶贫开发领导小组办公室"

# Who posts progress for an item: the demo user of its lead organisation;
# the joint office's coordinator records it for the provincial departments.
AUTHORS = {
    "德保县扶贫开发办公室": "clerk",
    "百色市扶贫开发办公室": "approver",
    "深圳市对口帮扶办公室": "shenzhen",
}
DEFAULT_AUTHOR = "coordinator"
DEMO_USERNAMES = ("admin", "coordinator", "approver", "clerk", "viewer", "shenzhen")


@dataclass(frozen=True)
class DemoDocument:
    key: str  # how the CSV files name it
    kind: str
    title: str
    starts_on: date
    ends_on: date
    signed_on: date | None
    summary: str
    categories: tuple[str, ...] = ()


MEMORANDUM_CATEGORIES = (
    "组织领导",
    "产业合作",
    "劳务协作",
    "人才交流",
    "教育",
    "医疗",
    "社会扶贫",
    "基础设施",
    "环保",
    "金融",
)

DOCUMENTS = [
    DemoDocument(
        key="plan2016",
        kind=DocumentKind.PLAN,
        title="粤桂扶贫协作规划（2016—2020年）",
        starts_on=date(2016, 1, 1),
        ends_on=date(2020, 12, 31),
        signed_on=None,
        summary=(
            "两省区联合编制，明确了“十三五”时期扶贫协作的工作重点。"
            f"（来源：{SEED}；签署日期不详。）"
        ),
    ),
    DemoDocument(
        key="framework2016",
        kind=DocumentKind.FRAMEWORK_AGREEMENT,
        title="“十三五”粤桂扶贫协作框架协议",
        starts_on=date(2016, 1, 1),
        ends_on=date(2020, 12, 31),
        signed_on=None,
        summary=(
            "协议涉及10大协作内容，分工落实到各级各部门，明确牵头单位、配合单位及有关市、县的"
            f"工作任务和要求。（来源：{SEED}。报道只给出“10大协作内容”的数目，"
            "以下10个领域的名称为示例，按报道各部分内容拟定。）"
        ),
        categories=(
            "组织领导",
            "产业合作",
            "劳务协作",
            "人才交流",
            "资金支持",
            "结对帮扶",
            "教育卫生",
            "旅游扶贫",
            "社会扶贫",
            "基础设施与生态保护",
        ),
    ),
    DemoDocument(
        key="memo2018",
        kind=DocumentKind.MEMORANDUM,
        title="2018年粤桂扶贫协作重点工作备忘录",
        starts_on=date(2018, 1, 1),
        ends_on=date(2018, 12, 31),
        signed_on=date(2018, 5, 7),
        summary=(
            "粤桂扶贫协作第三次联席会议（2018年5月6日至8日）期间共同签署，明确扶贫协作的"
            "时间表、任务书、路线图，涉及组织领导、产业、劳务、人才、教育、医疗、社会扶贫、"
            f"基础设施、环保、金融等10大类38项。（来源：{SEED}。签署日期取会议期间的5月7日，"
            "为示例；38项工作的条目、牵头单位、节点和进展按报道内容拟定，标为示例者系虚构。）"
        ),
        categories=MEMORANDUM_CATEGORIES,
    ),
    DemoDocument(
        key="action2018",
        kind=DocumentKind.ACTION_PLAN,
        title="粤桂扶贫协作三年行动方案（2018—2020年）",
        starts_on=date(2018, 1, 1),
        ends_on=date(2020, 12, 31),
        signed_on=date(2018, 9, 28),
        summary=(
            "明确省区及各市县的责任，整体推进各项工作；2018年6月报道时仍在“加快完善”。"
            f"（来源：{SEED}。印发日期和所列条目为示例。）"
        ),
        categories=("携手奔小康", "产业合作", "劳务协作", "消费扶贫", "脱贫摘帽"),
    ),
]
PARTIES = (GUANGDONG_OFFICE, GUANGXI_OFFICE)


@dataclass
class PlansResult:
    organisations_created: int = 0
    documents_created: int = 0
    items_created: int = 0


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def load_plans() -> PlansResult:
    """Load the demo work plan (call inside the demo's transaction, after the users)."""
    result = PlansResult()
    result.organisations_created = _load_organisations()
    organisations = {o.name: o for o in Organisation.objects.select_related("place")}
    documents: dict[str, Document] = {}
    for spec in DOCUMENTS:
        document, created = _document(spec, organisations)
        documents[spec.key] = document
        result.documents_created += created
    result.items_created = _load_items(documents, organisations)
    return result


def _load_organisations() -> int:
    rows = _rows("plan_organisations.csv")
    places = {p.code: p for p in Place.objects.filter(code__in={r["place"] for r in rows})}
    existing = set(
        Organisation.objects.filter(name__in=[r["name"] for r in rows]).values_list(
            "place__code", "name"
        )
    )
    created = 0
    for row in rows:
        if (row["place"], row["name"]) in existing:
            continue
        organisation_create(
            name=row["name"],
            kind=row["kind"],
            place=places[row["place"]],
            side=row["side"],
            note=row["note"],
            illustrative=row["illustrative"] == "1",
        )
        created += 1
    return created


def _document(spec: DemoDocument, organisations: dict[str, Organisation]) -> tuple[Document, int]:
    document = Document.objects.filter(kind=spec.kind, title=spec.title).first()
    if document is not None:
        return document, 0
    document = services.document_create(
        kind=spec.kind,
        title=spec.title,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        signed_on=spec.signed_on,
        parties=[organisations[name] for name in PARTIES],
        summary=spec.summary,
        categories=spec.categories,
    )
    return document, 1


def _load_items(documents: dict[str, Document], organisations: dict[str, Organisation]) -> int:
    items = _rows("plan_items.csv")
    existing = set(
        WorkItem.objects.filter(document__in=documents.values()).values_list(
            "document_id", "number"
        )
    )
    todo = [r for r in items if (documents[r["document"]].pk, int(r["number"])) not in existing]
    if not todo:
        return 0
    categories = {
        (c.document_id, c.number): c
        for document in documents.values()
        for c in document.categories.all()
    }
    codes = {code for r in todo for code in _split(r["places"])}
    places = {p.code: p for p in Place.objects.filter(code__in=codes)}
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    milestones: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in _rows("plan_milestones.csv"):
        milestones[(row["document"], row["item"])].append(row)
    targets: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in _rows("plan_targets.csv"):
        targets[(row["document"], row["item"])].append(row)
    updates: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in _rows("plan_updates.csv"):
        updates[(row["document"], row["item"])].append(row)
    elements = {
        e.code: e
        for e in DataElement.objects.filter(
            code__in={r["element"] for rows in targets.values() for r in rows}
        )
    }
    target_places = {
        p.code: p
        for p in Place.objects.filter(
            code__in={r["place"] for rows in targets.values() for r in rows}
        )
    }

    for row in todo:
        document = documents[row["document"]]
        lead = organisations[row["lead"]]
        item = services.item_create(
            document=document,
            category=categories[(document.pk, int(row["category"]))],
            number=int(row["number"]),
            title=row["title"],
            description=row["description"],
            lead=lead,
            supporting=[organisations[name] for name in _split(row["supporting"])],
            places=[places[code] for code in _split(row["places"])],
            starts_on=date.fromisoformat(row["starts_on"]),
            due_on=date.fromisoformat(row["due_on"]),
            illustrative=row["illustrative"] == "1",
        )
        author = users[AUTHORS.get(lead.name, DEFAULT_AUTHOR)]
        key = (row["document"], row["number"])
        for m in milestones[key]:
            milestone = services.milestone_create(
                item=item, title=m["title"], due_on=date.fromisoformat(m["due_on"])
            )
            done_on = _day(m["done_on"])
            if done_on is not None:
                services.milestone_tick(milestone=milestone, user=author, done_on=done_on)
        for t in targets[key]:
            services.target_create(
                item=item,
                figure=elements[t["element"]],
                place=target_places[t["place"]],
                period=t["period"],
                value=Decimal(t["value"]),
                options=t["options"],
            )
        for u in updates[key]:
            services.update_create(
                item=item,
                user=users[u["author"]] if u["author"] else author,
                text=u["text"],
                percent=int(u["percent"]) if u["percent"] else None,
                reported_on=date.fromisoformat(u["reported_on"]),
            )
    return len(todo)
