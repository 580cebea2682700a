"""Matching (人岗对接): workers ranked for a posting and postings for a worker, by occupation
fit, destination, wage and distance, with the reasons in the user's language; a requirement
not met excludes; protected attributes never score; what came of a match is kept."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from django.db import connection
from django.utils import translation

from xiezuo.labour import matching, services
from xiezuo.labour.models import EmploymentSpell, MatchOutcome, Posting, Worker
from xiezuo.occupations.models import Occupation
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Organisation, Place

pytestmark = pytest.mark.django_db

ON = date(2025, 6, 1)
ASSEMBLER = "6-25-04-07"  # 电子设备装接工
TELECOM = "6-25-04-01"  # 通信系统设备制造工: the same minor group 6-25-04
CAPACITOR = "6-25-01-01"  # 电容器制造工: the same sub-major group 6-25
INSTRUMENT = "6-26-01-01"  # 仪器仪表制造工: the same major group 6
MILLER = "6-01-01-01"  # 制米工
PHILOSOPHER = "2-01-01-00"  # another major group
NANSHAN, DEBAO, NAPO, NANNING = "440305", "451024", "451026", "450102"


@pytest.fixture(autouse=True)
def _demo_people_set_aside(db):
    """The demo's synthetic trainees and school leavers have no job and wish nothing, so they
    would be candidates for every posting: each test ranks its own workers alone."""
    Worker.objects.filter(illustrative=True).update(available_from=date(2999, 1, 1))
    services.match_rows_refresh(
        Worker.objects.filter(illustrative=True).values_list("pk", flat=True)
    )


@pytest.fixture(autouse=True)
def _statistics(_demo_people_set_aside):
    """PostgreSQL plans from its statistics: the demo's 5.59万 workers are counted once a
    test database is loaded (autovacuum would, later), as the benchmark does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE labour_worker, labour_worker_wish_occupations, places_place")


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["4510"])


@pytest.fixture
def employer(clerk):
    return Organisation.objects.create(
        name="深圳电子厂", kind="enterprise", place=Place.objects.get(code=NANSHAN), side="helper"
    )


counter = {"n": 0}


def worker(actor, *, wishes=(ASSEMBLER,), born=date(1995, 3, 1), sex="female", **extra):
    counter["n"] += 1
    fields = {
        "name": extra.pop("name", f"工人{counter['n']}"),
        "home": Place.objects.get(code=extra.pop("home", DEBAO)),
        "poverty_status": "poor",
        "wish_destination": "any",
    }
    fields.update(extra)
    return services.worker_register(
        actor=actor,
        identity=synthetic_identity(counter["n"] % 50000, born, sex, "451024"),
        wish_occupations=Occupation.objects.filter(code__in=wishes),
        **fields,
    )


def posting(actor, employer, *, occupation=ASSEMBLER, place=NANSHAN, **extra):
    fields = {
        "title": "电子装配工",
        "openings": 5,
        "wage_min": 4000,
        "wage_max": 5000,
        "valid_from": date(2025, 1, 1),
        "valid_to": date(2025, 12, 31),
    }
    fields.update(extra)
    return services.posting_create(
        actor=actor,
        employer=employer,
        occupation=Occupation.objects.get(code=occupation),
        place_of_work=Place.objects.get(code=place),
        **fields,
    )


def ranked(p, limit=20):
    p = Posting.objects.select_related("occupation", "place_of_work").get(pk=p.pk)
    return matching.posting_matches(p, on=ON, limit=limit)


def uids(matches):
    return [m.worker.uid for m in matches]


def test_the_same_occupation_ranks_above_the_same_minor_group(clerk, employer):
    minor = worker(clerk, wishes=[TELECOM])
    same = worker(clerk, wishes=[ASSEMBLER])
    sub = worker(clerk, wishes=[CAPACITOR])
    major = worker(clerk, wishes=[INSTRUMENT])
    p = posting(clerk, employer)
    found = ranked(p)
    assert uids(found)[:4] == [same.uid, minor.uid, sub.uid, major.uid]
    assert [m.score for m in found[:4]] == [40 + 10 + 10, 30 + 20, 20 + 20, 10 + 20]


def test_a_worker_whose_wishes_share_no_major_group_is_not_a_candidate(clerk, employer):
    other = worker(clerk, wishes=[PHILOSOPHER])
    nothing = worker(clerk, wishes=[])
    found = uids(ranked(posting(clerk, employer)))
    assert other.uid not in found
    assert nothing.uid in found


def test_the_wished_destination_is_required_and_scores(clerk, employer):
    helper = worker(clerk, wish_destination="helper")
    anywhere = worker(clerk, wish_destination="any")
    local = worker(clerk, wish_destination="local")
    place = worker(clerk, wish_destination="place", wish_place=Place.objects.get(code="4403"))
    elsewhere = worker(clerk, wish_destination="place", wish_place=Place.objects.get(code="4401"))
    found = {m.worker.uid: m.score for m in ranked(posting(clerk, employer))}
    assert set(found) == {helper.uid, anywhere.uid, place.uid}
    assert found[helper.uid] == found[place.uid] == found[anywhere.uid] + 10
    assert local.uid not in found and elsewhere.uid not in found


def test_a_wage_at_the_expectation_beats_one_below(clerk, employer):
    below = worker(clerk, expected_wage=6000)
    near = worker(clerk, expected_wage=5400)
    met = worker(clerk, expected_wage=4000)
    assert uids(ranked(posting(clerk, employer))) == [met.uid, near.uid, below.uid]


def test_the_home_county_beats_the_prefecture_and_the_province(clerk, employer):
    province = worker(clerk, home=NANNING)
    county = worker(clerk, home=DEBAO)
    prefecture = worker(clerk, home=NAPO)
    p = posting(clerk, employer, place=DEBAO)
    assert uids(ranked(p)) == [county.uid, prefecture.uid, province.uid]


@pytest.mark.parametrize(
    ("posting_fields", "worker_fields"),
    [
        ({"age_max": 25}, {"born": date(1990, 1, 1)}),
        ({"age_min": 18}, {"born": date(2008, 1, 1)}),
        ({"education_min": 3}, {"education": 2}),
        ({"certificates": "电工证\n焊工证"}, {"certificates": "电工证"}),
        ({}, {"available_from": date(2025, 7, 1)}),
    ],
    ids=["too old", "too young", "education", "certificate", "not yet available"],
)
def test_a_requirement_not_met_excludes(clerk, employer, posting_fields, worker_fields):
    w = worker(clerk, **worker_fields)
    assert w.uid not in uids(ranked(posting(clerk, employer, **posting_fields)))


def test_the_requirements_met_include(clerk, employer):
    w = worker(clerk, born=date(2000, 6, 1), education=3, certificates="焊工证\n电工证\n叉车证")
    p = posting(
        clerk, employer, age_min=25, age_max=25, education_min=3, certificates="电工证\n焊工证"
    )
    assert uids(ranked(p)) == [w.uid]


def test_an_employed_worker_is_not_matched(clerk, employer):
    w = worker(clerk)
    spell = EmploymentSpell.objects.create(
        worker=w, employer_name="某厂", place_of_work=Place.objects.get(code=NANSHAN),
        started_on=date(2025, 1, 1), channel="self_found",
    )  # fmt: skip
    p = posting(clerk, employer)
    assert w.uid not in uids(ranked(p))
    assert matching.worker_matches(w, on=ON) == []
    spell.ended_on = date(2025, 5, 1)
    spell.save()
    assert matching.worker_matches(w, on=ON)  # the job ended
    assert w.uid in uids(ranked(p))


def test_a_worker_sees_only_open_postings(clerk, employer):
    w = worker(clerk)
    open_ = posting(clerk, employer, title="开放")
    posting(clerk, employer, title="过期", valid_to=date(2025, 5, 31))
    posting(clerk, employer, title="未开始", valid_from=date(2025, 6, 2))
    closed = posting(clerk, employer, title="已关闭")
    services.posting_close(posting=closed, on=date(2025, 5, 1))
    full = posting(clerk, employer, title="已满", openings=1)
    other = worker(clerk)
    services.placement_record(
        actor=clerk, worker=other, started_on=date(2025, 2, 1), channel="organised", posting=full
    )
    found = matching.worker_matches(w, on=ON)
    assert [m.posting.uid for m in found] == [open_.uid]


def test_the_worker_side_ranks_by_the_same_rule(clerk, employer):
    w = worker(clerk, wishes=[ASSEMBLER])
    same = posting(clerk, employer, occupation=ASSEMBLER)
    minor = posting(clerk, employer, occupation=TELECOM)
    major = posting(clerk, employer, occupation=MILLER)
    posting(clerk, employer, occupation=PHILOSOPHER)
    found = matching.worker_matches(w, on=ON)
    assert [m.posting.uid for m in found] == [same.uid, minor.uid, major.uid]


def test_the_reasons_say_why_in_chinese(clerk, employer):
    worker(clerk, expected_wage=4000, wish_destination="helper")
    (match,) = ranked(posting(clerk, employer, wage_max=4500))
    assert [str(r) for r in match.reasons] == [
        "意向职业 电子设备装接工（6-25-04-07），完全一致 +40",
        "希望在广东省就业 +20",
        "工资 4,500 ≥ 期望 4,000 +15",
    ]
    assert match.score == 75


def test_the_reasons_say_why_in_english(clerk, employer):
    worker(clerk, expected_wage=5000, wishes=[TELECOM], home=NAPO)
    p = posting(clerk, employer, wage_max=4600, place=DEBAO)
    (match,) = ranked(p)
    with translation.override("en"):
        shown = [str(r) for r in match.reasons]
    assert shown == [
        "Wished occupation 通信系统设备制造工 (6-25-04-01), same minor group +30",
        "Will work anywhere +10",
        "Wage 4,600 a little below expected 5,000 +5",
        "Work in the home prefecture +10",
    ]


def test_ethnicity_and_sex_never_change_a_score(clerk, employer):
    a = worker(clerk, name="甲", ethnicity="壮族", sex="female")
    b = worker(clerk, name="甲", ethnicity="汉族", sex="male")
    found = {m.worker.uid: m for m in ranked(posting(clerk, employer))}
    assert found[a.uid].score == found[b.uid].score
    assert found[a.uid].reasons == found[b.uid].reasons


def test_a_lawful_sex_requirement_excludes_the_other_sex(clerk, employer):
    woman = worker(clerk, sex="female")
    man = worker(clerk, sex="male")
    p = posting(clerk, employer, sex_required="male", sex_reason="井下作业（法律禁止女职工从事）")
    found = ranked(p)
    assert uids(found) == [man.uid]
    assert woman.uid not in uids(found)
    assert found[0].score == ranked(posting(clerk, employer))[0].score  # not down-scored


def test_the_tiers_give_the_same_answer_as_scoring_every_pair(clerk, employer):
    codes = [ASSEMBLER, TELECOM, CAPACITOR, INSTRUMENT, MILLER, PHILOSOPHER]
    for i in range(30):
        worker(
            clerk, wishes=codes[i % 6 : i % 6 + (i % 3)], expected_wage=3000 + 250 * (i % 9),
            home=[DEBAO, NAPO, NANNING][i % 3], wish_destination=["any", "helper", "local"][i % 3],
        )  # fmt: skip
    for place in (NANSHAN, DEBAO):
        p = Posting.objects.select_related("occupation", "place_of_work").get(
            pk=posting(clerk, employer, place=place, wage_max=4200).pk
        )
        fast = matching.posting_matches(p, on=ON, limit=5)
        slow = matching.posting_matches(p, on=ON, limit=5, brute_force=True)
        assert [(m.worker_id, m.score) for m in fast] == [(m.worker_id, m.score) for m in slow]
    w = Worker.objects.select_related("home", "wish_place").get(pk=worker(clerk).pk)
    for code in codes:
        posting(clerk, employer, occupation=code)
    fast = matching.worker_matches(w, on=ON, limit=3)
    slow = matching.worker_matches(w, on=ON, limit=3, brute_force=True)
    assert [(m.posting_id, m.score) for m in fast] == [(m.posting_id, m.score) for m in slow]


def test_the_groups_searched_are_the_fit_of_the_classification():
    """The search reads an occupation's tiers as ranges of digits: each occupation lands in
    the tier `codes.fit` gives it, the irregular groups of the classification included."""
    from xiezuo.occupations import codes

    every = list(Occupation.objects.values_list("code", flat=True))
    for wished in [ASSEMBLER, MILLER, PHILOSOPHER, "1-01-00-01", "2-01-01-00", *every[::97]]:
        groups = matching._groups_of(wished)
        for code in every:
            digits = code.replace("-", "")
            level = next((lv for lv, g in groups if digits.startswith(g)), 0)
            if level == 4 and digits != groups[0][1]:
                level = next((lv for lv, g in groups[1:] if digits.startswith(g)), 0)
            assert level == codes.fit(code, wished), (wished, code)


def test_the_search_gives_the_brute_force_answer_on_random_workers(clerk, employer):
    """Random workers and postings over every tier, distance, wage, requirement and
    destination: the ranked search and the scan of every pair agree, each way."""
    rng = random.Random(20250601)
    codes = [ASSEMBLER, TELECOM, CAPACITOR, INSTRUMENT, MILLER, PHILOSOPHER, "2-01-01-00"]
    homes = [DEBAO, NAPO, NANNING, "451002", "450103"]
    people = []
    for _ in range(60):
        people.append(worker(
            clerk, wishes=rng.sample(codes, rng.choice([0, 1, 1, 2, 3])),
            born=date(1970 + rng.randrange(35), 1 + rng.randrange(12), 1 + rng.randrange(28)),
            sex=rng.choice(["female", "male"]), home=rng.choice(homes),
            wish_destination=rng.choice(["any", "helper", "local"]),
            expected_wage=rng.choice([None, 3000, 3800, 4200, 4500, 5000, 6000]),
            education=rng.randrange(5),
            certificates=rng.choice(["", "", "电工证", "电工证\n焊工证"]),
            ethnicity=rng.choice(["壮族", "汉族", "瑶族"]),
        ))  # fmt: skip
    for w in rng.sample(people, 6):
        services.worker_update(worker=w, expected_wage=rng.choice([None, 3500, 4600]))
    postings = []
    for _ in range(12):
        postings.append(posting(
            clerk, employer, occupation=rng.choice(codes),
            place=rng.choice([NANSHAN, DEBAO, NAPO, NANNING]),
            wage_max=rng.choice([3000, 4000, 4200, 4500, 5600]), wage_min=2500,
            education_min=rng.randrange(3), certificates=rng.choice(["", "", "电工证"]),
            age_min=rng.choice([None, 18, 25]), age_max=rng.choice([None, 40, 50]),
        ))  # fmt: skip
    for p in Posting.objects.select_related("occupation", "place_of_work").filter(
        pk__in=[p.pk for p in postings]
    ):
        for limit in (1, 3, 10):
            fast = matching.posting_matches(p, on=ON, limit=limit)
            slow = matching.posting_matches(p, on=ON, limit=limit, brute_force=True)
            assert [(m.worker_id, m.score, m.reasons) for m in fast] == [
                (m.worker_id, m.score, m.reasons) for m in slow
            ]
    for w in Worker.objects.select_related("home", "wish_place").filter(
        pk__in=[w.pk for w in people[:20]]
    ):
        for limit in (1, 4):
            fast = matching.worker_matches(w, on=ON, limit=limit)
            slow = matching.worker_matches(w, on=ON, limit=limit, brute_force=True)
            assert [(m.posting_id, m.score, m.reasons) for m in fast] == [
                (m.posting_id, m.score, m.reasons) for m in slow
            ]


def test_a_worker_changed_is_matched_as_changed(clerk, employer):
    """What the search reads is rewritten with the worker: a new wish and a new home rank."""
    w = worker(clerk, wishes=(MILLER,))
    p = posting(clerk, employer, place=DEBAO)
    assert ranked(p)[0].score == 10 + 10 + 10 + 15  # the major group, anywhere, no wage, county
    services.worker_update(
        worker=w, wish_occupations=Occupation.objects.filter(code=ASSEMBLER), expected_wage=4000
    )
    assert ranked(p)[0].score == 40 + 10 + 15 + 15
    services.worker_update(worker=w, home=Place.objects.get(code=NANNING))
    assert ranked(p)[0].score == 40 + 10 + 15 + 5  # the province


def test_a_worker_written_around_the_services_is_still_scored_right(clerk, employer):
    """A bulk write that forgot `match_rows_refresh` leaves what the search reads behind:
    the scores found then disagree with the worker's, and the scan answers instead."""
    w = worker(clerk, expected_wage=4000)
    p = posting(clerk, employer)
    Worker.objects.filter(pk=w.pk).update(expected_wage=9000)
    (found,) = ranked(p)
    assert found.score == 40 + 10 + 0 + 0  # the wage now below the expectation
    services.match_rows_refresh([w.pk])
    assert ranked(p)[0].score == found.score


def test_outcomes_are_a_history_whose_latest_is_the_state(clerk, employer):
    w = worker(clerk)
    p = posting(clerk, employer)
    for outcome in ("shortlisted", "contacted", "interviewed"):
        services.match_outcome_record(actor=clerk, posting=p, worker=w, outcome=outcome)
    (match,) = ranked(p)
    assert [o.outcome for o in match.history] == ["shortlisted", "contacted", "interviewed"]
    assert match.outcome.outcome == "interviewed"


def test_a_placed_outcome_names_the_placement(clerk, employer):
    w = worker(clerk)
    p = posting(clerk, employer)
    placement = services.placement_record(
        actor=clerk, worker=w, started_on=date(2025, 2, 1), channel="organised", posting=p
    )
    outcome = services.match_outcome_record(actor=clerk, posting=p, worker=w, outcome="placed")
    assert outcome.placement == placement


def test_an_unknown_outcome_is_refused(clerk, employer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.match_outcome_record(
            actor=clerk, posting=posting(clerk, employer), worker=worker(clerk), outcome="hired"
        )
    assert not MatchOutcome.objects.exists()


def test_the_api_ranks_workers_without_identity_numbers(clerk, employer, api_for):
    w = worker(clerk, expected_wage=4000)
    p = posting(clerk, employer)
    response = api_for("viewer").get(
        f"/api/v1/labour/postings/{p.uid}/matches?limit=5&on=2025-06-01"
    )
    assert response.status_code == 200
    body = response.json()
    assert body[0]["worker"]["uid"] == w.uid
    assert set(body[0]) == {"worker", "score", "reasons", "outcome"}
    assert body[0]["reasons"][0] == {
        "points": 40, "text": "意向职业 电子设备装接工（6-25-04-07），完全一致"
    }  # fmt: skip
    assert w.identity not in response.content.decode()
    assert w.identity[-4:] not in json.dumps(body[0]["worker"])


def test_the_api_ranks_postings_for_a_worker(clerk, employer, api_for):
    w = worker(clerk)
    p = posting(clerk, employer)
    response = api_for("viewer").get(f"/api/v1/labour/workers/{w.uid}/matches?on=2025-06-01")
    assert response.status_code == 200
    (found,) = response.json()
    assert found["posting"]["uid"] == p.uid and found["score"] == 60
    assert w.identity not in response.content.decode()


def test_the_api_refuses_a_bad_day_and_limit(clerk, employer, api_for):
    p = posting(clerk, employer)
    client = api_for("viewer")
    assert client.get(f"/api/v1/labour/postings/{p.uid}/matches?on=2025-13-01").status_code == 422
    assert client.get(f"/api/v1/labour/postings/{p.uid}/matches?limit=0").status_code == 422


def test_the_api_records_an_outcome_and_shows_it(clerk, employer, api_for):
    w = worker(clerk)
    p = posting(clerk, employer)
    client = api_for(clerk)
    url = f"/api/v1/labour/postings/{p.uid}/matches/{w.uid}/outcome"
    response = client.post(
        url, {"outcome": "contacted", "note": "电话联系"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["outcome_name"] == "已联系"
    listed = client.get(f"/api/v1/labour/postings/{p.uid}/matches?on=2025-06-01").json()
    assert listed[0]["outcome"]["outcome"] == "contacted"


def test_the_posting_page_lists_the_matches(clerk, employer, client_for):
    w = worker(clerk)
    p = posting(clerk, employer)
    page = client_for("viewer").get(f"/labour/postings/{p.uid}/?on=2025-06-01")
    assert page.status_code == 200
    text = page.content.decode()
    assert w.name in text and "完全一致" in text and w.identity not in text


def test_the_worker_page_lists_the_matches(clerk, employer, client_for):
    w = worker(clerk)
    p = posting(clerk, employer, title="独特的岗位名称")
    page = client_for("viewer").get(f"/labour/workers/{w.uid}/?on=2025-06-01")
    assert page.status_code == 200
    assert p.title in page.content.decode()


def test_a_clerk_records_an_outcome_on_the_page(clerk, employer, client_for):
    w = worker(clerk)
    p = posting(clerk, employer)
    client = client_for(clerk)
    response = client.post(
        f"/labour/postings/{p.uid}/matches/{w.uid}/outcome/", {"outcome": "shortlisted"}
    )
    assert response.status_code == 302
    assert MatchOutcome.objects.get().outcome == "shortlisted"


@pytest.mark.parametrize("direction", ["postings", "workers"])
def test_the_match_endpoints_make_a_bounded_number_of_queries(
    clerk, employer, api_for, direction, django_assert_max_num_queries
):
    """A tier is one query, whatever the number of candidates: 60 workers and 20
    postings, matched each way, cost what 1 of each costs (no query per candidate)."""
    people = [
        worker(clerk, wishes=[ASSEMBLER, TELECOM, MILLER][: 1 + i % 3], expected_wage=4000)
        for i in range(60)
    ]
    jobs = [posting(clerk, employer, occupation=[ASSEMBLER, CAPACITOR][i % 2]) for i in range(20)]
    client = api_for("viewer")
    uid = jobs[0].uid if direction == "postings" else people[0].uid
    with django_assert_max_num_queries(20):
        response = client.get(f"/api/v1/labour/{direction}/{uid}/matches?limit=50&on=2025-06-01")
    assert response.status_code == 200
    assert len(response.json()) == (50 if direction == "postings" else 20)


def test_training_taken_scores_and_the_search_and_the_scan_agree(clerk, employer):
    from xiezuo.labour.models import TrainingKind

    untrained, once, thrice = worker(clerk), worker(clerk), worker(clerk)
    course = services.training_class_create(
        actor=clerk, name="电子装配培训班", kind=TrainingKind.SKILLS,
        place=Place.objects.get(code=DEBAO), starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 20),
    )  # fmt: skip
    for n in range(3):
        extra = services.training_class_create(
            actor=clerk, name=f"第{n}期", kind=TrainingKind.SKILLS,
            place=Place.objects.get(code=DEBAO), starts_on=date(2025, 4, 1),
            ends_on=date(2025, 4, 10),
        )  # fmt: skip
        services.trainee_complete(trainee=services.trainee_enrol(training_class=extra,
                                                                 worker=thrice))  # fmt: skip
    services.trainee_complete(trainee=services.trainee_enrol(training_class=course, worker=once))
    # enrolled but not completed: no points
    services.trainee_enrol(training_class=course, worker=untrained)
    p = posting(clerk, employer)
    with translation.override("zh-hans"):
        found = ranked(p)
        scores = {m.worker.uid: m.score for m in found}
        assert scores[once.uid] == scores[untrained.uid] + 5
        assert scores[thrice.uid] == scores[untrained.uid] + 10  # at most 10
        reasons = {m.worker.uid: [str(r) for r in m.reasons] for m in found}
        assert "完成培训 1 期 +5" in reasons[once.uid]
        assert "完成培训 3 期 +10" in reasons[thrice.uid]
    slow = matching.posting_matches(p, on=ON, brute_force=True)
    assert [(m.worker_id, m.score) for m in found] == [(m.worker_id, m.score) for m in slow]
    w = Worker.objects.select_related("home", "wish_place").get(pk=thrice.pk)
    fast = matching.worker_matches(w, on=ON)
    assert fast and fast[0].score == scores[thrice.uid]
    slow_postings = matching.worker_matches(w, on=ON, brute_force=True)
    assert [(m.posting_id, m.score) for m in fast] == [
        (m.posting_id, m.score) for m in slow_postings
    ]
