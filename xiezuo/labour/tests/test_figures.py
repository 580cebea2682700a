"""The labour figures the registers own besides the placements in Guangdong: everyone placed
by where the job is, the jobs a follow-up found lasting at 3 and 6 months, the exits from
poverty through a job, and the openings offered to school leavers — each moves the moment
its record is saved, and none can be typed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from xiezuo.indicators.models import DataValue
from xiezuo.indicators.services import value_set
from xiezuo.labour import services
from xiezuo.labour.models import FollowUp, JobFair, Posting, Worker
from xiezuo.occupations.models import Occupation
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Organisation, Place

pytestmark = pytest.mark.django_db

PINGNAN = "450821"  # no demo records: every figure there is the test's own


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=[PINGNAN, "4419"])


def figure(element, period, key="", place=PINGNAN):
    value = DataValue.objects.filter(
        data_element__code=element, place__code=place, period=period, disaggregation=key
    ).first()
    return value and int(value.value)


def worker(actor, n, status="poor"):
    return services.worker_register(
        actor=actor, identity=synthetic_identity(41000 + n, date(1992, 3, 4), "male", PINGNAN),
        name="蒙志强", home=Place.objects.get(code=PINGNAN), poverty_status=status,
    )  # fmt: skip


def place(actor, who, started_on, where="4419", **extra):
    return services.placement_record(
        actor=actor, worker=who, started_on=started_on, channel="organised",
        job=services.Job(place_of_work=Place.objects.get(code=where), employer_name="某厂"),
        **extra,
    )  # fmt: skip


def test_everyone_placed_counts_by_where_the_job_is(clerk):
    place(clerk, worker(clerk, 1), date(2019, 3, 4))
    place(clerk, worker(clerk, 2, status="not_poor"), date(2019, 3, 9), where="4508")
    assert figure("workers_employed", "201903", "destination=helper;poverty=poor") == 1
    assert figure("workers_employed", "201903", "destination=local;poverty=not_poor") == 1
    # only the job in Guangdong is one of the seed's "placed in Guangdong"
    assert figure("workers_placed", "201903", "poverty=poor") == 1
    assert figure("workers_placed", "201903", "poverty=not_poor") is None


def test_a_job_counts_as_stable_in_the_month_it_reaches_3_and_6_months_once_checked(clerk):
    kept, left = worker(clerk, 3), worker(clerk, 4)
    first = place(clerk, kept, date(2019, 3, 31))
    second = place(clerk, left, date(2019, 3, 15))
    assert figure("stable_3_months", "201906", "poverty=poor") is None  # not checked yet
    services.follow_up_record(actor=clerk, placement=first, months=3,
                              checked_on=date(2019, 7, 8), employed=True)  # fmt: skip
    services.follow_up_record(actor=clerk, placement=second, months=3,
                              checked_on=date(2019, 6, 20), employed=False)  # fmt: skip
    # 31 March + 3 months is 30 June: counted in June, though checked in July
    assert figure("stable_3_months", "201906", "poverty=poor") == 1
    assert figure("stable_3_months", "201907", "poverty=poor") is None
    services.follow_up_record(actor=clerk, placement=first, months=6,
                              checked_on=date(2019, 10, 2), employed=True)  # fmt: skip
    assert figure("stable_6_months", "201909", "poverty=poor") == 1


def test_a_household_out_of_poverty_through_the_job_counts_at_the_follow_up(clerk):
    who = worker(clerk, 5)
    job = place(clerk, who, date(2019, 3, 4))
    with pytest.raises(ValidationError) as refused:
        services.follow_up_record(actor=clerk, placement=job, months=3,
                                  checked_on=date(2019, 6, 10), employed=False,
                                  out_of_poverty=True)  # fmt: skip
    assert refused.value.message_dict == {
        "out_of_poverty": ["只有劳动力仍在岗，才能记为就业脱贫。"]
    }
    assert not FollowUp.objects.filter(placement=job).exists()
    services.follow_up_record(actor=clerk, placement=job, months=3,
                              checked_on=date(2019, 6, 10), employed=True,
                              out_of_poverty=True)  # fmt: skip
    who.refresh_from_db()
    assert (who.poverty_status, who.exited_on, who.exit_placement) == (
        "exited", date(2019, 6, 10), job,
    )  # fmt: skip
    assert figure("out_of_poverty_by_job", "201906") == 1
    # still counted as poor where the catalogue counts the registered poor (建档立卡)
    assert figure("workers_placed", "201903", "poverty=poor") == 1
    # an exit put right (the household was not out after all) leaves the figure at once
    services.worker_update(worker=who, poverty_status="poor")
    who.refresh_from_db()
    assert (who.exited_on, who.exit_placement) == (None, None)
    assert figure("out_of_poverty_by_job", "201906") is None


def test_an_exit_through_a_job_needs_the_job_held_and_the_worker_poor(clerk):
    who, other = worker(clerk, 6), worker(clerk, 7, status="not_poor")
    job = place(clerk, who, date(2019, 3, 4))
    services.spell_end(spell=job.spell, on=date(2019, 5, 1))
    with pytest.raises(ValidationError) as refused:
        services.poverty_exit_record(worker=who, on=date(2019, 6, 1), placement=job)
    assert refused.value.message_dict == {"placement": ["2019-06-01 时该劳动力不在此岗位上。"]}
    with pytest.raises(ValidationError) as refused:
        services.poverty_exit_record(worker=other, on=date(2019, 6, 1), placement=job)
    assert refused.value.message_dict == {
        "poverty_status": ["蒙志强 不是建档立卡贫困人口（非贫困）。"]
    }
    assert Worker.objects.get(pk=who.pk).poverty_status == "poor"
    assert figure("out_of_poverty_by_job", "201906") is None


def _posting(actor, **extra):
    employer, _ = Organisation.objects.get_or_create(
        name="东莞某电子厂", kind="enterprise", side="helper", place=Place.objects.get(code="4419")
    )
    fields = {
        "employer": employer, "title": "两后生专项", "place_of_work": employer.place,
        "occupation": Occupation.objects.get(code="6-25-04-07"), "openings": 40,
        "wage_min": 4000, "wage_max": 5500, "valid_from": date(2019, 8, 1),
        "valid_to": date(2019, 9, 30),
    }  # fmt: skip
    return services.posting_create(actor=actor, **{**fields, **extra})


def test_openings_for_school_leavers_count_where_they_are_offered(clerk):
    with pytest.raises(ValidationError) as refused:
        _posting(clerk, for_school_leavers=True)
    assert refused.value.message_dict == {
        "offered_to": ["适合两后生的岗位须写明面向哪个受援地区。"]
    }
    posting = _posting(clerk, for_school_leavers=True, offered_to=Place.objects.get(code=PINGNAN))
    assert figure("school_leaver_posts", "201908") == 40
    services.posting_update(posting=posting, openings=55)
    assert figure("school_leaver_posts", "201908") == 55
    # offered to another county: the count moves with it
    services.posting_update(posting=posting, offered_to=Place.objects.get(code="450881"))
    assert figure("school_leaver_posts", "201908") is None
    assert figure("school_leaver_posts", "201908", place="450881") == 55
    _posting(clerk, offered_to=Place.objects.get(code=PINGNAN))  # not for school leavers
    assert figure("school_leaver_posts", "201908") is None


@pytest.mark.parametrize(
    ("element", "key", "register"),
    [
        ("workers_employed", "destination=local;poverty=poor", "就业登记"),
        ("stable_3_months", "poverty=poor", "就业登记"),
        ("out_of_poverty_by_job", "", "就业登记"),
        ("school_leaver_posts", "", "岗位登记"),
    ],
)
def test_the_registers_figures_cannot_be_typed(clerk, element, key, register):
    with pytest.raises(ValidationError) as refused:
        value_set(actor=clerk, element=element, place=PINGNAN, period="201906",
                  disaggregation=key, value="3")  # fmt: skip
    assert f"由{register}自动统计" in " ".join(refused.value.messages)
    assert figure(element, "201906", key) is None


def test_a_placement_names_the_job_fair_it_was_agreed_at(clerk):
    fair = services.job_fair_record(
        actor=clerk, name="平南县春风行动招聘会", held_on=date(2019, 2, 20),
        place=Place.objects.get(code=PINGNAN),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        place(clerk, worker(clerk, 8), date(2019, 2, 10), fair=fair)
    assert refused.value.message_dict == {"fair": ["该招聘会于 2019-02-20 举办，晚于上岗日期。"]}
    job = place(clerk, worker(clerk, 9), date(2019, 3, 1), fair=fair)
    assert list(JobFair.objects.get(pk=fair.pk).placements.all()) == [job]


def test_a_clerk_posts_changes_and_closes_a_job_on_the_pages(clerk, client_for, errors_beside):
    page = client_for(clerk)
    employer = Organisation.objects.create(
        name="东莞某电子厂", kind="enterprise", side="helper", place=Place.objects.get(code="4419")
    )
    form = {
        "employer": str(employer.pk), "title": "电子装配工", "occupation": "6-25-04-07",
        "place_of_work": "4419", "openings": "12", "wage_min": "4200", "wage_max": "3900",
        "education_min": "2", "valid_from": "2019-08-01", "valid_to": "2019-10-31",
        "offered_to": PINGNAN, "for_school_leavers": "on",
    }  # fmt: skip
    bad = page.post("/labour/postings/new/", form)
    assert bad.status_code == 422 and errors_beside(bad, "id_wage_max") == [
        "最高工资低于最低工资。"
    ]
    assert not Posting.objects.filter(title="电子装配工").exists()
    done = page.post("/labour/postings/new/", {**form, "wage_max": "5600"})
    assert done.status_code == 302
    posting = Posting.objects.get(title="电子装配工")
    assert figure("school_leaver_posts", "201908") == 12
    changed = page.post(f"/labour/postings/{posting.uid}/edit/", {**form, "wage_max": "5600",
                                                                 "openings": "20"})  # fmt: skip
    assert changed.status_code == 302 and figure("school_leaver_posts", "201908") == 20
    closed = page.post(f"/labour/postings/{posting.uid}/close/")
    assert closed.status_code == 302
    posting.refresh_from_db()
    assert posting.closed_on is not None
    outsider = client_for("clerk", scope=["451024"])
    assert outsider.post(f"/labour/postings/{posting.uid}/edit/", form).status_code == 403


def test_the_demo_builds_the_seeds_exits_and_school_leaver_posts_from_records():
    exits = Worker.objects.filter(illustrative=True, exit_placement__isnull=False)
    assert exits.count() == 17_028
    assert not exits.exclude(poverty_status="exited").exists()
    posts = Posting.objects.filter(illustrative=True, for_school_leavers=True)
    assert sum(posts.values_list("openings", flat=True)) == 50_036
    totals = {
        code: sum(
            int(v) for v in DataValue.objects.filter(data_element__code=code)
            .values_list("value", flat=True)
        )
        for code in ("out_of_poverty_by_job", "school_leaver_posts")
    }  # fmt: skip
    assert totals == {"out_of_poverty_by_job": 17_028, "school_leaver_posts": 50_036}
    # the follow-ups: most demo jobs lasted, some did not, and those that ended show so
    checks = FollowUp.objects.filter(placement__illustrative=True)
    assert checks.filter(months=3, employed=True).count() > 45_000
    assert checks.filter(employed=False).count() > 5_000
    assert not checks.filter(employed=False, placement__spell__ended_on__isnull=True).exists()


def test_a_job_that_ended_by_the_3_month_check_needs_no_6_month_one(clerk):
    from xiezuo.labour import selectors

    left, kept = worker(clerk, 10), worker(clerk, 11)
    gone = place(clerk, left, date(2019, 3, 4))
    held = place(clerk, kept, date(2019, 3, 4))
    for job, employed in ((gone, False), (held, True)):
        services.follow_up_record(actor=clerk, placement=job, months=3,
                                  checked_on=date(2019, 6, 5), employed=employed)  # fmt: skip
    due = selectors.follow_ups_due(on=date(2019, 9, 10), place=PINGNAN)
    assert [(d.placement, d.months) for d in due] == [(held, 6)]
