"""Every figure of the seed comes out of Xiezuo's own data."""

import pytest

from xiezuo.demo.values import FIGURES
from xiezuo.reports.models import Figure
from xiezuo.reports.selectors import figure_value

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", [f.code for f in FIGURES])
def test_the_seed_figure_is_reproduced_from_the_data(code):
    result = figure_value(Figure.objects.get(code=code), unapproved_within=None)
    assert result.value is not None, code
    assert result.agrees, (code, result.value, result.figure.reference_value)


def test_the_headline_figures_are_exact():
    assert (
        figure_value(Figure.objects.get(code="projects_signed"), unapproved_within=None).value == 61
    )
    assert (
        figure_value(Figure.objects.get(code="planned_investment"), unapproved_within=None).value
        == 27_650_000_000
    )
    assert (
        figure_value(Figure.objects.get(code="workers_placed"), unapproved_within=None).value
        == 55_900
    )


def test_the_figures_page_shows_them_in_wan_and_yi(client_for):
    # the demo's reported figures are not approved: a reader of all Guangxi counts them
    page = client_for("viewer", scope=["45"]).get("/figures/").content.decode()
    assert "276.5亿" in page and "5.59万" in page and "66.68%" in page
    assert f"{len(FIGURES)} 项中有 {len(FIGURES)} 项一致" in page


def test_a_new_pairing_is_counted_at_once(client_for, place):
    from datetime import date

    from xiezuo.indicators.analytics import value_of
    from xiezuo.pairings.selectors import coverage
    from xiezuo.pairings.tests.factories import pairing
    from xiezuo.periods import PeriodType, of_date

    this_year = [of_date(date.today(), PeriodType.YEARLY)]
    before = value_of("paired_villages", place=place("45"), periods=this_year)
    village = coverage(place("45")).levels["village"].unpaired[0]
    pairing("village", village, started_on=date(2019, 1, 1))
    assert value_of("paired_villages", place=place("45"), periods=this_year) == before + 1
