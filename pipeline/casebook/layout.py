"""What the rest of the book needs to know of a rendered part: its length and its anchors."""

from __future__ import annotations

import dataclasses
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
