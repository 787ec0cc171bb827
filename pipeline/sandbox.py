"""The sandbox WeasyPrint renders in: what the casebook may load, and nothing else.

Case files are untrusted. Whatever HTML reaches WeasyPrint, it can only load
``data:`` URLs and files inside the package's own templates and assets folders
(real paths resolved, so a symlink cannot lead outside); no network, no
redirects, no other file.

It also puts a time limit on writing the products (`deadline`): a case that
makes layout explode stops the build with a clear message instead of hanging.
"""

from __future__ import annotations

import mimetypes
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .config import ASSETS_DIR, TEMPLATES_DIR

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


def safe_fetcher() -> Any:
    """A new WeasyPrint URL fetcher restricted to the package's own files."""
    return _fetcher_class()()


@cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = tuple(p.resolve() for p in (TEMPLATES_DIR, ASSETS_DIR))

    class _SafeFetcher(URLFetcher):
        """Serves data: URLs and files under the package's own folders; refuses all else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=1)

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            scheme = urlparse(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        path.as_uri(), path.read_bytes(), {"Content-Type": kind}
                    )
            raise ValueError(f"Blocked by the casebook's fetcher: {url[:200]}")

    return _SafeFetcher
