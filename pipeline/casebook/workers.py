"""Worker processes that render the casebook's parts (and other documents of a build).

In:  render jobs (a part's HTML, where to write its PDF, its placeholder anchors), or
     any picklable function and arguments (`Workers.submit`).
Out: each part's Layout as JSON, in the order of the jobs; or the function's result.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pipeline.casebook.layout import Layout


def _render(html: str, target: str | None, placeholders: Sequence[str] = ()) -> dict[str, Any]:
    """Lay out a part (and write it to `target` as tagged PDF); its Layout as JSON.

    `placeholders` are the anchors of the part's placeholder pages, which follow
    its own pages; they are written too, since WeasyPrint keeps a link only when
    its anchor is in the document. `assemble` leaves them out. The part's own
    pages end where the first placeholder anchor is, as WeasyPrint laid it out.
    """
    from pipeline.casebook import pdf

    document = pdf.layout(html)  # installs the pydyf speed-up in this process too
    wanted = set(placeholders)
    own = next(
        (i for i, page in enumerate(document.pages) if wanted & page.anchors.keys()),
        len(document.pages),
    )
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages[:own]):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    folios = pdf.take_folios(document)[:own]  # printed by `assemble`, with the book's numbers
    if target is not None:
        pdf.write_pdf(document, target, deferred_fonts=True)
    return Layout(own, anchors, tuple(folios)).to_json()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, which gives the heap's free pages back to the system (None
    elsewhere)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _released(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` in a worker; then its garbage collected (WeasyPrint's boxes hold
    cycles) and the freed memory given back: a worker renders documents of every size in
    turn, and what the largest left behind would stay resident for the rest of the build."""
    try:
        return function(*args)
    finally:
        gc.collect()
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


def jobs() -> int:
    """How many parts to render at once: CASEBOOK_JOBS, else one per core."""
    value = os.environ.get("CASEBOOK_JOBS", "")
    return max(1, int(value)) if value.isdigit() else (os.cpu_count() or 1)


# A render job: the part's HTML, where to write its PDF (None: lay out only), and
# the anchors of its placeholder pages.
Task = tuple[str, str | None, tuple[str, ...]]


class _Done:
    """The result of a job run at once (one core): what `Pool.apply_async` would give."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


def _warm() -> None:
    """Each worker's first act: import WeasyPrint (about a second), so that it is ready
    when the first part's HTML arrives instead of starting on it then."""
    import weasyprint  # noqa: F401

    from pipeline.casebook import pdf  # noqa: F401


class Workers:
    """Runs render jobs: in worker processes when there is more than one job and core.

    `progress`, if given, is told "<what> part k of n" as each part is done. Used as
    a context manager, the processes are started on entering (they import WeasyPrint
    while the caller writes the first HTML), stay for other work of the same build
    (`submit`), and are stopped at once if the block fails.
    """

    pool: Any

    def __enter__(self) -> Workers:
        if self.jobs > 1:
            self._pool()
        return self

    def __exit__(self, kind: object, *_rest: object) -> None:
        self.close(failed=kind is not None)

    def submit(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run `function(*args)` in a worker (at once, here, with one core); its `.get()`."""
        if self.jobs <= 1:
            return _Done(function(*args))
        return self._apply(function, args)

    def render(self, task: Task) -> Any:
        """Start one render job (as `run` does) without waiting: its `.get()` is its Layout
        (JSON)."""
        return self.submit(_render, *task)

    def _apply(
        self,
        function: Callable[..., Any],
        args: Sequence[Any],
        tell: Callable[..., Any] | None = None,
    ) -> Any:
        """Give `function(*args)` to the processes (`tell` is called with its result)."""
        self.used = True
        return self._pool().apply_async(_released, (function, *args), callback=tell)

    def _pool(self) -> Any:
        if self.pool is None:
            # spawn, not fork: the parent may hold threads (the progress display).
            context = multiprocessing.get_context("spawn")
            self.pool = context.Pool(self.jobs, initializer=_warm)
        return self.pool

    def __init__(self, jobs: int, progress: Callable[[str], None] | None = None) -> None:
        self.jobs = jobs
        self.pool: Any = None
        self.used = False  # whether any job was given to the processes
        self.progress = progress or (lambda _message: None)

    def run(
        self, tasks: Iterable[Task], then: Callable[[], object] | None = None
    ) -> list[dict[str, Any]]:
        """The Layout (JSON) of each task, in order. The tasks are started as `tasks`
        yields them, so that the first parts render while the later ones are still being
        written (the caller orders them: longest first). `then` is called once the tasks
        are under way (other work for the workers while they render)."""
        started = 0
        done = 0

        def tell(_result: object = None) -> None:
            nonlocal done
            done += 1
            self.progress(f"Rendering the casebook: part {done} of {started} done")

        if self.jobs <= 1:
            results = []
            for html, target, placeholders in tasks:
                started += 1
                results.append(_render(html, target, placeholders))
                tell()
            if then is not None:  # behind the tasks, as in the workers
                then()
            return results
        pending = []
        for task in tasks:
            started += 1
            pending.append(self._apply(_render, task, tell))
        if then is not None:
            then()
        return [result.get() for result in pending]

    def close(self, *, failed: bool) -> None:
        if self.pool is not None:
            if failed or not self.used:  # nothing to wait for but their imports
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()
            self.pool = None
