"""The entry grid: a row per data element, a cell per disaggregation, the previous
period and the target beside each value, read-only where values may not be typed."""

from decimal import Decimal

import pytest

from xiezuo.indicators.models import DataElement, Target
from xiezuo.indicators.selectors import grid_build, report_get
from xiezuo.indicators.services import value_set
from xiezuo.periods import parse

from .factories import completed, data_set, labour_report

pytestmark = pytest.mark.django_db


def grid(place, code="LABOUR", period="201906", may_enter=True):
    return grid_build(
        data_set=data_set(code),
        place=place,
        period=parse(period),
        may_enter=may_enter,
        report=None,
    )


def cells(g):
    return {
        (cell.element.code, cell.key): cell
        for section in g.sections
        for row in section.rows
        for cell in row.cells
    }


def test_each_element_gets_a_row_and_each_disaggregation_a_cell(place):
    found = cells(grid(place("451024")))
    assert ("job_fairs", "") in found
    assert {k for e, k in found if e == "people_trained"} == {"poverty=poor", "poverty=not_poor"}
    assert len({e for e, _ in found}) == data_set("LABOUR").data_elements.count()


def test_elements_broken_down_the_same_way_share_one_header(place):
    sections = grid(place("451024")).sections
    assert len(sections) == 3  # no breakdown; poor / not poor; where employed × poverty
    poverty = sections[1]
    assert [h.label for h in poverty.header_rows[0]] == ["建档立卡贫困人口", "非贫困人口"]
    assert {row.element.code for row in poverty.rows} >= {
        "people_trained", "workers_placed", "stable_3_months", "stable_6_months",
    }  # fmt: skip
    assert [row.element.code for row in sections[2].rows] == ["workers_employed"]


def test_two_dimensions_give_two_header_rows_spanning_the_combinations(place):
    talent = grid(place("451024"), code="TALENT", period="2019").sections
    cadres = next(s for s in talent if s.rows[0].element.code == "cadres_seconded")
    direction, origin = cadres.header_rows
    assert [(h.label, h.colspan) for h in direction] == [
        ("帮扶方派往受援方", 2),
        ("受援方派往帮扶方", 2),
    ]
    assert [h.label for h in origin] == ["贫困县", "其他地区"] * 2
    assert len(cadres.rows[0].cells) == 4


def test_a_cell_shows_its_value_the_previous_periods_and_the_target(place, clerk):
    value_set(actor=clerk, element="job_fairs", place="451024", period="201905", value="4")
    value_set(actor=clerk, element="job_fairs", place="451024", period="201906", value="6")
    Target.objects.create(
        data_element=DataElement.objects.get(code="job_fairs"),
        place=place("451024"),
        period="201906",
        value=Decimal("10"),
    )
    cell = cells(grid(place("451024")))[("job_fairs", "")]
    assert (cell.value, cell.previous, cell.target) == ("6", "4", "10")
    assert cell.editable


def test_a_reader_gets_no_editable_cell(place):
    assert not any(c.editable for c in cells(grid(place("451024"), may_enter=False)).values())


def test_an_approved_report_makes_every_cell_read_only(place):
    completed(labour_report("451024", "201906"), approved=True)
    g = grid(place("451024"))
    assert g.report.approved and not g.editable
    assert not any(c.editable for c in cells(g).values())


def test_the_approval_of_a_place_above_locks_the_report_below(place):
    completed(labour_report("4510", "201906"), approved=True)
    report = report_get(data_set("LABOUR"), place("451024"), parse("201906"))
    assert report.locked and report.lock.place.code == "4510" and not report.approved


def test_a_figure_counted_from_a_registry_cannot_be_typed(place):
    # the pairing registry counts Debao's paired county hospital; the clerk types the rest
    found = cells(grid(place("451024"), code="HEALTH", period="2019"))
    hospitals = found[("hospitals_paired", "")]
    assert (hospitals.value, hospitals.derived, hospitals.editable) == ("1", True, False)
    education = cells(grid(place("451024"), code="EDUCATION", period="2019"))
    typed = education[("principals_trained", "")]
    assert (typed.derived, typed.editable) == (False, True)
