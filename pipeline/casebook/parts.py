"""Stage 5b: the casebook rendered in parts, each cached, then put together.

In:  the cases of the edition and a function that writes the HTML of one part
     (`html.casebook_document` with a `html.BookPart`: the HTML with the links
     and anchors its templates made).
Out: the parts' PDFs, their layouts and page numbers, for `assemble.assemble`.

WeasyPrint lays out a book as one document and holds every page in memory, and
cannot re-render part of one. Here the book is cut into parts: the front matter, the
overview (matrix and charts), the chapter across the cases (the "guide", in three parts
of a large library), runs of about eight cases, and the back matter, each a document of
its own, rendered in a worker process (one per core) and cached under its HTML's hash.

A run of cases prints no page number: its folios are printed onto its pages when
the book is put together (`stamp`), and a chapter refers to another by case number;
so does the guide, which grows with the library (a sixth of the book at 200 cases).
So their HTML, and their PDFs, do not depend on where they land in the book: a cold
build renders each once, and an edit renders its own run again (and the guide if it
quotes what changed), whatever it does to the page count. The front matter
(contents) and back matter (index) print page numbers of other parts, as text, with
the numbers they are told; the anchors of other parts a part links to are held by an
empty placeholder page at its end (WeasyPrint keeps a link only when its target is in
the document), which the book leaves out. They are rendered after the runs, with the
numbers of the runs' lengths, and again only if their own length changed the numbers
(rarely). Where runs start is content-defined: a case closes a
run when a hash of its id says so, so adding a case changes its own run only.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pipeline.casebook.cache import PartCache
from pipeline.casebook.cache import entry_key as _key
from pipeline.casebook.html import BookPart, PartHTML
from pipeline.casebook.layout import Layout, PageMap, page_map
from pipeline.casebook.workers import Task, Workers, jobs
from pipeline.typography import mentioned

# The parts that print no page number of another part: rendered once, wherever they land.
INDEPENDENT = frozenset({"overview", "guide", "cases"})
RUN_LENGTH = 8  # cases per part on average
MAX_RUN = 16  # and at most: bounds a worker's memory
# From this many cases the guide is rendered in GUIDE_PIECES parts of its questions (each
# opening a page): it grows with the library, and one document of it was the largest
# render (785 MiB in its worker at 500 cases).
GUIDE_SPLIT, GUIDE_PIECES = 60, 3
MAX_ROUNDS = 5  # of laying out and numbering before giving up


class PaginationError(Exception):
    """The page numbers did not settle (a part's length kept changing with its numbers)."""


@dataclasses.dataclass(frozen=True)
class Part:
    """A part of the book before it is numbered: its kind and its cases, in order."""

    kind: str
    cases: tuple[str, ...] = ()
    piece: tuple[int, int] = (0, 1)  # the guide: which of how many parts of its questions

    @property
    def identity(self) -> str:
        """Names the part across builds: the same kind with the same cases (and piece)."""
        name = f"{self.kind}\0{'/'.join(self.cases)}\0{self.piece}"
        return hashlib.sha256(name.encode()).hexdigest()[:20]


def plan(case_ids: Sequence[str]) -> list[Part]:
    """Cut the book into parts: front, overview, guide (across the cases), runs of cases,
    back.

    A case ends a run when the first bytes of the SHA-256 of its id, read as a
    number, are divisible by RUN_LENGTH (so runs are RUN_LENGTH cases long on
    average), or when the run reaches MAX_RUN cases.
    """
    pieces = GUIDE_PIECES if len(case_ids) >= GUIDE_SPLIT else 1
    return [
        Part("front"),
        Part("overview"),
        *(Part("guide", piece=(i, pieces)) for i in range(pieces)),
        *(Part("cases", run) for run in runs(case_ids)),
        Part("back"),
    ]


def runs(case_ids: Sequence[str], scale: int = 1) -> list[tuple[str, ...]]:
    """The case ids cut into runs as `plan` cuts them: a run ends at a case whose id's
    hash is divisible by RUN_LENGTH * `scale`, or at MAX_RUN * `scale` cases. With a
    larger `scale` the runs are longer, and most end where one of the book's runs ends
    (the cards and the pack's notes are rendered in runs three times as long: a document
    of WeasyPrint's costs a tenth of a second before its first page)."""
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for case_id in case_ids:
        run.append(case_id)
        digest = int.from_bytes(hashlib.sha256(case_id.encode()).digest()[:4], "big")
        if digest % (RUN_LENGTH * scale) == 0 or len(run) == MAX_RUN * scale:
            out.append(tuple(run))
            run = []
    if run:
        out.append(tuple(run))
    return out


# ---------------------------------------------------------------- the book


@dataclasses.dataclass
class Rendered:
    """The result of `render_book`: parts in order, with what was rendered this time."""

    pdfs: list[Path]
    layouts: list[Layout]
    page_map: PageMap
    rendered: int  # parts rendered in this build (not taken from the cache)
    rounds: int
    notices: tuple[str, ...] = ()  # cache entries that failed their check and were rendered again
    continues: tuple[bool, ...] = ()  # whether each part goes on with the one before (`assemble`)


def render_book(
    case_ids: Sequence[str],
    make_html: Callable[[BookPart], PartHTML],
    cache: PartCache,
    *,
    duplex: bool,
    salt: str,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
    runner: Workers | None = None,
    numbered: Callable[[PageMap], None] | None = None,
    started: Callable[[], object] | None = None,
    queued: Callable[[], object] | None = None,
    first: frozenset[str] = frozenset(),
) -> Rendered:
    """Render every part of the book that is not in `cache`, with settled page numbers.

    `make_html` writes a part's HTML; `salt` is hashed with it into the cache
    key and must change whenever anything else that shapes the PDF does (CSS,
    fonts, code, library versions). `workers`: processes at once (default `jobs()`), or
    `runner`, workers of the caller's, left running; `numbered` is told the page
    numbers of the first round as soon as the front and back matter are being rendered
    with them (to start work that needs them: they are final unless that round changes
    a length, see `Rendered.page_map`); `started` is called once to queue work that
    needs no page number: in a cold build as soon as the first part is under way (beside
    them), after an edit once the changed runs are (behind them); `queued` once all of a
    cold build's first batch are (to queue work behind them);
    `progress` is told as each part is done. The runs of the cases `first` (those edited
    since the last build) are written and started first: they are the likely changes.
    """
    parts = plan(case_ids)
    own = runner is None
    runner = runner or Workers(workers or jobs(), progress)
    rendered: set[int] = set()  # parts rendered (a part rendered in two rounds counts once)
    failed = True
    try:
        # First guesses: the layout each part had last time; parts never seen are laid
        # out (not written) with provisional numbers.
        guess: list[Layout | None] = [cache.remembered.get(p.identity) for p in parts]
        unknown = [i for i, g in enumerate(guess) if g is None]
        if unknown:
            # Runs of cases do not depend on the numbers: rendered (and cached) now, for
            # good. The front and back matter are laid out (not written) with provisional
            # numbers of about the right width (a case is about five pages).
            provisional = page_map([g or Layout(1, {}) for g in guess], duplex=duplex)
            batch = _Batch(cache, salt, parts, make_html, provisional, 5 * len(case_ids) + 10)
            order = sorted(unknown, key=lambda i: _cold_order(parts[i]))
            for i, layout in batch.render(runner, order, started, queued).items():
                guess[i] = layout
            rendered.update(i for i in batch.missing if parts[i].kind in INDEPENDENT)
            started = queued = None
        layouts = [g for g in guess if g is not None]
        independent = sorted(
            (i for i, p in enumerate(parts) if p.kind in INDEPENDENT),
            key=lambda i: not first.intersection(parts[i].cases),
        )
        numbered_parts = [i for i, p in enumerate(parts) if p.kind not in INDEPENDENT]
        for round_ in range(1, MAX_ROUNDS + 1):
            # Runs of cases first: they do not depend on the numbers, and the front and
            # back matter are then rendered with the numbers of their new lengths.
            runs = _Batch(cache, salt, parts, make_html, page_map(layouts, duplex=duplex))
            # After an edit, the runs and the overview that changed go before the kit's
            # pieces: the front and back matter wait for them, the cards for nothing (a
            # card set tighter is queued when the cards are put together).
            for i, layout in runs.render(runner, independent, then=started).items():
                layouts[i] = layout
            numbers = page_map(layouts, duplex=duplex)
            notes = notes_needed(layouts[-1], numbers, duplex=duplex)
            ends = _Batch(cache, salt, parts, make_html, numbers, notes=notes)
            tell = functools.partial(numbered, numbers) if numbered and round_ == 1 else None
            ends.render(runner, numbered_parts, then=tell)
            rendered.update(runs.missing + ends.missing)
            started = queued = None
            found = {**runs.found, **ends.found}
            actual = [found[i] for i in range(len(parts))]
            if actual == layouts:
                failed = False
                written = {**runs.written, **ends.written}
                keys = [_key(salt, written[i][0]) for i in range(len(parts))]
                cache.keep_only(
                    set(keys), {p.identity: lay for p, lay in zip(parts, actual, strict=True)}
                )
                pdfs = [cache.pdf(k) for k in keys]
                follows = tuple(p.piece[0] > 0 for p in parts)
                return Rendered(
                    pdfs, actual, numbers, len(rendered), round_, tuple(cache.notices), follows
                )
            layouts = actual
        raise PaginationError(
            f"the page numbers did not settle after {MAX_ROUNDS} rounds of layout"
        )
    finally:
        if own:
            runner.close(failed=failed)
        if failed:
            cache.discard_unfinished()


def _cold_order(part: Part) -> tuple[int, int]:
    """The order in which a cold build starts the parts: the longest first, as far as is
    known before they are written (a pool's cores then end together): the guide, which
    grows with the library, the runs by their number of cases, then the short parts, the
    front and back matter last (laid out only, for their lengths)."""
    rank = {"guide": 0, "cases": 1, "overview": 2, "back": 3, "front": 4}[part.kind]
    return rank, -len(part.cases)


class _Batch:
    """Parts written one by one (`_part_html` with `numbers`, `unknown`, `notes`) and
    looked up in the cache; the render job of each part that is not there starts as soon
    as it is written, so the workers render the first while the later ones are written.

    A front or back matter written with `unknown` numbers (a first layout) is laid out
    only, not written or cached.
    """

    def __init__(
        self,
        cache: PartCache,
        salt: str,
        parts: Sequence[Part],
        make_html: Callable[[BookPart], PartHTML],
        numbers: PageMap,
        unknown: int | None = None,
        *,
        notes: int = 0,
    ) -> None:
        self.cache, self.salt, self.parts, self.make_html = cache, salt, parts, make_html
        self.numbers, self.unknown, self.notes = numbers, unknown, notes
        # Each part's HTML, the anchors on its placeholder page, and how many pages that is.
        self.written: dict[int, tuple[str, tuple[str, ...], int]] = {}
        self.found: dict[int, Layout] = {}  # each part's layout, cached or rendered
        self.missing: list[int] = []  # the parts rendered, in the order they were started

    def _cached(self, index: int) -> bool:
        return self.unknown is None or self.parts[index].kind in INDEPENDENT

    def _target(self, index: int) -> str | None:
        html = self.written[index][0]
        return str(self.cache.pdf(_key(self.salt, html))) + ".part" if self._cached(index) else None

    def jobs(self, indices: Sequence[int]) -> Iterator[Task]:
        """Write the parts at `indices`; the job of each one not in the cache, as made."""
        for i in indices:
            part = self.parts[i]
            html, names, pages = self.written[i] = _part_html(
                part, i, self.numbers, self.make_html, self.unknown, self.notes
            )
            if self._cached(i):
                layout = self.cache.layout(_key(self.salt, html), pages)
                if layout is not None:
                    self.found[i] = layout
                    continue
            self.missing.append(i)
            yield html, self._target(i), names

    def render(
        self,
        runner: Workers,
        indices: Sequence[int],
        first: Callable[[], object] | None = None,
        then: Callable[[], object] | None = None,
    ) -> dict[int, Layout]:
        """Every part's layout, found in the cache or rendered (and then cached); the parts
        are started in the order of `indices` as they are written. `first` is called once the
        first is under way (or at the end, if none is rendered), `then` once all are."""
        results = runner.run(_after_first(self.jobs(indices), first), then=then)
        for i, result in zip(self.missing, results, strict=True):
            layout = self.found[i] = Layout.from_json(result)
            target = self._target(i)
            if target is not None:
                self.cache.store(
                    _key(self.salt, self.written[i][0]),
                    Path(target),
                    layout,
                    self.written[i][2],
                )
        return self.found


def _after_first(tasks: Iterator[Task], hook: Callable[[], object] | None) -> Iterator[Task]:
    """`tasks`, and `hook()` called as soon as the first is taken (or when none is)."""
    for task in tasks:
        yield task
        if hook is not None:
            hook()
            hook = None
    if hook is not None:
        hook()


NOTES_ANCHOR = "notes-"  # the anchors of the back matter's notes pages: notes-1, notes-2, …
BOOKLET = 4  # a two-sided book's page count is a multiple of this, for booklet printing


def notes_needed(back: Layout, numbers: PageMap, *, duplex: bool) -> int:
    """How many notes pages the back matter must end with for the book's page count to be
    a multiple of `BOOKLET` (two-sided books only). `back` is the back matter's last
    layout, which holds the notes pages it was rendered with (anchors `NOTES_ANCHOR`n)."""
    if not duplex:
        return 0
    existing = sum(1 for anchor in back.anchors if anchor.startswith(NOTES_ANCHOR))
    return (-(numbers.total - existing)) % BOOKLET


def _part_html(
    part: Part,
    index: int,
    numbers: PageMap,
    make_html: Callable[[BookPart], PartHTML],
    unknown: int | None = None,
    notes: int = 0,
) -> tuple[str, tuple[str, ...], int]:
    """The HTML of `part`, numbered by `numbers`, with placeholders for what it refers to;
    the anchors of those placeholders, and the number of their pages.

    References to anchors that `numbers` does not know are left out, or, with
    `unknown`, given that page number (a first layout, before all are known). A run of
    cases prints no page number of another part (chapters refer to each other by case
    number) and its folios are printed when the book is put together, so its HTML does
    not depend on `numbers`: it is told it starts on page 1, and that every anchor of
    another part is on page 1 (it prints none of them).
    """
    independent = part.kind in INDEPENDENT

    def page_of(anchor: str) -> int | None:
        return 1 if independent else numbers.anchors.get(anchor, unknown)

    made = make_html(
        BookPart(
            kind=part.kind,
            cases=frozenset(part.cases),
            start=1 if independent else numbers.starts[index],
            total=0 if independent else numbers.total,
            notes=notes if part.kind == "back" else 0,
            piece=part.piece,
            # The back matter's index prints the page of every mention of an organisation.
            pages=tuple(sorted((a, p) for a, p in numbers.anchors.items() if mentioned(a)))
            if part.kind == "back"
            else (),
            # Placeholders for the anchors of other parts its templates link to: known
            # from what the templates made (`PartHTML`), never found in the HTML, since
            # contributor text in it can spell any attribute.
            page_of=page_of,
        )
    )
    return made.html, made.placeholders, made.placeholder_pages
