"""The talent exchange's quotas as a coordinator meets them, in a real Chromium against
gunicorn on the demo: a cadre from Nanshan is in post in Debao (seeded in the server's
database: the secondment pages are another part of the app); the programme's coordinator
sets Debao's quotas for the year, and "planned vs in post" shows both for that day."""

import pytest

from .conftest import seed, sign_in

pytestmark = pytest.mark.browser

SECONDMENT = """
from datetime import date
from xiezuo.accounts.models import User
from xiezuo.exchange.models import Person, Secondment
from xiezuo.places.models import Place
admin = User.objects.get(username="admin")
nanshan, debao = Place.objects.get(code="440305"), Place.objects.get(code="451024")
person = Person.objects.create(name="浏览器测试挂职干部", category="cadre", home=nanshan,
                               created_by=admin)
Secondment.objects.create(person=person, direction="to_helped", kind="secondment",
    category="cadre", origin=nanshan, host=debao, post="副县长",
    planned_start=date(2023, 3, 1), planned_end=date(2025, 2, 28),
    started_on=date(2023, 3, 1), created_by=admin)
"""


def test_a_coordinator_sets_a_quota_and_sees_planned_against_in_post(page, live, screenshot):
    seed(live, SECONDMENT)
    sign_in(page, "coordinator")
    page.goto("/exchange/quotas/?year=2023&on=2023-06-01&place=4510")
    assert page.locator("#quota-451024 .cadres-in-post").inner_text() == "1"
    assert page.locator("#quota-451024 .cadres-planned").inner_text() == "0"

    page.fill("#id_place", "451024")
    page.fill("#id_year", "2023")
    page.select_option("#id_direction", "to_helped")
    page.fill("#id_cadres", "2")
    page.fill("#id_professionals", "6")
    page.fill("#id_source", "2023年粤桂扶贫协作协议")
    with page.expect_navigation():
        page.click("#quota-save")

    page.goto("/exchange/quotas/?year=2023&on=2023-06-01&place=4510")
    row = page.locator("#quota-451024")
    assert row.locator(".cadres-planned").inner_text() == "2"
    assert row.locator(".cadres-in-post").inner_text() == "1"
    assert row.locator(".professionals-planned").inner_text() == "6"
    assert row.locator(".planned").inner_text() == "8"
    assert row.locator(".in-post").inner_text() == "1"
    screenshot(page, "exchange-quotas")

    # before the cadre arrived, nobody was in post
    page.goto("/exchange/quotas/?year=2023&on=2023-02-28&place=451024")
    assert page.locator("#quota-451024 .in-post").inner_text() == "0"
