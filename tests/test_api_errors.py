"""Every error of /api/v1/ has one shape, `{"detail", "errors"}`, in the user's language —
also what Django answers before a view runs, and an import's refusal."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from xiezuo.api import error_response
from xiezuo.importing import ImportRefused, RowError

pytestmark = pytest.mark.django_db


def detail(response) -> str:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"detail", "errors"}
    return body["detail"]


def test_an_unknown_path_under_the_api_is_a_json_404(client_for):
    response = client_for("viewer").get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert detail(response) == "找不到该地址：/api/v1/nothing-here"


def test_a_method_the_path_does_not_take_is_a_json_405_naming_what_it_takes(client_for):
    response = client_for("administrator").delete("/api/v1/places/45")
    assert response.status_code == 405
    assert detail(response) == "此资源不接受 DELETE 请求。"
    assert response["Allow"] == "GET"


def test_english_readers_get_english_errors(client_for):
    client = client_for("viewer")
    response = client.get("/api/v1/nothing-here", HTTP_ACCEPT_LANGUAGE="en")
    assert detail(response) == "Not found: /api/v1/nothing-here"


def test_chinese_is_sent_as_utf8_not_escaped(client_for):
    response = client_for("viewer").get("/api/v1/places/99999999")
    assert response.status_code == 404
    assert "没有" in response.content.decode("utf-8")
    assert b"\\u" not in response.content


def test_pages_outside_the_api_keep_their_own_404(client_for):
    response = client_for("viewer").get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    # the page says so in the reader's language, not with the name of Django's exception
    page = response.content.decode()
    assert "此地址没有内容" in page or "There is nothing at this address" in page
    assert "Resolver404" not in page and "Http404" not in page


def test_an_import_refusal_names_each_bad_cell_by_row_and_column():
    from xiezuo.api import _refused

    request = RequestFactory().post("/api/v1/x")
    refused = ImportRefused(
        [RowError(3, "负责单位", "不能为空"), RowError(3, "开始日期", "不是日期")]
    )
    response = _refused(request, refused)
    assert response.status_code == 422
    body = json.loads(response.content)
    assert body["errors"] == {"3.负责单位": ["不能为空"], "3.开始日期": ["不是日期"]}


def test_error_response_leaves_out_errors_when_no_field_is_named():
    response = error_response(RequestFactory().get("/api/v1/x"), 403, "不允许")
    assert json.loads(response.content) == {"detail": "不允许"}


def test_a_refused_csrf_check_is_a_json_403_saying_why(make_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("viewer"))
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in detail(response)


def test_a_request_django_cannot_read_is_a_json_400(client_for):
    query = "&".join(f"f{n}=1" for n in range(1200))  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
    client = client_for("viewer")
    response = client.get(f"/api/v1/places?{query}")
    assert response.status_code == 400
    assert detail(response) == "无法读取该请求。"


def test_the_sign_in_lock_out_on_the_dhis2_api_is_a_json_web_message(make_user, settings):
    import base64

    from django.test import Client

    settings.AXES_FAILURE_LIMIT = 2
    make_user("viewer", username="li")
    wrong = "Basic " + base64.b64encode(b"li:wrong").decode()
    client = Client(headers={"Authorization": wrong})
    responses = [client.get("/api/me") for _ in range(3)]
    locked = responses[-1]
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    body = locked.json()
    assert body["httpStatusCode"] == 429 and body["status"] == "ERROR"
    assert "登录失败次数过多" in body["message"]
