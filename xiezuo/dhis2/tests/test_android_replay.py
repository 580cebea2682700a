"""The DHIS2 Android SDK's aggregate sync, replayed request by request (issue 12).

`android_sdk/aggregate_sync.json` holds the requests as the SDK (1.14.0)
builds them for a DHIS2 2.40 server — login, metadata download in its order
with its exact `fields=` and filters, data download, data upload, completion —
each with the source files it is taken from (BSD-3, the SDK's licence beside
it). The replay signs in as a clerk of Debao county, sends them in order to the
test server, fills each `{name}` from earlier answers as the SDK does (data
sets from the organisation units, data elements and indicators from the data
sets, category combos from both, …) and checks every answer as the SDK's
parser would: the status, the collection's key, the fields its DTOs require,
their types, its enums, and dates in `yyyy-MM-dd'T'HH:mm:ss.SSS`.

Deliberate differences from a device: the periods asked for are those the demo
holds values for (the SDK asks for its last few periods of each type, which a
demo of past years would answer with nothing), and the upload changes a value
the download brought (or enters a new figure where a registry owns them all), as
a clerk working offline would.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from xiezuo.indicators import sources
from xiezuo.indicators.models import DataElement, DataValue

# The replay runs once, in the module fixture's own transaction; each test only reads it (the
# mark has the test database set up).
pytestmark = pytest.mark.django_db

SYNC = json.loads((Path(__file__).parent / "android_sdk" / "aggregate_sync.json").read_text())
STEPS: list[dict[str, Any]] = SYNC["steps"]
ENUMS: dict[str, list[str]] = SYNC["enums"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$")  # the SDK's DATE_FORMAT
SIMPLE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # its SimpleDateStringDTO
PASSWORD = "android-sdk-pass-1"
DEFAULT_COMBO = "bjDvmb4bfuf"
DEFAULT_OPTION_COMBO = "HllvX50cXC0"
LATEST_PERIOD = {
    "Yearly": "2024",
    "SixMonthly": "2024S2",
    "Quarterly": "2024Q4",
    "Monthly": "202412",
}
SCOPE = "451024"  # Debao county


# --- the replay, once for the module


class Replay:
    """Sends the steps in order, as the SDK would, and keeps every answer."""

    def __init__(self, client: Client, user: Any) -> None:
        self.client = client
        self.user = user
        self.known: dict[str, Any] = {}
        self.answers: dict[int, list[tuple[str, int, Any]]] = {}  # step index → sent, answers
        self.uploaded: dict[str, Any] = {}
        self.stored_after_upload: list[Decimal | None] = []

    def run(self) -> None:
        for index, step in enumerate(STEPS):
            if step["phase"] == "data" and "periods" not in self.known:
                self.known["periods"] = self.periods_with_values()
            self.answers[index] = [self.send(step, values) for values in self.instances(step)]
            for _url, status, body in self.answers[index]:
                if status == 200:
                    self.learn(step, body)
            if step["method"] == "POST" and step["path"] == "/api/dataValueSets":
                self.stored_after_upload = list(
                    DataValue.objects.filter(
                        data_element__uid=self.uploaded["dataElement"],
                        period=self.uploaded["period"],
                        place__uid=self.uploaded["orgUnit"],
                    ).values_list("value", flat=True)
                )

    def periods_with_values(self) -> list[str]:
        """The latest periods the demo holds values for in the clerk's county (see above)."""
        periods = (
            DataValue.objects.filter(
                place_code__startswith=SCOPE, data_element__uid__in=self.known["dataElements"]
            )
            .order_by("-end_month", "period")
            .values_list("period", flat=True)
            .distinct()
        )
        return list(dict.fromkeys(periods))[:6]

    def instances(self, step: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """The values each request of a step is sent with: one request, one per root place or
        data set (`each`), or none when the SDK would have nothing to ask for (`needs`)."""
        if step.get("needs") and not self.known.get(step["needs"]):
            return
        each = step.get("each")
        if each == "rootOrgUnit":
            for uid in self.known.get("rootOrgUnits", []):
                yield {"rootOrgUnit": uid}
        elif each == "dataSet":
            for uid in self.known.get("dataSets", []):
                yield {"dataSet": uid}
        else:
            yield {}

    def fill(self, text: str, values: dict[str, Any]) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            value = values[name] if name in values else self.known[name]
            return ",".join(value) if isinstance(value, list) else str(value)

        return re.sub(r"\{([A-Za-z]+),?\}", one, text)

    def send(self, step: dict[str, Any], values: dict[str, Any]) -> tuple[str, int, Any]:
        query = [(name, self.fill(value, values)) for name, value in step.get("query", [])]
        if step["method"] == "GET":
            params: dict[str, list[str]] = {}
            for name, value in query:
                params.setdefault(name, []).append(value)
            response = self.client.get(step["path"], params)
        else:
            body = self.body_of(step["body"])
            response = self.client.post(
                step["path"], json.dumps(body), content_type="application/json"
            )
        content = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
        try:
            parsed = json.loads(content)
        except ValueError:
            parsed = None
        return step["path"], response.status_code, parsed

    def learn(self, step: dict[str, Any], body: Any) -> None:
        """What the SDK takes from an answer for the next requests."""
        known = self.known
        path = step["path"]
        if path == "/api/me" and isinstance(body, dict) and "organisationUnits" in body:
            known["rootOrgUnits"] = [unit["id"] for unit in body["organisationUnits"]]
        elif path == "/api/organisationUnits":
            ids = {ds["id"] for unit in body["organisationUnits"] for ds in unit["dataSets"]}
            places_of = known.setdefault("placesOf", {})
            for unit in body["organisationUnits"]:
                for data_set in unit["dataSets"]:
                    places_of.setdefault(data_set["id"], []).append(unit["id"])
            known["dataSets"] = sorted(ids | set(known.get("dataSets", [])))
        elif path == "/api/dataSets":
            known["dataSetRecords"] = body["dataSets"]
            elements = {
                link["dataElement"]["id"]
                for data_set in body["dataSets"]
                for link in data_set["dataSetElements"]
            }
            known["dataElements"] = sorted(elements)
            known["indicators"] = sorted(
                {i["id"] for data_set in body["dataSets"] for i in data_set.get("indicators", [])}
            )
            combos = {d["categoryCombo"]["id"] for d in body["dataSets"] if d.get("categoryCombo")}
            known["categoryCombos"] = sorted(combos)
        elif path == "/api/dataElements":
            known["dataElementRecords"] = body["dataElements"]
            combos = {e["categoryCombo"]["id"] for e in body["dataElements"]}
            known["categoryCombos"] = sorted(combos | set(known.get("categoryCombos", [])))
        elif path == "/api/categoryCombos" and step.get("needs"):
            known["categories"] = sorted(
                {c["id"] for combo in body["categoryCombos"] for c in combo["categories"]}
            )
        elif path == "/api/categoryOptions":
            known["categoryOptions"] = [option["id"] for option in body["categoryOptions"]]
        elif path == "/api/indicators":
            known["indicatorTypes"] = sorted(
                {i["indicatorType"]["id"] for i in body["indicators"] if i.get("indicatorType")}
            )
        elif path == "/api/dataValueSets" and step["method"] == "GET":
            known.setdefault("dataValues", []).extend(body.get("dataValues", []))

    def body_of(self, name: str) -> dict[str, Any]:
        """The upload: one downloaded value changed, as a clerk editing it offline."""
        if name == "dataValueSet":
            value = self.editable_value()
            assert value, "the download brought nothing a clerk could enter a figure for"
            changed = str(Decimal(value["value"]) + 1)
            self.uploaded = {**value, "value": changed}
            return {
                "dataSet": value["dataSet"],
                "dataValues": [
                    {
                        "deleted": False,
                        "dataElement": value["dataElement"],
                        "period": value["period"],
                        "orgUnit": value["orgUnit"],
                        "categoryOptionCombo": value["categoryOptionCombo"],
                        "attributeOptionCombo": value["attributeOptionCombo"],
                        "value": changed,
                        "storedBy": self.user.username,
                        "followup": False,
                    }
                ],
            }
        value = self.uploaded
        return {
            "completeDataSetRegistrations": [
                {
                    "period": value["period"],
                    "dataSet": value["dataSet"],
                    "organisationUnit": value["orgUnit"],
                    "attributeOptionCombo": value["attributeOptionCombo"],
                    "date": "2026-01-15",
                    "storedBy": self.user.username,
                    "completed": True,
                }
            ]
        }

    def editable_value(self) -> dict[str, Any]:
        """What the clerk changed offline: a downloaded value of an element no registry owns,
        else a new figure of such an element for a place the data set is assigned to (in the
        demo, a registry counts many of the county's figures)."""
        codes = dict(
            DataElement.objects.filter(uid__in=self.known["dataElements"]).values_list(
                "uid", "code"
            )
        )
        typed = {uid for uid, code in codes.items() if sources.owner_of(code) is None}
        numbers = {
            e["id"]
            for e in self.known.get("dataElementRecords", [])
            if e.get("valueType", "").startswith(("INTEGER", "NUMBER"))
            and e.get("categoryCombo", {}).get("id") == DEFAULT_COMBO
        }
        for data_set in self.known["dataSetRecords"]:
            members = [link["dataElement"]["id"] for link in data_set["dataSetElements"]]
            for value in self.known.get("dataValues", []):
                if value["dataElement"] in set(members) & typed:
                    return {**value, "dataSet": data_set["id"]}
        for data_set in self.known["dataSetRecords"]:
            places = self.known["placesOf"].get(data_set["id"], [])
            period = LATEST_PERIOD.get(data_set["periodType"])
            for element in data_set["dataSetElements"]:
                uid = element["dataElement"]["id"]
                if uid in typed and uid in numbers and places and period:
                    return {
                        "dataElement": uid,
                        "period": period,
                        "orgUnit": places[0],
                        "categoryOptionCombo": DEFAULT_OPTION_COMBO,
                        "attributeOptionCombo": DEFAULT_OPTION_COMBO,
                        "value": "0",
                        "dataSet": data_set["id"],
                    }
        return {}


@pytest.fixture(scope="module")
def replay(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Replay]:
    """The whole sync, sent once for the module in a transaction rolled back at the end (with
    the settings the root conftest gives each test: plain static files, media of its own)."""
    from xiezuo.accounts.services import user_create
    from xiezuo.places.models import Place

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        override_settings(STORAGES=storages, MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        translation.override("zh-hans"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        user = user_create(
            username="android-clerk",
            password=PASSWORD,
            role="clerk",
            organisation=None,
            scope_places=Place.objects.filter(code=SCOPE),
            scope_organisations=[],
        )
        token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
        client = Client(headers={"Authorization": f"Basic {token}"})
        done = Replay(client, user)
        done.run()
        yield done
        transaction.set_rollback(True)


# --- what the SDK's parser needs of an answer


def check_object(record: Any, wanted: dict[str, Any], where: str) -> None:
    assert isinstance(record, dict), f"{where}: an object, not {record!r}"
    for name in wanted.get("required", []):
        assert record.get(name) is not None, f"{where}: {name} is required"
    for name in wanted.get("dates", []):
        if record.get(name) is not None:
            assert DATE.match(record[name]), f"{where}: {name} {record[name]!r} is not a date"
    for name in wanted.get("simple_dates", []):
        if record.get(name) is not None:
            assert SIMPLE_DATE.match(record[name]), f"{where}: {name} {record[name]!r}"
    for name in wanted.get("strings", []):
        if record.get(name) is not None:
            assert isinstance(record[name], str), f"{where}: {name} is a string"
    for name in wanted.get("integers", []):
        if record.get(name) is not None:
            assert isinstance(record[name], int), f"{where}: {name} is a whole number"
    for name in wanted.get("booleans", []):
        if record.get(name) is not None:
            assert isinstance(record[name], bool), f"{where}: {name} is true or false"
    for name, enum in wanted.get("enums", {}).items():
        if record.get(name) is not None:
            assert record[name] in ENUMS[enum], f"{where}: {name} {record[name]!r} not {enum}"
    for name, value in wanted.get("equals", {}).items():
        assert record.get(name) == value, f"{where}: {name} is {value!r}"
    for dotted, value in wanted.get("equals_path", {}).items():
        found: Any = record
        for part in dotted.split("."):
            found = found.get(part) if isinstance(found, dict) else None
        assert found == value, f"{where}: {dotted} is {value!r}, not {found!r}"
    for name, keys in wanted.get("lists", {}).items():
        if record.get(name) is None:
            continue
        assert isinstance(record[name], list), f"{where}: {name} is a list"
        for item in record[name]:
            assert isinstance(item, dict) and all(item.get(k) for k in keys), (
                f"{where}: each of {name} has {keys}"
            )


def check_answer(step: dict[str, Any], known: dict[str, Any], status: int, body: Any) -> None:
    expect = step["expect"]
    where = f"{step['method']} {step['path']}"
    assert status == expect["status"], f"{where}: {status} {body!r}"[:500]
    if "object" in expect:
        check_object(body, expect["object"], where)
    if expect.get("string_list"):
        assert isinstance(body, list) and all(isinstance(a, str) for a in body), where
    if expect.get("map_of_lists"):
        assert isinstance(body, dict) and body, where
        assert all(isinstance(v, list) for v in body.values()), where
    if expect.get("web_response"):
        check_web_response(body, where)
    collection = expect.get("collection")
    if collection:
        assert isinstance(body.get(collection), list), f"{where}: {collection} is a list"
        if expect.get("pager"):
            pager = body.get("pager")
            assert isinstance(pager, dict), f"{where}: a pager"
            assert all(isinstance(pager[k], int) for k in ("page", "pageCount", "total")), where
        if "count" in expect:
            assert len(body[collection]) == expect["count"], where
        for record in body[collection]:
            check_object(record, expect.get("item", {}), where)
        if expect.get("all_asked"):  # else the SDK keeps references to objects it lacks
            asked = set(known[step["needs"]])
            assert {record["id"] for record in body[collection]} == asked, where


def check_web_response(body: Any, where: str) -> None:
    """DataValueImportSummaryWebResponseDTO: every field but `reference` is required."""
    assert isinstance(body, dict), where
    assert isinstance(body.get("httpStatus"), str), f"{where}: httpStatus"
    assert isinstance(body.get("httpStatusCode"), int), f"{where}: httpStatusCode"
    assert isinstance(body.get("status"), str), f"{where}: status"
    assert isinstance(body.get("message"), str), f"{where}: message"
    summary = body.get("response")
    assert isinstance(summary, dict), f"{where}: response"
    assert summary.get("status") in ENUMS["ImportStatus"], f"{where}: response.status"
    assert isinstance(summary.get("responseType"), str), f"{where}: response.responseType"
    counts = summary.get("importCount")
    assert isinstance(counts, dict), f"{where}: importCount"
    for name in ("imported", "updated", "deleted", "ignored"):
        assert isinstance(counts.get(name), int), f"{where}: importCount.{name}"


def _step_params() -> list[Any]:
    return [
        pytest.param(index, id=f"{index:02d}-{step['phase']}-{step['name'].replace(' ', '-')}")
        for index, step in enumerate(STEPS)
    ]


@pytest.mark.parametrize("index", _step_params())
def test_each_answer_parses_as_the_sdk_expects(replay: Replay, index: int) -> None:
    step = STEPS[index]
    answers = replay.answers[index]
    if not answers and step.get("needs") and not replay.known.get(step["needs"]):
        pytest.skip(f"the SDK asks for no {step['needs']}: the answers before named none")
    assert answers, f"{step['path']} was never asked: an earlier answer gave it nothing to ask"
    for _path, status, body in answers:
        check_answer(step, replay.known, status, body)


def test_the_sync_reaches_the_data_sets_and_values_of_the_clerks_county(replay: Replay) -> None:
    assert replay.known["dataSets"], "the organisation units name the data sets to sync"
    assert replay.known["dataElements"], "the data sets name their data elements"
    assert replay.known["categories"], "the category combos name their categories"
    assert replay.known["dataValues"], "the data download brings the county's values"
    assert replay.known["categoryOptions"], "the category options of the data elements"


def test_the_uploaded_value_is_stored(replay: Replay) -> None:
    assert replay.uploaded, "the upload step sent a value"
    assert Decimal(replay.uploaded["value"]) in replay.stored_after_upload
