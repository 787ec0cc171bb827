"""What the rest of the book needs to know of a rendered part (its length and its anchors),
and the page numbers of the book made from them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any


@dataclasses.dataclass(frozen=True)
class Layout:
    """What the rest of the book needs to know of a rendered part.

    `pages`: its own pages (placeholders excluded); `anchors`: each id in it with
    the index (from 0) of the page it is on; `folios`: for each own page, where its
    folio goes (`pdf.Folio`, printed when the book is put together) or None.
    """

    pages: int
    anchors: dict[str, int]
    folios: tuple[tuple[Any, ...] | None, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"pages": self.pages, "anchors": self.anchors, "folios": list(self.folios)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Layout:
        folios = tuple(None if f is None else tuple(f) for f in data.get("folios", ()))
        return cls(int(data["pages"]), {str(k): int(v) for k, v in data["anchors"].items()}, folios)


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
