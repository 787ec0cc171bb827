"""Stage 5b: the casebook rendered in parts, each cached, then put together.

In:  the cases of the edition and a function that writes the HTML of one part
     (`render.casebook_html` with a `render.BookPart`).
Out: the casebook PDF (`assemble.assemble`) and its page count.

WeasyPrint lays out a book as one document and holds every page in memory, so
a 1,000-page casebook costs a gigabyte and any change re-renders all of it.
Here the book is cut into parts: the front matter, runs of about eight cases,
and the back matter. Each part is a document of its own, rendered in a worker
process (one per core) and cached under the hash of its HTML; an unchanged
part is never rendered again.

Page numbers still come from CSS. A part is told the page number of its first
page and the book's page count (for the folio "Page x of y"), and each anchor
of another part that it refers to (TOC, "see also", index) becomes an empty
placeholder page at its end whose page counter is set to that anchor's page in
the book, so `target-counter()` gives the right number. The numbers depend on
the length of every part, and the length of a part could in principle depend on
the numbers it prints; so the parts are laid out, the numbers computed, the
parts rendered with them, and their lengths checked again until nothing
changes (once, in practice). The lengths of the last build are remembered, so
an edit that does not change them renders its own part only.

Where parts start is content-defined: a case closes a run when a hash of its
id says so, as in content-defined chunking; adding or removing a case changes
only its own run, not every run after it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.casebook.html import BookPart

RUN_LENGTH = 8  # cases per part on average
MAX_RUN = 16  # and at most: bounds a worker's memory
MAX_ROUNDS = 5  # of laying out and numbering before giving up
_LAYOUT_FILE = "layout.json"
_HREF = re.compile(r'href="#([^"]+)"')
_ID = re.compile(r'\sid="([^"]+)"')
_PLACEHOLDER = re.compile(r'class="placeholder" id="([^"]+)"')


class PaginationError(Exception):
    """The page numbers did not settle (a part's length kept changing with its numbers)."""


@dataclasses.dataclass(frozen=True)
class Layout:
    """What the rest of the book needs to know of a rendered part.

    `pages`: its own pages (placeholders excluded); `anchors`: each id in it with
    the index (from 0) of the page it is on.
    """

    pages: int
    anchors: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"pages": self.pages, "anchors": self.anchors}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Layout:
        return cls(int(data["pages"]), {str(k): int(v) for k, v in data["anchors"].items()})


@dataclasses.dataclass(frozen=True)
class Part:
    """A part of the book before it is numbered: its kind and its cases, in order."""

    kind: str
    cases: tuple[str, ...] = ()

    @property
    def identity(self) -> str:
        """Names the part across builds: the same kind with the same cases."""
        return hashlib.sha256(f"{self.kind}\0{'/'.join(self.cases)}".encode()).hexdigest()[:20]


def plan(case_ids: Sequence[str]) -> list[Part]:
    """Cut the book into parts: front, runs of cases, back.

    A case ends a run when the first bytes of the SHA-256 of its id, read as a
    number, are divisible by RUN_LENGTH (so runs are RUN_LENGTH cases long on
    average), or when the run reaches MAX_RUN cases.
    """
    parts = [Part("front")]
    run: list[str] = []
    for case_id in case_ids:
        run.append(case_id)
        digest = int.from_bytes(hashlib.sha256(case_id.encode()).digest()[:4], "big")
        if digest % RUN_LENGTH == 0 or len(run) == MAX_RUN:
            parts.append(Part("cases", tuple(run)))
            run = []
    if run:
        parts.append(Part("cases", tuple(run)))
    parts.append(Part("back"))
    return parts


@dataclasses.dataclass(frozen=True)
class PageMap:
    """Where every part starts and every anchor is, in page numbers of the book (from 1).

    `blanks_before[i]` is the number of empty pages put before part i: in a
    two-sided book every part opens on a right-hand (odd) page.
    """

    starts: list[int]
    blanks_before: list[int]
    total: int
    anchors: dict[str, int]


def page_map(layouts: Sequence[Layout], *, duplex: bool) -> PageMap:
    """Number the parts one after another from their lengths."""
    starts: list[int] = []
    blanks: list[int] = []
    anchors: dict[str, int] = {}
    page = 1
    for layout in layouts:
        blank = 1 if duplex and page % 2 == 0 else 0
        page += blank
        starts.append(page)
        blanks.append(blank)
        for anchor, index in layout.anchors.items():
            anchors.setdefault(anchor, page + index)
        page += layout.pages
    return PageMap(starts, blanks, page - 1, anchors)


def _references(html: str) -> list[str]:
    """The anchors a part's HTML links to that it does not contain itself, in order."""
    own = set(_ID.findall(html))
    return list(dict.fromkeys(ref for ref in _HREF.findall(html) if ref not in own))


# ---------------------------------------------------------------- workers


def _render(html: str, target: str | None) -> dict[str, Any]:
    """Lay out a part (and write it to `target` as tagged PDF); its Layout as JSON.

    Placeholder pages are written too: WeasyPrint keeps a link only when its
    anchor is in the document. `assemble` leaves them out.
    """
    from pipeline.casebook import pdf

    document = pdf.layout(html)  # installs the pydyf speed-up in this process too
    placeholders = set(_PLACEHOLDER.findall(html))
    own = next(
        (i for i, page in enumerate(document.pages) if placeholders & page.anchors.keys()),
        len(document.pages),
    )
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages[:own]):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    if target is not None:
        pdf.write_pdf(document, target)
    return Layout(own, anchors).to_json()


def jobs() -> int:
    """How many parts to render at once: CASEBOOK_JOBS, else one per core."""
    value = os.environ.get("CASEBOOK_JOBS", "")
    return max(1, int(value)) if value.isdigit() else (os.cpu_count() or 1)


class _Runner:
    """Runs render jobs: in worker processes when there is more than one job and core.

    `progress`, if given, is told "<what> part k of n" as each part is done.
    """

    def __init__(self, jobs: int, progress: Callable[[str], None] | None = None) -> None:
        self.jobs = jobs
        self.pool: Any = None
        self.progress = progress or (lambda _message: None)

    def run(self, tasks: list[tuple[str, str | None]]) -> list[dict[str, Any]]:
        what = (
            "Laying out the casebook:"
            if tasks and tasks[0][1] is None
            else "Rendering the casebook:"
        )
        done = 0

        def tell(_result: object = None) -> None:
            nonlocal done
            done += 1
            self.progress(f"{what} part {done} of {len(tasks)} done")

        if len(tasks) <= 1 or self.jobs <= 1:
            results = []
            for html, target in tasks:
                results.append(_render(html, target))
                tell()
            return results
        if self.pool is None:
            # spawn, not fork: the parent may hold threads (the progress display).
            context = multiprocessing.get_context("spawn")
            self.pool = context.Pool(self.jobs)
        # Longest first, so that no core waits on one long part at the end.
        order = sorted(range(len(tasks)), key=lambda i: -len(tasks[i][0]))
        pending = {i: self.pool.apply_async(_render, tasks[i], callback=tell) for i in order}
        return [pending[i].get() for i in range(len(tasks))]

    def close(self, *, failed: bool) -> None:
        if self.pool is not None:
            if failed:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()
            self.pool = None


# ---------------------------------------------------------------- the cache


class PartCache:
    """Rendered parts in a folder: <hash of HTML>.pdf and .json (its Layout).

    Also remembers each part's last Layout by identity (`layout.json`), the
    first guess of its length in the next build. Entries are written to a
    temporary name and renamed, so a killed build leaves no half-written one.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        try:
            data = json.loads((folder / _LAYOUT_FILE).read_text("utf-8"))
            self.remembered = {k: Layout.from_json(v) for k, v in data.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.remembered = {}

    def pdf(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def layout(self, key: str) -> Layout | None:
        try:
            if not self.pdf(key).is_file():
                return None
            return Layout.from_json(json.loads((self.folder / f"{key}.json").read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def store_layout(self, key: str, layout: Layout) -> None:
        _write_atomic(self.folder / f"{key}.json", json.dumps(layout.to_json()).encode())

    def keep_only(self, keys: set[str], layouts: dict[str, Layout]) -> None:
        """Forget every entry but `keys`; remember `layouts` (identity -> Layout)."""
        for path in self.folder.iterdir():
            if path.name.split(".")[0] not in keys and path.name != _LAYOUT_FILE:
                path.unlink(missing_ok=True)
        data = {k: v.to_json() for k, v in sorted(layouts.items())}
        _write_atomic(self.folder / _LAYOUT_FILE, json.dumps(data).encode())


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


# ---------------------------------------------------------------- the book


@dataclasses.dataclass
class Rendered:
    """The result of `render_book`: parts in order, with what was rendered this time."""

    pdfs: list[Path]
    layouts: list[Layout]
    page_map: PageMap
    rendered: int  # parts rendered in this build (not taken from the cache)
    rounds: int


def render_book(
    case_ids: Sequence[str],
    make_html: Callable[[BookPart], str],
    cache: PartCache,
    *,
    duplex: bool,
    salt: str,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Rendered:
    """Render every part of the book that is not in `cache`, with settled page numbers.

    `make_html` writes a part's HTML; `salt` is hashed with it into the cache
    key and must change whenever anything else that shapes the PDF does (CSS,
    fonts, code, library versions). `workers`: processes at once (default `jobs()`);
    `progress` is told as each part is done.
    """
    parts = plan(case_ids)
    runner = _Runner(workers or jobs(), progress)
    rendered = 0
    failed = True
    try:
        # First guesses: the layout each part had last time; parts never seen are laid
        # out (not written) with provisional numbers.
        guess: list[Layout | None] = [cache.remembered.get(p.identity) for p in parts]
        unknown = [i for i, g in enumerate(guess) if g is None]
        if unknown:
            provisional = [g or Layout(1, {}) for g in guess]
            numbers = page_map(provisional, duplex=duplex)
            # Numbers of about the right width for anchors not known yet: a case is
            # about five pages.
            width = 5 * len(case_ids) + 10
            htmls = [_part_html(parts[i], i, numbers, make_html, width) for i in unknown]
            for i, result in zip(unknown, runner.run([(h, None) for h in htmls]), strict=True):
                guess[i] = Layout.from_json(result)
        layouts = [g for g in guess if g is not None]
        for round_ in range(1, MAX_ROUNDS + 1):
            numbers = page_map(layouts, duplex=duplex)
            htmls = [_part_html(p, i, numbers, make_html) for i, p in enumerate(parts)]
            keys = [hashlib.sha256(f"{salt}\0{h}".encode()).hexdigest()[:32] for h in htmls]
            found = [cache.layout(k) for k in keys]
            todo = [i for i, f in enumerate(found) if f is None]
            results = runner.run([(htmls[i], str(cache.pdf(keys[i])) + ".part") for i in todo])
            for i, result in zip(todo, results, strict=True):
                layout = Layout.from_json(result)
                os.replace(str(cache.pdf(keys[i])) + ".part", cache.pdf(keys[i]))
                cache.store_layout(keys[i], layout)
                found[i] = layout
            rendered += len(todo)
            actual = [f for f in found if f is not None]
            if actual == layouts:
                failed = False
                cache.keep_only(
                    set(keys), {p.identity: lay for p, lay in zip(parts, actual, strict=True)}
                )
                return Rendered([cache.pdf(k) for k in keys], actual, numbers, rendered, round_)
            layouts = actual
        raise PaginationError(
            f"the page numbers did not settle after {MAX_ROUNDS} rounds of layout"
        )
    finally:
        runner.close(failed=failed)


def _part_html(
    part: Part,
    index: int,
    numbers: PageMap,
    make_html: Callable[[BookPart], str],
    unknown: int | None = None,
) -> str:
    """The HTML of `part`, numbered by `numbers`, with placeholders for what it refers to.

    References to anchors that `numbers` does not know are left out, or, with
    `unknown`, given that page number (a first layout, before all are known).
    """
    spec = BookPart(
        kind=part.kind,
        cases=frozenset(part.cases),
        start=numbers.starts[index],
        total=numbers.total,
    )
    html = make_html(spec)
    placeholders = tuple(
        (anchor, numbers.anchors.get(anchor, unknown or 0))
        for anchor in _references(html)
        if anchor in numbers.anchors or unknown is not None
    )
    if not placeholders:
        return html
    return make_html(dataclasses.replace(spec, placeholders=placeholders))
