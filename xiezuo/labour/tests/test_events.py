"""Recording job fairs, training classes (with their trainees) and school leavers (with their
agreements) on the pages and through the API, as a county's clerk does: each record shows in
its register and moves its figure at once; bad input is refused beside the field, in
Chinese, and nothing is written; a clerk of another county is refused."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from xiezuo.accounts.models import User
from xiezuo.indicators.models import DataValue
from xiezuo.labour import services
from xiezuo.labour.models import JobFair, Posting, SchoolLeaver, Trainee, TrainingClass, Worker
from xiezuo.occupations.models import Occupation
from xiezuo.personal.identity import mask_identity, synthetic_identity
from xiezuo.places.models import Organisation, Place

pytestmark = pytest.mark.django_db

DEBAO = "451024"
DEBAO_VILLAGE = "451024105"
DUAN = "451228"  # Du'an: outside a Debao clerk's scope
NAPO = "451026"
SHENZHEN = "4403"


@pytest.fixture
def clerk(client_for):
    return client_for("clerk", scope=[DEBAO])


def admin() -> User:
    return User.objects.get(username="admin")


def a_worker(n: int, *, status: str = "poor", home: str = DEBAO_VILLAGE) -> Worker:
    # born in 1954: before every birth date the demo's synthetic workers have
    number = synthetic_identity(49000 + n, date(1954, 3, 1) + timedelta(days=n), "female", "45")
    return services.worker_register(
        actor=admin(), identity=number, name=f"事件{n}", home=Place.objects.get(code=home),
        poverty_status=status,
    )  # fmt: skip


def figure(element: str, place: str, period: str, option: str = "") -> int:
    """The figure as /figures/ reads it (0 when there is none)."""
    value = DataValue.objects.filter(
        data_element__code=element, place__code=place, period=period,
        disaggregation=f"poverty={option}" if option else "",
    ).first()  # fmt: skip
    return int(value.value) if value else 0


def send(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def a_posting(title: str, *, valid_to: date) -> Posting:
    employer = Organisation.objects.create(
        name=f"{title}公司", kind="enterprise", side="helper",
        place=Place.objects.get(code="440305"),
    )  # fmt: skip
    return services.posting_create(
        actor=admin(), employer=employer, title=title,
        occupation=Occupation.objects.get(code="6-25-04-07"),
        place_of_work=Place.objects.get(code="440305"), openings=5, wage_min=4000,
        wage_max=5000, valid_from=date(2019, 1, 1), valid_to=valid_to,
    )  # fmt: skip


# --- job fairs


def test_a_fair_recorded_on_the_page_is_listed_shown_and_counted_at_once(clerk):
    open_posting = a_posting("电子装配工", valid_to=timezone.localdate() + timedelta(days=30))
    old_posting = a_posting("仓库管理员", valid_to=date(2019, 12, 31))
    before = figure("job_fairs", DEBAO, "201906")
    form = clerk.get("/labour/fairs/new/")
    assert form.status_code == 200 and "电子装配工" in form.content.decode()  # open: to pick
    made = clerk.post("/labour/fairs/new/", {
        "name": "德保县2019年6月就业扶贫招聘会", "held_on": "2019-06-15", "place": DEBAO,
        "organisers": "德保县人社局", "employers": [open_posting.employer.pk],
        "open_postings": [open_posting.pk], "posting_uids": f" {old_posting.uid} ",
        "attendance": "420", "agreements": "38",
    })  # fmt: skip
    fair = JobFair.objects.get(name="德保县2019年6月就业扶贫招聘会")
    assert made.status_code == 302 and made["Location"] == f"/labour/fairs/{fair.uid}/"
    assert figure("job_fairs", DEBAO, "201906") == before + 1
    listed = clerk.get("/labour/fairs/", {"place": DEBAO, "year": "2019"}).content.decode()
    assert "德保县2019年6月就业扶贫招聘会" in listed and f"/labour/fairs/{fair.uid}/" in listed
    shown = clerk.get(f"/labour/fairs/{fair.uid}/")
    page = shown.content.decode()
    assert shown.status_code == 200
    assert "电子装配工公司" in page and "电子装配工" in page and "仓库管理员" in page
    assert "德保县人社局" in page and "420" in page


def test_a_fair_recorded_through_the_api_is_listed_and_counted_at_once(clerk):
    posting = a_posting("缝纫工", valid_to=date(2019, 12, 31))
    before = figure("job_fairs", DEBAO, "201907")
    made = send(clerk, "/api/v1/labour/fairs", {
        "name": "德保县7月招聘会", "held_on": "2019-07-06", "place": DEBAO,
        "employers": [posting.employer.pk], "postings": [posting.uid], "attendance": 200,
        "agreements": 12,
    })  # fmt: skip
    assert made.status_code == 201, made.content
    fair = made.json()
    assert fair["postings"] == [posting.uid] and fair["employers"] == [posting.employer.pk]
    assert (fair["place"], fair["attendance"], fair["agreements"]) == (DEBAO, 200, 12)
    assert figure("job_fairs", DEBAO, "201907") == before + 1
    listed = clerk.get("/api/v1/labour/fairs", {"place": DEBAO, "year": 2019}).json()
    assert fair["uid"] in [f["uid"] for f in listed["items"]]
    assert clerk.get(f"/api/v1/labour/fairs/{fair['uid']}").json()["name"] == "德保县7月招聘会"
    assert "德保县7月招聘会" in clerk.get("/labour/fairs/", {"place": DEBAO}).content.decode()


def test_a_bad_fair_is_refused_beside_its_fields_and_nothing_is_written(clerk):
    count = JobFair.objects.count()
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    refused = clerk.post("/labour/fairs/new/", {
        "name": "招聘会", "held_on": future, "place": DEBAO, "attendance": "10",
        "agreements": "11", "posting_uids": "NOSUCHPOST",
    })  # fmt: skip
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "没有编号为“NOSUCHPOST”的岗位。" in page
    refused = clerk.post("/labour/fairs/new/", {
        "name": "招聘会", "held_on": future, "place": DEBAO, "attendance": "10",
        "agreements": "11",
    })  # fmt: skip
    page = refused.content.decode()
    assert refused.status_code == 422
    assert "日期在未来。" in page and "签约人数多于到场人数。" in page
    api = send(clerk, "/api/v1/labour/fairs", {
        "name": "招聘会", "held_on": future, "place": DEBAO, "attendance": 10, "agreements": 11,
    })  # fmt: skip
    assert api.status_code == 422
    assert api.json()["errors"] == {
        "held_on": ["日期在未来。"],
        "agreements": ["签约人数多于到场人数。"],
    }
    # a place outside the clerk's scope: said beside the place, and refused
    outside = clerk.post("/labour/fairs/new/", {
        "name": "都安招聘会", "held_on": "2019-06-01", "place": DUAN, "attendance": "10",
        "agreements": "1",
    })  # fmt: skip
    assert outside.status_code == 403
    assert "都安瑶族自治县不在您的权限范围内。" in outside.content.decode()
    api = send(clerk, "/api/v1/labour/fairs", {"name": "都安招聘会", "held_on": "2019-06-01",
                                               "place": DUAN})  # fmt: skip
    assert api.status_code == 403 and "范围" in api.json()["detail"]
    assert JobFair.objects.count() == count


# --- training classes and trainees


def test_a_class_with_two_trainees_one_completed_counts_one_person_trained(clerk):
    poor, other = a_worker(1), a_worker(2)
    before = figure("people_trained", DEBAO, "201908", "poor")
    classes_before = figure("training_classes", DEBAO, "201908")
    made = clerk.post("/labour/training/new/", {
        "name": "德保县电子装配培训班", "kind": "skills", "provider": "德保县职业技能培训中心",
        "place": DEBAO, "starts_on": "2019-08-01", "ends_on": "2019-08-20",
    })  # fmt: skip
    training = TrainingClass.objects.get(name="德保县电子装配培训班")
    assert made.status_code == 302
    assert made["Location"] == f"/labour/training/{training.uid}/"
    assert figure("training_classes", DEBAO, "201908") == classes_before + 1
    # one found by identity number, the other by worker number
    enrol = f"/labour/training/{training.uid}/trainees/"
    assert clerk.post(enrol, {"identity": poor.identity}).status_code == 302
    assert clerk.post(enrol, {"worker": other.uid}).status_code == 302
    again = clerk.post(enrol, {"worker": other.uid})
    assert again.status_code == 422 and "事件2 已在本培训班。" in again.content.decode()
    page = clerk.get(f"/labour/training/{training.uid}/").content.decode()
    assert "事件1" in page and "事件2" in page
    assert mask_identity(poor.identity) in page and poor.identity not in page  # masked
    done = clerk.post(
        f"/labour/training/{training.uid}/trainees/{poor.uid}/completion/",
        {"certificate": "电子设备装接工证", "found_job_on": "2019-09-02"},
    )
    assert done.status_code == 302
    assert figure("people_trained", DEBAO, "201908", "poor") == before + 1
    trainees = Trainee.objects.filter(training_class=training)
    assert trainees.count() == 2 and trainees.filter(completed=True).count() == 1
    listed = clerk.get("/labour/training/", {"place": DEBAO, "year": "2019"}).content.decode()
    assert "德保县电子装配培训班" in listed


def test_a_class_and_its_trainees_through_the_api(clerk):
    poor, not_poor = a_worker(3), a_worker(4, status="not_poor")
    before = figure("people_trained", DEBAO, "201910", "poor")
    made = send(clerk, "/api/v1/labour/training-classes", {
        "name": "德保县家政服务培训班", "kind": "skills", "place": DEBAO,
        "starts_on": "2019-10-08", "ends_on": "2019-10-18",
    })  # fmt: skip
    assert made.status_code == 201, made.content
    uid = made.json()["uid"]
    for person in (poor, not_poor):
        enrolled = send(clerk, f"/api/v1/labour/training-classes/{uid}/trainees",
                        {"worker": person.uid})  # fmt: skip
        assert enrolled.status_code == 201, enrolled.content
    done = send(clerk, f"/api/v1/labour/training-classes/{uid}/trainees/{poor.uid}/completion",
                {"certificate": "育婴员证"})  # fmt: skip
    assert done.status_code == 200 and done.json()["completed"] is True
    shown = clerk.get(f"/api/v1/labour/training-classes/{uid}").json()
    assert (shown["trainee_count"], shown["completed_count"]) == (2, 1)
    assert {t["identity"] for t in shown["trainees"]} == {
        mask_identity(poor.identity),
        mask_identity(not_poor.identity),
    }
    assert figure("people_trained", DEBAO, "201910", "poor") == before + 1
    listed = clerk.get("/api/v1/labour/training-classes", {"place": DEBAO, "year": 2019}).json()
    assert uid in [c["uid"] for c in listed["items"]]


def test_an_unknown_worker_or_a_bad_class_is_refused_and_nothing_written(clerk):
    training = services.training_class_create(
        actor=admin(), name="班", kind="skills", place=Place.objects.get(code=DEBAO),
        starts_on=date(2019, 5, 1), ends_on=date(2019, 5, 10),
    )  # fmt: skip
    enrol = f"/labour/training/{training.uid}/trainees/"
    unknown = clerk.post(enrol, {"worker": "NOSUCHWORKR"})
    assert unknown.status_code == 422
    assert "没有编号为“NOSUCHWORKR”的劳动力。" in unknown.content.decode()
    nobody = synthetic_identity(49999, date(1954, 1, 1), "male", "45")
    unknown = clerk.post(enrol, {"identity": nobody})
    assert unknown.status_code == 422
    assert "没有登记该身份证号码的劳动力。" in unknown.content.decode()
    neither = clerk.post(enrol, {})
    assert neither.status_code == 422
    assert "请填写身份证号码或劳动力编号。" in neither.content.decode()
    api = send(clerk, f"/api/v1/labour/training-classes/{training.uid}/trainees",
               {"worker": "NOSUCHWORKR"})  # fmt: skip
    assert api.status_code == 422
    assert api.json()["errors"] == {"worker": ["没有编号为“NOSUCHWORKR”的劳动力。"]}
    assert not Trainee.objects.filter(training_class=training).exists()
    count = TrainingClass.objects.count()
    bad = clerk.post("/labour/training/new/", {
        "name": "班", "kind": "skills", "place": DEBAO, "starts_on": "2019-06-02",
        "ends_on": "2019-06-01",
    })  # fmt: skip
    assert bad.status_code == 422 and "培训班结束日期早于开始日期。" in bad.content.decode()
    outside = send(clerk, "/api/v1/labour/training-classes", {
        "name": "班", "kind": "skills", "place": DUAN, "starts_on": "2019-06-01",
        "ends_on": "2019-06-02",
    })  # fmt: skip
    assert outside.status_code == 403
    assert TrainingClass.objects.count() == count


def test_a_clerk_of_another_county_may_not_enrol_or_complete(client_for):
    training = services.training_class_create(
        actor=admin(), name="德保班", kind="skills", place=Place.objects.get(code=DEBAO),
        starts_on=date(2019, 5, 1), ends_on=date(2019, 5, 10),
    )  # fmt: skip
    person = a_worker(5)
    trainee = services.trainee_enrol(training_class=training, worker=a_worker(6))
    napo = client_for("clerk", scope=[NAPO])
    refused = napo.post(f"/labour/training/{training.uid}/trainees/", {"worker": person.uid})
    assert refused.status_code == 403
    path = f"/labour/training/{training.uid}/trainees/{trainee.worker.uid}/completion/"
    assert napo.post(path, {"certificate": "证"}).status_code == 403
    api = send(napo, f"/api/v1/labour/training-classes/{training.uid}/trainees/"
                     f"{trainee.worker.uid}/completion", {})  # fmt: skip
    assert api.status_code == 403
    assert Trainee.objects.filter(training_class=training).count() == 1
    assert not Trainee.objects.get(pk=trainee.pk).completed
    # a clerk of the worker's home county may enrol the worker in a class held elsewhere
    elsewhere = services.training_class_create(
        actor=admin(), name="那坡班", kind="skills", place=Place.objects.get(code=NAPO),
        starts_on=date(2019, 5, 1), ends_on=date(2019, 5, 10),
    )  # fmt: skip
    debao = client_for("clerk", scope=[DEBAO])
    assert debao.post(f"/labour/training/{elsewhere.uid}/trainees/",
                      {"worker": person.uid}).status_code == 302  # fmt: skip


# --- school leavers


def test_a_school_leavers_signed_agreement_counts_at_once(clerk):
    pupil = a_worker(7)
    before = figure("school_leaver_agreements", DEBAO, "201905", "poor")
    made = clerk.post("/labour/school-leavers/new/", {
        "identity": pupil.identity, "school": "德保县职业技术学校", "programme": "电子技术应用",
        "enrolled_on": "2018-09-01", "expected_graduation": "2021-07-01",
    })  # fmt: skip
    assert made.status_code == 302
    listed = clerk.get("/labour/school-leavers/", {"place": DEBAO, "signed": "no"})
    page = listed.content.decode()
    assert "事件7" in page and f"/labour/school-leavers/{pupil.uid}/agreement/" in page
    assert pupil.identity not in page
    signed = clerk.post(f"/labour/school-leavers/{pupil.uid}/agreement/", {
        "signed_on": "2019-05-06", "place_of_work": SHENZHEN, "employer_name": "深圳某电子厂",
    })  # fmt: skip
    assert signed.status_code == 302
    assert figure("school_leaver_agreements", DEBAO, "201905", "poor") == before + 1
    page = clerk.get("/labour/school-leavers/", {"place": DEBAO, "signed": "yes"}).content
    assert "深圳某电子厂" in page.decode()
    again = clerk.post(f"/labour/school-leavers/{pupil.uid}/agreement/", {
        "signed_on": "2019-06-06", "place_of_work": SHENZHEN, "employer_name": "另一家",
    })  # fmt: skip
    assert again.status_code == 422 and "已于 2019-05-06 签订协议。" in again.content.decode()
    assert figure("school_leaver_agreements", DEBAO, "201905", "poor") == before + 1


def test_a_school_leaver_through_the_api(clerk):
    pupil = a_worker(8)
    before = figure("school_leaver_agreements", DEBAO, "201906", "poor")
    made = send(clerk, "/api/v1/labour/school-leavers", {
        "worker": pupil.uid, "school": "德保县职业技术学校", "enrolled_on": "2018-09-01",
        "expected_graduation": "2021-07-01",
    })  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["identity"] == mask_identity(pupil.identity)
    signed = send(clerk, f"/api/v1/labour/school-leavers/{pupil.uid}/agreement", {
        "signed_on": "2019-06-03", "place_of_work": SHENZHEN, "employer_name": "深圳某厂",
    })  # fmt: skip
    assert signed.status_code == 200, signed.content
    assert signed.json()["signed_on"] == "2019-06-03"
    assert figure("school_leaver_agreements", DEBAO, "201906", "poor") == before + 1
    listed = clerk.get("/api/v1/labour/school-leavers", {"place": DEBAO, "signed": True}).json()
    assert pupil.uid in [s["worker"] for s in listed["items"]]


def test_a_bad_school_leaver_is_refused_and_nothing_written(clerk, client_for):
    pupil = a_worker(9)
    count = SchoolLeaver.objects.count()
    bad = clerk.post("/labour/school-leavers/new/", {
        "worker": pupil.uid, "school": "学校", "enrolled_on": "2018-09-01",
        "expected_graduation": "2018-07-01",
    })  # fmt: skip
    assert bad.status_code == 422 and "毕业日期早于入学日期。" in bad.content.decode()
    api = send(clerk, "/api/v1/labour/school-leavers", {
        "worker": "NOSUCHWORKR", "school": "学校", "enrolled_on": "2018-09-01",
        "expected_graduation": "2021-07-01",
    })  # fmt: skip
    assert api.status_code == 422
    assert api.json()["errors"] == {"worker": ["没有编号为“NOSUCHWORKR”的劳动力。"]}
    napo = client_for("clerk", scope=[NAPO])
    outside = napo.post("/labour/school-leavers/new/", {
        "worker": pupil.uid, "school": "学校", "enrolled_on": "2018-09-01",
        "expected_graduation": "2021-07-01",
    })  # fmt: skip
    assert outside.status_code == 403 and "不在您的权限范围内" in outside.content.decode()
    assert SchoolLeaver.objects.count() == count
    leaver = services.school_leaver_register(
        actor=admin(), worker=pupil, school="学校", enrolled_on=date(2018, 9, 1),
        expected_graduation=date(2021, 7, 1),
    )  # fmt: skip
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    bad = send(clerk, f"/api/v1/labour/school-leavers/{pupil.uid}/agreement",
               {"signed_on": future, "place_of_work": SHENZHEN})  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"signed_on": ["日期在未来。"], "employer": ["请填写用人单位。"]}
    refused = napo.post(f"/labour/school-leavers/{pupil.uid}/agreement/", {
        "signed_on": "2019-05-06", "place_of_work": SHENZHEN, "employer_name": "某厂",
    })  # fmt: skip
    assert refused.status_code == 403
    assert SchoolLeaver.objects.get(pk=leaver.pk).signed_on is None


def test_the_register_links_lead_to_the_new_pages(clerk, client_for):
    fairs = clerk.get("/labour/fairs/").content.decode()
    assert 'href="/labour/fairs/new/"' in fairs
    classes = clerk.get("/labour/training/").content.decode()
    assert 'href="/labour/training/new/"' in classes and 'href="/labour/school-leavers/"' in classes
    assert 'href="/labour/school-leavers/"' in clerk.get("/labour/").content.decode()
    viewer = client_for("viewer", scope=["45"])
    assert 'href="/labour/fairs/new/"' not in viewer.get("/labour/fairs/").content.decode()
    assert viewer.get("/labour/fairs/new/").status_code == 403
