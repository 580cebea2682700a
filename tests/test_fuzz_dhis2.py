"""Generated input for the DHIS2-compatible API under /api/: the query language of the
lists (`fields`, `filter`, `order`, paging), analytics' `dimension`/`filter` strings
(`dx:`, `pe:`, `ou:`), single data values, exports, and the import readers (JSON, CSV,
ADX and DHIS2 XML bodies to /api/dataValueSets, with `dryRun=true` and for real).

Whatever is sent, the answer is never a server error, and an error is DHIS2's web
message in JSON, never an HTML page. Each property tries `XIEZUO_FUZZ_EXAMPLES` examples
(default 40), derandomized and without a deadline, so that CI is reproducible and
bounded; raise the count locally to look harder.
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any
from xml.sax.saxutils import quoteattr

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("XIEZUO_FUZZ_EXAMPLES", "40"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# --- the words of the language, and what is near them

LISTS = ["organisationUnits", "dataElements", "dataSets", "indicators", "categoryCombos",
         "categoryOptionCombos", "categories", "organisationUnitLevels"]  # fmt: skip
PROPERTIES = ["id", "code", "name", "shortName", "displayName", "level", "path", "parent",
              "children", "ancestors", "leaf", "valueType", "periodType", "dataSetElements",
              "dataElement", "categoryCombo", "categoryOptionCombos", "translations",
              "created", "lastUpdated", "href", "zz", "", "*", ":all", ":identifiable",
              ":nameable", ":owner"]  # fmt: skip
TRANSFORMERS = ["rename(x)", "size", "isEmpty", "isNotEmpty", "pluck", "pluck(code)",
                "keyBy", "keyBy(code)", "ids", "rename(", "bogus(1)", ""]  # fmt: skip
OPERATORS = ["eq", "ieq", "ne", "like", "ilike", "!like", "$like", "like$", "!ilike", "gt",
             "ge", "lt", "le", "in", "!in", "null", "!null", "empty", "token", "!token",
             "zz", ""]  # fmt: skip
PLACES = ["45", "4510", "451024", "440305", "44", "LEVEL-1", "LEVEL-3", "LEVEL-9",
          "LEVEL-x", "USER_ORGUNIT", "USER_ORGUNIT_CHILDREN", "USER_ORGUNIT_GRANDCHILDREN",
          "999999", ""]  # fmt: skip
PERIODS = ["2019", "201901", "2019Q1", "2019S1", "2019W1", "20190101", "2019BiW1",
           "2019April", "THIS_YEAR", "LAST_YEAR", "LAST_12_MONTHS", "LAST_4_QUARTERS",
           "LAST_5_YEARS", "THIS_MONTH", "LAST_52_WEEKS", "201913", "0000", "99999999",
           "2019Q9", "-1", ""]  # fmt: skip
ELEMENTS = ["job_fairs", "people_trained", "funds_received", "job_fairs.zz",
            "people_trained.HllvX50cXC0", "bjDvmb4bfuf", "NOPE", ""]  # fmt: skip

# text as people and programs send it: odd unicode, numbers, near-miss words
odd = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
near = st.one_of(st.sampled_from(PROPERTIES + OPERATORS + PLACES + PERIODS + ELEMENTS), odd)
numberish = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "1e309", "-0", "0x10", "１２", "三", "1,000", " 7 "]),
)


@st.composite
def field_spec(draw: Any, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(PROPERTIES))
        if draw(st.booleans()):
            name = "!" + name
        if draw(st.integers(0, 4)) == 0:
            name += "::" + draw(st.sampled_from(TRANSFORMERS))
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            name += "[" + draw(field_spec(depth + 1)) + "]"
        parts.append(name)
    spec = ",".join(parts)
    if draw(st.integers(0, 5)) == 0:  # a bracket or colon out of place
        spec = draw(st.sampled_from(["[", "]", ":", "[[", ",", "::"])).join([spec, draw(odd)])
    return spec


@st.composite
def filter_spec(draw: Any) -> str:
    prop = draw(st.sampled_from([*PROPERTIES, "parent.id", "children.code", "a.b.c"]))
    op = draw(st.sampled_from(OPERATORS))
    value = draw(st.one_of(near, numberish, st.just("[a,b]"), st.just("[1,2")))
    return draw(
        st.sampled_from([f"{prop}:{op}:{value}", f"{prop}:{op}", prop, f"{prop}:{op}:{value}:x"])
    )


def dimension(prefix: str, items: list[str]) -> Any:
    return st.lists(st.one_of(st.sampled_from(items), odd), min_size=0, max_size=4).map(
        lambda chosen: f"{prefix}:" + ";".join(chosen)
    )


dimensions = st.one_of(
    dimension("dx", ELEMENTS),
    dimension("pe", PERIODS),
    dimension("ou", PLACES),
    dimension("co", ["", "poverty", "zz"]),
    st.sampled_from(["dx", "pe", "ou", ":", "dx:", "zz:1", "DE_GROUP-x", ""]),
    odd,
)


# --- clients and the check on every answer


@pytest.fixture
def clients(db: Any, labour_figures_typed: None) -> dict[str, Client]:
    """An ApiToken client for each demo role (tokens made by the test), and no one."""
    from xiezuo.accounts.models import User
    from xiezuo.accounts.services import token_create

    made = {"anonymous": Client()}
    for username in ("admin", "coordinator", "clerk", "viewer"):
        token = token_create(user=User.objects.get(username=username))[1]
        made[username] = Client(headers={"Authorization": f"ApiToken {token}"})
    return made


directions = st.sampled_from(["asc", "desc", "iasc", "zz", ""])
roles = st.sampled_from(["admin", "coordinator", "clerk", "viewer", "anonymous"])


def answered(response: Any) -> Any:
    """The answer is no server error; an error is DHIS2's web message in JSON."""
    request = response.request
    where = "{} {}?{}".format(
        request.get("REQUEST_METHOD"), request.get("PATH_INFO"), request.get("QUERY_STRING", "")
    )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code < 500, (where, response.status_code, content[:500])
    kind = response.get("Content-Type", "")
    assert not kind.startswith("text/html"), (where, kind)
    if response.status_code >= 400:
        assert kind.startswith("application/json"), (where, kind)
        body = json.loads(content)
        # DHIS2 2.40 answers an import that refused some values (and wrote the others) with
        # 409 and status WARNING
        warned = body["status"] == "WARNING" and response.status_code == 409
        assert body["status"] == "ERROR" or warned, body
        assert body["httpStatusCode"] == response.status_code
        assert body["message"], body
    return response


# --- the query language of the lists


@BOUNDED
@given(
    role=roles,
    collection=st.sampled_from(LISTS),
    params=st.fixed_dictionaries(
        {},
        optional={
            "fields": st.lists(field_spec(), max_size=2),
            "filter": st.lists(filter_spec(), max_size=3),
            "order": st.lists(st.tuples(st.sampled_from(PROPERTIES), directions).map(":".join),
                              max_size=2),
            "page": st.lists(numberish, max_size=1),
            "pageSize": st.lists(numberish, max_size=1),
            "paging": st.lists(st.sampled_from(["false", "true", "no", ""]), max_size=1),
            "rootJunction": st.lists(st.sampled_from(["OR", "AND", "xor"]), max_size=1),
            "query": st.lists(near, max_size=1),
            "level": st.lists(numberish, max_size=1),
            "maxLevel": st.lists(numberish, max_size=1),
            "userOnly": st.lists(st.sampled_from(["true", "false", "1"]), max_size=1),
            "locale": st.lists(st.sampled_from(["en", "zh", "fr", "", "x" * 50]), max_size=1),
        },
    ),
    version=st.sampled_from(["", "40/"]),
)  # fmt: skip
def test_list_queries_never_fail(clients, role, collection, params, version):
    if collection == "organisationUnits" and params.get("paging") == ["false"]:
        # all of Guangdong's and Guangxi's places at once: right, but too slow to repeat
        params["filter"] = [*params.get("filter", []), "level:le:2"]
    answered(clients[role].get(f"/api/{version}{collection}", params))


@BOUNDED
@given(
    role=roles,
    path=st.one_of(
        st.sampled_from(["me", "system/info", "organisationUnits/451024",
                         "dataElements/job_fairs", "dataSets/LABOUR",
                         "organisationUnitLevels/1"]),
        st.builds(lambda c, k: f"{c}/{k}", st.sampled_from(LISTS),
                  st.from_regex(r"[A-Za-z0-9_]{1,20}", fullmatch=True)),
    ),
    fields=st.lists(field_spec(), max_size=2),
)  # fmt: skip
def test_one_object_with_any_fields_never_fails(clients, role, path, fields):
    answered(clients[role].get(f"/api/{path}", {"fields": fields}))


# --- analytics


@BOUNDED
@given(
    role=roles,
    dims=st.lists(dimensions, min_size=0, max_size=4),
    filters=st.lists(dimensions, max_size=2),
    extra=st.fixed_dictionaries(
        {},
        optional={
            "skipMeta": st.sampled_from(["true", "false", "x"]),
            "displayProperty": st.sampled_from(["NAME", "SHORTNAME", "zz"]),
            "outputIdScheme": st.sampled_from(["UID", "CODE", "NAME", "zz"]),
            "locale": st.sampled_from(["en", "zh", ""]),
        },
    ),
)
def test_analytics_requests_never_fail(clients, role, dims, filters, extra):
    answered(clients[role].get("/api/analytics", {"dimension": dims, "filter": filters, **extra}))


@BOUNDED
@given(
    role=roles,
    params=st.fixed_dictionaries(
        {},
        optional={
            "de": st.sampled_from(ELEMENTS) | odd,
            "pe": st.sampled_from(PERIODS) | odd,
            "ou": st.sampled_from(PLACES) | odd,
            "co": st.sampled_from(["", "HllvX50cXC0", "zz"]) | odd,
            "value": numberish | odd,
            "comment": odd,
        },
    ),
    method=st.sampled_from(["get", "post", "delete"]),
)
def test_single_data_values_never_fail(clients, role, params, method):
    client = clients[role]
    if method == "get":
        answered(client.get("/api/dataValues", params))
    else:
        from urllib.parse import urlencode

        answered(getattr(client, method)("/api/dataValues?" + urlencode(params)))


@BOUNDED
@given(
    role=roles,
    params=st.fixed_dictionaries(
        {},
        optional={
            "dataSet": st.sampled_from(["LABOUR", "zz", ""]) | odd,
            "orgUnit": st.lists(st.sampled_from(PLACES) | odd, max_size=2),
            "period": st.lists(st.sampled_from(PERIODS) | odd, max_size=2),
            "startDate": st.sampled_from(["2019-01-01", "2019-13-01", "0001-01-01", "x"]),
            "endDate": st.sampled_from(["2019-06-30", "2018-01-01", "2020-02-30", ""]),
            "children": st.sampled_from(["true", "false"]),
            "idScheme": st.sampled_from(["CODE", "UID", "zz"]),
        },
    ),
    suffix=st.sampled_from(["", ".json", ".csv", ".adx", ".xml", ".xlsx"]),
)
def test_exports_never_fail(clients, role, params, suffix):
    answered(clients[role].get(f"/api/dataValueSets{suffix}", params))


# --- the import readers

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False), odd, numberish,
    st.sampled_from(["2019-01-01", "2019-02-30", "1900-01-01T00:00:00", "９"]),
)  # fmt: skip
json_any = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd, inner, max_size=3),
    max_leaves=12,
)
value_row = st.fixed_dictionaries(
    {},
    optional={
        "dataElement": st.sampled_from(ELEMENTS) | json_any,
        "period": st.sampled_from(PERIODS) | json_any,
        "orgUnit": st.sampled_from(PLACES) | json_any,
        "categoryOptionCombo": st.sampled_from(["HllvX50cXC0", "zz"]) | json_any,
        "attributeOptionCombo": st.sampled_from(["HllvX50cXC0", "zz"]) | json_any,
        "value": numberish | json_any,
        "comment": odd | json_any,
        "followup": json_any,
        "storedBy": odd,
        "created": st.sampled_from(["2019-01-01", "zz"]),
    },
)
value_set = st.fixed_dictionaries(
    {},
    optional={
        "dataSet": st.sampled_from(["LABOUR", "zz"]) | json_any,
        "period": st.sampled_from(PERIODS) | json_any,
        "orgUnit": st.sampled_from(PLACES) | json_any,
        "completeDate": st.sampled_from(["2019-02-01", "x"]) | json_any,
        "dataValues": st.lists(value_row, max_size=4) | json_any,
    },
)
import_params = st.fixed_dictionaries(
    {"dryRun": st.just("true")},
    optional={
        "idScheme": st.sampled_from(["CODE", "UID", "zz"]),
        "dataElementIdScheme": st.sampled_from(["CODE", "UID", "NAME"]),
        "orgUnitIdScheme": st.sampled_from(["CODE", "UID"]),
        "importStrategy": st.sampled_from(["CREATE_AND_UPDATE", "DELETE", "zz"]),
        "skipExistingCheck": st.sampled_from(["true", "x"]),
        "preheatCache": st.sampled_from(["true", "false"]),
    },
)


def post_body(client: Client, path: str, params: dict[str, str], body: bytes, kind: str) -> Any:
    from urllib.parse import urlencode

    return client.post(f"{path}?{urlencode(params)}", body, content_type=kind)


@BOUNDED
@given(
    role=roles,
    body=st.one_of(value_set, json_any, st.lists(value_row, max_size=3)),
    params=import_params,
    raw=st.sampled_from(["", "truncate", "surrogate", "bom"]),
)
def test_json_imports_never_fail(clients, role, body, params, raw):
    text = json.dumps(body, default=str)
    if raw == "truncate":
        text = text[: len(text) // 2]
    elif raw == "surrogate":
        text = text.replace('"', '"\\ud800', 1)
    data = text.encode()
    if raw == "bom":
        data = b"\xef\xbb\xbf" + data
    answered(post_body(clients[role], "/api/dataValueSets", params, data, "application/json"))


csv_cell = st.one_of(
    st.sampled_from(ELEMENTS + PERIODS + PLACES + ["HllvX50cXC0", "true"]), numberish, odd
)


@BOUNDED
@given(
    role=roles,
    header=st.booleans(),
    rows=st.lists(st.lists(csv_cell, max_size=8), max_size=5),
    params=import_params,
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"]),
    kind=st.sampled_from(["application/csv", "text/csv"]),
)
def test_csv_imports_never_fail(clients, role, header, rows, params, encoding, kind):
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(["dataelement", "period", "orgunit", "categoryoptioncombo",
                         "attributeoptioncombo", "value", "storedby", "lastupdated",
                         "comment", "followup"])  # fmt: skip
    writer.writerows(rows)
    data = out.getvalue().encode(encoding, errors="replace")
    answered(post_body(clients[role], "/api/dataValueSets", params, data, kind))


def attrs(pairs: dict[str, str]) -> str:
    return "".join(f" {name}={quoteattr(value)}" for name, value in pairs.items())


xml_name = st.sampled_from(["dataElement", "value", "period", "orgUnit", "poverty", "zz",
                            "categoryOptionCombo", "comment"])  # fmt: skip
xml_value = st.one_of(
    st.sampled_from(ELEMENTS + PERIODS + PLACES + ["2019-01-01/P1M", "2019-01-01/P1Y",
                                                  "2019-13-01/P1M", "x/P9Z"]),
    numberish, st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]),
                       max_size=8),
)  # fmt: skip


@BOUNDED
@given(
    role=roles,
    adx=st.booleans(),
    groups=st.lists(
        st.tuples(
            st.dictionaries(
                st.sampled_from(["dataSet", "orgUnit", "period", "zz"]), xml_value, max_size=4
            ),
            st.lists(st.dictionaries(xml_name, xml_value, max_size=5), max_size=3),
        ),
        max_size=3,
    ),
    params=import_params,
    mangle=st.sampled_from(["", "truncate", "doctype", "no-namespace"]),
)
def test_xml_imports_never_fail(clients, role, adx, groups, params, mangle):
    if adx:
        inner = "".join(
            f"<group{attrs(group)}>" + "".join(f"<dataValue{attrs(v)}/>" for v in values)
            + "</group>"
            for group, values in groups
        )  # fmt: skip
        text = f'<adx xmlns="urn:ihe:qrph:adx:2015">{inner}</adx>'
        kind = "application/adx+xml"
    else:
        values = [v for _, vs in groups for v in vs]
        head = groups[0][0] if groups else {}
        inner = "".join(f"<dataValue{attrs(v)}/>" for v in values)
        text = f'<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0"{attrs(head)}>{inner}</dataValueSet>'
        kind = "application/xml"
    if mangle == "truncate":
        text = text[: len(text) // 2]
    elif mangle == "doctype":
        text = '<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>' + text.replace(
            "<dataValue", "<dataValue c='&a;'", 1
        )
    elif mangle == "no-namespace":
        text = text.replace(' xmlns="urn:ihe:qrph:adx:2015"', "").replace(
            ' xmlns="http://dhis2.org/schema/dxf/2.0"', ""
        )
    answered(post_body(clients[role], "/api/dataValueSets", params, text.encode(), kind))


@BOUNDED
@given(
    value=numberish,
    period=st.sampled_from(["201901", "201902", "2019Q1", "2019", "THIS_YEAR", "201913"]),
    element=st.sampled_from(["job_fairs", "people_trained", "funds_received"]),
    comment=odd,
)
def test_real_imports_never_fail_and_write_what_they_report(
    clients, value, period, element, comment
):
    """Imports that are not dry runs: what the summary counts as imported is stored."""
    from xiezuo.indicators.models import DataValue

    body = {"dataValues": [{"dataElement": element, "period": period, "orgUnit": "451024",
                            "value": value, "comment": comment}]}  # fmt: skip
    response = answered(
        clients["clerk"].post(
            "/api/dataValueSets", json.dumps(body), content_type="application/json"
        )
    )
    if response.status_code == 200:
        counts = response.json()["response"]["importCount"]
        stored = DataValue.objects.filter(
            data_element__code=element, place__code="451024", period=period
        ).exists()
        assert stored or counts["imported"] + counts["updated"] == 0, response.json()
