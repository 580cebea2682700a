"""Permission-matrix entries for the labour registries."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from xiezuo.accounts.models import Role, User
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.labour import services
from xiezuo.occupations.models import Occupation
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Organisation, Place

_numbers = itertools.count(45000)


def _identity() -> str:
    return synthetic_identity(next(_numbers), date(1991, 2, 3), "male", "45")


def _worker(where: str) -> Any:
    actor = User.objects.get(username="admin")
    return services.worker_register(
        actor=actor, identity=_identity(), name="测试", poverty_status="poor",
        home=Place.objects.get(code=TARGET_PLACE[where]),
    )  # fmt: skip


def _employer(where: str) -> Organisation:
    return Organisation.objects.create(
        name="测试企业", kind="enterprise", side="helped",
        place=Place.objects.get(code=TARGET_PLACE[where]),
    )  # fmt: skip


def _register(c: Any, u: Any, where: str) -> Any:
    body = {"identity": _identity(), "name": "测试", "home": TARGET_PLACE[where],
            "poverty_status": "poor"}  # fmt: skip
    return json_request(c, "post", "/api/v1/labour/workers", body)


def _change(c: Any, u: Any, where: str) -> Any:
    worker = _worker(where)
    return json_request(c, "patch", f"/api/v1/labour/workers/{worker.uid}", {"skills": "电焊"})


def _post(c: Any, u: Any, where: str) -> Any:
    body = {
        "employer": _employer(where).pk, "title": "普工",
        "occupation": Occupation.objects.filter(level=4).values_list("code", flat=True)[0],
        "place_of_work": TARGET_PLACE[where], "openings": 3, "wage_min": 3000,
        "wage_max": 4000, "valid_from": "2019-01-01", "valid_to": "2019-12-31",
    }  # fmt: skip
    return json_request(c, "post", "/api/v1/labour/postings", body)


def _place(c: Any, u: Any, where: str) -> Any:
    worker = _worker(where)
    body = {"worker": worker.uid, "started_on": "2019-03-01", "channel": "organised",
            "place_of_work": "4419", "employer_name": "东莞某厂"}  # fmt: skip
    return json_request(c, "post", "/api/v1/labour/placements", body)


def _follow_up(c: Any, u: Any, where: str) -> Any:
    worker = _worker(where)
    placement = services.placement_record(
        actor=User.objects.get(username="admin"), worker=worker, started_on=date(2019, 3, 1),
        channel="organised",
        job=services.Job(place_of_work=Place.objects.get(code="4419"), employer_name="某厂"),
    )  # fmt: skip
    body = {"months": 3, "checked_on": "2019-06-03", "employed": True}
    return json_request(c, "post", f"/api/v1/labour/placements/{placement.uid}/follow-ups", body)


ENDPOINTS = [
    Endpoint("api labour worker create", Role.CLERK, call=_register),
    Endpoint("api labour worker update", Role.CLERK, call=_change),
    Endpoint("api labour posting create", Role.CLERK, call=_post),
    Endpoint("api labour placement create", Role.CLERK, call=_place),
    Endpoint("api labour follow-up create", Role.CLERK, call=_follow_up),
]
API_WRITES = {
    ("POST", "/labour/workers"): "api labour worker create",
    ("PATCH", "/labour/workers/{uid}"): "api labour worker update",
    ("POST", "/labour/postings"): "api labour posting create",
    ("POST", "/labour/placements"): "api labour placement create",
    ("POST", "/labour/placements/{uid}/follow-ups"): "api labour follow-up create",
}


def _register_on_the_page(c: Any, u: Any, where: str) -> Any:
    return c.post("/labour/workers/new/", {
        "identity": _identity(), "name": "测试", "home": TARGET_PLACE[where],
        "poverty_status": "poor", "education": "2", "wish_destination": "any",
    })  # fmt: skip


def _place_on_the_page(c: Any, u: Any, where: str) -> Any:
    worker = _worker(where)
    return c.post(f"/labour/workers/{worker.uid}/job/", {
        "started_on": "2019-03-01", "channel": "organised", "place_of_work": "4419",
        "employer_name": "东莞某厂",
    })  # fmt: skip


def _follow_up_on_the_page(c: Any, u: Any, where: str) -> Any:
    worker = _worker(where)
    placement = services.placement_record(
        actor=User.objects.get(username="admin"), worker=worker, started_on=date(2019, 3, 1),
        channel="organised",
        job=services.Job(place_of_work=Place.objects.get(code="4419"), employer_name="某厂"),
    )  # fmt: skip
    return c.post(f"/labour/placements/{placement.uid}/follow-up/",
                  {"months": "3", "checked_on": "2019-06-03", "employed": "yes"})  # fmt: skip


def _posting_form(where: str, employer: Organisation | None = None) -> dict[str, str]:
    return {
        "employer": str((employer or _employer(where)).pk), "title": "普工",
        "occupation": Occupation.objects.filter(level=4).values_list("code", flat=True)[0],
        "place_of_work": TARGET_PLACE[where], "openings": "3", "wage_min": "3000",
        "wage_max": "4000", "education_min": "0", "valid_from": "2019-01-01",
        "valid_to": "2019-12-31",
    }  # fmt: skip


def _posting(where: str) -> Any:
    return services.posting_create(
        actor=User.objects.get(username="admin"), title="普工", employer=_employer(where),
        occupation=Occupation.objects.filter(level=4)[0],
        place_of_work=Place.objects.get(code=TARGET_PLACE[where]), openings=3,
        wage_min=3000, wage_max=4000, valid_from=date(2019, 1, 1), valid_to=date(2019, 12, 31),
    )  # fmt: skip


def _post_on_the_page(c: Any, u: Any, where: str) -> Any:
    return c.post("/labour/postings/new/", _posting_form(where))


def _change_posting_on_the_page(c: Any, u: Any, where: str) -> Any:
    posting = _posting(where)
    form = {**_posting_form(where, posting.employer), "openings": "5"}
    return c.post(f"/labour/postings/{posting.uid}/edit/", form)


def _close_posting_on_the_page(c: Any, u: Any, where: str) -> Any:
    return c.post(f"/labour/postings/{_posting(where).uid}/close/")


ENDPOINTS += [
    Endpoint("page labour posting create", Role.CLERK, call=_post_on_the_page),
    Endpoint("page labour posting update", Role.CLERK, call=_change_posting_on_the_page),
    Endpoint("page labour posting close", Role.CLERK, call=_close_posting_on_the_page),
    Endpoint("page labour worker create", Role.CLERK, call=_register_on_the_page),
    Endpoint("page labour placement create", Role.CLERK, call=_place_on_the_page),
    Endpoint("page labour follow-up create", Role.CLERK, call=_follow_up_on_the_page),
]
READ_ONLY_PAGES = {"labour_worker_list", "labour_worker_detail", "labour_placement_list"}
WRITE_PAGES = {
    "labour_posting_create": "page labour posting create",
    "labour_posting_edit": "page labour posting update",
    "labour_posting_close": "page labour posting close",
    "labour_worker_create": "page labour worker create",
    "labour_placement_create": "page labour placement create",
    "labour_follow_up_create": "page labour follow-up create",
}
