"""Two more DHIS2 client libraries from PyPI, unchanged, against a real Xiezuo server.

dhis2-fetch (`Dhis2Client`: Basic authentication checked on `/api/me`, then org unit trees,
a data set's elements and combos, raw values from `/api/dataValueSets` and figures from
`/api/analytics` stored in a local SQLite job file; it never writes to DHIS2, so values are
posted with plain `requests`, as its users do) and pydhis2 (`SyncDHIS2Client`: aiohttp with
Basic authentication, `datavaluesets.push`/`pull`, `analytics.to_pandas`; paging with the
asynchronous client's `get_paginated`).

The values are students_funded (教育协作, yearly; one category of two options) at Debao,
which the clerk may write, in years no demo record and no other test uses: each test its own
year, so the figures asked of analytics are exactly the values the test wrote.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from dhis2_fetch import Dhis2Client
from dhis2_fetch.exceptions import AuthenticationError
from pydhis2.core.client import AsyncDHIS2Client, SyncDHIS2Client
from pydhis2.core.errors import RetryExhausted
from pydhis2.core.types import AnalyticsQuery, DHIS2Config, ImportConfig, ImportStrategy

from .conftest import SERVER_PASSWORD


@dataclass(frozen=True)
class Uids:
    """The identifiers a client is given, read from the server (a demo load makes its own)."""

    debao: str
    element: str  # students_funded
    data_set: str  # its data set, 教育协作 (yearly)
    outward: str  # its combo 普通高中
    inward: str  # and 中等职业学校


def read(url: str, path: str, **params: str) -> dict:
    answer = requests.get(
        f"{url}/api/{path}", params=params, auth=("clerk", SERVER_PASSWORD), timeout=30
    )
    answer.raise_for_status()
    return answer.json()


@pytest.fixture(scope="module")
def uids(dhis2_server) -> Uids:
    url = dhis2_server.url
    [element] = read(
        url,
        "dataElements",
        filter="code:eq:students_funded",
        fields="id,categoryCombo[categoryOptionCombos[id,name]]",
    )["dataElements"]
    combos = {c["name"]: c["id"] for c in element["categoryCombo"]["categoryOptionCombos"]}
    [data_set] = read(url, "dataSets", filter="code:eq:EDUCATION", fields="id")["dataSets"]
    return Uids(
        debao=read(url, "organisationUnits/451024", fields="id")["id"],
        element=element["id"],
        data_set=data_set["id"],
        outward=combos["普通高中"],
        inward=combos["中等职业学校"],
    )


def post_values(url: str, uids: Uids, period: str, values: dict[str, str]) -> None:
    """The clerk posts one value per category option combo of students_funded."""
    answer = requests.post(
        f"{url}/api/dataValueSets",
        json={
            "dataSet": uids.data_set,
            "period": period,
            "orgUnit": uids.debao,
            "dataValues": [
                {"dataElement": uids.element, "categoryOptionCombo": combo, "value": value}
                for combo, value in values.items()
            ],
        },
        auth=("clerk", SERVER_PASSWORD),
        timeout=30,
    )
    assert answer.status_code == 200, answer.text


# --- dhis2-fetch


@pytest.fixture
def fetch(dhis2_server) -> Dhis2Client:
    return Dhis2Client(dhis2_server.url, "clerk", SERVER_PASSWORD, max_attempts=1, quiet=True)


def job_rows(db_path: Path) -> list[tuple[str, str, str, str, str | None]]:
    """The (dx, pe, ou, value, co) rows dhis2-fetch stored in its job file."""
    with closing(sqlite3.connect(db_path)) as conn:
        return sorted(conn.execute("SELECT dx, pe, ou, value, co FROM data").fetchall())


def test_dhis2_fetch_signs_in_and_reads_the_levels(fetch):
    assert fetch.fetch_orgunit_levels() == {1: "省", 2: "市", 3: "县", 4: "乡镇", 5: "村"}


def test_dhis2_fetch_is_refused_with_a_wrong_password(dhis2_server):
    with pytest.raises(AuthenticationError):
        Dhis2Client(dhis2_server.url, "clerk", "not-the-password", max_attempts=1, quiet=True)


def test_dhis2_fetch_builds_the_tree_of_a_countys_townships(fetch, dhis2_server, uids):
    debao = uids.debao
    tree = fetch.fetch_orgunit_tree(4, boundary_ou_uids=[debao])
    townships = requests.get(
        f"{dhis2_server.url}/api/organisationUnits/{debao}",
        params={"fields": "children[id]"},
        auth=("clerk", SERVER_PASSWORD),
        timeout=30,
    ).json()["children"]
    assert sorted(tree["乡镇_uid"]) == sorted(t["id"] for t in townships)
    assert set(tree["县"]) == {"德保县"} and set(tree["市"]) == {"百色市"}
    assert set(tree["省"]) == {"广西壮族自治区"}


def test_dhis2_fetch_lists_a_data_sets_elements_and_their_combos(fetch, uids):
    elements = fetch.fetch_dataset_elements([uids.data_set])
    mine = elements[elements["dx"] == uids.element]
    assert dict(zip(mine["coc_id"], mine["coc_name"], strict=True)) == {
        uids.outward: "普通高中",
        uids.inward: "中等职业学校",
    }
    assert set(mine["colnamesimple"]) == {
        "资助贫困学生|普通高中",
        "资助贫困学生|中等职业学校",
    }


def test_dhis2_fetch_downloads_the_values_posted_to_a_data_set(fetch, dhis2_server, tmp_path, uids):
    post_values(dhis2_server.url, uids, "2011", {uids.outward: "3", uids.inward: "5"})
    debao = uids.debao
    outcome = fetch.download_dataset_values(
        tmp_path / "job.db", [uids.data_set], [uids.element], ["2011"], [debao]
    )
    assert outcome["Failed"] == [] and outcome["Skipped"] == []
    assert job_rows(tmp_path / "job.db") == [
        (uids.element, "2011", debao, "3", uids.outward),
        (uids.element, "2011", debao, "5", uids.inward),
    ]


def test_dhis2_fetch_analytics_figure_is_the_sum_of_the_stored_values(
    fetch, dhis2_server, tmp_path, uids
):
    post_values(dhis2_server.url, uids, "2012", {uids.outward: "4", uids.inward: "9"})
    debao = uids.debao
    fetch.download_dataset_values(
        tmp_path / "raw.db", [uids.data_set], [uids.element], ["2012"], [debao]
    )
    stored = sum(float(row[3]) for row in job_rows(tmp_path / "raw.db"))
    assert stored == 13

    outcome = fetch.download_data_analytics(
        tmp_path / "analytics.db", [uids.element], ["2012"], f"ou:{debao}"
    )
    assert outcome["Yes"] == [uids.element] and outcome["Failed"] == outcome["Skipped"] == []
    [(dx, pe, ou, value, co)] = job_rows(tmp_path / "analytics.db")
    assert (dx, pe, ou, co) == (uids.element, "2012", debao, None)
    assert float(value) == stored


def test_dhis2_fetch_analytics_by_combo_counts_each_value_once(fetch, dhis2_server, tmp_path, uids):
    post_values(dhis2_server.url, uids, "2010", {uids.outward: "2", uids.inward: "7"})
    debao = uids.debao
    outcome = fetch.download_data_analytics(
        tmp_path / "job.db",
        [uids.element],
        ["2010"],
        f"ou:{debao}",
        extra_dims={uids.element: [("co", uids.outward), ("co", uids.inward)]},
    )
    assert outcome["Failed"] == outcome["Skipped"] == []
    assert job_rows(tmp_path / "job.db") == [
        (uids.element, "2010", debao, "2", uids.outward),
        (uids.element, "2010", debao, "7", uids.inward),
    ]


def test_dhis2_fetch_downloads_a_table_of_figures_and_data_set_values(
    fetch, dhis2_server, tmp_path, uids
):
    post_values(dhis2_server.url, uids, "2009", {uids.outward: "1", uids.inward: "6"})
    debao = uids.debao
    common = {
        "start_period": "2009",
        "end_period": "2009",
        "period_unit": "Year",
        "download_level": 3,
        "filter_ou_uids": [debao],
        "country_name": "Guangxi",
        "ou_attributes": False,
        "output_dir": str(tmp_path),
    }
    figures = fetch.download_data([uids.element], job_name="figures", **common)
    [row] = figures.to_dict("records")
    assert (row["pe"], row["县"], row["资助贫困学生"]) == ("2009", "德保县", 7)

    values = fetch.download_data(
        [uids.data_set],
        job_name="values",
        dataset_choices={uids.data_set: {"elements": [uids.element], "metrics": False}},
        **common,
    )
    [row] = values.to_dict("records")
    assert row["教育协作_资助贫困学生|普通高中"] == 1
    assert row["教育协作_资助贫困学生|中等职业学校"] == 6


# --- pydhis2


def pydhis2_config(url: str, password: str = SERVER_PASSWORD) -> DHIS2Config:
    return DHIS2Config(
        base_url=url,
        auth=("clerk", password),
        max_retries=1,  # one attempt: a refusal is not retried
        enable_cache=False,
    )


@pytest.fixture
def pydhis2(dhis2_server) -> Iterator[SyncDHIS2Client]:
    with SyncDHIS2Client(pydhis2_config(dhis2_server.url)) as client:
        yield client
    asyncio.set_event_loop(None)  # the client leaves its closed loop installed


def test_pydhis2_reads_system_info_and_the_signed_in_user(pydhis2):
    assert pydhis2.get("/api/system/info")["version"] == "2.40.0"
    me = pydhis2.get("/api/me", params={"fields": "username,organisationUnits[name]"})
    assert me == {"username": "clerk", "organisationUnits": [{"name": "德保县"}]}


def test_pydhis2_is_refused_with_a_wrong_password(dhis2_server):
    config = pydhis2_config(dhis2_server.url, "not-the-password")
    with SyncDHIS2Client(config) as client, pytest.raises(RetryExhausted) as refused:
        client.get("/api/me")
    asyncio.set_event_loop(None)
    assert "Authentication failed" in str(refused.value.last_error)


def test_pydhis2_pages_through_organisation_units_with_fields_and_filters(dhis2_server):
    async def prefectures_of_guangxi() -> list[dict]:
        # paging is the asynchronous client's (the synchronous one has no get_paginated)
        async with AsyncDHIS2Client(pydhis2_config(dhis2_server.url)) as client:
            return await client.get_paginated(
                "/api/organisationUnits",
                params={"filter": ["level:eq:2", "code:$like:45"], "fields": "id,code,name"},
                page_size=5,
            )

    prefectures = asyncio.run(prefectures_of_guangxi())
    codes = [p["code"] for p in prefectures]
    assert len(codes) == len(set(codes)) == 14  # Guangxi's prefectures, each once
    assert all(code.startswith("45") for code in codes)


def test_pydhis2_reads_data_elements_with_fields_and_filters(pydhis2, uids):
    body = pydhis2.get(
        "/api/dataElements",
        params={
            "filter": "code:in:[students_funded,principals_trained]",
            "fields": "id,code,valueType,categoryCombo[categoryOptionCombos[id]]",
            "paging": "false",
        },
    )
    elements = {e["code"]: e for e in body["dataElements"]}
    assert set(elements) == {"students_funded", "principals_trained"}
    assert elements["students_funded"]["id"] == uids.element
    combos = elements["students_funded"]["categoryCombo"]["categoryOptionCombos"]
    assert {c["id"] for c in combos} == {uids.outward, uids.inward}


def test_pydhis2_pushes_a_data_value_set_and_pulls_it_back(pydhis2, dhis2_server, uids):
    debao = uids.debao
    summary = pydhis2.datavaluesets.push(
        {
            "dataSet": uids.data_set,
            "period": "2008",
            "orgUnit": debao,
            "dataValues": [
                {"dataElement": uids.element, "categoryOptionCombo": uids.outward, "value": "12"},
                {"dataElement": uids.element, "categoryOptionCombo": uids.inward, "value": "30"},
            ],
        }
    )
    # DHIS2 2.38+ wraps the ImportSummary in a web message: pydhis2's own counters read
    # the top level, so an integrator reads the response
    assert summary.status == "OK"
    assert summary.raw_data["response"]["importCount"]["imported"] == 2

    pulled = pydhis2.datavaluesets.pull(data_set=uids.data_set, org_unit=debao, period="2008")
    assert dict(zip(pulled["categoryOptionCombo"], pulled["value"], strict=True)) == {
        uids.outward: 12,
        uids.inward: 30,
    }
    assert set(pulled["storedBy"]) == {"clerk"}
    assert pulled["lastUpdated"].notna().all()  # parsed as dates by pandas


def test_pydhis2_deletes_with_the_strategy_it_sends(pydhis2, dhis2_server, uids):
    debao = uids.debao
    post_values(dhis2_server.url, uids, "2007", {uids.outward: "8", uids.inward: "1"})
    summary = pydhis2.datavaluesets.push(
        {
            "dataSet": uids.data_set,
            "period": "2007",
            "orgUnit": debao,
            "dataValues": [
                {"dataElement": uids.element, "categoryOptionCombo": uids.outward, "value": "8"}
            ],
        },
        config=ImportConfig(strategy=ImportStrategy.DELETE),  # sent as ?strategy=DELETE
    )
    assert summary.raw_data["response"]["importCount"]["deleted"] == 1
    pulled = pydhis2.datavaluesets.pull(data_set=uids.data_set, org_unit=debao, period="2007")
    assert list(pulled["categoryOptionCombo"]) == [uids.inward]


def test_pydhis2_analytics_figure_is_the_sum_of_the_stored_values(pydhis2, dhis2_server, uids):
    post_values(dhis2_server.url, uids, "2006", {uids.outward: "5", uids.inward: "16"})
    debao = uids.debao
    stored = pydhis2.datavaluesets.pull(data_set=uids.data_set, org_unit=debao, period="2006")
    assert stored["value"].sum() == 21

    figures = pydhis2.analytics.to_pandas(AnalyticsQuery(dx=uids.element, pe="2006", ou=debao))
    [row] = figures.to_dict("records")
    assert (row["dx"], row["period"], row["orgUnit"]) == (uids.element, "2006", debao)
    assert row["value"] == stored["value"].sum()


def test_pydhis2_analytics_by_one_combo_answers_that_combo(pydhis2, dhis2_server, uids):
    post_values(dhis2_server.url, uids, "2005", {uids.outward: "10", uids.inward: "20"})
    debao = uids.debao
    figures = pydhis2.analytics.to_pandas(
        AnalyticsQuery(dx=uids.element, pe="2005", ou=debao, co=uids.outward)
    )
    assert figures[["categoryOptionCombo", "value"]].to_dict("records") == [
        {"categoryOptionCombo": uids.outward, "value": 10}
    ]
