"""Build the demo programme's data files from the sourced facts and the division codes.

A maintainer's script, not part of the installed package: run
`.venv/bin/python scripts/build_demo_data.py SHARED_DATA_DIR` to regenerate
`xiezuo/demo/data/*.csv`. The output is deterministic: the same inputs give the same
files. Everything that is not a sourced fact is written with illustrative=1.

Sourced (../shared/data/cooperation/): the 33 national poor counties and their
exit years; the Guangdong district or county that helped 27 of them. Invented
(illustrative): the partners of the 6 counties whose partner is unknown, the
82 poor townships and 106 poor villages and their partners, the enterprises,
and the hospital pairings (the seed says 15 county hospitals were paired, not
which).
"""

from __future__ import annotations

import csv
import os
import sys
from collections import defaultdict
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
django.setup()

from xiezuo.places.divisions import read_level  # noqa: E402 (after Django's set-up)

OUT = Path(__file__).resolve().parent.parent / "xiezuo" / "demo" / "data"
SEED = "seed: 广西日报 2018-06-14《携手共圆小康梦》"

# The partners the sources do not name (see the cooperation README): Shenzhen's
# two districts with no pairing found take Baise's and Hechi's four unknown
# counties; two Zhaoqing districts take Longsheng and Ziyuan.
INVENTED_COUNTY_PAIRS = [
    ("440304", "451022", "2016-10-01"),  # 福田区 → 田东县
    ("440304", "451031", "2016-10-01"),  # 福田区 → 隆林县
    ("440310", "451226", "2016-10-01"),  # 坪山区 → 环江县
    ("440310", "451225", "2016-10-01"),  # 坪山区 → 罗城县
    ("441202", "450328", "2017-03-01"),  # 端州区 → 龙胜县
    ("441204", "450329", "2017-03-01"),  # 高要区 → 资源县
]
DAPENG = "深圳市大鹏新区管理委员会"
DAPENG_PLACE = "440307"  # 龙岗区: Dapeng has no division code of its own
DAPENG_TOWNSHIPS = ["440307009", "440307010", "440307011"]  # 葵涌, 大鹏, 南澳

TOWNSHIPS_PAIRED = 82
VILLAGES_PAIRED = 106
ENTERPRISE_VILLAGES = 26
EXTRA_UNPAIRED_TOWNSHIPS = 4
EXTRA_UNPAIRED_VILLAGES = 14
HOSPITAL_PAIRINGS = 15


def _since(value: str) -> str:
    """'2016-10' -> '2016-10-01', '2016' -> '2016-01-01'."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-01-01"
    return f"{parts[0]}-{parts[1]}-01"


def build(shared: Path) -> None:
    coop = shared / "cooperation"
    counties = list(
        csv.DictReader(open(coop / "guangxi-national-poor-counties.csv", encoding="utf-8"))
    )
    sourced = list(
        csv.DictReader(open(coop / "guangdong-guangxi-county-pairings-2017.csv", encoding="utf-8"))
    )
    names = {}
    for level in (2, 3):
        names.update(dict(read_level(level, {"44", "45"})))
    townships: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, name in read_level(4, {"44", "45"}):
        townships[code[:6]].append((code, name))
    villages: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, name in read_level(5, {"44", "45"}):
        villages[code[:9]].append((code, name))

    exit_year = {c["code"]: int(c["exit_approved_year"]) for c in counties}
    poor_codes = [c["code"] for c in counties]

    # --- county pairings: helper is a place code or an organisation name
    county_pairs: list[dict] = []
    for row in sourced:
        helper_place = row["helper_code"] or ""
        county_pairs.append(
            {
                "helper_place": helper_place,
                "helper_organisation": "" if helper_place else DAPENG,
                "helped": row["helped_code"],
                "since": _since(row["since"]),
                "source": row["source"] + (f" ({row['note']})" if row["note"] else ""),
                "illustrative": "0",
            }
        )
    for helper, helped, since in INVENTED_COUNTY_PAIRS:
        county_pairs.append(
            {
                "helper_place": helper,
                "helper_organisation": "",
                "helped": helped,
                "since": since,
                "source": "",
                "illustrative": "1",
            }
        )
    county_pairs.sort(key=lambda p: p["helped"])
    assert sorted(p["helped"] for p in county_pairs) == sorted(poor_codes), "33 counties, once each"

    pairings: list[dict] = []

    def add(
        kind: str,
        helper_place: str,
        helper_org: str,
        helped_place: str,
        helped_org: str,
        since: str,
        source: str,
        illustrative: str,
        note: str = "",
    ) -> None:
        pairings.append(
            {
                "kind": kind,
                "helper_place": helper_place,
                "helper_organisation": helper_org,
                "helped_place": helped_place,
                "helped_organisation": helped_org,
                "started_on": since,
                "source": source,
                "illustrative": illustrative,
                "note": note,
            }
        )

    add("province", "44", "", "45", "", "1996-01-01", SEED + "; 《两广负责同志座谈纪要》1996", "0")
    prefecture_pairs: dict[tuple[str, str], str] = {}
    for p in county_pairs:
        helper_pref = (p["helper_place"] or DAPENG_PLACE)[:4]
        key = (helper_pref, p["helped"][:4])
        prefecture_pairs[key] = min(prefecture_pairs.get(key, p["since"]), p["since"])
    for (helper_pref, helped_pref), since in sorted(prefecture_pairs.items()):
        add(
            "prefecture",
            helper_pref,
            "",
            helped_pref,
            "",
            since,
            "derived from the county pairings (cooperation README)",
            "0",
        )
    for p in county_pairs:
        add(
            "county",
            p["helper_place"],
            p["helper_organisation"],
            p["helped"],
            "",
            p["since"],
            p["source"],
            p["illustrative"],
        )

    # --- poor townships: 82 paired (2 or 3 per county) plus a few unpaired
    designations: list[dict] = []
    for code in poor_codes:
        designations.append(
            {
                "code": code,
                "kind": "poor_county",
                "year_designated": "2012",
                "year_exited": str(exit_year[code]),
                "source": "national poor county (2012 list); exit: "
                + next(c["source"] for c in counties if c["code"] == code),
                "illustrative": "0",
            }
        )
        designations.append(
            {
                "code": code,
                "kind": "rocky_desertification",
                "year_designated": "2011",
                "year_exited": "",
                "source": SEED + " (石漠化片区县)",
                "illustrative": "1",
            }
        )

    def rural_townships(county: str) -> list[tuple[str, str]]:
        # Skip urban sub-districts (街道, codes x001–x099) and the county seat (x100).
        return [t for t in townships[county] if int(t[0][6:]) > 100]

    per_county = [2] * len(county_pairs)
    for i in range(TOWNSHIPS_PAIRED - 2 * len(county_pairs)):
        per_county[i * 2 % len(county_pairs)] += 1
    paired_townships: list[tuple[dict, str]] = []  # (county pair, township code)
    extra_townships: list[str] = []
    for index, (p, n) in enumerate(zip(county_pairs, per_county, strict=True)):
        rural = rural_townships(p["helped"])
        for township in rural[:n]:
            paired_townships.append((p, township[0]))
        if index % 8 == 3 and len(extra_townships) < EXTRA_UNPAIRED_TOWNSHIPS:
            extra_townships.append(rural[n][0])
    assert len(paired_townships) == TOWNSHIPS_PAIRED

    def helper_townships(p: dict) -> list[str]:
        if p["helper_organisation"]:
            return DAPENG_TOWNSHIPS
        return [t[0] for t in townships[p["helper_place"]]]

    helper_cursor: dict[str, int] = defaultdict(int)
    township_helper: dict[str, str] = {}
    for p, t in paired_townships:
        options = helper_townships(p)
        cursor_key = p["helper_place"] or DAPENG
        helper = options[helper_cursor[cursor_key] % len(options)]
        helper_cursor[cursor_key] += 1
        township_helper[t] = helper
        since = max(p["since"], "2017-06-01")
        add("township", helper, "", t, "", since, "", "1")
        designations.append(
            {
                "code": t,
                "kind": "poor_township",
                "year_designated": "2015",
                "year_exited": str(exit_year[p["helped"]]),
                "source": "",
                "illustrative": "1",
            }
        )
    for t in extra_townships:
        designations.append(
            {
                "code": t,
                "kind": "poor_township",
                "year_designated": "2015",
                "year_exited": str(exit_year[t[:6]]),
                "source": "",
                "illustrative": "1",
            }
        )

    # --- poor villages: 106 paired (80 village–village, 26 enterprise–village) plus unpaired ones
    def rural_villages(township: str) -> list[str]:
        return [v[0] for v in villages[township] if v[1].endswith("村委会")]

    chosen: list[tuple[dict, str, str]] = []  # (county pair, township, village)
    extra_villages: list[str] = []
    rounds = 0
    while len(chosen) < VILLAGES_PAIRED:
        for p, t in paired_townships:
            rural_v = rural_villages(t)
            if rounds < len(rural_v) and len(chosen) < VILLAGES_PAIRED:
                chosen.append((p, t, rural_v[rounds]))
        rounds += 1
    for _p, t in paired_townships[:: max(1, TOWNSHIPS_PAIRED // EXTRA_UNPAIRED_VILLAGES)][
        :EXTRA_UNPAIRED_VILLAGES
    ]:
        taken = {v for _, tt, v in chosen if tt == t}
        spare = [v for v in rural_villages(t) if v not in taken]
        extra_villages.append(spare[-1])

    enterprises: dict[str, dict] = {}
    for index, (p, t, v) in enumerate(chosen):
        since = max(p["since"], "2017-09-01")
        helper_town = township_helper[t]
        if index % 4 == 1 and len(enterprises) < ENTERPRISE_VILLAGES:
            county = p["helper_place"] or DAPENG_PLACE
            name = f"{names[county[:4]]}{names[county] if p['helper_place'] else '大鹏新区'}帮扶企业{len(enterprises) + 1}号（示例）"
            enterprises[name] = {
                "name": name,
                "kind": "enterprise",
                "place": helper_town,
                "side": "helper",
                "illustrative": "1",
                "note": "",
            }
            add("enterprise_village", "", name, v, "", since, "", "1")
        else:
            helper_villages = [code for code, _ in villages[helper_town]]
            helper = (
                helper_villages[index % len(helper_villages)] if helper_villages else helper_town
            )
            add("village", helper, "", v, "", since, "", "1")
        designations.append(
            {
                "code": v,
                "kind": "poor_village",
                "year_designated": "2014",
                "year_exited": str(min(exit_year[p["helped"]], 2019)),
                "source": "",
                "illustrative": "1",
            }
        )
    for v in extra_villages:
        designations.append(
            {
                "code": v,
                "kind": "poor_village",
                "year_designated": "2014",
                "year_exited": str(min(exit_year[v[:6]], 2019)),
                "source": "",
                "illustrative": "1",
            }
        )

    # --- organisations: the offices, the seed's university pair, hospitals, enterprises
    organisations: list[dict] = [
        {
            "name": "粤桂扶贫协作办公室",
            "kind": "government",
            "place": "45",
            "side": "neither",
            "illustrative": "0",
            "note": "set up jointly by both provinces' poverty offices in Guangxi (seed)",
        },
        {
            "name": "广东省扶贫开发领导小组办公室",
            "kind": "government",
            "place": "44",
            "side": "helper",
            "illustrative": "0",
            "note": "",
        },
        {
            "name": "广西壮族自治区扶贫开发领导小组办公室",
            "kind": "government",
            "place": "45",
            "side": "helped",
            "illustrative": "0",
            "note": "",
        },
        {
            "name": DAPENG,
            "kind": "government",
            "place": DAPENG_PLACE,
            "side": "helper",
            "illustrative": "0",
            "note": "functional area without a division code of its own, in 龙岗区",
        },
        {
            "name": "深圳市对口帮扶办公室",
            "kind": "government",
            "place": "4403",
            "side": "helper",
            "illustrative": "1",
            "note": "",
        },
        {
            "name": "百色市扶贫开发办公室",
            "kind": "government",
            "place": "4510",
            "side": "helped",
            "illustrative": "1",
            "note": "",
        },
        {
            "name": "德保县扶贫开发办公室",
            "kind": "government",
            "place": "451024",
            "side": "helped",
            "illustrative": "1",
            "note": "",
        },
        {
            "name": "华南理工大学",
            "kind": "school",
            "place": "440106",
            "side": "helper",
            "illustrative": "0",
            "note": "",
        },
        {
            "name": "广西大学",
            "kind": "school",
            "place": "450107",
            "side": "helped",
            "illustrative": "0",
            "note": "",
        },
        {
            "name": "深圳市腾讯计算机系统有限公司",
            "kind": "enterprise",
            "place": "440305",
            "side": "helper",
            "illustrative": "0",
            "note": "donated 1亿元 to the 深百小镇 relocation project (seed)",
        },
    ]
    add(
        "school",
        "",
        "华南理工大学",
        "",
        "广西大学",
        "2018-01-01",
        SEED + " (6 staff and 56 undergraduates at SCUT)",
        "0",
    )
    for p in county_pairs[:HOSPITAL_PAIRINGS]:
        helper_county = p["helper_place"] or DAPENG_PLACE
        helper_name = f"{names[helper_county[:4]]}{names[helper_county] if p['helper_place'] else '大鹏新区'}人民医院"
        helped_name = f"{names[p['helped']]}人民医院"
        organisations.append(
            {
                "name": helper_name,
                "kind": "hospital",
                "place": helper_county,
                "side": "helper",
                "illustrative": "1",
                "note": "",
            }
        )
        organisations.append(
            {
                "name": helped_name,
                "kind": "hospital",
                "place": p["helped"],
                "side": "helped",
                "illustrative": "1",
                "note": "",
            }
        )
        add(
            "hospital",
            "",
            helper_name,
            "",
            helped_name,
            "2018-01-01",
            SEED + " (15 county hospitals paired; which ones is illustrative)",
            "1",
        )
    organisations.extend(enterprises.values())

    OUT.mkdir(exist_ok=True)
    _write(
        OUT / "designations.csv",
        designations,
        ["code", "kind", "year_designated", "year_exited", "source", "illustrative"],
    )
    _write(
        OUT / "organisations.csv",
        organisations,
        ["name", "kind", "place", "side", "illustrative", "note"],
    )
    _write(
        OUT / "pairings.csv",
        pairings,
        [
            "kind",
            "helper_place",
            "helper_organisation",
            "helped_place",
            "helped_organisation",
            "started_on",
            "source",
            "illustrative",
            "note",
        ],
    )
    print(
        f"{len(designations)} designations, {len(organisations)} organisations, {len(pairings)} pairings"
    )


def _write(path: Path, rows: list[dict], columns: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
