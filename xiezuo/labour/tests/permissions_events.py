"""Permission-matrix entries for recording job fairs, training classes (and their trainees)
and school leavers (and their agreements): a clerk of the place the fair or the class is
for, of the trainee's home or of the school leaver's home."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from xiezuo.accounts.models import Role, User
from xiezuo.accounts.tests.matrix import TARGET_PLACE, Endpoint, json_request
from xiezuo.labour import services
from xiezuo.labour.models import SchoolLeaver, Trainee, TrainingClass, Worker
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Place

_numbers = itertools.count(48000)


def _admin() -> User:
    return User.objects.get(username="admin")


def _worker(where: str) -> Worker:
    return services.worker_register(
        actor=_admin(), name="测试",
        identity=synthetic_identity(next(_numbers), date(1999, 4, 5), "female", "45"),
        home=Place.objects.get(code=TARGET_PLACE[where]), poverty_status="poor",
    )  # fmt: skip


def _class(where: str) -> TrainingClass:
    return services.training_class_create(
        actor=_admin(), name="测试培训班", kind="skills",
        place=Place.objects.get(code=TARGET_PLACE[where]),
        starts_on=date(2019, 5, 1), ends_on=date(2019, 5, 10),
    )  # fmt: skip


def _trainee(where: str) -> Trainee:
    return services.trainee_enrol(training_class=_class(where), worker=_worker(where))


def _leaver(where: str) -> SchoolLeaver:
    return services.school_leaver_register(
        actor=_admin(), worker=_worker(where), school="测试职业学校",
        enrolled_on=date(2018, 9, 1), expected_graduation=date(2021, 7, 1),
    )  # fmt: skip


_FAIR = {"name": "测试招聘会", "held_on": "2019-06-08", "attendance": 100, "agreements": 5}
_CLASS = {"name": "测试培训班", "kind": "skills", "starts_on": "2019-05-01",
          "ends_on": "2019-05-10"}  # fmt: skip
_LEAVER = {"school": "测试职业学校", "enrolled_on": "2018-09-01",
           "expected_graduation": "2021-07-01"}  # fmt: skip
_AGREEMENT = {"signed_on": "2019-05-06", "place_of_work": "4403", "employer_name": "深圳某厂"}


def _fair_api(c: Any, u: Any, where: str) -> Any:
    return json_request(c, "post", "/api/v1/labour/fairs", {**_FAIR, "place": TARGET_PLACE[where]})


def _class_api(c: Any, u: Any, where: str) -> Any:
    body = {**_CLASS, "place": TARGET_PLACE[where]}
    return json_request(c, "post", "/api/v1/labour/training-classes", body)


def _enrol_api(c: Any, u: Any, where: str) -> Any:
    path = f"/api/v1/labour/training-classes/{_class(where).uid}/trainees"
    return json_request(c, "post", path, {"worker": _worker(where).uid})


def _complete_api(c: Any, u: Any, where: str) -> Any:
    trainee = _trainee(where)
    path = (
        f"/api/v1/labour/training-classes/{trainee.training_class.uid}"
        f"/trainees/{trainee.worker.uid}/completion"
    )
    return json_request(c, "post", path, {"certificate": "电工证"})


def _leaver_api(c: Any, u: Any, where: str) -> Any:
    body = {**_LEAVER, "worker": _worker(where).uid}
    return json_request(c, "post", "/api/v1/labour/school-leavers", body)


def _agreement_api(c: Any, u: Any, where: str) -> Any:
    path = f"/api/v1/labour/school-leavers/{_leaver(where).worker.uid}/agreement"
    return json_request(c, "post", path, _AGREEMENT)


def _fair_page(c: Any, u: Any, where: str) -> Any:
    return c.post("/labour/fairs/new/", {**_FAIR, "place": TARGET_PLACE[where]})


def _class_page(c: Any, u: Any, where: str) -> Any:
    return c.post("/labour/training/new/", {**_CLASS, "place": TARGET_PLACE[where]})


def _enrol_page(c: Any, u: Any, where: str) -> Any:
    path = f"/labour/training/{_class(where).uid}/trainees/"
    return c.post(path, {"worker": _worker(where).uid})


def _complete_page(c: Any, u: Any, where: str) -> Any:
    trainee = _trainee(where)
    path = (
        f"/labour/training/{trainee.training_class.uid}/trainees/{trainee.worker.uid}/completion/"
    )
    return c.post(path, {"certificate": "电工证"})


def _leaver_page(c: Any, u: Any, where: str) -> Any:
    return c.post("/labour/school-leavers/new/", {**_LEAVER, "worker": _worker(where).uid})


def _agreement_page(c: Any, u: Any, where: str) -> Any:
    return c.post(f"/labour/school-leavers/{_leaver(where).worker.uid}/agreement/", _AGREEMENT)


ENDPOINTS = [
    Endpoint("api labour fair create", Role.CLERK, call=_fair_api),
    Endpoint("api labour training class create", Role.CLERK, call=_class_api),
    Endpoint("api labour trainee enrol", Role.CLERK, call=_enrol_api),
    Endpoint("api labour trainee complete", Role.CLERK, call=_complete_api),
    Endpoint("api labour school leaver create", Role.CLERK, call=_leaver_api),
    Endpoint("api labour school leaver agreement", Role.CLERK, call=_agreement_api),
    Endpoint("page labour fair create", Role.CLERK, call=_fair_page),
    Endpoint("page labour training class create", Role.CLERK, call=_class_page),
    Endpoint("page labour trainee enrol", Role.CLERK, call=_enrol_page),
    Endpoint("page labour trainee complete", Role.CLERK, call=_complete_page),
    Endpoint("page labour school leaver create", Role.CLERK, call=_leaver_page),
    Endpoint("page labour school leaver agreement", Role.CLERK, call=_agreement_page),
]
API_WRITES = {
    ("POST", "/labour/fairs"): "api labour fair create",
    ("POST", "/labour/training-classes"): "api labour training class create",
    ("POST", "/labour/training-classes/{uid}/trainees"): "api labour trainee enrol",
    ("POST", "/labour/training-classes/{uid}/trainees/{worker_uid}/completion"): (
        "api labour trainee complete"
    ),
    ("POST", "/labour/school-leavers"): "api labour school leaver create",
    ("POST", "/labour/school-leavers/{worker_uid}/agreement"): (
        "api labour school leaver agreement"
    ),
}
READ_ONLY_PAGES = {
    "labour_fair_detail",
    "labour_training_class_detail",
    "labour_school_leaver_list",
}
WRITE_PAGES = {
    "labour_fair_create": "page labour fair create",
    "labour_training_class_create": "page labour training class create",
    "labour_trainee_enrol": "page labour trainee enrol",
    "labour_trainee_complete": "page labour trainee complete",
    "labour_school_leaver_create": "page labour school leaver create",
    "labour_school_leaver_agreement": "page labour school leaver agreement",
}
