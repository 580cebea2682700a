"""Import options as DHIS2 has them: dryRun, importStrategy, idScheme, atomicMode."""

from __future__ import annotations

import io
import json

import pytest
from django.utils import translation

from xiezuo.indicators.imports import ImportOptions, OptionError, values_import
from xiezuo.indicators.models import DataValue, DataValueChange

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    """Messages in the default language, whatever an earlier request activated."""
    with translation.override("zh-hans"):
        yield


CELL = {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024"}


def run(user, values, **options):
    data = json.dumps({"dataValues": values}).encode()
    return values_import(
        source=io.BytesIO(data), fmt="json", actor=user, options=ImportOptions(**options)
    )


def stored():
    found = DataValue.objects.filter(
        data_element__code="job_fairs", place__code="451024", period="201901"
    ).first()
    return None if found is None else found.value


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["451024"])


def test_a_dry_run_counts_but_writes_nothing(clerk):
    summary = run(clerk, [{**CELL, "value": "3"}], dry_run=True)
    assert summary.status == "SUCCESS" and summary.imported == 1
    assert stored() is None


def test_create_leaves_existing_values_alone(clerk):
    run(clerk, [{**CELL, "value": "3"}])
    summary = run(
        clerk,
        [{**CELL, "value": "4"}, {**CELL, "period": "201902", "value": "1"}],
        strategy="CREATE",
    )
    assert (summary.imported, summary.ignored) == (1, 1)
    assert stored() == 3


def test_update_changes_only_existing_values_and_keeps_their_history(clerk):
    run(clerk, [{**CELL, "value": "3"}])
    summary = run(
        clerk,
        [{**CELL, "value": "4"}, {**CELL, "period": "201902", "value": "1"}],
        strategy="UPDATE",
    )
    assert (summary.updated, summary.ignored) == (1, 1)
    assert stored() == 4
    change = DataValueChange.objects.get(place__code="451024", period="201901")
    assert (change.old_value, change.new_value, change.changed_by) == ("3", "4", clerk)


def test_delete_removes_the_values_named(clerk):
    run(clerk, [{**CELL, "value": "3"}])
    summary = run(clerk, [CELL, {**CELL, "period": "201902"}], strategy="DELETE")
    assert (summary.deleted, summary.ignored) == (1, 1)
    assert stored() is None


def test_id_scheme_code_reads_codes(clerk):
    assert run(clerk, [{**CELL, "value": "2"}], id_scheme="CODE").imported == 1


def test_options_are_read_from_dhis2_query_parameters():
    options = ImportOptions.from_params(
        {"dryRun": "true", "importStrategy": "update", "idScheme": "code", "atomicMode": "NONE"}
    )
    assert (options.dry_run, options.strategy, options.id_scheme, options.atomic_mode) == (
        True,
        "UPDATE",
        "CODE",
        "NONE",
    )


def test_an_unknown_option_value_is_refused():
    with pytest.raises(OptionError, match="importStrategy"):
        ImportOptions.from_params({"importStrategy": "MERGE"})


def test_the_api_answers_409_for_a_bad_option(client_for):
    response = client_for("clerk").post(
        "/api/dataValueSets?atomicMode=SOME", "{}", content_type="application/json"
    )
    assert response.status_code == 409 and "atomicMode" in response.json()["message"]


def test_a_value_sent_twice_is_written_once_and_counted_ignored(clerk):
    summary = run(clerk, [{**CELL, "value": "2"}, {**CELL, "value": "5"}])
    assert (summary.imported, summary.ignored) == (1, 1)
    assert stored() == 5


def test_a_complete_data_set_report_is_marked_complete(clerk):
    from xiezuo.indicators.models import Completion

    data = {
        "dataSet": "LABOUR",
        "period": "201901",
        "orgUnit": "451024",
        "completeDate": "2019-02-03",
        "dataValues": [{"dataElement": "job_fairs", "value": "1"}],
    }
    summary = values_import(
        source=io.BytesIO(json.dumps(data).encode()),
        fmt="json",
        actor=clerk,
        options=ImportOptions(),
    )
    assert summary.data_set_complete == "2019-02-03"
    assert Completion.objects.filter(
        data_set__code="LABOUR", place__code="451024", period="201901"
    ).exists()
