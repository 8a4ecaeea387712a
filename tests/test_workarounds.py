"""workarounds.paused_collector(): the garbage collector is off inside, and always restored as it was."""

import gc

import pytest

from lesson_utils import data, workarounds
from lesson_utils.figures import cartography, geography_maps


@pytest.fixture(autouse=True)
def _restore_gc():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_paused_switches_the_collector_off_and_back_on():
    gc.enable()
    with workarounds.paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_only_the_outermost_switches_it_back_on():
    gc.enable()
    with workarounds.paused_collector():
        with workarounds.paused_collector():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_caller_switched_off_stays_off():
    gc.disable()
    with workarounds.paused_collector():
        pass
    assert not gc.isenabled()


def test_the_collector_is_restored_when_the_block_raises():
    gc.enable()
    with pytest.raises(ZeroDivisionError), workarounds.paused_collector():
        1 / 0
    assert gc.isenabled()


def test_map_builders_run_paused_and_restore_the_collector(monkeypatch):
    seen = []
    cut = cartography.countries_in_view
    monkeypatch.setattr(geography_maps, "countries_in_view", lambda *a: seen.append(gc.isenabled()) or cut(*a))
    gc.enable()
    geography_maps.locator_map(data.load_neighbours(), data.load_features(), data.load_timeline())
    assert seen == [False]
    assert gc.isenabled()
