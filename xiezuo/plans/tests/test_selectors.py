"""Status from live data: targets read the analytics, a saved value changes the status at
once, and a past date gives the status as it stood then."""

from __future__ import annotations

from datetime import date

import pytest

from xiezuo.plans import selectors, services
from xiezuo.plans.status import Status

from .factories import job_fairs_held, job_fairs_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return job_fairs_item("德保县全年举办招聘会12场", due_on=date(2019, 12, 31), value=12)


def status_on(item, day: date) -> Status:
    items = list(selectors.item_list(document=item.document))
    return selectors.item_assessments(items, on=day)[item.pk].status


def test_target_is_read_from_the_analytics_up_to_the_day(item):
    job_fairs_held("201901", 2)
    job_fairs_held("201902", 3)
    job_fairs_held("202001", 50)  # another year: never counted
    (target,) = item.targets.all()
    assert selectors.target_actuals([target], date(2019, 1, 20))[target.pk] == 2
    assert selectors.target_actuals([target], date(2019, 3, 1))[target.pk] == 5
    assert selectors.target_actuals([target], date(2020, 6, 1))[target.pk] == 5
    assert selectors.target_actuals([target], date(2018, 12, 31))[target.pk] is None


def test_a_saved_value_changes_the_status_at_once(item):
    assert status_on(item, date(2019, 1, 20)) == Status.NOT_STARTED
    job_fairs_held("201901", 2)
    job_fairs_held("201902", 3)
    # six months past: 6 of 12 expected, 80 % of that is 4.8; 5 is on track
    assert status_on(item, date(2019, 7, 2)) == Status.ON_TRACK
    # eight months past: 6.4 expected, 5 is behind
    assert status_on(item, date(2019, 9, 2)) == Status.AT_RISK
    job_fairs_held("201908", 8)
    assert status_on(item, date(2019, 9, 2)) == Status.DONE


def test_a_past_day_ignores_later_ticks_and_updates(item, make_user):
    clerk = make_user("clerk", scope=["451024"])
    milestone = services.milestone_create(item=item, title="上半年6场", due_on=date(2019, 6, 30))
    item.targets.all().delete()
    services.milestone_tick(milestone=milestone, user=clerk, done_on=date(2019, 6, 20))
    services.update_create(
        item=item, user=clerk, text="上半年完成", percent=50, reported_on=date(2019, 6, 20)
    )
    assert status_on(item, date(2019, 6, 19)) == Status.NOT_STARTED
    assert status_on(item, date(2019, 6, 21)) == Status.DONE
    assessment = selectors.item_assessment(item, on=date(2019, 6, 21))
    assert assessment.completed_on == date(2019, 6, 20)


def test_the_plans_targets_are_added_up_by_figure_place_and_period():
    from xiezuo.places.models import Place

    from .factories import document, target, work_item

    doc = document()
    first, second = work_item(doc), work_item(doc, title="再组织一次技能培训")
    debao = Place.objects.get(code="451024")
    target(first, value=1000)
    target(second, value=500)
    target(first, value=300, options="poverty=poor")
    target(first, value=70, period="2019")
    found = selectors.planned_targets(
        items=["people_trained", "people_trained[poverty=poor]"],
        places=[debao],
        periods=["2018"],
    )
    assert found[("people_trained", "451024", "2018")].value == 1500
    assert found[("people_trained", "451024", "2018")].item_id == first.pk
    assert found[("people_trained[poverty=poor]", "451024", "2018")].value == 300
    assert ("people_trained", "451024", "2019") not in found
    assert selectors.planned_targets(items=["job_fairs"], places=[debao], periods=["2018"]) == {}
