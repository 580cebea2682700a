"""The demo's consumption assistance: the seed's facilities recorded, not typed, and a year
of illustrative sales so that the consumption figures are not zero.

- the seed's (2018): 4 rent-free stalls in Shenzhen wholesale markets (2 for Baise, 2 for
  Hechi), a showroom for Baise, the central kitchen's supply bases of 51,200 mu and their
  13 cooperatives in the poor counties of Baise and Hechi (spread over the counties as
  the other demo figures are, `values.spread`), and 2 sales fairs;
- illustrative: a few suppliers in those counties with their products certified (each
  with its application and certification steps), one product still under public notice,
  Shenzhen buyers (a canteen, a market, an enterprise, the 832 platform, the East–West
  product market, an e-commerce shop) and their purchases, one a month in 2018.

Which county, day, name and amount each record has is illustrative, and so marked. The
rows are written in bulk, as the services would write them, then the three consumption
sources are synced once. Loading again records nothing: the records are found by name.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from xiezuo.accounts.models import User
from xiezuo.consumption.models import (
    Buyer,
    BuyerKind,
    CertificationStep,
    Facility,
    FacilityKind,
    Product,
    ProductStatus,
    Sale,
    StepKind,
    Supplier,
)
from xiezuo.indicators import sources
from xiezuo.places.models import Place

from .investment import split
from .values import BAISE, HECHI

MARK = "（示意）"
SHENZHEN = "4403"
OPENED = date(2018, 3, 1)
# name, kind, helped place served, rent free, area (mu)
STALLS = [
    (f"深圳海吉星农批市场百色扶贫档位{MARK}一号", "4510"),
    (f"深圳海吉星农批市场百色扶贫档位{MARK}二号", "4510"),
    (f"深圳布吉农批市场河池扶贫档位{MARK}一号", "4512"),
    (f"深圳布吉农批市场河池扶贫档位{MARK}二号", "4512"),
]
SHOWROOM = (f"百色农产品展示销售中心{MARK}", "4510")
BASE_AREA = 51_200  # mu
COOPERATIVES = 13
FAIRS = [
    (f"百色农产品深圳扶贫展销会{MARK}", "4510", date(2018, 1, 20)),
    (f"河池农产品深圳扶贫展销会{MARK}", "4512", date(2018, 4, 21)),
]
# supplier name, county, kind, households linked, [(product, unit, price, certified on)]
SUPPLIERS: list[tuple[str, str, str, int, list[tuple[str, str, str, date | None]]]] = [
    (f"田东芒果专业合作社{MARK}", "451022", "cooperative", 120,
     [("田东香芒", "箱", "88.00", date(2017, 12, 20))]),
    (f"德保脐橙专业合作社{MARK}", "451024", "cooperative", 85,
     [("德保脐橙", "箱", "66.00", date(2017, 12, 20))]),
    (f"凌云白毫茶业有限公司{MARK}", "451027", "enterprise", 60,
     [("凌云白毫茶", "盒", "158.00", date(2018, 1, 15))]),
    (f"巴马香猪养殖合作社{MARK}", "451227", "cooperative", 140,
     [("巴马香猪肉", "斤", "45.00", date(2018, 2, 10)),
      ("巴马火麻油", "瓶", "98.00", None)]),  # under public notice: its sales do not count
    (f"环江香粳糯村集体{MARK}", "451226", "village_collective", 70,
     [("环江香粳糯米", "袋", "39.00", date(2018, 3, 5))]),
]  # fmt: skip
VALID_UNTIL = date(2020, 12, 31)
# name, kind (all in Shenzhen)
BUYERS = [
    (f"深圳市机关事务管理局饭堂{MARK}", BuyerKind.CANTEEN),
    (f"深圳海吉星农产品批发市场{MARK}", BuyerKind.MARKET),
    (f"深圳帮扶企业工会{MARK}", BuyerKind.ENTERPRISE),
    (f"832平台深圳采购单位{MARK}", BuyerKind.CHANNEL_832),
    (f"广东东西部扶贫协作产品交易市场{MARK}", BuyerKind.CHANNEL_EAST_WEST),
    (f"深圳扶贫产品网店{MARK}", BuyerKind.ECOMMERCE),
]
SALES_MONTHS = range(1, 13)  # one purchase a month in 2018 per buyer, product in turn


def load_consumption(actor: User) -> int:
    """Record the demo's consumption assistance; returns how many records were made."""
    made = _facilities(actor)
    made += _suppliers(actor)
    made += _buyers(actor)
    made += _sales(actor)
    if made:
        for name in ("consumption_products", "consumption_sales", "consumption_facilities"):
            sources.sync(name)
    return made


def _facilities(actor: User) -> int:
    known = set(Facility.objects.filter(illustrative=True).values_list("name", flat=True))
    counties = BAISE + HECHI
    areas = split(BASE_AREA, counties, "supply_base_area")
    cooperatives = split(COOPERATIVES, counties, "supply_cooperatives")
    wanted: list[tuple[str, str, str, dict[str, Any]]] = []
    for name, serves in STALLS:
        wanted.append((name, FacilityKind.MARKET_STALL, serves, {"rent_free": True}))
    wanted.append((SHOWROOM[0], FacilityKind.SHOWROOM, SHOWROOM[1], {}))
    for county in counties:
        if areas[county]:
            wanted.append((f"中央大厨房供应基地{MARK}{county}", FacilityKind.SUPPLY_BASE, county,
                           {"area_mu": Decimal(areas[county])}))  # fmt: skip
        for n in range(1, cooperatives[county] + 1):
            wanted.append((f"中央大厨房供应基地合作社{MARK}{county}-{n}",
                           FacilityKind.SUPPLY_COOPERATIVE, county, {}))  # fmt: skip
    codes = {w[2] for w in wanted} | {f[1] for f in FAIRS}
    places = {p.code: p for p in Place.objects.filter(code__in=codes)}
    shenzhen = Place.objects.get(code=SHENZHEN)
    rows = [
        Facility(
            kind=kind, name=name, serves=places[serves], opened_on=OPENED,
            located_in=shenzhen if kind in (FacilityKind.MARKET_STALL,) else None,
            illustrative=True, created_by=actor, **extra,
        )
        for name, kind, serves, extra in wanted
        if name not in known
    ]  # fmt: skip
    rows += [
        Facility(
            kind=FacilityKind.SALES_FAIR,
            name=name,
            serves=places[serves],
            located_in=shenzhen,
            opened_on=day,
            illustrative=True,
            created_by=actor,
        )
        for name, serves, day in FAIRS
        if name not in known
    ]
    Facility.objects.bulk_create(rows)
    return len(rows)


def _suppliers(actor: User) -> int:
    known = set(Supplier.objects.filter(illustrative=True).values_list("name", flat=True))
    places = {p.code: p for p in Place.objects.filter(code__in={s[1] for s in SUPPLIERS})}
    made = 0
    for name, county, kind, households, products in SUPPLIERS:
        if name in known:
            continue
        supplier = Supplier.objects.create(
            name=name, kind=kind, place=places[county], households_linked=households,
            linkage="示意：收购贫困户产品并分红", illustrative=True, created_by=actor,
        )  # fmt: skip
        made += 1
        for product_name, unit, price, certified_on in products:
            product = Product.objects.create(
                supplier=supplier, name=product_name, category="primary", unit=unit,
                price=Decimal(price), place=places[county], households_benefiting=households,
                status=ProductStatus.CERTIFIED if certified_on else ProductStatus.NOTICE,
                valid_from=certified_on, valid_until=VALID_UNTIL if certified_on else None,
                certificate_number=f"示意{county}{made:02d}" if certified_on else "",
                illustrative=True, created_by=actor,
            )  # fmt: skip
            steps = [(StepKind.APPLY, date(2017, 11, 1))]
            if certified_on:
                steps.append((StepKind.CERTIFY, certified_on))
            else:
                steps.append((StepKind.NOTICE, date(2018, 1, 5)))
            CertificationStep.objects.bulk_create(
                CertificationStep(product=product, kind=kind_, on=on, by=actor, comment="示意")
                for kind_, on in steps
            )
            made += 1
    return made


def _buyers(actor: User) -> int:
    known = set(Buyer.objects.filter(illustrative=True).values_list("name", flat=True))
    shenzhen = Place.objects.get(code=SHENZHEN)
    rows = [
        Buyer(name=name, kind=kind, place=shenzhen, illustrative=True, created_by=actor)
        for name, kind in BUYERS
        if name not in known
    ]
    Buyer.objects.bulk_create(rows)
    return len(rows)


def _sales(actor: User) -> int:
    if Sale.objects.filter(illustrative=True).exists():
        return 0
    buyers = list(Buyer.objects.filter(illustrative=True).order_by("name", "id"))
    products = list(
        Product.objects.filter(illustrative=True).select_related("supplier").order_by("id")
    )
    rows = []
    for month in SALES_MONTHS:
        for b, buyer in enumerate(buyers):
            product = products[(month + b) % len(products)]
            quantity = Decimal(40 + 10 * ((month * 7 + b * 3) % 9))
            price = product.price or Decimal("50.00")
            rows.append(Sale(
                buyer=buyer, supplier=product.supplier, product=product,
                sold_on=date(2018, month, 5 + b * 3), amount=(price * quantity).quantize(
                    Decimal("0.01")), quantity=quantity,
                order_number=f"示意-2018{month:02d}-{b + 1:02d}", illustrative=True,
                created_by=actor,
            ))  # fmt: skip
    Sale.objects.bulk_create(rows)
    return len(rows)
