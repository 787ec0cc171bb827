"""The render deadline: a block that runs too long stops with RenderTimeout."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from pipeline.deadline import RENDER_TIMEOUT_SECONDS, RenderTimeout, deadline, render_timeout


def test_a_block_longer_than_the_deadline_raises_render_timeout():
    started = time.monotonic()
    with pytest.raises(RenderTimeout) as info, deadline(0.05):
        time.sleep(5)
    assert time.monotonic() - started < 2
    assert str(info.value) == (
        "writing the casebook and the data took longer than 0.05 seconds "
        "(the limit is set by CASEBOOK_RENDER_TIMEOUT)"
    )


def test_a_block_within_the_deadline_runs_and_the_alarm_is_cleared():
    previous = signal.getsignal(signal.SIGALRM)
    with deadline(5):
        time.sleep(0.01)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is previous


def test_the_alarm_is_cleared_when_the_block_raises():
    previous = signal.getsignal(signal.SIGALRM)
    with pytest.raises(KeyError), deadline(5):
        raise KeyError("x")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is previous


def test_zero_is_no_limit():
    with deadline(0):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        time.sleep(0.05)


def test_outside_the_main_thread_the_block_runs_without_a_limit():
    outcome: list[str] = []

    def work() -> None:
        with deadline(0.01):
            time.sleep(0.05)
        outcome.append("finished")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, float(RENDER_TIMEOUT_SECONDS)),
        ("", float(RENDER_TIMEOUT_SECONDS)),
        ("soon", float(RENDER_TIMEOUT_SECONDS)),
        ("120", 120.0),
        ("2.5", 2.5),
        (" 30 ", 30.0),
        ("0", 0.0),
        ("-5", 0.0),
    ],
)
def test_render_timeout_from_the_environment(value, seconds, monkeypatch):
    if value is None:
        monkeypatch.delenv("CASEBOOK_RENDER_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("CASEBOOK_RENDER_TIMEOUT", value)
    assert render_timeout() == seconds


def test_the_default_limit():
    assert RENDER_TIMEOUT_SECONDS == 900
