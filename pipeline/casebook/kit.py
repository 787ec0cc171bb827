"""The workshop kit beside the book: cards.pdf and facilitator.pdf, each rendered in pieces.

In:  the library in the edition's language, the edition, the build's facts, the build's
     workers and cache folder, the code's fingerprint; for the pack, the book's anchors
     with their page numbers (only its front prints them).
Out: the two PDFs (each put together by a worker, beside the book), and the cases
     whose card runs over its page even set tightest.

Both documents are cut where the book's runs of cases are cut (`parts.runs`, about
every third cut) and each piece is cached by its HTML (`pieces`): an edit renders the
cards and the notes of its own piece, and the pack's front (the page numbers of the
cases) when the book's pages move.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.casebook.cache import PartCache
from pipeline.casebook.cards import TIGHTEST, cards_html
from pipeline.casebook.facilitator import pack_pieces
from pipeline.casebook.html import select_cases
from pipeline.casebook.layout import Layout
from pipeline.casebook.parts import runs
from pipeline.casebook.pieces import Pieces
from pipeline.casebook.workers import Workers
from pipeline.edition import BuildInfo, Edition
from pipeline.library import Library

# A piece holds the cases of about three of the book's runs (about 24 cases): fewer
# documents to start, and an edit still renders a tenth of the cards at 200 cases.
PIECE_SCALE = 3


class _Document:
    """A document of the kit: the edition's cases cut into pieces' runs, the pieces cached
    in `cache` (a folder), rendered by `runner`."""

    what = ""  # the document, for notices

    def __init__(
        self,
        library: Library,
        edition: Edition,
        info: BuildInfo,
        runner: Workers,
        cache: Path,
        salt: str,
    ) -> None:
        self.library, self.edition, self.info = library, edition, info
        self.runs = runs([c.id for c in select_cases(library, edition.workshop)], PIECE_SCALE)
        self.pieces = Pieces(PartCache(cache, self.what), salt, runner)


class Cards(_Document):
    """The cards, about three of the book's runs a piece; a card that runs over its page is
    set tighter (cards.css: .tight-1, .tight-2) and its piece laid out again."""

    what = "the cards"

    def _html(self, run: Sequence[str]) -> str:
        return cards_html(self.library, self.edition, self.info, self.tight, only=set(run))

    def start(self) -> None:
        """Queue every piece that is not in the cache, every card at its usual setting."""
        self.tight: dict[str, int] = {}
        self.over: list[list[str]] = []
        self.pieces.start([self._html(run) for run in self.runs])

    def tighten(self) -> bool:
        """Wait for the pieces queued; set tighter each card that runs over its page (up to
        TIGHTEST) and queue its piece again. Whether any piece was queued."""
        self.over = [
            _over(run, layout) for run, layout in zip(self.runs, self.pieces.wait(), strict=True)
        ]
        again = [
            i
            for i, ids in enumerate(self.over)
            if any(self.tight.get(c, 0) < TIGHTEST for c in ids)
        ]
        for i in again:
            for case_id in self.over[i]:
                self.tight[case_id] = min(self.tight.get(case_id, 0) + 1, TIGHTEST)
        if again:
            html = [self._html(run) if i in again else "" for i, run in enumerate(self.runs)]
            self.pieces.start(html, only=again)
        return bool(again)

    def write(self, target: Path, font_cache: Path | None) -> tuple[Any, tuple[str, ...]]:
        """Wait for the pieces (tightening cards that run over), then put them together at
        `target` in a worker: its `.get()`, and the ids of the cards that still run over."""
        while self.tighten():
            pass
        return self.pieces.write(target, font_cache), tuple(c for ids in self.over for c in ids)


def _over(run: Sequence[str], layout: Layout) -> list[str]:
    """The cases of `run` whose card takes more than one page of its piece."""
    starts = [layout.anchors.get(f"card-{case_id}", 0) for case_id in run]
    ends = [*starts[1:], layout.pages]
    return [case_id for case_id, a, b in zip(run, starts, ends, strict=True) if b - a > 1]


def write_cards(
    library: Library, edition: Edition, info: BuildInfo, target: Path
) -> tuple[str, ...]:
    """cards.pdf on its own, rendered in this process without a cache (for a script or a
    test); the ids of the cards that run over their page even set tightest."""
    with tempfile.TemporaryDirectory(prefix="cards-") as folder, Workers(1) as workers:
        cards = Cards(library, edition, info, workers, Path(folder), "")
        cards.start()
        written, over = cards.write(target, None)
        written.get()
    return over


class Pack(_Document):
    """The facilitator's pack: its front (with the book's page numbers), then its notes on
    each run of cases."""

    what = "the facilitator's pack"
    pages: dict[str, int] | None = None  # those the front was queued with

    def start(self, pages: Mapping[str, int]) -> None:
        """Queue the pieces not in the cache, the front with `pages` (anchor -> book page);
        again with other pages, only the front is queued (the notes print none)."""
        pieces = pack_pieces(self.library, self.edition, self.info, pages, self.runs)
        self.pieces.start(pieces, only=None if self.pages is None else [0])
        self.pages = dict(pages)

    def write(self, target: Path, font_cache: Path | None) -> Any:
        """Put the pack together at `target` in a worker; its `.get()` is the page count."""
        return self.pieces.write(target, font_cache)
