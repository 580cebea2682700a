"""The public disclosure: open without signing in, showing only what is published — and a
walk over every link of every public page proves nothing internal can be reached from it."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from xiezuo.accounts.models import User
from xiezuo.ledger.models import Donation, Transfer
from xiezuo.projects.models import Project

pytestmark = pytest.mark.django_db

PUBLIC = ("/disclosure/", "/static/", "/i18n/")
LINK = re.compile(r'(?:href|action|src)="([^"#]*)"')


def walk(client: Client, start: str) -> dict[str, str]:
    """Every page reached from `start` by following links within the public pages."""
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
        for link in LINK.findall(page):
            target = urljoin(url, link.replace("&amp;", "&"))
            path = urlsplit(target).path
            assert path.startswith(PUBLIC), f"{url} links to {target}, which is not public"
            if path.startswith("/disclosure/"):
                queue.append(target)
    return seen


def test_every_public_page_links_only_to_public_pages_and_shows_nothing_internal(client):
    pages: dict[str, str] = {}
    for year in range(2009, 2019):  # the official's anonymous gifts are of 2009–2017
        pages |= walk(client, f"/disclosure/?place=45&year={year}")
    assert any("/disclosure/projects/" in url for url in pages)  # the walk reached projects
    text = "\n".join(pages.values())
    unpublished = Project.objects.filter(published_at__isnull=True)
    assert unpublished.exists()
    for project in unpublished:
        assert project.name not in text
        assert f"/disclosure/projects/{project.uid}/" not in text
    for project in Project.objects.exclude(note=""):
        assert project.note not in text
    for user in User.objects.exclude(first_name=""):
        assert user.first_name not in text
    for voucher in Transfer.objects.exclude(voucher="").values_list("voucher", flat=True):
        assert voucher not in text
    anonymous = Donation.objects.filter(donor__anonymous=True)
    assert anonymous.exists()
    for gift in anonymous:
        assert gift.donor.name not in text
    assert "匿名捐赠者" in text  # shown, without the name
    assert "/media/" not in text


def test_internal_pages_and_unpublished_projects_cannot_be_reached_without_signing_in(client):
    project = Project.objects.filter(published_at__isnull=True).first()
    assert client.get(f"/disclosure/projects/{project.uid}/").status_code == 404
    for internal in ("/ledger/", "/projects/", f"/projects/{project.pk}/", "/ledger/donations/"):
        response = client.get(internal)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_figures_on_the_page_are_the_ledgers_and_the_registers(client):
    page = client.get("/disclosure/?place=45&year=2018").content.decode()
    assert re.search(r'id="funds-received" title="985,000,000.00">9.85亿<', page)
    assert re.search(r'id="funds-disbursed" title="812,000,000.00">8.12亿<', page)
    # the charity evening and the relocation town's gift in 2018, the official's earlier years
    total = sum(
        g.amount
        for g in Donation.objects.filter(received_on__year=2018, place__code__startswith="45")
    )
    assert total == 100_000_000 + 23_100_000 + 22_000_000
    assert 'id="donations-total">1.45亿<' in page


def test_a_disbursement_shows_on_the_public_page_at_once(client, make_user):
    from xiezuo.ledger.selectors import account_get
    from xiezuo.ledger.services import transfer_create

    clerk = make_user("coordinator", scope=["45"])
    before = client.get("/disclosure/?place=451024&year=2018").content.decode()
    transfer_create(
        actor=clerk, kind="disbursement", source=account_get("receiving-451024"),
        target=account_get("projects-451024"), amount="1000000", on=date(2018, 7, 1),
    )  # fmt: skip
    after = client.get("/disclosure/?place=451024&year=2018").content.decode()
    disbursed = re.compile(r'id="funds-disbursed" title="([0-9,.]+)"')
    grew = float(disbursed.search(after)[1].replace(",", "")) - float(
        disbursed.search(before)[1].replace(",", "")
    )
    assert grew == 1_000_000


def test_the_page_speaks_english_too(client):
    page = client.get("/disclosure/?place=45&year=2018", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Fiscal aid" in page and "Donations received" in page
