"""certdesk.core.collector: the cyclic collector is paused inside, restored after."""

from __future__ import annotations

import gc

import pytest

from certdesk.core.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_running():
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_running_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_resume_only_at_the_outermost():
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_resumed_after_an_exception():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_as_a_decorator():
    @collector_paused()
    def work() -> bool:
        return gc.isenabled()

    assert work() is False
    assert gc.isenabled()
