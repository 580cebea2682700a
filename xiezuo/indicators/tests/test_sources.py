"""The indicator source protocol: a registry declares what it owns, computes it, and
`sync` writes it — unchanged values left alone, changed ones updated, gone ones deleted."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from xiezuo.indicators import sources
from xiezuo.indicators.models import DataElement, DataValue, DataValueChange
from xiezuo.indicators.sources import Figure, OwnedElementError, Source

pytestmark = pytest.mark.django_db

ELEMENT = "joint_meetings"  # a yearly figure no registry owns


class ToySource(Source):
    """Counts whatever the test puts in `figures`: (place, period) -> value."""

    name = "toy"
    label = "the toy registry"
    elements = (ELEMENT,)

    def __init__(self) -> None:
        self.figures: dict[tuple[str, str], int] = {}
        self.yields_foreign = False

    def places(self) -> set[str]:
        return {place for place, _ in self.figures}

    def compute(
        self, *, places: Collection[str], periods: Collection[str] | None = None
    ) -> Iterator[Figure]:
        for (place, period), value in self.figures.items():
            if place in places:
                yield Figure(element=ELEMENT, place=place, period=period, value=value)
        if self.yields_foreign:
            yield Figure(element="job_fairs", place="451024", period="2019", value=1)


@pytest.fixture
def toy(monkeypatch) -> ToySource:
    source = ToySource()
    monkeypatch.setitem(sources._sources, source.name, source)
    monkeypatch.setitem(sources._owners, ELEMENT, source)
    DataValue.objects.filter(data_element__code=ELEMENT).delete()
    return source


def toy_figures() -> dict[tuple[str, str], tuple[Decimal, str]]:
    """The toy element's stored values: (place, period) -> (value, source)."""
    return {
        (v.place_code, v.period): (v.value, v.source)
        for v in DataValue.objects.filter(data_element__code=ELEMENT)
    }


def test_sync_writes_what_the_source_computes_as_its_own(toy):
    toy.figures = {("451024", "2018"): 3, ("451026", "2018"): 5}
    summary = sources.sync("toy")
    assert (summary.created, summary.updated, summary.deleted) == (2, 0, 0)
    assert toy_figures() == {
        ("451024", "2018"): (3, "derived:toy"),
        ("451026", "2018"): (5, "derived:toy"),
    }


def test_a_second_sync_leaves_unchanged_values_alone(toy):
    toy.figures = {("451024", "2018"): 3}
    sources.sync("toy")
    before = DataValue.objects.get(data_element__code=ELEMENT).updated_at
    summary = sources.sync("toy")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)
    assert DataValue.objects.get(data_element__code=ELEMENT).updated_at == before


def test_a_changed_figure_is_updated_and_its_change_kept(toy):
    toy.figures = {("451024", "2018"): 3}
    sources.sync("toy")
    toy.figures = {("451024", "2018"): 4}
    assert sources.sync("toy", places={"451024"}).updated == 1
    assert toy_figures() == {("451024", "2018"): (4, "derived:toy")}
    change = DataValueChange.objects.get(data_element__code=ELEMENT)
    assert (change.old_value, change.new_value) == ("3", "4")


def test_a_figure_no_longer_computed_is_deleted(toy):
    toy.figures = {("451024", "2018"): 3, ("451024", "2019"): 4}
    sources.sync("toy")
    toy.figures = {("451024", "2019"): 4}
    assert sources.sync("toy", places={"451024"}).deleted == 1
    assert toy_figures() == {("451024", "2019"): (4, "derived:toy")}


def test_a_full_sync_finds_the_places_whose_figures_are_all_gone(toy):
    toy.figures = {("451024", "2018"): 3}
    sources.sync("toy")
    toy.figures = {}  # the place no longer appears in the registry at all
    assert sources.sync("toy").deleted == 1
    assert toy_figures() == {}


def test_sync_touches_only_the_places_and_periods_asked_for(toy):
    toy.figures = {("451024", "2018"): 3, ("451026", "2018"): 5, ("451024", "2019"): 6}
    sources.sync("toy")
    toy.figures = {("451024", "2018"): 30, ("451026", "2018"): 50}
    sources.sync("toy", places={"451024"}, periods={"2018"})
    assert toy_figures() == {
        ("451024", "2018"): (30, "derived:toy"),
        ("451026", "2018"): (5, "derived:toy"),  # not asked for
        ("451024", "2019"): (6, "derived:toy"),  # a period not asked for stays
    }


def test_a_value_typed_before_the_element_was_owned_becomes_the_sources(toy, place):
    DataValue.objects.create(
        data_element=DataElement.objects.get(code=ELEMENT),
        place=place("451024"),
        place_code="451024",
        period="2018",
        start_month=2018 * 12,
        end_month=2018 * 12 + 11,
        value=3,
        source="reported",
    )
    toy.figures = {("451024", "2018"): 3}
    sources.sync("toy")
    assert toy_figures() == {("451024", "2018"): (3, "derived:toy")}


def test_a_source_yielding_an_element_it_does_not_own_is_refused(toy):
    toy.yields_foreign = True
    with pytest.raises(OwnedElementError, match="'toy' yields job_fairs, which it does not own"):
        sources.sync("toy", places={"451024"})
    assert not DataValue.objects.filter(
        data_element__code="job_fairs", place__code="451024", period="2019"
    ).exists()


def test_two_sources_cannot_own_one_element(toy):
    class Rival(ToySource):
        name = "rival"

    with pytest.raises(ValueError, match="owned by 'toy'"):
        sources.register(Rival())
    assert sources.owner_of(ELEMENT) is toy


def test_the_command_rebuilds_the_pairing_figures_after_tampering(capsys):
    figures = DataValue.objects.filter(source="derived:pairings")
    count = figures.count()
    lost, _ = figures.filter(period="2018").delete()
    typed_over = figures.filter(period="2019").update(value=99)  # behind the registry's back
    call_command("indicators", "sync", "--source", "pairings")
    out, err = capsys.readouterr()
    assert figures.count() == count
    assert not figures.filter(value=99).exists()
    assert f"{lost} created, {typed_over} updated, 0 deleted" in out
    assert err == ""  # no progress bar off a terminal


def test_the_command_names_the_sources_it_knows():
    with pytest.raises(CommandError, match="pairings"):
        call_command("indicators", "sync", "--source", "nothing")
