"""Writing values: every change keeps its history; batches are summarised as DHIS2 does."""

import pytest

from xiezuo.indicators.checking import ValueChecker
from xiezuo.indicators.models import DataValue, DataValueChange
from xiezuo.indicators.services import value_delete, value_set, values_write

pytestmark = pytest.mark.django_db


def test_an_update_and_a_delete_keep_who_when_old_and_new(make_user):
    clerk = make_user("clerk", scope=["451024"])
    cell = {"element": "job_fairs", "place": "451024", "period": "201901"}
    value_set(actor=clerk, value="2", **cell)
    value_set(actor=clerk, value="5", **cell)
    value_delete(actor=clerk, **cell)
    changes = list(DataValueChange.objects.filter(period="201901", place__code="451024"))
    assert [(c.action, c.old_value, c.new_value) for c in changes] == [
        ("delete", "5", ""),
        ("update", "2", "5"),
    ]
    assert all(c.changed_by == clerk for c in changes)
    assert not DataValue.objects.filter(
        period="201901", place__code="451024", data_element__code="job_fairs"
    ).exists()


def test_saving_the_same_value_again_changes_nothing(make_user):
    clerk = make_user("clerk")
    cell = {"element": "job_fairs", "place": "451024", "period": "201901", "value": "2"}
    value_set(actor=clerk, **cell)
    value_set(actor=clerk, **cell)
    assert not DataValueChange.objects.filter(period="201901").exists()


def test_strategies_create_update_and_delete_as_dhis2_does():
    checker = ValueChecker()
    existing = checker.check(element="job_fairs", place="451024", period="201901", value="2")
    fresh = checker.check(element="job_fairs", place="451026", period="201901", value="3")
    assert values_write([existing]).imported == 1
    changed = checker.check(element="job_fairs", place="451024", period="201901", value="4")
    create_only = values_write([changed, fresh], strategy="CREATE")
    assert (create_only.imported, create_only.ignored) == (1, 1)
    update_only = values_write([changed], strategy="UPDATE")
    assert update_only.updated == 1
    deleted = values_write([changed, fresh], strategy="DELETE")
    assert deleted.deleted == 2


def test_a_dry_run_writes_nothing():
    checker = ValueChecker()
    clean = checker.check(element="job_fairs", place="451024", period="201901", value="2")
    summary = values_write([clean], dry_run=True)
    assert summary.imported == 1
    assert not DataValue.objects.filter(
        period="201901", place__code="451024", data_element__code="job_fairs"
    ).exists()
