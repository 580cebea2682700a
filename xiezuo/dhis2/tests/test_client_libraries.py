"""DHIS2 client libraries from PyPI, unchanged, against a real Xiezuo server.

dhis2.py (`from dhis2 import Api`: Basic authentication, `.json` suffixes,
`get_paged`; it has no helper for async imports, so the test polls as its
users do) and dhis2-client (`DHIS2Client`: a personal access token sent as
`Authorization: ApiToken …`, JSON bodies for data values, paging by `pager`).
"""

import time

import pytest
from dhis2 import Api
from dhis2.exceptions import RequestException
from dhis2_client import DHIS2Client
from dhis2_client.errors import DHIS2HTTPError

from .conftest import SERVER_PASSWORD

DEFAULT_COMBO = "HllvX50cXC0"


@pytest.fixture
def admin(dhis2_server):
    return Api(dhis2_server.url, "admin", SERVER_PASSWORD)


@pytest.fixture
def clerk(dhis2_server):
    return Api(dhis2_server.url, "clerk", SERVER_PASSWORD)


@pytest.fixture
def client(dhis2_server, server_token):
    client = DHIS2Client(dhis2_server.url, token=server_token, retries=0)
    yield client
    client.close()


def uid_of(api, code):
    return api.get(f"organisationUnits/{code}", params={"fields": "id"}).json()["id"]


# The values written use social_funds_raised, a typed figure: job_fairs is owned by the job
# fair register (the server runs in its own process, so its source cannot be set aside).

# --- dhis2.py


def test_dhis2_py_reads_the_version_it_branches_on(admin):
    assert admin.version == "2.40.0"
    assert admin.version_int == 40


def test_dhis2_py_lists_organisation_units_with_fields_and_filters(admin):
    body = admin.get(
        "organisationUnits",
        params={"fields": "id,name,level,path", "filter": "level:eq:1", "paging": "false"},
    ).json()
    provinces = {u["name"]: u for u in body["organisationUnits"]}
    assert set(provinces) == {"广东省", "广西壮族自治区"}
    assert provinces["广西壮族自治区"]["path"] == "/" + provinces["广西壮族自治区"]["id"]


def test_dhis2_py_pages_through_a_list(admin):
    merged = admin.get_paged(
        "organisationUnits",
        params={"filter": "level:eq:2", "fields": "id,code"},
        page_size=10,
        merge=True,
    )
    codes = {u["code"] for u in merged["organisationUnits"]}
    assert len(codes) == 21 + 14  # Guangdong's and Guangxi's prefectures
    assert {"4403", "4510"} <= codes


def test_dhis2_py_reads_the_catalogue(admin):
    body = admin.get(
        "dataElements",
        params={"filter": "code:eq:fiscal_aid", "fields": "id,valueType,categoryCombo[id]"},
    ).json()
    [element] = body["dataElements"]
    assert element["valueType"] == "NUMBER"
    assert element["categoryCombo"] == {"id": "bjDvmb4bfuf"}


def test_dhis2_py_saves_reads_and_deletes_a_data_value(clerk):
    params = {
        "de": "social_funds_raised",
        "pe": "201910",
        "ou": uid_of(clerk, "451024"),
        "co": DEFAULT_COMBO,
    }
    assert clerk.post("dataValues", params={**params, "value": "5"}).status_code == 201
    assert clerk.get("dataValues", params=params).json() == ["5"]
    assert clerk.delete("dataValues", params=params).status_code == 204


def test_dhis2_py_sees_a_saved_value_in_analytics(clerk):
    debao = uid_of(clerk, "451024")
    clerk.post(
        "dataValues",
        params={"de": "social_funds_raised", "pe": "201911", "ou": debao, "value": "6"},
    )
    query = [
        ("dimension", "dx:social_funds_raised"),
        ("dimension", "pe:201911"),
        ("filter", f"ou:{debao}"),
    ]
    body = clerk.get("analytics", params=query).json()
    assert body["rows"][0][1:] == ["201911", "6"]
    assert body["metaData"]["items"][debao]["name"] == "德保县"


def test_dhis2_py_imports_a_large_file_asynchronously_and_polls_for_its_summary(clerk):
    places = clerk.get(
        "organisationUnits",
        params={"filter": "code:$like:451024", "fields": "code", "paging": "false"},
    ).json()["organisationUnits"]
    values = [
        {
            "dataElement": "social_funds_raised",
            "period": f"{year}{month:02}",
            "orgUnit": p["code"],
            "value": "1",
        }
        for p in places
        for year in (2001, 2002, 2003)
        for month in range(1, 13)
    ]  # over 512 KB: a thread imports it after the answer
    answer = clerk.post("dataValueSets", json={"dataValues": values}, params={"async": "true"})
    job = answer.json()["response"]
    assert job["jobStatus"] == "SCHEDULED"
    endpoint = job["relativeNotifierEndpoint"].removeprefix("/api/")
    deadline = time.monotonic() + 60
    while not (notifications := clerk.get(endpoint).json())[0]["completed"]:
        assert time.monotonic() < deadline, notifications
        time.sleep(0.2)
    summary = clerk.get(endpoint.replace("/tasks/", "/taskSummaries/")).json()
    assert summary["status"] == "SUCCESS", summary["description"]
    assert summary["importCount"]["imported"] == len(values) > 7000


def test_dhis2_py_is_refused_with_a_wrong_password(dhis2_server):
    with pytest.raises(RequestException) as refused:
        Api(dhis2_server.url, "viewer", "not-the-password").get("me")
    assert refused.value.code == 401


# --- dhis2-client, with a personal access token


def test_dhis2_client_authenticates_with_a_personal_access_token(client):
    assert client.get_system_info()["version"] == "2.40.0"
    me = client.get_current_user(fields="username,organisationUnits[name]")
    assert me == {"username": "clerk", "organisationUnits": [{"name": "德保县"}]}


def test_dhis2_client_pages_and_walks_the_tree(client):
    counties = list(
        client.get_organisation_units(level=3, fields="id,name", filter="name:like:德保")
    )
    assert [c["name"] for c in counties] == ["德保县"]
    tree = client.get_org_unit_tree(counties[0]["id"], levels=2)
    assert tree["level"] == 3 and tree["children"]
    assert all(child["level"] == 4 for child in tree["children"])


def test_dhis2_client_reads_data_elements_and_their_data_sets(client):
    [element] = list(
        client.get_data_elements(
            fields="id,dataSetElements[dataSet[id,name,periodType]]", filter="code:eq:job_fairs"
        )
    )
    periods = {d["dataSet"]["periodType"] for d in element["dataSetElements"]}
    assert periods == {"Monthly"}


def test_dhis2_client_sets_reads_and_deletes_a_data_value_with_a_json_body(client):
    debao = client.get_org_unit("451024", fields="id")["id"]
    element = next(
        iter(client.get_data_elements(fields="id", filter="code:eq:social_funds_raised"))
    )["id"]
    client.set_data_value(element, "201912", debao, 7, co=DEFAULT_COMBO)
    assert client.get_data_value(element, "201912", debao) == ["7"]
    client.delete_data_value(element, "201912", debao, co=DEFAULT_COMBO)
    with pytest.raises(DHIS2HTTPError) as gone:
        client.get_data_value(element, "201912", debao)
    assert gone.value.status_code == 409


def test_dhis2_client_is_refused_outside_the_clerks_scope(client):
    duan = client.get_org_unit("451228", fields="id")["id"]
    with pytest.raises(DHIS2HTTPError) as refused:
        client.set_data_value("job_fairs", "201912", duan, 1, co=DEFAULT_COMBO)
    assert refused.value.status_code == 403


def test_dhis2_client_asks_for_analytics(client):
    body = client.get_analytics_data(
        dx="job_fairs", pe="2017", ou="LEVEL-2;451024", displayProperty="NAME", skipMeta=True
    )
    assert [h["name"] for h in body["headers"]] == ["dx", "pe", "ou", "value"]
    assert body["rows"] and "metaData" not in body
