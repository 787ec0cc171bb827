"""Documents of the workshop kit rendered in pieces, each cached, then put together.

In:  the HTML of each piece (each a whole document with the same head: the cards of a
     run of cases, the pack's front or its notes on a run), a `PartCache`, the code's
     fingerprint and the build's workers.
Out: each piece's `Layout` (`wait`), and the document written from the pieces (`write`):
     one subset per font face, one structure tree, folios printed with its page numbers.

The cards and the facilitator's pack print every case, and were rendered whole: an edit
of one case that changed what either prints rendered all of it again (400 pages at
200 cases). In pieces cut where the casebook's runs of cases are cut
(`parts.runs`), an edit renders the piece of its own case. A piece prints no page
number (its folios are taken off and printed when the pieces are put together,
`assemble`), so it does not depend on the length of the pieces before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.casebook.assemble import assemble
from pipeline.casebook.cache import PartCache, entry_key
from pipeline.casebook.layout import Layout
from pipeline.casebook.workers import Workers


class Pieces:
    """The pieces of one document, rendered by `runner` or taken from `cache`.

    `start` queues the pieces that are not in the cache (and may be called again for a
    piece whose HTML changed, e.g. a card set tighter); `wait` gives every piece's Layout;
    `write` puts the document together. Only the entries of the last pieces are kept.
    """

    def __init__(self, cache: PartCache, salt: str, runner: Workers) -> None:
        self.cache, self.salt, self.runner = cache, salt, runner
        self.keys: list[str] = []
        self.layouts: list[Layout | None] = []
        self.rendered = 0  # pieces rendered in this build (not taken from the cache)
        self._pending: dict[int, Any] = {}

    def start(self, pieces: Sequence[str], only: Sequence[int] | None = None) -> None:
        """Queue `pieces` (all of them, or those at the indexes `only`, which replace the
        pieces at the same places)."""
        if only is not None:
            self.wait()  # a piece queued before is stored before one replaces it
        else:
            self.keys = [""] * len(pieces)
            self.layouts = [None] * len(pieces)
        for index in range(len(pieces)) if only is None else only:
            html = pieces[index]
            key = self.keys[index] = entry_key(self.salt, html)
            self.layouts[index] = self.cache.layout(key, 0)
            if self.layouts[index] is None:
                target = str(self.cache.pdf(key)) + ".part"
                self._pending[index] = (target, self.runner.render((html, target, ())))

    def wait(self) -> list[Layout]:
        """Every piece's Layout, once those queued are rendered (and stored in the cache)."""
        try:
            for index, (target, result) in sorted(self._pending.items()):
                layout = self.layouts[index] = Layout.from_json(result.get())
                self.cache.store(self.keys[index], Path(target), layout, 0)
                self.rendered += 1
        except BaseException:
            self.cache.discard_unfinished()
            raise
        finally:
            self._pending.clear()
        return [layout for layout in self.layouts if layout is not None]

    def parts(self) -> list[tuple[Path, int, int, tuple[Any, ...]]]:
        """What `assemble.assemble` puts together: each piece's PDF, pages and folios."""
        layouts = self.wait()
        self.cache.keep_only(set(self.keys), {})
        return [
            (self.cache.pdf(key), layout.pages, 0, layout.folios)
            for key, layout in zip(self.keys, layouts, strict=True)
        ]

    def write(self, target: Path, font_cache: Path | None) -> Any:
        """Put the document together at `target` in a worker; its `.get()` is the page
        count (the pieces are waited for first)."""
        return self.runner.submit(assemble, self.parts(), target, font_cache)
