"""Permission-matrix entries for matching (人岗对接): what came of a match is recorded by a
clerk of the posting's side or of the worker's."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiezuo.accounts.models import Role
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.labour import services
from xiezuo.labour.models import Posting, Worker
from xiezuo.occupations.models import Occupation
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Organisation, Place

SHENZHEN = "440305"  # outside every test scope: only the worker's home decides


def _pair(user: Any, where: str) -> tuple[Posting, Worker]:
    """A posting in Shenzhen and a worker whose home is inside (or outside) the scope."""
    employer = Organisation.objects.create(
        name="深圳某厂", kind="enterprise", place=Place.objects.get(code=SHENZHEN), side="helper"
    )
    occupation = Occupation.objects.get(code="6-25-04-07")
    posting = services.posting_create(
        actor=user, employer=employer, title="装接工", occupation=occupation,
        place_of_work=Place.objects.get(code=SHENZHEN), openings=1, wage_min=4000,
        wage_max=5000, valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31),
    )  # fmt: skip
    home = TARGET_PLACE[where]
    worker = services.worker_register(
        actor=user, identity=synthetic_identity(777, date(1995, 1, 1), "female", home),
        name="韦秀英", home=Place.objects.get(code=home), poverty_status="poor",
    )  # fmt: skip
    return posting, worker


def _outcome(c: Any, u: Any, where: str) -> Any:
    posting, worker = _pair(u, where)
    path = f"/api/v1/labour/postings/{posting.uid}/matches/{worker.uid}/outcome"
    return json_request(c, "post", path, {"outcome": "shortlisted"})


def _outcome_on_the_page(c: Any, u: Any, where: str) -> Any:
    posting, worker = _pair(u, where)
    return c.post(
        f"/labour/postings/{posting.uid}/matches/{worker.uid}/outcome/", {"outcome": "contacted"}
    )


ENDPOINTS = [
    Endpoint("api labour match outcome record", Role.CLERK, call=_outcome),
    Endpoint("page labour match outcome record", Role.CLERK, call=_outcome_on_the_page),
]
API_WRITES = {
    ("POST", "/labour/postings/{uid}/matches/{worker_uid}/outcome"): (
        "api labour match outcome record"
    ),
}
READ_ONLY_PAGES = {"labour_posting_list", "labour_posting_detail"}
WRITE_PAGES = {"labour_match_outcome_record": "page labour match outcome record"}
