"""The short visits' pages, API and Excel."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiezuo.exchange.models import ShortVisit

pytestmark = pytest.mark.django_db

VISIT = {"kind": "medical_shadowing", "direction": "to_helper", "origin": "451024",
         "host": "440307", "people": "12", "from_on": "2019-04-01", "to_on": "2019-06-30",
         "note": ""}  # fmt: skip


def test_a_clerk_records_a_visit_and_finds_it_in_the_list(client_for):
    client = client_for("clerk", scope=["451024"])
    response = client.post("/exchange/visits/new/", VISIT)
    assert response.status_code == 302
    visit = ShortVisit.objects.get(origin__code="451024", from_on="2019-04-01")
    page = client.get("/exchange/visits/?place=451024&year=2019").content.decode()
    assert f'id="visit-{visit.uid}"' in page and "共12人" in page


def test_dates_in_the_wrong_order_are_shown_beside_the_field(client_for, errors_beside):
    client = client_for("clerk", scope=["451024"])
    response = client.post("/exchange/visits/new/", {**VISIT, "to_on": "2019-03-01"})
    assert response.status_code == 422
    assert errors_beside(response, "id_to_on")
    assert not ShortVisit.objects.filter(origin__code="451024", from_on__year=2019).exists()


def test_no_people_is_shown_beside_the_field(client_for, errors_beside):
    client = client_for("clerk", scope=["451024"])
    response = client.post("/exchange/visits/new/", {**VISIT, "people": "0"})
    assert response.status_code == 422
    assert errors_beside(response, "id_people")


def test_a_clerk_corrects_a_visit(client_for):
    client = client_for("clerk", scope=["451024"])
    client.post("/exchange/visits/new/", VISIT)
    visit = ShortVisit.objects.get(origin__code="451024", from_on="2019-04-01")
    response = client.post(f"/exchange/visits/{visit.uid}/", {**VISIT, "people": "15"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.people == 15


def test_the_api_records_and_lists_a_visit(api_for):
    client = api_for("clerk", scope=["451024"])
    body = {**VISIT, "people": 12}
    answer = client.post("/api/v1/exchange/visits", body, content_type="application/json")
    assert answer.status_code == 201
    uid = answer.json()["uid"]
    listed = client.get("/api/v1/exchange/visits?place=451024&year=2019").json()
    assert [v["uid"] for v in listed["items"]] == [uid]
    changed = client.put(f"/api/v1/exchange/visits/{uid}", {**body, "people": 9},
                         content_type="application/json")  # fmt: skip
    assert changed.status_code == 200 and changed.json()["people"] == 9


def test_the_api_refuses_bad_people_and_dates_by_field(api_for):
    client = api_for("clerk", scope=["451024"])
    body = {**VISIT, "people": -1, "to_on": "2019-01-01"}
    answer = client.post("/api/v1/exchange/visits", body, content_type="application/json")
    assert answer.status_code == 422
    assert {"people", "to_on"} <= set(answer.json()["errors"])


def _workbook(*rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["(kind)", "(direction)", "(origin)", "(host)", "(people)", "(from_on)",
                  "(to_on)", "(note)"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("visits.xlsx", buffer.getvalue())


def test_an_import_records_each_row(client_for):
    client = client_for("clerk", scope=["451024"])
    upload = _workbook(["医务人员跟岗", "受援方派往帮扶方", "451024 德保县", "440307", 8,
                        "2019-04-01", "2019-06-30", ""])  # fmt: skip
    response = client.post("/exchange/visits/import/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ShortVisit.objects.get(origin__code="451024", from_on__year=2019).people == 8


def test_an_import_with_bad_cells_names_each_and_writes_nothing(client_for):
    client = client_for("clerk", scope=["451024"])
    upload = _workbook(
        ["medical_shadowing", "to_helper", "451024", "440307", 0, "2019-04-01", "2019-06-30"],
        ["medical_shadowing", "to_helper", "451024", "440307", 3, "2019-06-01", "2019-04-30"],
        ["medical_shadowing", "to_helper", "451228", "440307", 3, "2019-04-01", "2019-04-30"],
    )
    response = client.post("/exchange/visits/import/", {"file": upload})
    assert response.status_code == 422
    text = response.content.decode()
    assert all(f'data-row="{n}"' in text for n in (2, 3, 4))
    assert not ShortVisit.objects.filter(from_on__year=2019).exists()


def test_the_export_holds_the_listed_visits(client_for):
    response = client_for("viewer").get("/exchange/visits.xlsx?place=4510&year=2018")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sum(row[5] for row in rows[1:]) == 45 + 65  # Baise's shadowing, Jingxi and Napo's
