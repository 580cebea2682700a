"""The public catalogue of certified products: readable without signing in, only products
certified and valid today, searched by place, category and supplier, each with a QR code
of its page — and a walk over every link of its pages finds nothing internal and no
user's name."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from xiezuo.consumption import services

from .factories import certified_product, product, supplier, to_notice

pytestmark = pytest.mark.django_db

PUBLIC = ("/products/", "/static/", "/i18n/")
LINK = re.compile(r'(?:href|action|src)="([^"#]*)"')


@pytest.fixture
def recorder(make_user):
    return make_user("coordinator", scope=["45"], username="zhang_luru")


@pytest.fixture
def catalogue(recorder):
    """Certified: oranges of Debao, tea of Lingyun (451027, a handicraft of Debao's too);
    not in the catalogue: one under notice, one suspended, one expired."""
    debao = supplier(recorder)
    lingyun = supplier(recorder, place="451027", name="凌云县白毫茶业有限公司", kind="enterprise")
    found = {
        "oranges": certified_product(recorder, debao),
        "tea": certified_product(recorder, lingyun, name="凌云白毫茶", category="processed"),
        "notice": to_notice(recorder, product(recorder, debao, name="公示中的产品")),
        "suspended": certified_product(recorder, debao, name="已暂停的产品"),
        "expired": to_notice(recorder, product(recorder, debao, name="已过期的产品"), days_ago=20),
    }
    services.product_suspend(actor=recorder, product=found["suspended"], comment="抽检不合格")
    services.product_certify(
        actor=recorder, product=found["expired"], on=timezone.localdate() - timedelta(days=10),
        valid_until=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    return found


def walk(client: Client, start: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page = response.content.decode()
        seen[url] = page
        if response["Content-Type"].startswith("image/"):
            continue
        for link in LINK.findall(page):
            target = urljoin(url, link.replace("&amp;", "&"))
            path = urlsplit(target).path
            assert path.startswith(PUBLIC), f"{url} links to {target}, which is not public"
            if path.startswith("/products/"):
                queue.append(target)
    return seen


def test_the_catalogue_lists_only_products_certified_and_valid_today(client, catalogue):
    page = client.get("/products/").content.decode()
    assert "德保脐橙" in page and "凌云白毫茶" in page
    for gone in ("公示中的产品", "已暂停的产品", "已过期的产品"):
        assert gone not in page
    assert client.get(f"/products/{catalogue['suspended'].uid}/").status_code == 404


def test_the_catalogue_is_searched_by_place_with_its_area_category_and_supplier(client, catalogue):
    by_place = client.get("/products/", {"place": "451027"}).content.decode()
    assert "凌云白毫茶" in by_place and "德保脐橙" not in by_place
    assert "德保脐橙" in client.get("/products/", {"place": "4510"}).content.decode()
    by_category = client.get("/products/", {"category": "processed"}).content.decode()
    assert "凌云白毫茶" in by_category and "德保脐橙" not in by_category
    by_supplier = client.get("/products/", {"supplier": "白毫"}).content.decode()
    assert "凌云白毫茶" in by_supplier and "德保脐橙" not in by_supplier


def test_a_products_page_shows_its_certificate_and_a_qr_code_of_its_address(client, catalogue):
    oranges = catalogue["oranges"]
    page = client.get(f"/products/{oranges.uid}/").content.decode()
    assert oranges.certificate_number in page and "德保县测试种植合作社" in page
    assert f'src="/products/{oranges.uid}/qr.svg"' in page
    qr = client.get(f"/products/{oranges.uid}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert f"http://testserver/products/{oranges.uid}/" in qr.content.decode()


def test_the_catalogue_prints_without_its_search_form(client, catalogue):
    page = client.get("/products/").content.decode()
    assert "@media print" in page and ".filters" in page


def test_every_public_page_links_only_to_public_pages_and_names_no_user(client, catalogue):
    pages = walk(client, "/products/")
    pages |= walk(client, "/products/?place=45&category=primary")
    assert any(url.endswith("/qr.svg") for url in pages)  # the walk reached the codes
    text = "\n".join(pages.values())
    for secret in ("zhang_luru", "/consumption/", "/accounts/", "/api/"):
        assert secret not in text


def test_the_internal_consumption_pages_still_ask_to_sign_in(client, catalogue):
    oranges = catalogue["oranges"]
    for internal in (
        "/consumption/",
        "/consumption/suppliers/",
        f"/consumption/products/{oranges.uid}/",
        "/consumption/products.xlsx",
    ):
        response = client.get(internal)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_catalogue_as_it_stood_on_a_past_day(client, catalogue):
    # the expired product was valid yesterday; the one under notice never was
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = client.get("/products/", {"on": yesterday}).content.decode()
    assert "已过期的产品" in page and "公示中的产品" not in page
    expired = catalogue["expired"]
    assert f'href="/products/{expired.uid}/?on={yesterday}"' in page
    detail = client.get(f"/products/{expired.uid}/", {"on": yesterday}).content.decode()
    assert expired.certificate_number in detail and "qr.svg" not in detail
    assert client.get(f"/products/{expired.uid}/").status_code == 404


def test_with_nothing_valid_today_the_catalogue_offers_the_last_day_it_had_products(
    client, recorder
):
    today = timezone.localdate()
    applied = product(recorder, name="往年产品", on=today - timedelta(days=100))
    old = to_notice(recorder, applied, days_ago=90)
    last = today - timedelta(days=30)
    services.product_certify(actor=recorder, product=old, on=today - timedelta(days=60),
                             valid_until=last)  # fmt: skip
    page = client.get("/products/").content.decode()
    assert "往年产品" not in page
    assert f'href="?on={last.isoformat()}"' in page
    assert "往年产品" in client.get("/products/", {"on": last.isoformat()}).content.decode()


def test_a_day_that_is_not_a_date_is_said_and_today_shown(client, catalogue):
    page = client.get("/products/", {"on": "2018-02-30"}).content.decode()
    assert "2018-02-30" in page and "德保脐橙" in page
