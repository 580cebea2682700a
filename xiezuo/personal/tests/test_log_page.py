"""The administrators' log of who saw personal information in full."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from xiezuo.personal.models import Action, PersonalDataView
from xiezuo.personal.services import MAX_IDS, record_view

pytestmark = pytest.mark.django_db


def viewed(user, ids, at=None, where="/labour/workers/"):
    view = PersonalDataView.objects.create(
        user=user, action=Action.VIEW, model="labour.Worker", object_ids=ids, count=len(ids),
        where=where, at=at or timezone.now(),
    )  # fmt: skip
    return view


def test_an_administrator_reads_who_saw_what_and_where(client_for, make_user):
    clerk = make_user("clerk", username="debao-clerk")
    view = viewed(clerk, [3, 5])
    page = client_for("administrator").get("/personal/log/").content.decode()
    row = page[page.index(f'id="personal-view-{view.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "debao-clerk" in row and "labour.Worker" in row and "3, 5" in row
    assert "/labour/workers/" in row and "查看" in row


@pytest.mark.parametrize("role", ["viewer", "clerk", "approver", "coordinator"])
def test_nobody_else_may_read_the_log(client_for, role):
    assert client_for(role).get("/personal/log/").status_code == 403
    assert client_for(role).get("/personal/log.xlsx").status_code == 403


def test_the_log_is_filtered_by_user_and_days(client_for, make_user):
    one, other = make_user("clerk", username="one"), make_user("clerk", username="other")
    tz = timezone.get_current_timezone()
    early = viewed(one, [1], at=datetime(2026, 3, 1, 23, 30, tzinfo=tz))
    late = viewed(one, [2], at=datetime(2026, 3, 2, 0, 30, tzinfo=tz))
    others = viewed(other, [3], at=datetime(2026, 3, 2, 9, 0, tzinfo=tz))
    admin = client_for("administrator")
    page = admin.get("/personal/log/?user=one&first=2026-03-02&last=2026-03-02").content.decode()
    assert f"personal-view-{late.pk}" in page
    assert f"personal-view-{early.pk}" not in page and f"personal-view-{others.pk}" not in page


def test_a_day_that_is_not_a_date_is_named_and_ignored(client_for, make_user):
    viewed(make_user("clerk"), [1])
    page = client_for("administrator").get("/personal/log/?first=2026-02-30").content.decode()
    assert "2026-02-30" in page and "personal-view-" in page


def test_the_log_is_paged(client_for, make_user):
    clerk = make_user("clerk")
    for n in range(51):
        viewed(clerk, [n])
    page = client_for("administrator").get("/personal/log/").content.decode()
    assert page.count('id="personal-view-') == 50 and "?page=2" in page


def test_the_log_comes_as_excel(client_for, make_user):
    viewed(make_user("clerk", username="debao-clerk"), [3, 5])
    response = client_for("administrator").get("/personal/log.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "用户", "操作")
    assert rows[1][1:6] == ("debao-clerk", "查看", "labour.Worker", 2, "3, 5")


def test_a_large_export_keeps_its_count_and_description_not_every_id(make_user):
    from xiezuo.places.models import Place

    places = Place.objects.filter(code__startswith="4510")
    assert places.count() > MAX_IDS
    (view,) = record_view(
        user=make_user("administrator"), objects=places, action=Action.EXPORT,
        where="/places/export", description="Baise",
    )  # fmt: skip
    assert view.count == places.count() and view.object_ids == []
    assert view.description == "Baise" and view.model == "places.Place"


def test_only_an_administrator_has_the_log_in_the_menu(client_for):
    assert 'id="nav-personal-log"' in client_for("administrator").get("/").content.decode()
    assert 'id="nav-personal-log"' not in client_for("coordinator").get("/").content.decode()
