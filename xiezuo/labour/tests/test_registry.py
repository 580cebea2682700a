"""The labour registries: a worker registered once in any county, placements that count in
the figures at once, follow-ups that prove a job lasted, and the pages (personal
information masked unless the policy allows, each full showing recorded)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from xiezuo.indicators.models import DataValue
from xiezuo.labour import selectors, services
from xiezuo.labour.models import Placement, Worker
from xiezuo.occupations.models import Occupation
from xiezuo.personal.identity import check_digit, synthetic_identity
from xiezuo.personal.models import PersonalDataView
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db

DEBAO_VILLAGE = "451024105"  # a village of Debao county (451024), as the demo projects use


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["451024"])


def number(n: int, born=date(1990, 5, 17), sex="female") -> str:
    return synthetic_identity(40000 + n, born, sex, "451024")


def register(actor, n=1, **extra):
    fields = {
        "name": "韦秀英",
        "home": Place.objects.get(code=extra.pop("home", DEBAO_VILLAGE)),
        "poverty_status": "poor",
        "phone": "13800138000",
    }
    fields.update(extra)
    return services.worker_register(actor=actor, identity=number(n), **fields)


def placed(county, period, option="poor"):
    value = DataValue.objects.filter(
        data_element__code="workers_placed", place__code=county, period=period,
        disaggregation=f"poverty={option}",
    ).first()  # fmt: skip
    return value and (int(value.value), value.source)


def test_a_worker_is_registered_with_what_the_identity_number_tells(clerk):
    worker = register(clerk)
    assert (worker.sex, worker.birth_date) == ("female", date(1990, 5, 17))
    assert worker.identity == number(1) and worker.phone == "13800138000"
    with connection.cursor() as cursor:  # at rest, neither is readable
        cursor.execute("SELECT identity, phone FROM labour_worker WHERE id = %s", [worker.pk])
        identity, phone = cursor.fetchone()
    assert number(1) not in identity and "13800138000" not in phone


def test_a_person_is_registered_once_in_any_county(clerk, make_user):
    first = register(clerk)
    elsewhere = make_user("clerk", scope=["451022"])
    before = Worker.objects.count()
    with pytest.raises(ValidationError) as refused:
        register(elsewhere, home="451022", name="韦秀英")
    assert refused.value.message_dict == {
        "identity": [f"此人已在{first.home.name}登记（劳动力编号 {first.uid}）。"]
    }
    assert Worker.objects.count() == before


def test_a_bad_identity_number_is_refused_saying_what_is_wrong(clerk):
    good = number(2)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as refused:
        services.worker_register(
            actor=clerk, identity=wrong, name="某", home=Place.objects.get(code=DEBAO_VILLAGE),
            poverty_status="poor",
        )  # fmt: skip
    assert "校验码" in refused.value.message_dict["identity"][0]
    bad_date = "45102419900230" + "123"
    with pytest.raises(ValidationError) as refused:
        services.worker_register(
            actor=clerk, identity=bad_date + check_digit(bad_date), name="某",
            home=Place.objects.get(code=DEBAO_VILLAGE), poverty_status="poor",
        )  # fmt: skip
    assert "19900230" in refused.value.message_dict["identity"][0]


def test_a_placement_in_guangdong_counts_at_once_and_a_local_one_does_not(clerk):
    worker = register(clerk, n=3)
    dongguan = Place.objects.get(code="4419")
    placement = services.placement_record(
        actor=clerk, worker=worker, started_on=date(2019, 3, 4), channel="organised",
        job=services.Job(place_of_work=dongguan, employer_name="东莞某电子厂"),
    )  # fmt: skip
    assert (placement.destination, placement.county.code) == ("helper", "451024")
    assert placed("451024", "201903") == (1, "derived:placements")
    local = register(clerk, n=4)
    services.placement_record(
        actor=clerk, worker=local, started_on=date(2019, 3, 5), channel="workshop",
        job=services.Job(place_of_work=Place.objects.get(code="451024"), employer_name="车间"),
    )  # fmt: skip
    assert placed("451024", "201903") == (1, "derived:placements")
    # one job at a time: a second one while the first is open is refused
    with pytest.raises(ValidationError) as refused:
        services.placement_record(
            actor=clerk, worker=worker, started_on=date(2019, 4, 1), channel="organised",
            job=services.Job(place_of_work=dongguan, employer_name="另一家"),
        )  # fmt: skip
    assert "请先结束该工作" in refused.value.message_dict["worker"][0]
    assert placement.worker.placements.count() == 1


def test_follow_ups_fall_due_at_3_and_6_months_and_come_in_order(clerk):
    # Pingnan (450821) has no demo placements: what is due there is this test's alone
    worker = register(clerk, n=5, home="450821")
    placement = services.placement_record(
        actor=clerk, worker=worker, started_on=date(2019, 11, 30), channel="organised",
        job=services.Job(place_of_work=Place.objects.get(code="4403"), employer_name="某厂"),
    )  # fmt: skip
    assert services.follow_up_due(placement, 3) == date(2020, 2, 29)  # the month's last day
    due = selectors.follow_ups_due(on=date(2020, 2, 29), place="450821")
    assert [(d.placement, d.months) for d in due] == [(placement, 3)]
    assert selectors.follow_ups_due(on=date(2020, 2, 28), place="450821") == []
    with pytest.raises(ValidationError) as refused:
        services.follow_up_record(actor=clerk, placement=placement, months=3,
                                  checked_on=date(2020, 2, 1), employed=True)  # fmt: skip
    assert refused.value.message_dict == {"checked_on": ["该回访于 2020-02-29 到期。"]}
    with pytest.raises(ValidationError) as refused:
        services.follow_up_record(actor=clerk, placement=placement, months=6,
                                  checked_on=date(2020, 6, 1), employed=True)  # fmt: skip
    assert refused.value.message_dict == {"months": ["请先登记 3 个月回访。"]}
    services.follow_up_record(actor=clerk, placement=placement, months=3,
                              checked_on=date(2020, 3, 2), employed=True)  # fmt: skip
    due = selectors.follow_ups_due(on=date(2020, 6, 1), place="450821")
    assert [(d.placement, d.months, d.due) for d in due] == [(placement, 6, date(2020, 5, 30))]


def test_a_posting_asks_for_one_sex_only_with_a_lawful_reason(clerk):
    from xiezuo.places.models import Organisation

    employer = Organisation.objects.create(
        name="东莞某电子厂", kind="enterprise", side="helper", place=Place.objects.get(code="4419")
    )
    occupation = Occupation.objects.filter(level=4).first()
    fields = {
        "employer": employer, "title": "装配工", "occupation": occupation,
        "place_of_work": Place.objects.get(code="4419"), "openings": 10, "wage_min": 4000,
        "wage_max": 5500, "valid_from": date(2019, 3, 1), "valid_to": date(2019, 6, 30),
        "sex_required": "male",
    }  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.posting_create(actor=clerk, **fields)
    assert set(refused.value.message_dict) == {"sex_reason"}
    group = Occupation.objects.filter(level=2).first()
    with pytest.raises(ValidationError) as refused:
        services.posting_create(actor=clerk, **{**fields, "sex_required": "", "occupation": group})
    assert refused.value.message_dict == {"occupation": ["请选择具体职业，而不是职业类别。"]}


def test_the_pages_mask_the_list_and_record_a_full_showing(clerk, client_for, make_user):
    worker = register(clerk, n=6)
    masked = number(6)[:4] + "*" * 10 + number(6)[-4:]
    viewer = client_for("viewer", scope=["45"])
    listed = viewer.get("/labour/?place=451024&name=韦秀英").content.decode()
    assert masked in listed and number(6) not in listed
    page = viewer.get(f"/labour/workers/{worker.uid}/").content.decode()
    assert masked in page and number(6) not in page and "138****8000" in page
    assert not PersonalDataView.objects.filter(user__username=viewer_name(viewer)).exists()
    own = client_for(clerk).get(f"/labour/workers/{worker.uid}/").content.decode()
    assert number(6) in own and "13800138000" in own
    log = PersonalDataView.objects.filter(user=clerk)
    assert log.count() == 1 and str(worker.pk) in str(log.get().object_ids)
    outside = client_for("clerk", scope=["451022"]).get(f"/labour/workers/{worker.uid}/")
    assert number(6) not in outside.content.decode()
    assert viewer.get("/labour/placements/?place=451024").status_code == 200


def viewer_name(client) -> str:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"]).username


def test_the_demo_counts_its_poor_workers_placed_in_guangdong_from_records():
    from xiezuo import periods
    from xiezuo.indicators import analytics

    demo = Placement.objects.filter(illustrative=True, destination="helper")
    assert demo.count() == 55_900
    assert not demo.exclude(poverty_status="poor").exists()
    total = analytics.value_of(
        "workers_placed[poverty=poor]", place=Place.objects.get(code="45"),
        periods=[periods.parse("201701"), *[periods.parse(f"2017{m:02d}") for m in range(2, 13)],
                 periods.parse("201801"), periods.parse("201802"), periods.parse("201803")],
    )  # fmt: skip
    assert total == 55_900
    stored = DataValue.objects.filter(data_element__code="workers_placed")
    assert set(stored.values_list("source", flat=True)) == {"derived:placements"}
    assert all(w.identity[2:4] == "99" for w in Worker.objects.filter(illustrative=True)[:200])


def test_a_clerk_registers_places_and_follows_up_on_the_pages(client_for, errors_beside):
    clerk = client_for("clerk", scope=["450821"])
    form = {"identity": number(7), "name": "莫德明", "home": "450821", "poverty_status": "poor",
            "education": "2", "wish_destination": "helper", "wish_occupation": "6-25-04-07",
            "phone": "13900002222"}  # fmt: skip
    bad = clerk.post("/labour/workers/new/", {**form, "identity": number(7)[:17] + "0"})
    if number(7)[17] == "0":
        bad = clerk.post("/labour/workers/new/", {**form, "identity": number(7)[:17] + "1"})
    assert bad.status_code == 422 and "校验码" in errors_beside(bad, "id_identity")[0]
    done = clerk.post("/labour/workers/new/", form)
    assert done.status_code == 302
    worker = Worker.objects.get(uid=done["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert worker.name == "莫德明"
    assert list(worker.wish_occupations.values_list("code", flat=True)) == ["6-25-04-07"]
    job = clerk.post(f"/labour/workers/{worker.uid}/job/", {
        "started_on": "2019-03-04", "channel": "organised", "place_of_work": "4419",
        "employer_name": "东莞某电子厂", "occupation": "6-25-04-07",
    })  # fmt: skip
    assert job.status_code == 302
    assert placed("450821", "201903") == (1, "derived:placements")
    placement = worker.placements.get()
    check = clerk.post(f"/labour/placements/{placement.uid}/follow-up/",
                       {"months": "3", "checked_on": "2019-06-05", "employed": "yes"})  # fmt: skip
    assert check.status_code == 302 and placement.follow_ups.get().employed
