"""The demo's donation register: the seed's gifts recorded one by one, not typed.

The seed names an enterprise's 1亿元 to the Shenbai relocation town (2018),
the Baise education charity evening of May 2018 (over 2,300万元 in cash, over
2,000万元 of it from Guangdong, and over 2,200万元 of teaching goods) and a
retired official's 19万元 given since 2009. Who gave at the evening, and how
the official's gifts fall over the years, are illustrative; the totals are
the seed's. Cash gifts are ledger receipts into the place's social funds, or into the
account of the project they are for (the relocation town's).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xiezuo.accounts.models import User
from xiezuo.ledger import services
from xiezuo.ledger.models import Donation, DonationForm, DonorKind, DonorOrigin
from xiezuo.places.models import Place
from xiezuo.projects.models import Project

from .values import A, spread

ENT, IND = DonorKind.ENTERPRISE, DonorKind.INDIVIDUAL
GD, ELSE = DonorOrigin.GUANGDONG, DonorOrigin.OTHER
CASH, GOODS = DonationForm.CASH, DonationForm.GOODS
EVENING = date(2018, 5, 20)
RETIRED = "一位退休老同志"

# receipt number, donor, kind, origin, form, amount, place, day, goods
GIFTS: list[tuple[str, str, str, str, str, int, str, date, str]] = [
    ("示意-捐-2018-001", "深圳某企业（示意）", ENT, GD, CASH, 100_000_000, "451003",
     date(2018, 3, 15), ""),
    ("示意-晚会-01", "广东企业（晚会合计，示意）", ENT, GD, CASH, 15_000_000, "4510", EVENING, ""),
    ("示意-晚会-02", "广东爱心人士（晚会合计，示意）", IND, GD, CASH, 5_300_000, "4510",
     EVENING, ""),
    ("示意-晚会-03", "其他地区企业（晚会合计，示意）", ENT, ELSE, CASH, 2_000_000, "4510",
     EVENING, ""),
    ("示意-晚会-04", "其他地区爱心人士（晚会合计，示意）", IND, ELSE, CASH, 800_000, "4510",
     EVENING, ""),
    ("示意-晚会-05", "广东企业（晚会合计，示意）", ENT, GD, GOODS, 15_000_000, "4510", EVENING,
     "教学物资（示意）"),
    ("示意-晚会-06", "其他地区企业（晚会合计，示意）", ENT, ELSE, GOODS, 7_000_000, "4510", EVENING,
     "教学物资（示意）"),
    *[
        (f"示意-个人-{period[:4]}", RETIRED, IND, GD, CASH, value, "4510",
         date(int(period[:4]), 9, 10), "")
        for _place, period, value in spread(
            A("donation_cash", 190_000, "4510", [f"{y}09" for y in range(2009, 2018)],
              "donor_kind=individual;donor_origin=guangdong")
        )
    ],
]  # fmt: skip


# gifts for a project: into the project's own account
FOR_PROJECT = {"示意-捐-2018-001": "深百小镇易地扶贫搬迁项目"}


def load_donations(actor: User) -> int:
    """Record the demo's gifts not recorded yet; returns how many were recorded."""
    recorded = set(Donation.objects.values_list("receipt_number", flat=True))
    places = {p.code: p for p in Place.objects.filter(code__in={g[6] for g in GIFTS})}
    created = 0
    for number, name, kind, origin, form, amount, place, day, goods in GIFTS:
        if number in recorded:
            continue
        donor = services.DonorDetails(
            name=name,
            kind=kind,
            origin=origin,
            anonymous=name == RETIRED,  # the seed does not name him
            illustrative=name != RETIRED,
        )
        project = Project.objects.filter(name=FOR_PROJECT.get(number, "")).first()
        services.donation_record(
            actor=actor, donor=donor, form=form, amount=Decimal(amount), place=places[place],
            project_account=project.account if project else None, received_on=day,
            goods=goods, receipt_number=number, illustrative=True,
        )  # fmt: skip
        created += 1
    return created
