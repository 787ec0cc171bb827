"""A time limit on writing the products: a case that makes layout explode stops the
build with a clear message instead of hanging.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Time limit for writing all products of a build, in seconds. 200 cases render
# in about 40 s and 500 in about 110 s on a 2-core machine; the environment
# variable CASEBOOK_RENDER_TIMEOUT overrides it (0 = no limit).
RENDER_TIMEOUT_SECONDS = 900


class RenderTimeout(Exception):
    """Writing the products took longer than the time limit."""


def render_timeout() -> float:
    """The time limit in seconds: CASEBOOK_RENDER_TIMEOUT if it is a number, else the default."""
    value = os.environ.get("CASEBOOK_RENDER_TIMEOUT", "")
    try:
        return max(float(value), 0.0)
    except ValueError:
        return float(RENDER_TIMEOUT_SECONDS)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise RenderTimeout in the block when it runs longer than `seconds` (0 = no limit).

    Uses SIGALRM, so it only works in the main thread on POSIX; elsewhere the
    block runs without a limit rather than failing.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise RenderTimeout(
            f"writing the casebook and the data took longer than {seconds:g} seconds "
            "(the limit is set by CASEBOOK_RENDER_TIMEOUT)"
        )

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
