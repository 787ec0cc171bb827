"""Checking many files on both cores.

In:  a function of one path and the paths. Out: its results, in the order of the paths.

A pull request's check of a large library is mostly per-file work (parsing, the models,
the sections); from `PARALLEL_FROM` files on it is split between forked processes, one
per core, which inherit the loaded modules, so that 1,000 cases are checked in under
two seconds (docs/performance.md). Fewer files, one core, other threads running, or no
`fork` (macOS, Windows spawn a fresh interpreter, which costs more than it saves
here): one process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

PARALLEL_FROM = 150  # below this, starting a process costs more than it saves


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_files(
    work: Callable[[Path], T], paths: Sequence[Path], meanwhile: Callable[[], object] = lambda: None
) -> list[T]:
    """`work` applied to every path, in order; in forked processes for many files.
    `meanwhile` is called once in this process, while the others work."""
    jobs = min(cores(), max(1, len(paths) // (PARALLEL_FROM // 2)))
    # Forking a process that runs other threads (a build's progress display) can copy a
    # lock another thread holds: then one process.
    alone = threading.active_count() == 1
    if jobs < 2 or not alone or "fork" not in multiprocessing.get_all_start_methods():
        meanwhile()
        return [work(path) for path in paths]
    # Contiguous chunks, one per process: results come back in the paths' order.
    size = -(-len(paths) // jobs)
    chunks = [list(paths[i : i + size]) for i in range(0, len(paths), size)]
    with multiprocessing.get_context("fork").Pool(len(chunks)) as pool:
        pending = pool.map_async(_Apply(work), chunks)
        meanwhile()
        parts = pending.get()
    return [item for part in parts for item in part]


class _Apply(Generic[T]):
    """`work` over a chunk of paths (a class, so that the pool can pickle it)."""

    def __init__(self, work: Callable[[Path], T]) -> None:
        self.work = work

    def __call__(self, chunk: list[Path]) -> list[T]:
        return [self.work(path) for path in chunk]
