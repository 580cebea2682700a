"""The demo's short visits and the year's quotas of the talent exchange.

- Visits (2018, the seed's): 45 medical staff from Baise's poor counties and 45 from
  Hechi's shadowing in Shenzhen hospitals; 65 medical staff from Jingxi and Napo on study
  exchange at Longgang; 6 Guangxi University staff at SCUT. The totals are the seed's;
  the split by county and the days are illustrative (`values.spread`), and so marked.
- Quotas (2017 and 2018): cadres and professionals each of the 33 poor counties receives,
  illustrative, marked so in their `source`, so that the report "planned vs in post" has
  something to compare.

Loading again writes nothing: a visit is known by its kind, places and first day, a quota
by its county, year, direction and group.
"""

from __future__ import annotations

from datetime import date

from xiezuo.accounts.models import User
from xiezuo.exchange.models import Direction, Quota, QuotaGroup, ShortVisit, VisitKind
from xiezuo.indicators import sources
from xiezuo.places.models import Organisation, Place

from .values import BAISE, HECHI, POOR_COUNTIES, A, spread

QUOTA_SOURCE = "示意：演示用配额，非协议原文"
SHADOWING = (date(2018, 4, 9), date(2018, 6, 29))
STUDY = (date(2018, 3, 12), date(2018, 8, 31))
SCUT = (date(2018, 2, 26), date(2018, 7, 13))

# kind, total people, origins, host, host organisation, (from, to)
VISITS = [
    (VisitKind.MEDICAL_SHADOWING, 45, BAISE, "4403", "", SHADOWING),
    (VisitKind.MEDICAL_SHADOWING, 45, HECHI, "4403", "", SHADOWING),
    (VisitKind.MEDICAL_EXCHANGE, 65, ["451081", "451026"], "440307", "", STUDY),
    (VisitKind.UNIVERSITY_STAFF, 6, ["450107"], "440106", "华南理工大学", SCUT),
]
# year -> (cadres, professionals) the poor counties receive in all (illustrative)
QUOTAS = {2017: (80, 170), 2018: (96, 240)}


def load_visits(actor: User) -> int:
    """Record the demo's short visits; returns how many were made."""
    places = {p.code: p for p in Place.objects.filter(code__in=_visit_places())}
    known = set(
        ShortVisit.objects.filter(illustrative=True).values_list(
            "kind", "origin__code", "host__code", "from_on"
        )
    )
    made = []
    for kind, total, origins, host, organisation, (from_on, to_on) in VISITS:
        hosted_by = Organisation.objects.filter(name=organisation).first() if organisation else None
        element = "visits:" + kind
        for origin, _year, people in spread(A(element, total, origins, "2018")):
            if (kind, origin, host, from_on) in known:
                continue
            made.append(
                ShortVisit(
                    kind=kind,
                    direction=Direction.TO_HELPER,
                    origin=places[origin],
                    host=places[host],
                    host_organisation=hosted_by,
                    people=people,
                    from_on=from_on,
                    to_on=to_on,
                    illustrative=True,
                    created_by=actor,
                    note="示意：各县人数为演示拆分，合计为种子数据",
                )
            )
    ShortVisit.objects.bulk_create(made)
    if made:
        sources.sync("visits", places={v.origin.code for v in made}, periods=None)
    return len(made)


def _visit_places() -> set[str]:
    return {code for _k, _t, origins, host, _o, _d in VISITS for code in [*origins, host]}


def load_quotas(actor: User) -> int:
    """Set the demo's quotas of the poor counties; returns how many were made."""
    counties = {p.code: p for p in Place.objects.filter(code__in=POOR_COUNTIES)}
    known = set(
        Quota.objects.filter(year__in=QUOTAS).values_list(
            "place__code", "year", "direction", "group"
        )
    )
    made = []
    for year, (cadres, professionals) in QUOTAS.items():
        for group, total in (
            (QuotaGroup.CADRES, cadres),
            (QuotaGroup.PROFESSIONALS, professionals),
        ):
            element = f"quota:{group}"
            for code, _period, planned in spread(A(element, total, POOR_COUNTIES, str(year))):
                if (code, year, Direction.TO_HELPED, group) in known:
                    continue
                made.append(
                    Quota(
                        place=counties[code],
                        year=year,
                        direction=Direction.TO_HELPED,
                        group=group,
                        planned=planned,
                        source=QUOTA_SOURCE,
                        created_by=actor,
                    )
                )
    Quota.objects.bulk_create(made)
    return len(made)
