"""The public job board: open postings readable without signing in, filtered by place,
occupation and wage, each with a QR code of its page — and a walk over every link of its
pages proves nothing internal, and nothing about any worker, can be reached from it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from xiezuo.labour import services
from xiezuo.occupations.models import Occupation
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Organisation, Place

pytestmark = pytest.mark.django_db

PUBLIC = ("/jobs/", "/static/", "/i18n/")
LINK = re.compile(r'(?:href|action|src)="([^"#]*)"')


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["4419"])


@pytest.fixture
def postings(clerk):
    """Open postings in Dongguan (4419) and Shenzhen (4403), one closed, one expired, one
    filled by a placement of a worker."""
    today = timezone.localdate()
    employer = Organisation.objects.create(
        name="东莞某电子厂", kind="enterprise", side="helper", place=Place.objects.get(code="4419")
    )
    units = list(Occupation.objects.filter(level=4).order_by("code")[:2])

    def make(title, place="4419", wage=4000, occupation=0, **extra):
        fields = {
            "employer": employer, "title": title, "occupation": units[occupation],
            "place_of_work": Place.objects.get(code=place), "openings": 1, "wage_min": wage,
            "wage_max": wage + 1500, "valid_from": today - timedelta(days=10),
            "valid_to": today + timedelta(days=30), "contact": "0769-12345678",
        }  # fmt: skip
        fields.update(extra)
        return services.posting_create(actor=clerk, **fields)

    found = {
        "assembler": make("装配工"),
        "shenzhen": make("深圳仓管员", place="4403", wage=5200, occupation=1),
        "closed": make("已关闭岗位"),
        "expired": make(
            "已过期岗位", valid_from=today - timedelta(days=60), valid_to=today - timedelta(days=1)
        ),
        "filled": make("已招满岗位"),
    }
    services.posting_close(posting=found["closed"], on=today)
    worker = services.worker_register(
        actor=clerk, identity=synthetic_identity(7, date(1956, 2, 2), "female", "45"),
        name="韦某某", home=Place.objects.get(code="451024105"), poverty_status="poor",
        phone="13912345678",
    )  # fmt: skip
    services.placement_record(
        actor=clerk, worker=worker, started_on=today, channel="organised",
        posting=found["filled"],
    )  # fmt: skip
    found["worker"] = worker
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
            if path.startswith("/jobs/"):
                queue.append(target)
    return seen


def test_the_board_lists_only_open_postings_without_signing_in(client, postings):
    page = client.get("/jobs/").content.decode()
    assert "装配工" in page and "深圳仓管员" in page
    for gone in ("已关闭岗位", "已过期岗位", "已招满岗位"):
        assert gone not in page
    closed = postings["closed"]
    assert client.get(f"/jobs/{closed.uid}/").status_code == 404


def test_the_board_filters_by_place_with_its_area_occupation_and_wage(client, postings):
    assert "深圳仓管员" not in client.get("/jobs/", {"place": "4419"}).content.decode()
    assert "装配工" in client.get("/jobs/", {"place": "44"}).content.decode()
    by_wage = client.get("/jobs/", {"wage": "5000"}).content.decode()
    assert "深圳仓管员" in by_wage and "装配工" not in by_wage
    code = postings["assembler"].occupation.code
    by_occupation = client.get("/jobs/", {"occupation": code}).content.decode()
    assert "装配工" in by_occupation and "深圳仓管员" not in by_occupation


def test_a_postings_page_has_a_qr_code_of_its_address(client, postings):
    posting = postings["assembler"]
    page = client.get(f"/jobs/{posting.uid}/").content.decode()
    assert f'src="/jobs/{posting.uid}/qr.svg"' in page and "0769-12345678" in page
    qr = client.get(f"/jobs/{posting.uid}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert f"http://testserver/jobs/{posting.uid}/" in qr.content.decode()


def test_every_public_page_links_only_to_public_pages_and_shows_no_worker(client, postings):
    pages = walk(client, "/jobs/")
    pages |= walk(client, "/jobs/?place=44&wage=3000")
    assert any(url.endswith("/qr.svg") for url in pages)  # the walk reached the codes
    text = "\n".join(pages.values())
    worker = postings["worker"]
    for secret in (worker.name, worker.identity, worker.phone, worker.uid, "/labour/"):
        assert secret not in text
    for user_name in ("clerk",):
        assert f">{user_name}<" not in text


def test_the_internal_labour_pages_still_ask_to_sign_in(client):
    for internal in ("/labour/", "/labour/placements/", "/labour/fairs/", "/labour/training/"):
        response = client.get(internal)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_board_reads_in_english_too(client, postings):
    client.cookies["django_language"] = "en"
    page = client.get("/jobs/", headers={"accept-language": "en"}).content.decode()
    assert "Open jobs" in page
