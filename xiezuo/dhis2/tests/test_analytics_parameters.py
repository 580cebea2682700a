"""/api/analytics honours or refuses every query parameter of DHIS2 2.40's analytics API.

A parameter that a client sends and the server ignores gives a wrong figure
with a 200; so each one is either applied (the table asserts its effect) or
refused with a 409 naming it.
"""

from collections.abc import Callable
from typing import Any

import pytest

from xiezuo.dhis2.tests.test_analytics import save
from xiezuo.indicators.models import Approval, DataElement, DataSet, Indicator
from xiezuo.places.models import Place
from xiezuo.uids import stable_uid

pytestmark = pytest.mark.django_db

URL = "/api/analytics"

# The fields of dhis2-core 2.40's AggregateAnalyticsQueryCriteria, which binds the query
# parameters of /api/analytics (AnalyticsController) to DataQueryRequest.
DHIS2_PARAMETERS = {
    "dimension",
    "filter",
    "aggregationType",
    "measureCriteria",
    "preAggregationMeasureCriteria",
    "startDate",
    "endDate",
    "userOrgUnitType",
    "order",
    "timeField",
    "orgUnitField",
    "skipMeta",
    "skipData",
    "skipRounding",
    "completedOnly",
    "hierarchyMeta",
    "ignoreLimit",
    "hideEmptyRows",
    "hideEmptyColumns",
    "showHierarchy",
    "includeNumDen",
    "includeMetadataDetails",
    "displayProperty",
    "outputIdScheme",
    "outputOrgUnitIdScheme",
    "outputDataElementIdScheme",
    "inputIdScheme",
    "approvalLevel",
    "relativePeriodDate",
    "userOrgUnit",
    "columns",
    "rows",
}
# parameters outside that list which older DHIS2 versions read and clients still send
LEGACY_PARAMETERS = {"tableLayout", "format"}


@pytest.fixture
def figures():
    """Job fairs in 2019, when the demo has none: Debao 2 and 3, Napo 4; and people trained
    in Debao: 2 poor, 1 not poor (a poor share of 66.67 %)."""
    save("job_fairs", "451024", "201901", 2)
    save("job_fairs", "451024", "201902", 3)
    save("job_fairs", "451026", "201901", 4)
    save("people_trained", "451024", "201901", 2, "poverty=poor")
    save("people_trained", "451024", "201901", 1, "poverty=not_poor")


def uid(code):
    return DataElement.objects.get(code=code).uid


def ou(code):
    return Place.objects.get(code=code).uid


# Each request asks for job fairs in January 2019 by county (Debao 2, Napo 4) unless the
# case changes the dimensions or filters.
BASE = {"dimension": ["dx:job_fairs", "pe:201901", "ou:451024;451026"]}
BY_UNIT = {"dimension": ["dx:job_fairs", "ou:451024;451026"], "filter": "pe:201901;201902"}
SHARE = {"dimension": ["dx:poor_share_trained", "pe:201901"], "filter": "ou:451024"}


def cells(body):
    """{(ou, value)} of a body whose last two columns are ou and value."""
    return {(row[-2], row[-1]) for row in body["rows"]}


def as_base(body):
    return cells(body) == {(ou("451024"), "2"), (ou("451026"), "4")}


REFUSED = "refused"

# parameter, the request's parameters, and the effect asserted on the answer (or REFUSED)
CASES: list[tuple[str, dict[str, Any], Callable[[Any], bool] | str]] = [
    (
        "dimension",
        {"dimension": ["dx:job_fairs", "pe:201901;201902", "ou:451024"]},
        lambda b: (
            [r[1:] for r in b["rows"]]
            == [["201901", ou("451024"), "2"], ["201902", ou("451024"), "3"]]
        ),
    ),
    ("filter", BY_UNIT, lambda b: cells(b) == {(ou("451024"), "5"), (ou("451026"), "4")}),
    (
        "aggregationType",
        BY_UNIT | {"aggregationType": "MAX"},
        lambda b: cells(b) == {(ou("451024"), "3"), (ou("451026"), "4")},
    ),
    (
        "aggregationType",
        BY_UNIT | {"aggregationType": "MIN"},
        lambda b: cells(b) == {(ou("451024"), "2"), (ou("451026"), "4")},
    ),
    (
        "aggregationType",
        BY_UNIT | {"aggregationType": "COUNT"},
        lambda b: cells(b) == {(ou("451024"), "2"), (ou("451026"), "1")},
    ),
    (
        "aggregationType",
        BY_UNIT | {"aggregationType": "AVERAGE"},
        lambda b: cells(b) == {(ou("451024"), "2.5"), (ou("451026"), "4")},
    ),
    (
        "aggregationType",
        BY_UNIT | {"aggregationType": "LAST"},
        lambda b: cells(b) == {(ou("451024"), "3"), (ou("451026"), "4")},
    ),
    (
        "aggregationType",
        BY_UNIT | {"aggregationType": "SUM"},
        lambda b: cells(b) == {(ou("451024"), "5"), (ou("451026"), "4")},
    ),
    ("aggregationType", BY_UNIT | {"aggregationType": "STDDEV"}, REFUSED),
    (
        "measureCriteria",
        BY_UNIT | {"measureCriteria": "GE:4.5;LT:50"},
        lambda b: cells(b) == {(ou("451024"), "5")},
    ),
    (
        "preAggregationMeasureCriteria",
        BY_UNIT | {"preAggregationMeasureCriteria": "GE:3"},
        lambda b: cells(b) == {(ou("451024"), "3"), (ou("451026"), "4")},
    ),
    ("startDate", BASE | {"startDate": "2019-01-01"}, REFUSED),
    ("endDate", BASE | {"endDate": "2019-01-31"}, REFUSED),
    (
        "userOrgUnitType",
        {
            "dimension": ["dx:job_fairs", "pe:201901", "ou:USER_ORGUNIT"],
            "userOrgUnitType": "DATA_CAPTURE",
        },
        lambda b: cells(b) == {(ou("4510"), "6")},
    ),
    ("userOrgUnitType", BASE | {"userOrgUnitType": "TEI_SEARCH"}, REFUSED),
    ("order", BASE | {"order": "DESC"}, lambda b: [r[-1] for r in b["rows"]] == ["4", "2"]),
    ("order", BASE | {"order": "SIDEWAYS"}, REFUSED),
    ("timeField", BASE | {"timeField": "LAST_UPDATED"}, REFUSED),
    ("orgUnitField", BASE | {"orgUnitField": "ownership"}, REFUSED),
    ("skipMeta", BASE | {"skipMeta": "true"}, lambda b: "metaData" not in b and as_base(b)),
    ("skipData", BASE | {"skipData": "true"}, lambda b: b["rows"] == [] and "metaData" in b),
    (
        "skipRounding",
        SHARE | {"skipRounding": "true"},
        lambda b: b["rows"][0][-1].startswith("66.666"),
    ),
    ("completedOnly", BASE | {"completedOnly": "true"}, REFUSED),
    (
        "hierarchyMeta",
        BASE | {"hierarchyMeta": "true"},
        lambda b: b["metaData"]["ouHierarchy"][ou("451024")] == f"{ou('45')}/{ou('4510')}",
    ),
    ("ignoreLimit", BASE | {"ignoreLimit": "true"}, as_base),
    ("hideEmptyRows", BASE | {"hideEmptyRows": "true"}, as_base),
    ("hideEmptyColumns", BASE | {"hideEmptyColumns": "true"}, as_base),
    (
        "showHierarchy",
        BASE | {"showHierarchy": "true"},
        lambda b: (
            b["metaData"]["ouNameHierarchy"][ou("451024")]
            == "/" + "/".join(Place.objects.get(code=c).name for c in ("45", "4510", "451024"))
        ),
    ),
    (
        "includeNumDen",
        SHARE | {"includeNumDen": "true"},
        lambda b: (
            [h["name"] for h in b["headers"]][-6:]
            == ["value", "numerator", "denominator", "factor", "multiplier", "divisor"]
            and b["rows"][0][-5:] == ["2", "3", "100", 100, 1]
        ),
    ),
    (
        "includeMetadataDetails",
        BASE | {"includeMetadataDetails": "true"},
        lambda b: (
            b["metaData"]["items"][uid("job_fairs")]["dimensionItemType"] == "DATA_ELEMENT"
            and b["metaData"]["items"][uid("job_fairs")]["code"] == "job_fairs"
            and b["metaData"]["items"]["201901"]["startDate"] == "2019-01-01T00:00:00.000"
        ),
    ),
    (
        "displayProperty",
        BASE | {"displayProperty": "SHORTNAME"},
        lambda b: (
            b["metaData"]["items"][uid("job_fairs")]["name"]
            == DataElement.objects.get(code="job_fairs").name_zh
        ),  # the short name is the name
    ),
    ("displayProperty", BASE | {"displayProperty": "FORMNAME"}, REFUSED),
    (
        "outputIdScheme",
        BASE | {"outputIdScheme": "CODE"},
        lambda b: b["rows"][0][::2] == ["job_fairs", "451024"],
    ),
    ("outputIdScheme", BASE | {"outputIdScheme": "ATTRIBUTE:Y1LUDU8sWBR"}, REFUSED),
    (
        "outputOrgUnitIdScheme",
        BASE | {"outputOrgUnitIdScheme": "CODE"},
        lambda b: b["rows"][0][::2] == [uid("job_fairs"), "451024"],
    ),
    (
        "outputDataElementIdScheme",
        BASE | {"outputDataElementIdScheme": "CODE"},
        lambda b: b["rows"][0][::2] == ["job_fairs", ou("451024")],
    ),
    ("inputIdScheme", BASE | {"inputIdScheme": "CODE"}, as_base),
    ("inputIdScheme", BASE | {"inputIdScheme": "NAME"}, REFUSED),
    # Debao's January report is approved at Debao (level 3): it counts from level 3 down
    ("approvalLevel", BASE | {"approvalLevel": "3"}, lambda b: cells(b) == {(ou("451024"), "2")}),
    (
        "approvalLevel",
        BASE | {"approvalLevel": stable_uid("organisationUnitLevel", "2")},
        lambda b: b["rows"] == [],
    ),
    ("approvalLevel", BASE | {"approvalLevel": "AAAAAAAAAAA"}, REFUSED),
    (
        "relativePeriodDate",
        {
            "dimension": ["dx:job_fairs", "pe:THIS_MONTH", "ou:451024"],
            "relativePeriodDate": "2019-02-10",
        },
        lambda b: [r[1:] for r in b["rows"]] == [["201902", ou("451024"), "3"]],
    ),
    (
        "userOrgUnit",
        {
            "dimension": ["dx:job_fairs", "pe:201901", "ou:USER_ORGUNIT"],
            "userOrgUnit": "UID:451026",
        },
        lambda b: cells(b) == {(ou("451026"), "4")},
    ),
    ("columns", BASE | {"columns": "dx", "rows": "ou"}, REFUSED),
    ("rows", BASE | {"rows": "ou;pe"}, REFUSED),
    ("tableLayout", BASE | {"tableLayout": "true"}, REFUSED),
    ("format", BASE | {"format": "json"}, as_base),
    ("format", BASE | {"format": "pdf"}, REFUSED),
]


def _resolve(params: dict[str, Any]) -> dict[str, Any]:
    """The request's parameters, with `UID:<code>` replaced by the place's UID."""
    return {
        k: ou(v[4:]) if isinstance(v, str) and v.startswith("UID:") else v
        for k, v in params.items()
    }


def test_every_dhis2_parameter_is_in_the_table():
    assert {name for name, _params, _effect in CASES} == DHIS2_PARAMETERS | LEGACY_PARAMETERS


@pytest.mark.parametrize(
    ("parameter", "params", "effect"),
    CASES,
    ids=[f"{name}={params.get(name, '…')}" for name, params, _effect in CASES],
)
def test_a_parameter_is_honoured_or_refused_by_name(api, figures, parameter, params, effect):
    poverty_sets = DataSet.objects.filter(data_elements__code="job_fairs")
    for data_set in poverty_sets:
        Approval.objects.create(
            data_set=data_set,
            place=Place.objects.get(code="451024"),
            period="201901",
            state="approved",
        )
    response = api("viewer", scope=["4510"]).get(URL, _resolve(params))
    if effect == REFUSED:
        assert response.status_code == 409, response.content
        body = response.json()
        assert body["status"] == "ERROR" and body["httpStatusCode"] == 409
        assert parameter in body["message"]
        value = params[parameter]
        if parameter not in (
            "startDate",
            "endDate",
            "timeField",
            "orgUnitField",
            "columns",
            "rows",
        ):
            assert str(value) in body["message"]  # the value refused, the parameter kept
        return
    assert response.status_code == 200, response.content
    assert effect(response.json())


def test_an_unknown_parameter_is_ignored_as_dhis2_does(api, figures):
    response = api().get(URL, BASE | {"colour": "red"})
    assert response.status_code == 200 and as_base(response.json())


def test_the_indicator_numerator_and_denominator_are_null_for_a_data_element(api, figures):
    body = (
        api()
        .get(
            URL,
            {
                "dimension": ["dx:job_fairs;poor_share_trained", "pe:201901"],
                "filter": "ou:451024",
                "includeNumDen": "true",
            },
        )
        .json()
    )
    rows = {row[0]: row[2:] for row in body["rows"]}
    assert rows[uid("job_fairs")] == ["2", None, None, None, None, None]
    share = Indicator.objects.get(code="poor_share_trained")
    assert rows[share.uid] == ["66.67", "2", "3", "100", 100, 1]


def test_a_malformed_measure_criterion_is_refused(api, figures):
    response = api().get(URL, BASE | {"measureCriteria": "ABOUT:10"})
    assert response.status_code == 409
    assert "measureCriteria" in response.json()["message"]
