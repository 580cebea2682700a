"""The writer thread of an import: the thread switch interval it asks for is put back."""

import sys

from xiezuo.indicators.imports.pipeline import SWITCH_INTERVAL, _quick_thread_switches


def test_the_switch_interval_is_put_back_when_the_last_import_ends():
    before = sys.getswitchinterval()
    first, second = _quick_thread_switches(), _quick_thread_switches()
    with first:
        with second:
            assert sys.getswitchinterval() == SWITCH_INTERVAL
        assert sys.getswitchinterval() == SWITCH_INTERVAL  # the first import still runs
    assert sys.getswitchinterval() == before
