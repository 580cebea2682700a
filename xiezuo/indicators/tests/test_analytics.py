"""Analytics over the stored values: each aggregation, rollups by period and place, splits,
indicators, approval, and freshness (a saved value is in the next answer)."""

from decimal import Decimal

import pytest

from xiezuo.indicators.analytics import Query, analytics, value_of
from xiezuo.indicators.models import Approval
from xiezuo.periods import parse

from .factories import data_set, save_value

pytestmark = pytest.mark.django_db


def P(*ids):
    return [parse(i) for i in ids]


def test_sum_rolls_months_up_into_quarters_and_years(place):
    # Debao reported job fairs in the demo's months; add 2019 values for a clean slate.
    for month, n in (("201901", 2), ("201902", 3), ("201904", 5)):
        save_value("job_fairs", "451024", month, n)
    result = analytics(
        Query(items=["job_fairs"], periods=P("2019Q1", "2019Q2", "2019"), places=[place("451024")])
    )
    assert result.get("job_fairs", "2019Q1", "451024") == 5
    assert result.get("job_fairs", "2019Q2", "451024") == 5
    assert result.get("job_fairs", "2019", "451024") == 10


def test_places_roll_up_by_code_prefix_and_group_by_level(place):
    save_value("job_fairs", "451024", "201901", 2)
    save_value("job_fairs", "451026", "201901", 3)
    save_value("job_fairs", "451228", "201901", 7)
    by_county = analytics(
        Query(items=["job_fairs"], periods=P("201901"), places=[place("4510")], level=3)
    )
    assert by_county.get("job_fairs", "201901", "451024") == 2
    assert by_county.get("job_fairs", "201901", "451026") == 3
    assert by_county.get("job_fairs", "201901", "451228") is None
    by_prefecture = analytics(
        Query(items=["job_fairs"], periods=P("201901"), places=[place("45")], level=2)
    )
    assert by_prefecture.get("job_fairs", "201901", "4510") == 5
    assert by_prefecture.get("job_fairs", "201901", "4512") == 7
    assert (
        analytics(Query(items=["job_fairs"], periods=P("201901"), places=[place("45")])).get(
            "job_fairs", "201901", "45"
        )
        == 12
    )


def test_a_value_saved_is_in_the_next_answer(place):
    before = value_of("job_fairs", place=place("45"), periods=P("2019")) or 0
    save_value("job_fairs", "451024", "201903", 4)
    assert value_of("job_fairs", place=place("45"), periods=P("2019")) == before + 4
    save_value("job_fairs", "451024", "201903", 1)
    assert value_of("job_fairs", place=place("45"), periods=P("2019")) == before + 1


def test_last_value_takes_each_places_latest_and_adds_across_places(place):
    from xiezuo.indicators.models import DataElement

    # every stock of the catalogue is a registry's now: teachers_trained (typed, none in the
    # demo) is made a stock for the test, as the average's test does with job_fairs
    DataElement.objects.filter(code="teachers_trained").update(aggregation="last")
    save_value("teachers_trained", "451024", "2017", 7)
    save_value("teachers_trained", "451024", "2018", 3)
    baise = place("4510")
    assert value_of("teachers_trained", place=baise, periods=P("2018")) == 3
    assert value_of("teachers_trained", place=baise, periods=P("2017", "2018")) == 3
    assert value_of("teachers_trained", place=baise, periods=P("2017")) == 7
    save_value("teachers_trained", "451026", "2018", 10)
    assert value_of("teachers_trained", place=baise, periods=P("2018")) == 13


def test_average_is_the_mean_of_the_values(place):
    from xiezuo.indicators.models import DataElement

    DataElement.objects.filter(code="job_fairs").update(aggregation="average")
    save_value("job_fairs", "451024", "201901", 2)
    save_value("job_fairs", "451024", "201902", 4)
    save_value("job_fairs", "451026", "201901", 9)
    assert value_of("job_fairs", place=place("4510"), periods=P("2019Q1")) == 5


def test_a_split_breaks_a_figure_down_by_a_dimension(place):
    result = analytics(
        Query(items=["people_trained"], periods=P("2017"), places=[place("45")], split="poverty")
    )
    poor = result.get("people_trained", "2017", "45", "poor")
    not_poor = result.get("people_trained", "2017", "45", "not_poor")
    total = value_of("people_trained", place=place("45"), periods=P("2017"))
    assert poor > not_poor > 0 and poor + not_poor == total


def test_an_option_restricts_a_term(place):
    months = P(*[f"2017{m:02d}" for m in range(1, 13)], "201801", "201802", "201803")
    assert value_of("people_trained[poverty=poor]", place=place("45"), periods=months) == 14062


def test_an_indicator_is_computed_at_query_time(place):
    months = P(*[f"2017{m:02d}" for m in range(1, 13)], "201801", "201802", "201803")
    share = value_of("poor_share_trained", place=place("45"), periods=months)
    assert round(share, 2) == round(Decimal(14062) / Decimal(18078) * 100, 2)


def test_approved_only_leaves_out_unapproved_reports(place):
    save_value("job_fairs", "451024", "201901", 2)
    save_value("job_fairs", "451026", "201901", 3)
    Approval.objects.create(
        data_set=data_set("LABOUR"),
        place=place("451024"),
        period="2019Q1",
        state=Approval.State.APPROVED,
    )
    query = dict(items=["job_fairs"], periods=P("201901"), places=[place("4510")])
    assert analytics(Query(**query)).get("job_fairs", "201901", "4510") == 5
    assert analytics(Query(**query, approved_only=True)).get("job_fairs", "201901", "4510") == 2


def test_an_approved_report_locks_its_values(place):
    from django.core.exceptions import ValidationError

    Approval.objects.create(
        data_set=data_set("LABOUR"),
        place=place("4510"),
        period="2019",
        state=Approval.State.APPROVED,
    )
    with pytest.raises(ValidationError) as exc:
        save_value("job_fairs", "451024", "201903", 1)
    assert "已审核并锁定" in str(exc.value)
    save_value("job_fairs", "451228", "201903", 1)  # Hechi is not locked


def test_a_pairing_groups_what_its_helped_places_reported(place):
    from xiezuo.pairings.selectors import pairing_place_group
    from xiezuo.pairings.tests.factories import nanshan_debao

    key, places = pairing_place_group(nanshan_debao())
    result = analytics(
        Query(items=["job_fairs"], periods=P("2017Q1", "2017Q2"), places=[], groups=[(key, places)])
    )
    debao = analytics(
        Query(items=["job_fairs"], periods=P("2017Q1", "2017Q2"), places=[place("451024")])
    )
    assert result.get("job_fairs", "2017Q1", key) == debao.get("job_fairs", "2017Q1", "451024")
    assert result.get("job_fairs", "2017Q2", key) == debao.get("job_fairs", "2017Q2", "451024")


def test_targets_come_beside_the_values(place):
    from xiezuo.indicators.models import DataElement, Target

    element = DataElement.objects.get(code="workers_placed")
    Target.objects.create(data_element=element, place=place("4510"), period="2017", value=20000)
    Target.objects.create(data_element=element, place=place("4512"), period="2017", value=15000)
    by_prefecture = analytics(
        Query(items=["workers_placed"], periods=P("2017"), places=[place("45")], level=2)
    )
    assert by_prefecture.target("workers_placed", "2017", "4510") == 20000
    assert by_prefecture.get("workers_placed", "2017", "4510") > 0
    together = analytics(
        Query(
            items=["workers_placed"],
            periods=P("2017"),
            places=[place("4510"), place("4512")],
            places_as_filter=True,
        )
    )
    assert together.target("workers_placed", "2017", None) == 35000


def test_many_places_of_one_level_are_answered_together_and_alike(place):
    from xiezuo.places.models import Place

    prefectures = list(Place.objects.filter(level=2, code__startswith="45"))
    together = analytics(
        Query(items=["planned_investment"], periods=P("2016", "2017"), places=prefectures)
    )
    for prefecture in prefectures:
        alone = analytics(
            Query(items=["planned_investment"], periods=P("2016"), places=[prefecture])
        )
        assert together.get("planned_investment", "2016", prefecture.code) == alone.get(
            "planned_investment", "2016", prefecture.code
        )
    total = sum(
        together.get("planned_investment", p, c.code) or 0
        for p in ("2016", "2017")
        for c in prefectures
    )
    assert total == 27_650_000_000


def test_a_query_may_impose_its_aggregation_on_every_element(place):
    for code, month, n in (
        ("451024", "201901", 2),
        ("451024", "201902", 6),
        ("451026", "201901", 4),
    ):
        save_value("job_fairs", code, month, n)

    def figure(aggregation):
        query = Query(
            items=["job_fairs"],
            periods=P("2019Q1"),
            places=[place("4510")],
            aggregation=aggregation,
        )
        return analytics(query).get("job_fairs", "2019Q1", "4510")

    assert [figure(a) for a in (None, "count", "min", "max", "average")] == [12, 3, 2, 6, 4]
    assert figure("last") == 10  # Debao's February and Napo's January


def test_value_criteria_keep_only_the_values_that_meet_them_before_aggregating(place):
    for month, n in (("201901", 2), ("201902", 6), ("201903", 9)):
        save_value("job_fairs", "451024", month, n)
    query = Query(
        items=["job_fairs"],
        periods=P("2019Q1"),
        places=[place("451024")],
        value_criteria=[("GT", Decimal(2)), ("LE", Decimal(6))],
    )
    assert analytics(query).get("job_fairs", "2019Q1", "451024") == 6


def test_a_split_by_several_dimensions_keys_each_cell_by_their_pairs(place, monkeypatch):
    from xiezuo.indicators import sources

    monkeypatch.delitem(sources._owners, "donation_cash", raising=False)
    save_value("donation_cash", "451024", "201901", 5, "donor_kind=enterprise;donor_origin=other")
    save_value("donation_cash", "451024", "201901", 3, "donor_kind=individual;donor_origin=other")
    by_both = analytics(
        Query(
            items=["donation_cash"],
            periods=P("201901"),
            places=[place("451024")],
            split=("donor_kind", "donor_origin"),
        )
    )
    assert (
        by_both.get("donation_cash", "201901", "451024", "donor_kind=enterprise;donor_origin=other")
        == 5
    )
    by_origin = analytics(
        Query(
            items=["donation_cash"],
            periods=P("201901"),
            places=[place("451024")],
            split=("donor_origin",),
        )
    )
    assert by_origin.get("donation_cash", "201901", "451024", "donor_origin=other") == 8
