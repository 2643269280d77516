"""The cyclic collector is off inside ``paused_gc`` and back as it was after the last block."""

from __future__ import annotations

import gc

import pytest

from foursight.core.gcpause import paused_gc


@pytest.fixture(autouse=True)
def _collector_back_on():
    was = gc.isenabled()
    yield
    if was:
        gc.enable()


def test_the_collector_is_off_inside_and_on_again_after():
    gc.enable()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: the inner end does not switch it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with paused_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_an_error_inside_still_switches_it_back_on_and_works_as_a_decorator():
    gc.enable()

    @paused_gc()
    def fails() -> None:
        assert not gc.isenabled()
        raise ValueError("bad file")

    with pytest.raises(ValueError, match="bad file"):
        fails()
    assert gc.isenabled()
