"""The pages of the quotas ("planned vs in post", setting, import, Excel) and of who is
in post."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiezuo.exchange.models import Quota

from .records import secondment

pytestmark = pytest.mark.django_db

QUOTA = {"place": "451024", "year": "2023", "direction": "to_helped", "cadres": "3",
         "professionals": "5", "source": "2023年协议"}  # fmt: skip


def test_the_report_shows_a_countys_planned_and_in_post(client_for):
    secondment(started_on=date(2023, 3, 1))
    Quota.objects.create(place_id=_debao(), year=2023, direction="to_helped", group="cadres",
                         planned=2, created_by=_admin())  # fmt: skip
    page = client_for("viewer").get("/exchange/quotas/?year=2023&on=2023-06-01&place=4510")
    assert page.status_code == 200
    row = _row(page, "quota-451024")
    assert "德保县" in row and '"num cadres-planned">2<' in row and '"num cadres-in-post">1<' in row


def test_a_coordinator_sets_a_countys_quotas_on_the_page(client_for):
    client = client_for("coordinator", scope=["4510"])
    response = client.post("/exchange/quotas/set/", QUOTA)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert '"num professionals-planned">5<' in _row_text(page, "quota-451024")


def test_a_negative_count_is_shown_beside_its_field_and_nothing_is_written(
    client_for, errors_beside
):
    client = client_for("coordinator", scope=["4510"])
    response = client.post("/exchange/quotas/set/", {**QUOTA, "cadres": "-2"})
    assert response.status_code == 422
    assert errors_beside(response, "id_cadres")
    assert not Quota.objects.filter(place__code="451024", year=2023).exists()


def test_a_county_outside_the_coordinators_scope_is_refused(client_for):
    client = client_for("coordinator", scope=["4510"])
    response = client.post("/exchange/quotas/set/", {**QUOTA, "place": "451228"})
    assert response.status_code == 403
    assert not Quota.objects.filter(place__code="451228", year=2023).exists()


def test_a_clerk_sees_the_report_but_no_form_to_set_quotas(client_for):
    page = client_for("clerk").get("/exchange/quotas/").content.decode()
    assert 'id="quota-report"' in page and 'id="quota-form"' not in page


def test_the_export_holds_the_rows_and_totals_the_page_shows(client_for):
    secondment(started_on=date(2023, 3, 1))
    response = client_for("viewer").get("/exchange/quotas.xlsx?year=2023&on=2023-06-01")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    debao = next(r for r in rows if r[0] == "451024")
    assert debao[1] == "德保县" and debao[3] == 1  # cadres in post
    assert rows[-1][0] == "合计"


def _workbook(*rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["(place)", "(year)", "(direction)", "(cadres)", "(professionals)", "(source)"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("quotas.xlsx", buffer.getvalue())


def test_an_import_sets_every_rows_quotas(client_for):
    client = client_for("coordinator", scope=["4510"])
    upload = _workbook(["451024 德保县", 2023, "", 3, 5, "协议"], ["451081", 2023, "", 2, 4, ""])
    response = client.post("/exchange/quotas/import/", {"file": upload})
    assert response.status_code == 302
    assert Quota.objects.filter(year=2023, place__code__in=["451024", "451081"]).count() == 4


def test_an_import_with_bad_cells_names_each_row_and_column_and_writes_nothing(client_for):
    client = client_for("coordinator", scope=["4510"])
    upload = _workbook(["451024", 2023, "", -3, 5, ""], ["451228", 2023, "", 1, 1, ""],
                       ["451081", 1800, "", 1, "多", ""])  # fmt: skip
    response = client.post("/exchange/quotas/import/", {"file": upload})
    assert response.status_code == 422
    refused = response.content.decode()
    for row in ("2", "3", "4"):
        assert f'data-row="{row}"' in refused
    assert "该县不在您的管辖范围内" in refused
    assert not Quota.objects.filter(year__in=[2023, 1800]).exists()


def test_the_in_post_page_lists_who_is_in_post_and_who_ends_soon(client_for):
    staying = secondment(started_on=date(2023, 3, 1))
    leaving = secondment(name="王芳", started_on=date(2023, 3, 1), planned_end=date(2023, 6, 20))
    page = client_for("viewer").get("/exchange/in-post/?on=2023-06-01&place=451024")
    text = page.content.decode()
    assert f'id="in-post-{staying.uid}"' in text and f'id="in-post-{leaving.uid}"' in text
    assert f'id="ending-{leaving.uid}"' in text and f'id="ending-{staying.uid}"' not in text


def test_the_report_opens_on_the_latest_year_quotas_are_set_for(client_for):
    Quota.objects.create(place_id=_debao(), year=2023, direction="to_helped", group="cadres",
                         planned=2, created_by=_admin())  # fmt: skip
    page = client_for("viewer").get("/exchange/quotas/?place=451024")
    assert 'name="year" value="2023"' in page.content.decode()
    assert '"num cadres-planned">2<' in _row(page, "quota-451024")


def test_with_nobody_in_post_the_page_offers_the_last_day_someone_was(client_for):
    secondment(started_on=date(2023, 3, 1), ended_on=date(2023, 8, 31),
               planned_end=date(2023, 8, 31))  # fmt: skip
    text = client_for("viewer").get("/exchange/in-post/?on=2024-06-01&place=451024")
    text = text.content.decode()
    assert 'href="?on=2023-08-31&amp;place=451024"' in text
    assert "2023-08-31" in text


def _debao() -> int:
    from xiezuo.places.models import Place

    return Place.objects.get(code="451024").pk


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


def _row_text(page: str, row_id: str) -> str:
    start = page.index(f'id="{row_id}"')
    return page[start : page.index("</tr>", start)]


def _row(response, row_id: str) -> str:
    return _row_text(response.content.decode(), row_id)
