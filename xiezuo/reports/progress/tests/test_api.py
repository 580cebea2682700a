"""POST /api/v1/reports/progress answers the report as a file; bad input is refused by field."""

from __future__ import annotations

import io

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/progress"


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_a_viewer_gets_the_guangxi_record_as_a_pdf(client_for):
    from pypdf import PdfReader

    body = {"place": "45", "period": ":201806", "language": "zh", "format": "pdf",
            "template": "record"}  # fmt: skip
    response = _post(client_for("viewer", scope=["45"]), body)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert "201806.pdf" in response["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "5.59万" in text


def test_the_report_comes_as_word_and_html(client_for):
    client = client_for("viewer", scope=["45"])
    docx = _post(client, {"place": "4510", "period": "2018", "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    html = _post(client, {"place": "4510", "period": "2018", "format": "html"})
    assert html.status_code == 200
    assert '<a class="fig" href="/pivot/?' in html.content.decode()


def test_a_pairing_is_a_scope(client_for):
    from xiezuo.pairings.models import Pairing

    pairing = Pairing.objects.filter(helped_place__code="451024").first()
    response = _post(client_for("viewer"), {"pairing": pairing.uid, "period": "2018",
                                            "format": "html", "language": "en"})  # fmt: skip
    assert response.status_code == 200
    assert f"pairing-{pairing.uid}" in response["Content-Disposition"]


def test_bad_input_is_refused_by_field(client_for):
    response = _post(client_for("viewer"), {"place": "99", "period": "2018-13", "format": "odt",
                                            "language": "fr"})  # fmt: skip
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"place", "period", "format", "language"}
    assert "99" in errors["place"][0]


def test_without_signing_in_there_is_no_report(client):
    response = _post(client, {"place": "45", "period": "2018", "format": "html"})
    assert response.status_code in (401, 403)
