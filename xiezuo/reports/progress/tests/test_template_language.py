"""The template language: figures by name, errors by line, and a sandbox."""

from __future__ import annotations

import pytest

from xiezuo.indicators.analytics import value_of
from xiezuo.periods import parse
from xiezuo.places.models import Place
from xiezuo.reports.progress.scope import ScopeError, parse_period, scope_get
from xiezuo.reports.progress.vocabulary import Figures, TemplateFailed, check, render

pytestmark = pytest.mark.django_db


def _figures(place: str = "45", period: str = "2017", **kwargs) -> Figures:
    return Figures(scope_get(place=place, **kwargs), parse_period(period), unapproved_within=None)


def _text(source: str, figures: Figures | None = None) -> str:
    return "\n".join(b.text for b in render(source, figures or _figures()))  # type: ignore[union-attr]


def test_a_figure_is_the_analytics_value_of_the_scope_and_period_in_wan():
    expected = value_of("workers_placed", place=Place.objects.get(code="4510"),
                        periods=[parse("2017")])  # fmt: skip
    assert expected is not None and expected > 10_000
    text = _text('百色{{ fig("workers_placed") }}人', _figures("4510"))
    assert text == f"百色{expected / 10_000:.2f}".rstrip("0").rstrip(".") + "万人"


def test_place_name_and_period_label_are_variables():
    assert _text("{{ place.name }}，{{ period.label }}", _figures("4510", ":201806")) == (
        "百色市，截至2018年6月"
    )


def test_a_syntax_error_is_reported_with_its_line():
    problems = check('第一行\n第二行 {{ fig("job_fairs" }}\n第三行')
    assert problems[0].line == 2
    assert str(problems[0]).startswith("第2行")


def test_an_unknown_figure_name_is_reported_by_name_and_line():
    (problem,) = check('一\n二\n三{{ fig("no_such_figure") }}')
    assert problem.line == 3
    assert "no_such_figure" in problem.message


def test_an_unknown_variable_fails_with_its_line():
    with pytest.raises(TemplateFailed) as failed:
        render("一\n{{ nothing_here }}", _figures())
    assert failed.value.problem.line == 2
    assert "nothing_here" in failed.value.problem.message


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ fig.__globals__ }}",
        "{{ fig.__self__.scope }}",
    ],
)
def test_the_sandbox_refuses_unsafe_access(source):
    with pytest.raises(TemplateFailed) as failed:
        render(source, _figures())
    assert failed.value.problem.line == 1


def test_a_table_lists_the_places_one_level_down():
    figures = _figures("4510")
    blocks = render('按县：\n\n{{ table(["workers_placed"], by="place") }}', figures)
    table = blocks[1]
    assert table.headers[1] == "新增引导到广东就业"  # type: ignore[union-attr]
    names = [row[0].text for row in table.rows]  # type: ignore[union-attr]
    assert "德保县" in names
    assert all(row[1].href.startswith("/pivot/?dx=workers_placed") for row in table.rows)  # type: ignore[union-attr]


def test_growth_is_against_the_span_just_before():
    assert _text('{{ growth("guangdong_visitors") }}') == "66.68%"


def test_english_figures_are_in_millions_and_billions():
    from django.utils import translation

    with translation.override("en"):
        text = _text('{{ fig("guangdong_visitors") }} visitors')
    assert text == "49.29 million visitors"


def test_a_pairing_scope_counts_its_helped_places():
    from xiezuo.pairings.models import Pairing

    pairing = Pairing.objects.filter(helped_place__code="451024").first()
    assert pairing is not None
    scope = scope_get(pairing=pairing.uid)
    assert scope.place.code == "451024" and scope.pairing == pairing
    figures = Figures(scope, parse_period("201701:201803"), unapproved_within=None)
    expected = value_of("workers_placed", place=Place.objects.get(code="451024"),
                        periods=list(parse_period("201701:201803").periods))  # fmt: skip
    assert figures.value("workers_placed") == expected
    assert "→" in scope.name


@pytest.mark.parametrize(
    ("text", "field"),
    [("2018-13", "period"), ("201812:201801", "period")],
)
def test_a_bad_period_is_refused_naming_it(text, field):
    with pytest.raises(ScopeError) as refused:
        parse_period(text)
    assert refused.value.field == field and text in refused.value.message


def test_an_unknown_place_or_pairing_is_refused_naming_the_field():
    with pytest.raises(ScopeError) as refused:
        scope_get(place="99")
    assert refused.value.field == "place"
    with pytest.raises(ScopeError) as refused:
        scope_get(pairing="nope")
    assert refused.value.field == "pairing"
