"""Job fairs, training classes and school leavers: recorded once, refused with a reason,
counted at once by their sources (never typed), and the demo's records giving the seed's
figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count

from xiezuo.accounts import policy
from xiezuo.indicators import sources
from xiezuo.indicators.models import DataValue
from xiezuo.indicators.services.values import value_set
from xiezuo.labour import services
from xiezuo.labour.models import JobFair, SchoolLeaver, Trainee, TrainingClass, Worker
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db

DEBAO = "451024"
DEBAO_VILLAGE = "451024105"
NAPO_VILLAGE = "451026100"
SHENZHEN = "4403"


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=[DEBAO])


def worker(actor, n: int, *, status: str = "poor", home: str = DEBAO_VILLAGE) -> Worker:
    # born in 1955: before every birth date the demo's synthetic workers have
    number = synthetic_identity(n, date(1955, 3, 1) + timedelta(days=n % 300), "male", "45")
    return services.worker_register(
        actor=actor, identity=number, name=f"测试{n}", home=Place.objects.get(code=home),
        poverty_status=status,
    )  # fmt: skip


def stored(element: str, place: str, period: str, option: str = "") -> tuple[int, str] | None:
    value = DataValue.objects.filter(
        data_element__code=element, place__code=place, period=period,
        disaggregation=f"poverty={option}" if option else "",
    ).first()  # fmt: skip
    return (int(value.value), value.source) if value else None


def a_class(actor, *, place: str = DEBAO, ends_on: date = date(2019, 6, 20)) -> TrainingClass:
    return services.training_class_create(
        actor=actor, name="电子厂普工培训班", kind="skills", place=Place.objects.get(code=place),
        starts_on=ends_on - timedelta(days=10), ends_on=ends_on, provider="德保县职业技能培训中心",
    )  # fmt: skip


def test_a_job_fair_is_recorded_with_the_employers_and_postings_present(clerk):
    from xiezuo.labour.models import Posting

    posting = Posting.objects.first()
    fair = services.job_fair_record(
        actor=clerk, name=" 德保县2019年6月招聘会 ", held_on=date(2019, 6, 8),
        place=Place.objects.get(code=DEBAO), organisers="德保县人社局",
        employers=[posting.employer] if posting else [], postings=[posting] if posting else [],
        attendance=400, agreements=35,
    )  # fmt: skip
    assert fair.name == "德保县2019年6月招聘会"
    assert list(fair.postings.all()) == ([posting] if posting else [])
    assert policy.can(clerk, "labour.record", fair)
    # counted at once in its place and month, by the register (never typed)
    assert stored("job_fairs", DEBAO, "201906") == (1, "derived:job_fairs")


def test_a_job_fair_with_bad_input_is_refused_by_field_and_nothing_written(clerk):
    count = JobFair.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.job_fair_record(
            actor=clerk, name=" ", held_on=date.today() + timedelta(days=3),
            place=Place.objects.get(code=DEBAO), attendance=10, agreements=11,
        )  # fmt: skip
    assert refused.value.message_dict == {
        "name": ["请填写招聘会名称。"],
        "held_on": ["日期在未来。"],
        "agreements": ["签约人数多于到场人数。"],
    }
    with pytest.raises(ValidationError) as refused:
        services.job_fair_record(
            actor=clerk, name="某村招聘会", held_on=date(2019, 6, 8),
            place=Place.objects.get(code=DEBAO_VILLAGE),
        )  # fmt: skip
    assert refused.value.message_dict == {"place": ["请以县、市或省填写地点。"]}
    assert JobFair.objects.count() == count


def test_a_fair_is_recorded_only_by_a_clerk_of_its_place(clerk, make_user):
    fair = JobFair(name="x", held_on=date(2019, 6, 1), place=Place.objects.get(code="451026"))
    assert not policy.can(clerk, "labour.record", fair)
    assert policy.can(make_user("clerk", scope=["451026"]), "labour.record", fair)


def test_a_class_counts_when_it_ends_and_its_completed_trainees_by_poverty_at_home(clerk):
    training = a_class(clerk, ends_on=date(2019, 7, 12))
    assert stored("training_classes", DEBAO, "201907") == (1, "derived:training")
    poor = services.trainee_enrol(training_class=training, worker=worker(clerk, 1))
    other = services.trainee_enrol(
        training_class=training, worker=worker(clerk, 2, status="not_poor", home=NAPO_VILLAGE)
    )
    services.trainee_enrol(training_class=training, worker=worker(clerk, 3))  # not completed
    assert stored("people_trained", DEBAO, "201907", "poor") is None
    services.trainee_complete(trainee=poor, certificate="电工证", found_job_on=date(2019, 8, 1))
    services.trainee_complete(trainee=other)
    assert stored("people_trained", DEBAO, "201907", "poor") == (1, "derived:training")
    # counted at the trainee's home county, not where the class was held
    assert stored("people_trained", "451026", "201907", "not_poor") == (1, "derived:training")
    assert stored("people_trained", DEBAO, "201907", "not_poor") is None


def test_a_trainee_is_enrolled_once_and_a_job_found_before_the_class_is_refused(clerk):
    training = a_class(clerk)
    person = worker(clerk, 4)
    trainee = services.trainee_enrol(training_class=training, worker=person)
    with pytest.raises(ValidationError) as refused:
        services.trainee_enrol(training_class=training, worker=person)
    assert refused.value.message_dict == {"worker": ["测试4 已在本培训班。"]}
    with pytest.raises(ValidationError) as refused:
        services.trainee_complete(trainee=trainee, found_job_on=date(2019, 1, 1))
    assert refused.value.message_dict == {"found_job_on": ["培训开始前找到的工作不算培训后就业。"]}
    assert not Trainee.objects.get(pk=trainee.pk).completed


def test_a_class_ending_before_it_starts_is_refused(clerk):
    with pytest.raises(ValidationError) as refused:
        services.training_class_create(
            actor=clerk, name="班", kind="cooking", place=Place.objects.get(code=DEBAO),
            starts_on=date(2019, 6, 2), ends_on=date(2019, 6, 1),
        )  # fmt: skip
    assert refused.value.message_dict == {
        "kind": ["请选择允许的值之一。"],
        "ends_on": ["培训班结束日期早于开始日期。"],
    }


def test_a_school_leavers_agreement_counts_in_the_month_signed_once(clerk):
    leaver = services.school_leaver_register(
        actor=clerk, worker=worker(clerk, 5), school="德保县职业技术学校", programme="电子技术应用",
        enrolled_on=date(2018, 9, 1), expected_graduation=date(2021, 7, 1),
    )  # fmt: skip
    assert stored("school_leaver_agreements", DEBAO, "201905", "poor") is None
    with pytest.raises(ValidationError) as refused:
        services.school_leaver_agreement_sign(
            school_leaver=leaver, signed_on=date(2019, 5, 6),
            place_of_work=Place.objects.get(code=SHENZHEN),
        )  # fmt: skip
    assert refused.value.message_dict == {"employer": ["请填写用人单位。"]}
    services.school_leaver_agreement_sign(
        school_leaver=leaver, signed_on=date(2019, 5, 6),
        place_of_work=Place.objects.get(code=SHENZHEN), employer_name="深圳某电子厂",
    )  # fmt: skip
    assert stored("school_leaver_agreements", DEBAO, "201905", "poor") == (
        1,
        "derived:school_leavers",
    )
    with pytest.raises(ValidationError) as refused:
        services.school_leaver_agreement_sign(
            school_leaver=leaver, signed_on=date(2019, 6, 1),
            place_of_work=Place.objects.get(code=SHENZHEN), employer_name="另一家",
        )  # fmt: skip
    assert refused.value.message_dict == {"signed_on": ["已于 2019-05-06 签订协议。"]}
    with pytest.raises(ValidationError) as refused:
        services.school_leaver_register(
            actor=clerk, worker=leaver.worker, school="x", enrolled_on=date(2018, 9, 1),
            expected_graduation=date(2018, 7, 1),
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"expected_graduation", "worker"}


def test_a_full_sync_rebuilds_what_the_services_wrote(clerk):
    training = a_class(clerk, ends_on=date(2019, 9, 20))
    services.trainee_complete(
        trainee=services.trainee_enrol(training_class=training, worker=worker(clerk, 6))
    )
    services.job_fair_record(
        actor=clerk, name="德保县9月招聘会", held_on=date(2019, 9, 3),
        place=Place.objects.get(code=DEBAO),
    )  # fmt: skip
    owned = ["job_fairs", "training_classes", "people_trained", "school_leaver_agreements"]
    written = set(
        DataValue.objects.filter(data_element__code__in=owned).values_list(
            "data_element__code", "place__code", "period", "disaggregation", "value", "source"
        )
    )
    DataValue.objects.filter(data_element__code__in=owned, place__code=DEBAO).delete()
    DataValue.objects.filter(data_element__code__in=owned, period="201801").update(value=999)
    for name in ("job_fairs", "training", "school_leavers"):
        sources.sync(name)
    rebuilt = set(
        DataValue.objects.filter(data_element__code__in=owned).values_list(
            "data_element__code", "place__code", "period", "disaggregation", "value", "source"
        )
    )
    assert rebuilt == written


@pytest.mark.parametrize(
    ("element", "key", "register"),
    [
        ("job_fairs", "", "招聘会登记"),
        ("training_classes", "", "培训登记"),
        ("people_trained", "poverty=poor", "培训登记"),
        ("school_leaver_agreements", "poverty=poor", "两后生登记"),
    ],
)
def test_owned_figures_are_refused_when_typed(clerk, element, key, register):
    with pytest.raises(ValidationError) as refused:
        value_set(
            actor=clerk, element=element, place=DEBAO, period="201906", disaggregation=key,
            value="3",
        )  # fmt: skip
    assert f"由{register}自动统计" in " ".join(refused.value.messages)
    assert stored(element, DEBAO, "201906", key.partition("=")[2]) is None


def test_the_demo_records_the_seeds_fairs_classes_trainees_and_school_leavers():
    demo_fairs = JobFair.objects.filter(illustrative=True)
    assert demo_fairs.count() == 135
    assert TrainingClass.objects.filter(illustrative=True).count() == 237
    trainees = Trainee.objects.filter(training_class__illustrative=True, completed=True)
    assert trainees.count() == 18_078
    assert trainees.filter(poverty_status="poor").count() == 14_062
    leavers = SchoolLeaver.objects.filter(illustrative=True, signed_on__isnull=False)
    assert leavers.count() == leavers.filter(poverty_status="poor").count() == 949
    sums = {
        (code, key): sum(
            DataValue.objects.filter(data_element__code=code, disaggregation=key).values_list(
                "value", flat=True
            )
        )
        for code, key in [
            ("job_fairs", ""),
            ("training_classes", ""),
            ("people_trained", "poverty=poor"),
            ("people_trained", "poverty=not_poor"),
            ("school_leaver_agreements", "poverty=poor"),
        ]
    }
    assert sums == {
        ("job_fairs", ""): 135,
        ("training_classes", ""): 237,
        ("people_trained", "poverty=poor"): 14_062,
        ("people_trained", "poverty=not_poor"): 4_016,
        ("school_leaver_agreements", "poverty=poor"): 949,
    }


def test_no_two_demo_workers_share_an_identity_number():
    assert Worker.objects.filter(illustrative=True).count() == 55_900 + 18_078 + 949
    shared = Worker.objects.values("identity_hash").annotate(n=Count("id")).filter(n__gt=1)
    assert not shared.exists()


def test_loading_the_demo_again_changes_nothing():
    from xiezuo.accounts.models import User
    from xiezuo.demo.labour import load_training

    assert load_training(User.objects.get(username="admin")) == 0


def test_the_pages_list_the_fairs_and_the_classes(client_for):
    viewer = client_for("viewer", scope=["45"])
    fairs = viewer.get("/labour/fairs/", {"place": "4510", "year": "2017"})
    assert fairs.status_code == 200
    assert "扶贫劳务招聘会" in fairs.content.decode()
    classes = viewer.get("/labour/training/", {"kind": "skills"})
    assert classes.status_code == 200
    assert "职业技能培训中心" in classes.content.decode()
