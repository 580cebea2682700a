"""GET /api/v1/projects/iati.xml: published projects as IATI 2.03 activities, valid against
the official activity schema (from the pyiati package), open to anyone, nothing internal."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from lxml import etree

from xiezuo.ledger.services import transfer_create, transfer_reverse
from xiezuo.ledger.tests.factories import small_ledger
from xiezuo.projects.services import project_publish, project_step

from .factories import project as make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    spec = importlib.util.find_spec("iati")
    assert spec is not None and spec.submodule_search_locations, "pip install --no-deps pyiati"
    folder = Path(next(iter(spec.submodule_search_locations))) / "resources/standard/2-03/schemas"
    return etree.XMLSchema(etree.parse(str(folder / "iati-activities-schema.xsd")))


@pytest.fixture
def published(make_user):
    clerk = make_user("coordinator", scope=["45"])
    project = make_project("德保县扶贫车间建设项目（测试）")
    project_step(project=project, status="approved", on=date(2018, 3, 1), by=clerk)
    project_step(project=project, status="in_progress", on=date(2018, 3, 10), by=clerk)
    project_publish(project=project)
    ledger = small_ledger()
    transfer_create(actor=clerk, kind="receipt", source=ledger["shenzhen"], target=ledger["debao"],
                    amount="5000", on=date(2018, 3, 2))  # fmt: skip
    transfer_create(actor=clerk, kind="disbursement", source=ledger["debao"],
                    target=project.account, amount="3000", on=date(2018, 4, 1),
                    note="内部备注，不公开", voucher="德财〔2018〕9号")  # fmt: skip
    transfer_create(actor=clerk, kind="expenditure", source=project.account, target=ledger["spent"],
                    amount="1200.50", on=date(2018, 5, 1))  # fmt: skip
    mistaken = transfer_create(
        actor=clerk, kind="disbursement", source=ledger["debao"], target=project.account,
        amount="10", on=date(2018, 5, 2),
    ).transfer  # fmt: skip
    transfer_reverse(actor=clerk, transfer=mistaken)
    hidden = make_project("未发布的项目（测试）")
    return project, hidden


def test_the_export_is_valid_iati_and_anyone_may_read_it(published, schema):
    response = Client().get("/api/v1/projects/iati.xml?place=451024")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    schema.assertValid(document)
    assert document.get("version") == "2.03"


def test_a_published_project_is_written_with_its_money_and_nothing_internal(published):
    project, hidden = published
    text = Client().get("/api/v1/projects/iati.xml?place=451024").content.decode()
    document = etree.fromstring(text.encode())
    (activity,) = [
        a for a in document.findall("iati-activity")
        if a.findtext("iati-identifier").endswith(project.uid)
    ]  # fmt: skip
    assert activity.findtext("title/narrative") == project.name
    assert activity.find("activity-status").get("code") == "2"  # implementation
    transactions = [
        (t.find("transaction-type").get("code"), t.findtext("value"))
        for t in activity.findall("transaction")
    ]
    assert transactions == [("1", "3000"), ("4", "1200.5"), ("1", "10"), ("1", "-10")]
    assert hidden.name not in text
    assert "内部备注" not in text and "德财〔2018〕9号" not in text
