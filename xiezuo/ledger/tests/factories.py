"""Accounts of a small ledger: Shenzhen's fiscal aid, Baise's and Debao's receiving
accounts, a Debao project, social funds and where money ends."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from xiezuo.ledger import services
from xiezuo.ledger.models import Account, AccountKind, Transfer
from xiezuo.places.models import Place

OPENED = date(2018, 1, 1)


def account(code: str, kind: str, place: str | None, name: str | None = None) -> Account:
    return services.account_create(
        code=code,
        kind=kind,
        name_zh=name or code,
        place=Place.objects.get(code=place) if place else None,
        opened_on=OPENED,
    )


SMALL = ["shenzhen-fiscal", "donors", "baise", "debao", "tiandong", "debao-road", "social",
         "spent", "refunds"]  # fmt: skip


def small_ledger() -> dict[str, Account]:
    """The accounts by short name."""
    return {
        "shenzhen": account(
            "shenzhen-fiscal", AccountKind.HELPER_FISCAL, "4403", "深圳市财政帮扶资金"
        ),
        "donors": account("donors", AccountKind.DONATIONS, None, "社会捐赠方"),
        "baise": account("baise", AccountKind.RECEIVING, "4510", "百色市接收账户"),
        "debao": account("debao", AccountKind.RECEIVING, "451024", "德保县接收账户"),
        "tiandong": account("tiandong", AccountKind.RECEIVING, "451022", "田东县接收账户"),
        "project": account("debao-road", AccountKind.PROJECT, "451024", "德保县产业路项目"),
        "social": account("social", AccountKind.SOCIAL, "45", "社会帮扶资金"),
        "spent": account("spent", AccountKind.EXPENDITURE, None, "支出"),
        "refunds": account("refunds", AccountKind.REFUNDS, None, "退回资金"),
    }


def ours() -> Any:
    """The transfers touching the small ledger's accounts (the demo's own are left aside)."""
    from django.db.models import Q

    codes = [a.code for a in Account.objects.filter(code__in=SMALL)]
    return Transfer.objects.filter(Q(source__code__in=codes) | Q(target__code__in=codes))


def move(
    actor: Any, kind: str, source: Account, target: Account, amount: str, **extra: Any
) -> Transfer:
    extra.setdefault("on", date(2018, 6, 1))
    return services.transfer_create(
        actor=actor, kind=kind, source=source, target=target, amount=Decimal(amount), **extra
    ).transfer
